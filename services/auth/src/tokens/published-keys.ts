import { createPublicKey } from 'node:crypto';
import { ALGORITHM, thumbprint, type PublicSigningJwk, type SigningKey } from './signing-key';

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/**
 * Reads every `PUBLIC KEY` PEM block in `pems` (one setting may hold several, one after another) as
 * a public JWK; each must be EC P-256. Returns the problem instead when one is not.
 */
export function publicJwksFromPem(pems: string): PublicSigningJwk[] | string {
  const blocks = pems.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return 'holds no "PUBLIC KEY" PEM block';
  const jwks: PublicSigningJwk[] = [];
  for (const block of blocks) {
    let jwk: { kty?: string; crv?: string; x?: string; y?: string };
    try {
      jwk = createPublicKey(block).export({ format: 'jwk' });
    } catch (error) {
      return `holds a key that cannot be read: ${(error as Error).message}`;
    }
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) return 'must hold EC P-256 public keys (ES256)';
    const canonical = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    jwks.push({ ...canonical, kid: thumbprint(canonical), use: 'sig', alg: ALGORITHM });
  }
  return jwks;
}

/**
 * What GetJwks publishes: the signing key first, then the keys published beside it (the next key
 * before a switch, the previous one until it is retired), each kid once.
 */
export function publishedJwks(signing: SigningKey, others: PublicSigningJwk[]): PublicSigningJwk[] {
  const byKid = new Map<string, PublicSigningJwk>([[signing.kid, signing.publicJwk]]);
  for (const jwk of others) if (!byKid.has(jwk.kid)) byKid.set(jwk.kid, jwk);
  return [...byKid.values()];
}
