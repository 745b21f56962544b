import { UsageError } from './usage-error';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration such as `30s`, `5m`, `1h30m`, `2d` or `250ms` into milliseconds; `what` names the flag in errors. */
export function parseDuration(text: string, what: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const matched = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || matched !== text.trim()) {
    throw new UsageError(`${what} must be a duration such as 30s, 5m, 1h30m or 2d, got "${text}"`);
  }
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit], 0);
}
