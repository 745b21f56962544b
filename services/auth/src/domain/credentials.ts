import { InvalidArgumentError } from '@chrono/kit';

// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is not ours to judge.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;
const MIN_PASSWORD_LENGTH = 8;
/** bcrypt ignores everything past 72 bytes; longer passwords would silently share hashes. */
const MAX_PASSWORD_BYTES = 72;
const MAX_NAME_LENGTH = 100;

export interface Registration {
  email: string;
  password: string;
  name: string;
}

/** Checks a registration and returns it normalised (email trimmed and lower-cased, name trimmed). */
export function validateRegistration(input: Registration): Registration {
  const email = normaliseEmail(input.email);
  requireText('password', input.password);
  if ([...input.password].length < MIN_PASSWORD_LENGTH)
    throw new InvalidArgumentError('password', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (Buffer.byteLength(input.password, 'utf8') > MAX_PASSWORD_BYTES)
    throw new InvalidArgumentError('password', `password must be at most ${MAX_PASSWORD_BYTES} bytes`);
  const name = (input.name ?? '').trim();
  requireText('name', name);
  if ([...name].length > MAX_NAME_LENGTH)
    throw new InvalidArgumentError('name', `name must be at most ${MAX_NAME_LENGTH} characters`);
  return { email, password: input.password, name };
}

/** Checks login input; the email is normalised the same way as at registration. */
export function validateLogin(input: { email: string; password: string }): { email: string; password: string } {
  const email = normaliseEmail(input.email);
  requireText('password', input.password);
  if (Buffer.byteLength(input.password, 'utf8') > MAX_PASSWORD_BYTES)
    throw new InvalidArgumentError('password', `password must be at most ${MAX_PASSWORD_BYTES} bytes`);
  return { email, password: input.password };
}

function normaliseEmail(raw: string | undefined): string {
  const email = (raw ?? '').trim().toLowerCase();
  requireText('email', email);
  if (email.length > MAX_EMAIL_LENGTH)
    throw new InvalidArgumentError('email', `email must be at most ${MAX_EMAIL_LENGTH} characters`);
  if (!EMAIL.test(email)) throw new InvalidArgumentError('email', 'email must be a valid email address');
  return email;
}

function requireText(field: string, value: string | undefined): void {
  if (!value) throw new InvalidArgumentError(field, `${field} is required`);
}
