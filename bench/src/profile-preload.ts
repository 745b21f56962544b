// Preloaded with `node --require` (through NODE_OPTIONS, which does not allow --cpu-prof): profiles the
// whole life of a service and writes BENCH_PROFILE_FILE, a .cpuprofile for Chrome DevTools or
// `node bench/dist/profile-summary.js`, when it exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  // An in-process inspector session answers synchronously, so this completes before the exit.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
