/** Thrown when one or more environment variables are missing or malformed; names every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

/**
 * Reads typed settings from environment variables. Each read records a problem instead of throwing,
 * so that `done()` can report every bad variable at once; a service calls it once at start-up.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly source: Source = process.env) {}

  /** A string; `fallback` when unset or empty. Without a fallback the variable is required. */
  string(name: string, fallback?: string): string {
    const raw = this.raw(name);
    if (raw !== undefined) return raw;
    if (fallback === undefined) this.problems.push(`${name} is required`);
    return fallback ?? '';
  }

  /** An optional string: undefined when unset or empty. */
  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  /** A whole number within [min, max]; `fallback` when unset. */
  int(name: string, fallback: number, { min = -Infinity, max = Infinity } = {}): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw)) {
      this.problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
      return fallback;
    }
    return value;
  }

  /** A TCP port, 1 to 65535 (0 allowed when `allowZero`, meaning "any free port"). */
  port(name: string, fallback: number, { allowZero = false } = {}): number {
    return this.int(name, fallback, { min: allowZero ? 0 : 1, max: 65535 });
  }

  /** true/false, 1/0, yes/no. */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  /** One of a fixed set of values. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
    return fallback;
  }

  /** A duration such as `500ms`, `30s`, `15m`, `24h`, `7d`, or a bare number of seconds; in milliseconds. */
  durationMs(name: string, fallback: string): number {
    const raw = this.raw(name) ?? fallback;
    const parsed = parseDurationMs(raw);
    if (parsed === undefined) {
      this.problems.push(`${name} must be a duration such as 30s, 15m or 24h, got "${raw}"`);
      return parseDurationMs(fallback) ?? 0;
    }
    return parsed;
  }

  /** A comma-separated list, trimmed, without empty items. */
  list(name: string, fallback: string[] = []): string[] {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  /** Records a problem found by a check that spans several variables. */
  fail(problem: string): void {
    this.problems.push(problem);
  }

  /** Throws a ConfigError naming every problem recorded so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError([...this.problems]);
  }

  private raw(name: string): string | undefined {
    const value = this.source[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `30s`, `15m`, `24h`, `7d` or a bare number of seconds into milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 's']);
}
