import { parseRevoke, revokePayload } from './revoke-signal';

describe('REVOKE payloads', () => {
  it('carry the job id and the change count', () => {
    expect(parseRevoke(revokePayload('a1b2', 7))).toEqual({ jobId: 'a1b2', changeCount: 7 });
  });

  it('read a bare job id as revoking every claim of the job', () => {
    expect(parseRevoke('a1b2')).toEqual({ jobId: 'a1b2', changeCount: Infinity });
  });
});
