import { machineCpuMs, processCpuMs } from './process-stats';

/** The processes of a system under test, by part (a part may be several processes, e.g. PostgreSQL backends). */
export type ProcessGroups = Record<string, number[]>;

interface Snapshot {
  wallMs: number;
  /** CPU ms of each process by part, keyed by pid. */
  byPart: Record<string, Map<number, number>>;
  machine: { busyMs: number; totalMs: number };
}

/** Where CPU went during a run: ms of CPU per job by part, and how busy the whole machine was. */
export interface CpuUse {
  perJobMs: Record<string, number>;
  /** Busy share of all cores over the run, 0..100 (everything on the machine, not only the system under test). */
  machineBusyPct: number;
}

/** Takes CPU readings of a system's processes (and of this bench process) to compare two moments. */
export class CpuMeter {
  private constructor(private readonly start: Snapshot) {}

  static begin(groups: ProcessGroups): CpuMeter {
    return new CpuMeter(snapshot(groups));
  }

  /** CPU used since `begin` by each part, per job of `jobs`; `groups` is read again so that processes started since count. */
  end(groups: ProcessGroups, jobs: number): CpuUse {
    const now = snapshot(groups);
    // Per process: a part's set of processes changes (PostgreSQL backends come and go), so sums of the
    // part at two moments do not compare; a process started since `begin` counts from zero.
    const perJobMs = Object.fromEntries(
      Object.entries(now.byPart).map(([part, pids]) => {
        let used = 0;
        for (const [pid, ms] of pids) used += Math.max(0, ms - (this.start.byPart[part]?.get(pid) ?? 0));
        return [part, used / Math.max(jobs, 1)];
      }),
    );
    const total = now.machine.totalMs - this.start.machine.totalMs;
    return {
      perJobMs,
      machineBusyPct: total > 0 ? ((now.machine.busyMs - this.start.machine.busyMs) / total) * 100 : Number.NaN,
    };
  }
}

function snapshot(groups: ProcessGroups): Snapshot {
  const own = process.cpuUsage();
  const byPart: Record<string, Map<number, number>> = {
    'bench (client, polling)': new Map([[process.pid, (own.user + own.system) / 1000]]),
  };
  for (const [part, pids] of Object.entries(groups))
    byPart[part] = new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
  return { wallMs: Date.now(), byPart, machine: machineCpuMs() };
}
