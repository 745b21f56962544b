// `node bench/dist/profile-summary.js <file.cpuprofile> [top]`: where a profiled service spent its CPU,
// by function and by package (self time), so that a shortfall can be explained without DevTools.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time (ms) per function and per package of a .cpuprofile. */
export function summarizeProfile(profile: CpuProfile): {
  totalMs: number;
  idleMs: number;
  functions: Array<[string, number]>;
  packages: Array<[string, number]>;
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let idleMs = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    if (functionName === '(idle)') idleMs += ms;
    const where = url.replace(/^file:\/\//, '');
    const name = `${functionName || '(anonymous)'} ${where ? `${shorten(where)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOf(where, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    idleMs,
    functions: sorted(functions),
    packages: sorted(packages),
  };
}

function shorten(file: string): string {
  const at = file.lastIndexOf('node_modules/');
  if (at >= 0) return file.slice(at + 'node_modules/'.length);
  const repo = file.indexOf('/services/') >= 0 ? file.indexOf('/services/') : file.indexOf('/packages/');
  return repo >= 0 ? file.slice(repo + 1) : file;
}

function packageOf(file: string, functionName: string): string {
  if (!file) return functionName.startsWith('(') ? functionName : '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
    file.slice(file.lastIndexOf('node_modules/') >= 0 ? file.lastIndexOf('node_modules/') : 0),
  );
  if (match && file.includes('node_modules/')) return match[1];
  if (file.startsWith('node:')) return 'node (core)';
  const ours = /\/(services|packages|gateway)\/([^/]+)/.exec(file);
  return ours ? `${ours[1]}/${ours[2]}` : file;
}

/**
 * The report's section for the services profiled in this run (BENCH_PROFILE): per service, its busy
 * time and the functions and packages that took most of it (self time).
 */
export function profileSection(dir: string, services: string[], run?: string, top = 12): string {
  const what = run ? `the ${run} run's measured window (BENCH_PROFILE_RUN)` : 'the whole run';
  const parts = ['## Profiles', `CPU profiles of ${what} (BENCH_PROFILE), in \`${dir}\`; self time, busy time only.`];
  for (const service of services) {
    const file = path.join(dir, `${service}.cpuprofile`);
    if (!existsSync(file)) {
      parts.push(`### ${service}\nno profile was written`);
      continue;
    }
    const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    const busy = summary.totalMs - summary.idleMs;
    const rows = (entries: Array<[string, number]>) =>
      entries
        .filter(([name]) => !name.startsWith('(idle)'))
        .slice(0, top)
        .map(
          ([name, ms]) => `| ${name.replace(/\|/g, '\\|')} | ${ms.toFixed(0)} | ${((ms / busy) * 100).toFixed(1)}% |`,
        )
        .join('\n');
    parts.push(
      `### ${service}: ${(busy / 1000).toFixed(1)} s busy of ${(summary.totalMs / 1000).toFixed(1)} s`,
      `| package | ms | share |\n| --- | ---: | ---: |\n${rows(summary.packages)}`,
      `| function | ms | share |\n| --- | ---: | ---: |\n${rows(summary.functions)}`,
    );
  }
  return parts.join('\n\n');
}

if (require.main === module) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/dist/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const busy = summary.totalMs - summary.idleMs;
  const line = ([name, ms]: [string, number]) =>
    `${ms.toFixed(0).padStart(8)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${name}`;
  process.stdout.write(
    `${file}: ${(summary.totalMs / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s busy\n\nby package (self time)\n`,
  );
  process.stdout.write(
    summary.packages
      .filter(([name]) => name !== '(idle)')
      .slice(0, Number(top))
      .map(line)
      .join('\n') + '\n\nby function (self time)\n',
  );
  process.stdout.write(
    summary.functions
      .filter(([name]) => !name.startsWith('(idle)'))
      .slice(0, Number(top))
      .map(line)
      .join('\n') + '\n',
  );
}
