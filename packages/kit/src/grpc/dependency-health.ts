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
  private down = new Set<string>();
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
    return [...this.down];
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
    const results = await Promise.all(this.checks.map(async ({ name, check }) => ({ name, problem: await this.problemOf(check) })));
    const down = new Set(results.filter((r) => r.problem !== undefined).map((r) => r.name));
    // Once per outage, with what the probe said (a stream's probe names the stream and why it fails).
    for (const { name, problem } of results) if (problem !== undefined && !this.down.has(name)) this.log.warn({ dependency: name, problem }, `dependency failing: ${name}: ${problem}`);
    for (const name of this.down) if (!down.has(name)) this.log.info({ dependency: name }, 'dependency reachable again');
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
