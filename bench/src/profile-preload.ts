// Preloaded with `node --require` (through NODE_OPTIONS, which does not allow --cpu-prof): profiles a
// service and writes BENCH_PROFILE_FILE, a .cpuprofile for Chrome DevTools or
// `node bench/dist/profile-summary.js`. It profiles the whole life of the service, or, with
// BENCH_PROFILE_ON_SIGNAL set, from one SIGUSR2 to the next (the bench's measured window of one run).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  let profiling = false;
  const start = () => {
    profiling = true;
    session.post('Profiler.start');
  };
  // An in-process inspector session answers synchronously, so this completes before an exit.
  const stop = () => {
    if (!profiling) return;
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  };
  if (process.env.BENCH_PROFILE_ON_SIGNAL) process.on('SIGUSR2', () => (profiling ? stop() : start()));
  else start();
  process.on('exit', stop);
}
