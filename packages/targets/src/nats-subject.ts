import { TargetError } from './target-error';
import type { TargetRules } from './target-rules';

const FIELD = 'target.nats.subject';
// One token of a subject to publish on: no whitespace, dots or wildcards.
const TOKEN = /^[^\s.*>]+$/;
/** The first token of every user's own subjects: `users.<user id>.<anything>`. */
export const USER_SUBJECTS_ROOT = 'users';

/** The prefix under which a user's jobs may always publish: `users.<user id>.`. */
export function userSubjectPrefix(userId: string): string {
  return `${USER_SUBJECTS_ROOT}.${userId}.`;
}

/** Whether `pattern` is a NATS subject pattern: tokens, `*` for any one token, `>` (last) for one or more. */
export function isSubjectPattern(pattern: string): boolean {
  const tokens = pattern.split('.');
  return tokens.every((token, i) => TOKEN.test(token) || token === '*' || (token === '>' && i === tokens.length - 1));
}

/** Whether a subject falls under a pattern (`*` one token, `>` one or more trailing tokens). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '>') return have.length > i;
    if (i >= have.length || (want[i] !== '*' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

/**
 * Checks the subject of a nats target whose job belongs to `ownerId`, in this order: a plain subject
 * (no wildcards or spaces); never one of the system's own (its streams' subjects, `$...`,
 * `_INBOX...`), which would let a job forge dispatch requests or outcomes; under `users.` only the
 * owner's own `users.<owner id>.<anything>`, whatever the operator allows; anything else only when a
 * pattern of NATS_TARGET_SUBJECTS matches it. Throws a TargetError naming `target.nats.subject`.
 */
export function checkNatsSubject(subject: string | undefined, ownerId: string, rules: TargetRules): string {
  const prefix = userSubjectPrefix(ownerId);
  if (!subject || !subject.split('.').every((token) => TOKEN.test(token))) {
    throw new TargetError(
      FIELD,
      `${FIELD} must be a subject without wildcards or spaces, such as ${prefix}orders.created, got "${subject ?? ''}"`,
    );
  }
  if (isReserved(subject, rules))
    throw new TargetError(FIELD, `${FIELD} "${subject}" is reserved for the system's own messages`);
  const tokens = subject.split('.');
  if (tokens[0] === USER_SUBJECTS_ROOT) {
    if (ownerId !== '' && tokens[1] === ownerId && tokens.length > 2) return subject;
    throw new TargetError(
      FIELD,
      `${FIELD} "${subject}" is not under your own prefix: subjects under ${USER_SUBJECTS_ROOT}. belong to the user they name, and yours is ${prefix}`,
    );
  }
  if (rules.natsSubjects.some((pattern) => subjectMatches(pattern, subject))) return subject;
  const allowed = rules.natsSubjects.length > 0 ? rules.natsSubjects.join(', ') : 'none';
  throw new TargetError(
    FIELD,
    `${FIELD} "${subject}" is not open to jobs: publish under ${prefix} (such as ${prefix}${subject}) or on a subject the operator allows (NATS_TARGET_SUBJECTS: ${allowed})`,
  );
}

function isReserved(subject: string, rules: TargetRules): boolean {
  return (
    subject.startsWith('$') ||
    subject === '_INBOX' ||
    subject.startsWith('_INBOX.') ||
    rules.reservedSubjects.some((pattern) => subjectMatches(pattern, subject))
  );
}
