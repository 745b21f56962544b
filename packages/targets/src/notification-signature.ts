import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header a notification's signature travels in. */
export const SIGNATURE_HEADER = 'Chrono-Signature';
/** How old a signature's timestamp a receiver should still accept (the README's advice). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new per-user signing secret: `whsec_` and 32 random bytes in hex. */
export function newNotificationSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the value of Chrono-Signature. */
export function signNotification(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does (and the tests): parse the header, refuse a timestamp older (or newer) than
 * the tolerance, recompute the HMAC and compare in constant time.
 */
export function verifyNotification(
  secret: string,
  body: string,
  header: string,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
