import { checkTarget } from './job-target';
import type { TargetRules } from './target-rules';

const rules: TargetRules = {
  natsSubjects: ['orders.>'],
  reservedSubjects: ['executions.>'],
  httpMaxTimeoutSeconds: 600,
};
const job = { userId: 'u1', timeoutSeconds: 60 };

function fieldOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { field?: string }).field;
  }
  return undefined;
}

describe('checkTarget', () => {
  it('accepts a valid http or nats target', () => {
    expect(() => checkTarget({ http: { url: 'https://example.com' } }, job, rules)).not.toThrow();
    expect(() => checkTarget({ nats: { subject: 'users.u1.done' } }, job, rules)).not.toThrow();
    expect(() => checkTarget({ nats: { subject: 'orders.created' } }, job, rules)).not.toThrow();
  });

  it('applies the http rules and the bound on the timeout of a job with an http target', () => {
    expect(fieldOf(() => checkTarget({ http: { url: 'https://a:b@example.com' } }, job, rules))).toBe(
      'target.http.url',
    );
    expect(
      fieldOf(() => checkTarget({ http: { url: 'https://example.com' } }, { ...job, timeoutSeconds: 601 }, rules)),
    ).toBe('timeoutSeconds');
  });

  it("applies the nats rules with the job's owner, and does not bound the timeout of a nats target", () => {
    expect(fieldOf(() => checkTarget({ nats: { subject: 'users.u2.done' } }, job, rules))).toBe('target.nats.subject');
    expect(fieldOf(() => checkTarget({ nats: { subject: 'executions.failed.x' } }, job, rules))).toBe(
      'target.nats.subject',
    );
    expect(() =>
      checkTarget({ nats: { subject: 'users.u1.done' } }, { ...job, timeoutSeconds: 86_400 }, rules),
    ).not.toThrow();
  });

  it('refuses a target with no member or both', () => {
    expect(() => checkTarget({}, job, rules)).toThrow('target must have one of: http, nats');
    expect(() =>
      checkTarget({ http: { url: 'https://example.com' }, nats: { subject: 'users.u1.x' } }, job, rules),
    ).toThrow('target must have only one of: http, nats');
  });
});
