import { TargetError } from './target-error';
import { TargetSecretError, TargetSecrets } from './target-secrets';

/** What every API answer shows instead of a header value; sent back in an update, it keeps the stored value. */
export const MASKED_HEADER_VALUE = '***';

/** The headers with every value masked, names kept (for answers: GetJob, ListJobs, Create, Update). */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, MASKED_HEADER_VALUE]));
}

/**
 * The headers of a create or update, sealed: a new value is encrypted; `***` keeps the value `stored`
 * has under that name (any case), sealed if it was stored before encryption. Throws a TargetError
 * naming the header when `***` has no stored value to keep.
 */
export function sealHeaders(
  headers: Record<string, string>,
  stored: Record<string, string> | undefined,
  secrets: TargetSecrets,
): Record<string, string> {
  const storedByName = new Map(Object.entries(stored ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== MASKED_HEADER_VALUE) {
      sealed[name] = secrets.seal(value);
      continue;
    }
    const kept = storedByName.get(name.toLowerCase());
    if (kept === undefined)
      throw new TargetError(
        'target.http.headers',
        `target.http.headers.${name} is "${MASKED_HEADER_VALUE}" but the job has no value for it to keep; send the value`,
      );
    sealed[name] = TargetSecrets.isSealed(kept) ? kept : secrets.seal(kept);
  }
  return sealed;
}

/** The headers decrypted for sending; throws a TargetError naming the header whose value cannot be. */
export function openHeaders(headers: Record<string, string>, secrets: TargetSecrets): Record<string, string> {
  const opened: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    try {
      opened[name] = secrets.open(value);
    } catch (error) {
      if (!(error instanceof TargetSecretError)) throw error;
      throw new TargetError('target.http.headers', `target.http.headers.${name} cannot be decrypted: ${error.message}`);
    }
  }
  return opened;
}
