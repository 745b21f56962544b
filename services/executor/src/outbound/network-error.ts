// What went wrong, for the job's record, by the error's code: Node's own messages name the address
// the socket used ("connect ECONNREFUSED 10.0.0.5:80"), which is not the job owner's to learn.
const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  EPROTO: 'TLS handshake failed',
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is not valid for this host",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate cannot be verified",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate cannot be verified",
};

// IPv6 addresses (with an IPv4 tail, a zone, brackets and a port, if any), then IPv4 ones with a port.
const ADDRESS =
  /\[?(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?:%\w+)?\]?(?::\d+)?|\b(?:\d{1,3}\.){3}\d{1,3}\b(?::\d+)?/gi;

/** Says why a connection or an exchange failed, in words and the error's code, without any address. */
export function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && DESCRIPTIONS[code]) return `${DESCRIPTIONS[code]} (${code})`;
  if (code?.startsWith('HPE_')) return `the answer is not valid HTTP (${code})`;
  const message = withoutAddresses(error instanceof Error ? error.message : String(error));
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** `text` with every IP address (and port) in it replaced by "<address>". */
export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, (match) => (isAddress(match) ? '<address>' : match));
}

// A time such as 12:30:45 looks like an IPv6 address of two colons; a real one has `::`, more colons, or an IPv4 part.
function isAddress(match: string): boolean {
  return /\d\.\d/.test(match) || match.includes('::') || match.split(':').length > 3;
}
