import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { HttpCaller, OutboundRequest, OutboundResponse } from '../domain/http-caller';
import { exchange, isRedirect, type ExchangeOptions } from './http-exchange';
import { JobError } from '../domain/job-error';
import type { OutboundPolicy } from './outbound-policy';

export interface OutboundHttpClientOptions extends ExchangeOptions {
  /** Redirects followed before the request fails (default 5). */
  maxRedirects?: number;
  /** Resolves a host name to all its addresses (default: the system resolver, as `dns.lookup`). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

/**
 * An HTTP client for URLs that users name. It resolves each host itself, refuses addresses the
 * policy forbids, and connects to exactly the addresses it checked, so a DNS answer that changes
 * between check and connect cannot lead to a private address. It follows redirects itself, checking
 * every hop, and sends a hop to another origin none of the target's own headers (credentials, API
 * keys, cookies, whatever they are called), only the executor's. Connecting and silence are bounded
 * by the connect and idle timeouts; a body is read up to `maxResponseBytes`.
 */
export class OutboundHttpClient implements HttpCaller {
  private readonly maxRedirects: number;
  private readonly resolve: (host: string) => Promise<LookupAddress[]>;

  constructor(
    private readonly policy: OutboundPolicy,
    private readonly options: OutboundHttpClientOptions,
  ) {
    this.maxRedirects = options.maxRedirects ?? 5;
    this.resolve = options.resolve ?? ((host) => lookup(host, { all: true }));
  }

  async send(request: OutboundRequest): Promise<OutboundResponse> {
    let { url, method, body } = request;
    let headers = { ...request.headers };
    let what = `request to ${url}`;
    for (let redirects = 0; ; redirects++) {
      const addresses = await this.checkedAddresses(url, what);
      const answer = await exchange({ url, method, headers, body, signal: request.signal }, addresses, this.options);
      if (!isRedirect(answer.status) || !answer.location) return answer;
      if (redirects >= this.maxRedirects)
        throw new JobError(`too many redirects from ${request.url} (more than ${this.maxRedirects})`);

      const next = parseRedirect(url, answer.location);
      what = `redirect from ${url} to ${next}`;
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new JobError(`${what} refused: only http and https are allowed`);
      // As browsers do: 303, and 301/302 after a POST, continue as a GET without a body.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin)
        headers = body ? { ...request.ownHeaders } : withoutContentType(request.ownHeaders);
      url = next;
    }
  }

  private async checkedAddresses(url: URL, what: string): Promise<LookupAddress[]> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const version = isIP(host);
    let addresses: LookupAddress[];
    if (version) {
      addresses = [{ address: host, family: version }];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        throw new JobError(
          `${what} failed: cannot resolve ${host} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
      }
    }
    for (const { address } of addresses) {
      const reason = this.policy.refusal(host, address);
      if (reason) throw new JobError(`${what} refused: ${reason}`);
    }
    return addresses;
  }
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _dropped, ...rest } = headers;
  return rest;
}

function parseRedirect(from: URL, location: string): URL {
  try {
    return new URL(location, from);
  } catch {
    throw new JobError(`redirect from ${from} to "${location}" refused: not a valid URL`);
  }
}
