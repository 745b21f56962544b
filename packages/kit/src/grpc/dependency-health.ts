import type { Logger } from 'pino';

/** One dependency to probe: resolves when it is reachable, rejects (or times out) when it is not. */
export interface DependencyCheck {
  name: string;
  check: () => Promise<unknown>;
}

/**
 * Probes a service's dependencies on an interval and reports the result to a listener, which sets
 * the gRPC health status. A dependency is down when its probe fails or takes longer than `timeoutMs`.
 */
export class DependencyHealth {
  private timer?: NodeJS.Timeout;
  /** What each failing dependency's last probe said. */
  private down = new Map<string, string>();
  private lastReported?: boolean;

  constructor(
    private readonly checks: DependencyCheck[],
    private readonly onChange: (healthy: boolean) => void,
    private readonly log: Logger,
    /** Time between probes in ms (default 2000). */
    private readonly intervalMs = 2000,
    /** Time a probe may take in ms (default 1500). */
    private readonly timeoutMs = 1500,
  ) {}

  /** Names of the dependencies that failed their last probe. */
  get failing(): string[] {
    return [...this.down.keys()];
  }

  /** Probes once now, then on every interval until `stop()`. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Runs every probe once and reports the combined state. */
  async probe(): Promise<boolean> {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => ({ name, problem: await this.problemOf(check) })),
    );
    const down = new Map(
      results.flatMap(({ name, problem }) => (problem === undefined ? [] : [[name, problem] as const])),
    );
    // When a dependency starts failing, and again when what its probe says changes (a stream's probe names the stream and why).
    for (const [name, problem] of down)
      if (this.down.get(name) !== problem)
        this.log.warn({ dependency: name, problem }, `dependency failing: ${name}: ${problem}`);
    for (const name of this.down.keys())
      if (!down.has(name)) this.log.info({ dependency: name }, 'dependency reachable again');
    this.down = down;
    const healthy = down.size === 0;
    if (healthy !== this.lastReported) {
      this.lastReported = healthy;
      this.onChange(healthy);
    }
    return healthy;
  }

  // undefined when the probe passes, else what it failed with.
  private async problemOf(check: () => Promise<unknown>): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('probe timed out')), this.timeoutMs);
    });
    try {
      await Promise.race([check(), timeout]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message || error.name : String(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
