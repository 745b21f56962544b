/** What one bench run does; every number can be changed through the environment variable named beside it. */
export interface BenchSettings {
  /** BENCH_BURST_JOBS (5000): jobs due at the same instant. */
  burstJobs: number;
  /** BENCH_BULK_JOBS (20000): jobs created through each system's bulk call in the bulk-create scenario; 0 skips it. */
  bulkJobs: number;
  /** BENCH_STEADY_RATE (400): jobs per second in the steady scenario. */
  steadyRate: number;
  /** BENCH_STEADY_SECONDS (10): over how long the steady scenario's jobs come due. */
  steadySeconds: number;
  /** BENCH_FAST_RATE (2000): jobs per second in the fast steady scenario, for BENCH_FAST_SECONDS (10); 0 skips it. */
  fastRate: number;
  fastSeconds: number;
  /** BENCH_RECURRING_JOBS (100): jobs on the cron `* * * * * *` in the recurring scenario. */
  recurringJobs: number;
  /** BENCH_RECURRING_SECONDS (300): how long the recurring scenario is measured, after its warm-up, in s; 0 skips it. */
  recurringSeconds: number;
  /** BENCH_API_REQUESTS (1500): measured CreateJob calls per protocol and concurrency (after BENCH_API_WARMUP, 200). */
  apiRequests: number;
  apiWarmup: number;
  /** BENCH_API_CONCURRENCY (1,16): the calls in flight in the API scenario, one measurement each. */
  apiConcurrencies: number[];
  /** BENCH_CREATE_CONCURRENCY (64): calls in flight while the burst jobs are created (untimed). */
  createConcurrency: number;
  /** BENCH_WORKER_CONCURRENCY (64): jobs one worker process runs at once, the same for every system. */
  workerConcurrency: number;
  /** BENCH_SCALE_JOBS (1000000): pending jobs spread over the next month in the scale scenario; 0 skips it. */
  scaleJobs: number;
  /** BENCH_PEER_SCALE (1): 0 skips the peers' scale scenario. */
  peerScale: boolean;
  /** BENCH_SYSTEMS (chrono,bullmq,graphile-worker): which systems to measure. */
  systems: string[];
  /** BENCH_PROFILE (none): chrono services to CPU-profile for the whole run, comma-separated (`all` for every one). */
  profile: string[];
  /** BENCH_PROFILE_RUN (none): profile only this run's measured window (burst, steady, fast-steady, scale-burst or scale-steady), not the whole run. */
  profileRun?: string;
  /** BENCH_BUDGET_S (480): the peers' scale scenarios are scaled down or skipped so that the run ends within this (plus the recurring scenario's time), in s. */
  budgetMs: number;
}

export function loadSettings(env: Record<string, string | undefined> = process.env): BenchSettings {
  const int = (name: string, fallback: number, min = 0) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
    return value;
  };
  const list = (name: string, fallback: number[]) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const values = raw.split(',').map((part) => Number(part.trim()));
    if (values.some((v) => !Number.isInteger(v) || v < 1))
      throw new Error(`${name} must be positive integers, comma-separated, got "${raw}"`);
    return values;
  };
  const systems = (env.BENCH_SYSTEMS ?? 'chrono,bullmq,graphile-worker')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const system of systems)
    if (!['chrono', 'bullmq', 'graphile-worker'].includes(system))
      throw new Error(`BENCH_SYSTEMS: unknown system "${system}"`);
  return {
    burstJobs: int('BENCH_BURST_JOBS', 5000, 1),
    bulkJobs: int('BENCH_BULK_JOBS', 20_000),
    steadyRate: int('BENCH_STEADY_RATE', 400, 1),
    steadySeconds: int('BENCH_STEADY_SECONDS', 10, 1),
    fastRate: int('BENCH_FAST_RATE', 2000),
    fastSeconds: int('BENCH_FAST_SECONDS', 10, 1),
    recurringJobs: int('BENCH_RECURRING_JOBS', 100, 1),
    recurringSeconds: int('BENCH_RECURRING_SECONDS', 300),
    apiRequests: int('BENCH_API_REQUESTS', 1500, 1),
    apiWarmup: int('BENCH_API_WARMUP', 200),
    apiConcurrencies: list('BENCH_API_CONCURRENCY', [1, 16]),
    createConcurrency: int('BENCH_CREATE_CONCURRENCY', 64, 1),
    workerConcurrency: int('BENCH_WORKER_CONCURRENCY', 64, 1),
    scaleJobs: int('BENCH_SCALE_JOBS', 1_000_000),
    peerScale: int('BENCH_PEER_SCALE', 1) !== 0,
    systems,
    budgetMs: int('BENCH_BUDGET_S', 480, 60) * 1000,
    profile: profiled(env.BENCH_PROFILE),
    profileRun: profiledRun(env.BENCH_PROFILE_RUN),
  };
}

const SERVICES = ['auth', 'job-catalog', 'scheduler', 'executor'];

const PROFILED_RUNS = ['burst', 'steady', 'fast-steady', 'scale-burst', 'scale-steady'];

function profiledRun(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!PROFILED_RUNS.includes(raw))
    throw new Error(`BENCH_PROFILE_RUN: "${raw}" is not one of ${PROFILED_RUNS.join(', ')}`);
  return raw;
}

function profiled(raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.includes('all')) return SERVICES;
  for (const name of names) if (!SERVICES.includes(name)) throw new Error(`BENCH_PROFILE: unknown service "${name}"`);
  return names;
}
