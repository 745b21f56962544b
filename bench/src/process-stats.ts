import { readdirSync, readFileSync } from 'node:fs';

/** Resident and peak resident memory of a process, in MiB (VmRSS and VmHWM of /proc/<pid>/status). */
export function processMemory(pid: number | undefined): { rssMiB: number; peakMiB: number } {
  if (pid === undefined) return { rssMiB: Number.NaN, peakMiB: Number.NaN };
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

// /proc times are in clock ticks; Linux reports them at 100 Hz.
const TICK_MS = 10;

/** CPU time (user + system) a process has used so far, in ms; 0 for one that is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Ids of the processes whose command line contains every one of `parts`. */
export function pidsMatching(...parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (parts.every((part) => cmdline.includes(part))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy and total CPU time of the whole machine so far, in ms (from /proc/stat). */
export function machineCpuMs(): { busyMs: number; totalMs: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busyMs: (total - idle) * TICK_MS, totalMs: total * TICK_MS };
}
