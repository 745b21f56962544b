const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** How far `date` is from `now`, roughly, for people: `in 4m`, `2h ago`, `now`. */
export function relativeHint(date: Date, now: Date): string {
  const delta = date.getTime() - now.getTime();
  const size = Math.abs(delta);
  if (size < 1000) return 'now';
  const [unit, ms] = UNITS.find(([, unitMs]) => size >= unitMs)!;
  const amount = `${Math.floor(size / ms)}${unit}`;
  return delta > 0 ? `in ${amount}` : `${amount} ago`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A time in the local zone with a relative hint: `2026-01-16 03:00:00 (in 4m)`; empty when there is none. */
export function formatTime(date: Date | undefined, now = new Date()): string {
  if (!date) return '';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${time} (${relativeHint(date, now)})`;
}
