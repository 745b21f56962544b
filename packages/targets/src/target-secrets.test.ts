import { randomBytes } from 'node:crypto';
import { SECRET_PREFIX, TargetSecretError, TargetSecrets, targetSecretsProblems } from './target-secrets';

const newKey = () => randomBytes(32).toString('base64');

describe('TargetSecrets', () => {
  const key = newKey();
  const secrets = new TargetSecrets(key);

  it('seals a value as enc:v1:<keyId>:... that opens to the same text, with a fresh iv each time', () => {
    const sealed = secrets.seal('Bearer s3cr3t é');
    expect(sealed).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('s3cr3t');
    expect(secrets.seal('Bearer s3cr3t é')).not.toBe(sealed);
    expect(secrets.open(sealed)).toBe('Bearer s3cr3t é');
    expect(secrets.open(secrets.seal(''))).toBe('');
  });

  it('gives back a value stored before encryption as it is', () => {
    expect(secrets.open('Bearer plain')).toBe('Bearer plain');
    expect(TargetSecrets.isSealed('Bearer plain')).toBe(false);
  });

  it('refuses a value sealed with another key, naming its key id', () => {
    const other = new TargetSecrets(newKey());
    const sealed = other.seal('x');
    const keyId = sealed.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + 8);
    expect(() => secrets.open(sealed)).toThrow(TargetSecretError);
    expect(() => secrets.open(sealed)).toThrow(`key ${keyId}`);
  });

  it('refuses a value whose tag, ciphertext or length was tampered with', () => {
    const sealed = secrets.seal('value');
    const head = sealed.slice(0, SECRET_PREFIX.length + 9);
    const bytes = Buffer.from(sealed.slice(head.length), 'base64');
    const flip = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at] ^= 1;
      return head + copy.toString('base64');
    };
    expect(() => secrets.open(flip(12))).toThrow('does not authenticate');
    expect(() => secrets.open(flip(bytes.length - 1))).toThrow('does not authenticate');
    expect(() => secrets.open(head + bytes.subarray(0, 20).toString('base64'))).toThrow('truncated');
    expect(() => secrets.open(`${SECRET_PREFIX}nothex!!:abc`)).toThrow(TargetSecretError);
  });

  it('opens values of a previous key after a rotation and seals new ones with the current key', () => {
    const old = new TargetSecrets(key);
    const sealedBefore = old.seal('kept');
    const rotated = new TargetSecrets(newKey(), [key]);
    expect(rotated.open(sealedBefore)).toBe('kept');
    const sealedAfter = rotated.seal('new');
    expect(sealedAfter.slice(0, 16)).not.toBe(sealedBefore.slice(0, 16));
    expect(() => old.open(sealedAfter)).toThrow(TargetSecretError);
  });

  it('refuses a key that is not 32 bytes of base64', () => {
    expect(() => new TargetSecrets(randomBytes(16).toString('base64'))).toThrow('TARGET_SECRETS_KEY');
    expect(() => new TargetSecrets(key, ['nope'])).toThrow('TARGET_SECRETS_PREVIOUS_KEYS');
  });
});

describe('targetSecretsProblems', () => {
  it('requires the key in production only, and checks every key given', () => {
    expect(targetSecretsProblems(undefined, [], false)).toEqual([]);
    expect(targetSecretsProblems(undefined, [], true)).toEqual([
      expect.stringContaining('TARGET_SECRETS_KEY is required in production'),
    ]);
    expect(targetSecretsProblems(newKey(), [newKey()], true)).toEqual([]);
    expect(targetSecretsProblems('short', ['bad'], false)).toEqual([
      'TARGET_SECRETS_KEY must be 32 bytes in base64',
      'TARGET_SECRETS_PREVIOUS_KEYS entries must be 32 bytes in base64',
    ]);
  });
});
