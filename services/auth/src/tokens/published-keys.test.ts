import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { publicJwksFromPem, publishedJwks } from './published-keys';
import { generatePrivateKeyPem, signingKeyFromPem } from './signing-key';

const publicPemOf = (privatePem: string) =>
  createPublicKey(privatePem).export({ format: 'pem', type: 'spki' }).toString();

describe('the keys auth publishes', () => {
  it('reads several PEM public keys from one setting, with the kid the signing key of each would have', () => {
    const [a, b] = [signingKeyFromPem(generatePrivateKeyPem()), signingKeyFromPem(generatePrivateKeyPem())];
    const pems =
      publicPemOf(a.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()) +
      publicPemOf(b.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    expect(publicJwksFromPem(pems)).toEqual([a.publicJwk, b.publicJwk]);
  });

  it('names what is wrong with a setting that holds no key or a key of another kind', () => {
    expect(publicJwksFromPem('not a key')).toBe('holds no "PUBLIC KEY" PEM block');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' });
    expect(publicJwksFromPem(rsa.toString())).toBe('must hold EC P-256 public keys (ES256)');
  });

  it('publishes the signing key first and every other kid once', () => {
    const signing = signingKeyFromPem(generatePrivateKeyPem());
    const other = signingKeyFromPem(generatePrivateKeyPem());
    expect(publishedJwks(signing, [other.publicJwk, signing.publicJwk, other.publicJwk])).toEqual([
      signing.publicJwk,
      other.publicJwk,
    ]);
  });
});
