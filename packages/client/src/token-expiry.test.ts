import { tokenExpiry } from './token-expiry';

const jwt = (claims: object) =>
  ['{"alg":"ES256"}', JSON.stringify(claims)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.sig';

describe('tokenExpiry', () => {
  it('reads the exp claim of a JWT', () => {
    expect(tokenExpiry(jwt({ sub: 'u', exp: 1_800_000_000 }))).toEqual(new Date(1_800_000_000_000));
  });

  it('is undefined for a token without exp or that is not a JWT', () => {
    expect(tokenExpiry(jwt({ sub: 'u' }))).toBeUndefined();
    expect(tokenExpiry('opaque')).toBeUndefined();
    expect(tokenExpiry('a.%%%.c')).toBeUndefined();
  });
});
