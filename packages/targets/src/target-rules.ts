/** What the operator decides about targets. job-catalog and the executor read the same settings. */
export interface TargetRules {
  /**
   * NATS_TARGET_SUBJECTS (none): subject patterns (`*` one token, `>` the rest) that nats targets may
   * publish on, besides their owner's own `users.<user id>.` prefix.
   */
  natsSubjects: readonly string[];
  /** The system's own subjects, as patterns; never open to jobs. Subjects starting `$` or `_INBOX` never are either. */
  reservedSubjects: readonly string[];
  /** HTTP_TARGET_MAX_TIMEOUT (1h): the longest `timeoutSeconds` of a job with an http target, in seconds. */
  httpMaxTimeoutSeconds: number;
}
