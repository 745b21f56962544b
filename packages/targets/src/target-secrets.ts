import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How an encrypted header value starts: `enc:v1:<keyId>:<base64 of iv | tag | ciphertext>`. */
export const SECRET_PREFIX = 'enc:v1:';
/**
 * The key used when TARGET_SECRETS_KEY is unset outside production (`npm start`, tests): it is in this
 * repository, so it protects nothing; production must set its own.
 */
export const DEVELOPMENT_TARGET_SECRETS_KEY = '/5ZlRlgeGfuarULqlub1JXrPpWaS9C/ce81xBhOfa/8=';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[0-9a-f]{8}$/;

/** A header value that cannot be decrypted: another key, a tampered or truncated value. */
export class TargetSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetSecretError';
  }
}

interface SecretKey {
  id: string;
  key: Buffer;
}

/** The key a TARGET_SECRETS_KEY value (32 bytes, base64) stands for, or undefined when it is not one. */
function keyOf(base64: string): SecretKey | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES) return undefined;
  // The id is derived from the key, so a value names the key that sealed it without any setting.
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/**
 * What is wrong with TARGET_SECRETS_KEY and TARGET_SECRETS_PREVIOUS_KEYS, one message per problem;
 * `production` (NODE_ENV=production) makes the key required.
 */
export function targetSecretsProblems(key: string | undefined, previousKeys: string[], production: boolean): string[] {
  const problems: string[] = [];
  if (key === undefined && production)
    problems.push('TARGET_SECRETS_KEY is required in production (32 random bytes, base64: openssl rand -base64 32)');
  if (key !== undefined && !keyOf(key)) problems.push('TARGET_SECRETS_KEY must be 32 bytes in base64');
  if (previousKeys.some((previous) => !keyOf(previous)))
    problems.push('TARGET_SECRETS_PREVIOUS_KEYS entries must be 32 bytes in base64');
  return problems;
}

/**
 * Encrypts and decrypts the header values of http targets with AES-256-GCM. `key` (32 bytes, base64)
 * seals new values; `previousKeys` still open values sealed before a rotation.
 */
export class TargetSecrets {
  private readonly current: SecretKey;
  private readonly keys = new Map<string, Buffer>();

  constructor(key: string = DEVELOPMENT_TARGET_SECRETS_KEY, previousKeys: string[] = []) {
    const current = keyOf(key);
    if (!current) throw new TargetSecretError('TARGET_SECRETS_KEY must be 32 bytes in base64');
    this.current = current;
    for (const previous of [key, ...previousKeys]) {
      const parsed = keyOf(previous);
      if (!parsed) throw new TargetSecretError('TARGET_SECRETS_PREVIOUS_KEYS entries must be 32 bytes in base64');
      this.keys.set(parsed.id, parsed.key);
    }
  }

  /** Whether a value is sealed (else it was stored before encryption and is sent as it is). */
  static isSealed(value: string): boolean {
    return value.startsWith(SECRET_PREFIX);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    return `${SECRET_PREFIX}${this.current.id}:${sealed}`;
  }

  /** The plain value; a value that is not sealed comes back as it is. Throws TargetSecretError. */
  open(value: string): string {
    if (!TargetSecrets.isSealed(value)) return value;
    const [keyId, data] = value.slice(SECRET_PREFIX.length).split(':', 2);
    const key = KEY_ID.test(keyId ?? '') ? this.keys.get(keyId) : undefined;
    if (!key)
      throw new TargetSecretError(
        `it was encrypted with key ${keyId}, which is neither TARGET_SECRETS_KEY nor one of TARGET_SECRETS_PREVIOUS_KEYS`,
      );
    const bytes = Buffer.from(data ?? '', 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new TargetSecretError('its encrypted value is truncated');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new TargetSecretError(`its encrypted value does not authenticate under key ${keyId}`);
    }
  }
}

/** TARGET_SECRETS_KEY (the current key) and TARGET_SECRETS_PREVIOUS_KEYS (older keys that still decrypt). */
export interface TargetSecretsSettings {
  key: string;
  previousKeys: string[];
}
