export {
  checkHttpJobTimeout,
  checkHttpTarget,
  EXECUTOR_OWN_HEADERS,
  HTTP_METHODS,
  type CheckedHttpTarget,
  type HttpTargetInput,
} from './http-target';
export { checkTarget, type NatsTargetInput, type TargetInput, type TargetJob } from './job-target';
export {
  checkNatsSubject,
  isSubjectPattern,
  subjectMatches,
  USER_SUBJECTS_ROOT,
  userSubjectPrefix,
} from './nats-subject';
export { TargetError } from './target-error';
export type { TargetRules } from './target-rules';
export { targetSettingsProblems } from './target-settings';
export { MASKED_HEADER_VALUE, maskHeaders, openHeaders, sealHeaders } from './target-headers';
export {
  DEVELOPMENT_TARGET_SECRETS_KEY,
  SECRET_PREFIX,
  TargetSecretError,
  TargetSecrets,
  targetSecretsProblems,
  type TargetSecretsSettings,
} from './target-secrets';
export {
  newNotificationSecret,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signNotification,
  verifyNotification,
} from './notification-signature';
