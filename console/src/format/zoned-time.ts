/** The offset of `zone` from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant (RFC 3339, UTC) of a wall-clock time `local` ("2026-12-04T02:00" or with seconds) in
 * the IANA `zone`; undefined when either is not valid. The offset is taken at the guessed instant and
 * once more at the result, which settles it but in the hour a daylight-saving change skips.
 */
export function zonedToIso(local: string, zone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1).map((part) => part ?? '0');
  const wall = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  try {
    const first = wall - offsetMs(wall, zone);
    return new Date(wall - offsetMs(first, zone)).toISOString();
  } catch {
    return undefined;
  }
}

/** "2026-12-04T02:00:00" for `datetime-local` inputs: now plus `seconds`, in the browser's zone. */
export function localInputValue(secondsFromNow: number, now = Date.now()): string {
  const date = new Date(now + secondsFromNow * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
}

/** The wall-clock time ("2026-12-04T02:00:00", for `datetime-local` inputs) of `iso` in the IANA `zone`. */
export function isoToZoned(iso: string, zone: string): string | undefined {
  const instant = new Date(iso).getTime();
  if (Number.isNaN(instant)) return undefined;
  try {
    return new Date(instant + offsetMs(instant, zone)).toISOString().slice(0, 19);
  } catch {
    return undefined;
  }
}
