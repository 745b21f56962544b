import { checkNatsSubject, isSubjectPattern, subjectMatches } from './nats-subject';
import { TargetError } from './target-error';
import type { TargetRules } from './target-rules';

const alice = '3f0c6a52-7b1e-4c57-9a55-0d6f1c1e2a01';
const bob = '9b1d2e33-5c4f-4a8e-8f10-6a7b8c9d0e02';
const rules = (natsSubjects: string[] = []): TargetRules => ({
  natsSubjects,
  reservedSubjects: ['jobs.events.>', 'dispatch.jobs', 'executions.>'],
  httpMaxTimeoutSeconds: 3600,
});

function refusal(subject: string, given = rules()): TargetError {
  try {
    checkNatsSubject(subject, alice, given);
  } catch (error) {
    return error as TargetError;
  }
  throw new Error(`${subject} was not refused`);
}

describe('checkNatsSubject', () => {
  it("lets a job publish under its owner's users.<id>. prefix, with nothing configured", () => {
    expect(checkNatsSubject(`users.${alice}.orders.created`, alice, rules())).toBe(`users.${alice}.orders.created`);
    expect(checkNatsSubject(`users.${alice}.x`, alice, rules())).toBe(`users.${alice}.x`);
  });

  it('lets a job publish on subjects an operator pattern matches', () => {
    const open = rules(['orders.*', 'reports.>']);
    expect(checkNatsSubject('orders.created', alice, open)).toBe('orders.created');
    expect(checkNatsSubject('reports.daily.eu', alice, open)).toBe('reports.daily.eu');
  });

  it('refuses anything else, saying where the job may publish', () => {
    const error = refusal('orders.created.late', rules(['orders.*']));
    expect(error.field).toBe('target.nats.subject');
    expect(error.message).toBe(
      `target.nats.subject "orders.created.late" is not open to jobs: publish under users.${alice}. (such as users.${alice}.orders.created.late) or on a subject the operator allows (NATS_TARGET_SUBJECTS: orders.*)`,
    );
    expect(refusal('orders.created').message).toMatch(/\(NATS_TARGET_SUBJECTS: none\)$/);
  });

  it.each([`users.${bob}.orders`, `users.${bob}`, `users.${alice}`, 'users', 'users.anyone.x'])(
    "refuses %s, another user's prefix or the bare root, even when an operator pattern matches it",
    (subject) => {
      const error = refusal(subject, rules(['>', 'users.>', `users.${bob}.>`]));
      expect(error.message).toBe(
        `target.nats.subject "${subject}" is not under your own prefix: subjects under users. belong to the user they name, and yours is users.${alice}.`,
      );
    },
  );

  it.each([
    'executions.failed.j2',
    'dispatch.jobs',
    'jobs.events.x',
    '$JS.API.INFO',
    '$SYS.REQ.SERVER.PING',
    '_INBOX.abc',
    '_INBOX',
  ])('refuses the system subject %s even when an operator pattern matches it', (subject) => {
    expect(refusal(subject, rules(['>'])).message).toBe(
      `target.nats.subject "${subject}" is reserved for the system's own messages`,
    );
  });

  it('lets through subjects that only look like reserved ones, when the operator allows them', () => {
    const open = rules(['>']);
    expect(checkNatsSubject('dispatch.jobs.mine', alice, open)).toBe('dispatch.jobs.mine');
    expect(checkNatsSubject('executions', alice, open)).toBe('executions');
  });

  it.each(['', 'a..b', 'a.*', 'a.>', `users.${alice}.>`, 'has space', '.lead', 'trail.'])(
    'refuses the malformed subject %p',
    (subject) => {
      expect(refusal(subject).message).toBe(
        `target.nats.subject must be a subject without wildcards or spaces, such as users.${alice}.orders.created, got "${subject}"`,
      );
    },
  );

  it('gives a job without an owner no prefix of its own', () => {
    expect(() => checkNatsSubject('users..x', '', rules())).toThrow(
      'target.nats.subject must be a subject without wildcards',
    );
    expect(() => checkNatsSubject('users.x.y', '', rules())).toThrow('is not under your own prefix');
  });
});

describe('subject patterns', () => {
  it.each([
    ['orders.*', 'orders.created', true],
    ['orders.*', 'orders.created.eu', false],
    ['orders.>', 'orders.created.eu', true],
    ['orders.>', 'orders', false],
    ['>', 'anything.at.all', true],
    ['*.created', 'orders.created', true],
    ['orders.created', 'orders.created', true],
    ['orders.created', 'orders', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => expect(subjectMatches(pattern, subject)).toBe(expected));

  it.each(['orders.*', 'orders.>', '>', '*.created', 'a.b.c'])('%s is a pattern', (pattern) =>
    expect(isSubjectPattern(pattern)).toBe(true),
  );
  it.each(['', 'a..b', '>.a', 'a.b*', 'has space', 'a.>.b'])('%p is not a pattern', (pattern) =>
    expect(isSubjectPattern(pattern)).toBe(false),
  );
});
