// Wall-clock times in an IANA zone, written as "local time as if it were UTC" epoch milliseconds
// (the local time 2025-03-09 02:30 is Date.UTC(2025, 2, 9, 2, 30)), and the instants they stand for.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's clocks are ahead of UTC at `instantMs`, in ms (whole seconds). */
export function utcOffsetMs(zone: string, instantMs: number): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const part: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(instantMs)) part[type] = Number(value);
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) - wholeSecond;
}

/** The zone's wall-clock time at `instantMs`. */
export function wallClockMs(zone: string, instantMs: number): number {
  return instantMs + utcOffsetMs(zone, instantMs);
}

/** What a wall-clock time is in a zone: one instant, two (the hour repeated at fall-back), or none (skipped at spring-forward). */
export type LocalTime =
  | { kind: 'single' | 'repeated'; /** The earliest instant showing it. */ instantMs: number }
  | { kind: 'skipped'; /** The first wall-clock time after the gap it falls in. */ gapEndMs: number };

/**
 * Resolves wall-clock time `wallMs` in `zone`. Assumes at most one change of offset within a day
 * either side of it, which holds for every zone's rules.
 */
export function resolveLocalTime(zone: string, wallMs: number): LocalTime {
  const before = utcOffsetMs(zone, wallMs - DAY_MS);
  const after = utcOffsetMs(zone, wallMs + DAY_MS);
  const instants = [...new Set([wallMs - before, wallMs - after])]
    .filter((instant) => wallClockMs(zone, instant) === wallMs)
    .sort((a, b) => a - b);
  if (instants.length > 0) return { kind: instants.length === 2 ? 'repeated' : 'single', instantMs: instants[0] };
  // Skipped: the clocks jumped from `before` to `after` somewhere between these two instants; find
  // the change to the second, then the wall-clock time it jumped to.
  let low = wallMs - after;
  let high = wallMs - before;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (utcOffsetMs(zone, middle) === before) low = middle;
    else high = middle;
  }
  return { kind: 'skipped', gapEndMs: wallClockMs(zone, high) };
}
