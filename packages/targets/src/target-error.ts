/**
 * A target that breaks one of the rules. `field` names the part that is wrong (`target.http.url`,
 * `target.nats.subject`, `timeoutSeconds`, ...), and the message starts with it.
 */
export class TargetError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}
