import { randomBytes } from 'node:crypto';
import { MASKED_HEADER_VALUE, maskHeaders, openHeaders, sealHeaders } from './target-headers';
import { TargetError } from './target-error';
import { TargetSecrets } from './target-secrets';

const secrets = new TargetSecrets(randomBytes(32).toString('base64'));

describe('maskHeaders', () => {
  it('keeps the names and shows every value as ***', () => {
    expect(maskHeaders({ Authorization: 'Bearer t', 'x-a': 'enc:v1:...' })).toEqual({
      Authorization: '***',
      'x-a': '***',
    });
  });
});

describe('sealHeaders', () => {
  it('encrypts every new value', () => {
    const sealed = sealHeaders({ Authorization: 'Bearer t' }, undefined, secrets);
    expect(sealed.Authorization).toMatch(/^enc:v1:/);
    expect(openHeaders(sealed, secrets)).toEqual({ Authorization: 'Bearer t' });
  });

  it('keeps the stored value for ***, whatever the case of the name, and replaces it for a new value', () => {
    const stored = sealHeaders({ Authorization: 'Bearer old', 'X-Key': 'k1' }, undefined, secrets);
    const updated = sealHeaders({ authorization: MASKED_HEADER_VALUE, 'X-Key': 'k2', 'X-New': 'n' }, stored, secrets);
    expect(updated.authorization).toBe(stored.Authorization);
    expect(openHeaders(updated, secrets)).toEqual({ authorization: 'Bearer old', 'X-Key': 'k2', 'X-New': 'n' });
  });

  it('seals a kept value that was stored before encryption', () => {
    const updated = sealHeaders({ Authorization: MASKED_HEADER_VALUE }, { Authorization: 'Bearer plain' }, secrets);
    expect(updated.Authorization).toMatch(/^enc:v1:/);
    expect(openHeaders(updated, secrets)).toEqual({ Authorization: 'Bearer plain' });
  });

  it('refuses *** for a header the job has no value for, naming it', () => {
    expect(() => sealHeaders({ 'X-Other': MASKED_HEADER_VALUE }, { Authorization: 'x' }, secrets)).toThrow(TargetError);
    expect(() => sealHeaders({ 'X-Other': MASKED_HEADER_VALUE }, undefined, secrets)).toThrow(
      'target.http.headers.X-Other is "***"',
    );
  });
});

describe('openHeaders', () => {
  it('names the header that cannot be decrypted', () => {
    const foreign = new TargetSecrets(randomBytes(32).toString('base64')).seal('x');
    expect(() => openHeaders({ 'X-Ok': secrets.seal('ok'), 'X-Bad': foreign }, secrets)).toThrow(
      /^target\.http\.headers\.X-Bad cannot be decrypted: it was encrypted with key [0-9a-f]{8}/,
    );
  });
});
