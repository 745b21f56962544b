/** How many characters of an oversized result's JSON its marker keeps. */
export const RESULT_PREVIEW_CHARACTERS = 256;
/** Longest error message stored, in characters. */
export const MAX_ERROR_MESSAGE_CHARACTERS = 4000;

/** What is stored instead of a result whose JSON is larger than the cap. */
export interface TruncatedResult {
  truncated: true;
  /** Size of the result's JSON, in bytes. */
  bytes: number;
  /** The start of that JSON. */
  preview: string;
}

/**
 * The result of a run as history and the job keep it: the result itself when its JSON takes at most
 * `maxBytes` (MAX_RESULT_BYTES) bytes; otherwise a small marker that says it was cut, how big it was
 * and how it began, so that a job returning megabytes every second cannot fill the database.
 */
export function storedResult(result: unknown, maxBytes: number): unknown {
  if (result === undefined) return undefined;
  const json = JSON.stringify(result);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= maxBytes) return result;
  const marker: TruncatedResult = { truncated: true, bytes, preview: json.slice(0, RESULT_PREVIEW_CHARACTERS) };
  return marker;
}

/** An error message as stored: cut to MAX_ERROR_MESSAGE_CHARACTERS, saying so. */
export function storedErrorMessage(message: string | undefined): string | undefined {
  if (message === undefined || message.length <= MAX_ERROR_MESSAGE_CHARACTERS) return message;
  return `${message.slice(0, MAX_ERROR_MESSAGE_CHARACTERS)}… (cut from ${message.length} characters)`;
}
