import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { JobError } from './job-error';
import type { OutboundPolicy } from './outbound-policy';

/** One request to a URL a user named. */
export interface OutboundRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Aborts the request, its redirects and the reading of the answer. */
  signal: AbortSignal;
}

/** The final answer, after redirects. */
export interface OutboundResponse {
  /** The URL that answered. */
  url: URL;
  status: number;
  statusText: string;
  contentType?: string;
  /** At most `maxResponseBytes` of the body. */
  body: Buffer;
  /** Whether the body was longer than `maxResponseBytes` and was cut. */
  truncated: boolean;
}

export interface OutboundHttpClientOptions {
  /** The most of a response body that is read, in bytes. */
  maxResponseBytes: number;
  /** Redirects followed before the request fails (default 5). */
  maxRedirects?: number;
  /** Resolves a host name to all its addresses (default: the system resolver, as `dns.lookup`). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

// Headers that must not follow a redirect to another origin.
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * An HTTP client for URLs that users name. It resolves each host itself, refuses addresses the
 * policy forbids, and connects to exactly the addresses it checked, so a DNS answer that changes
 * between check and connect cannot lead to a private address. It follows redirects itself, checking
 * every hop, and reads no more of a body than `maxResponseBytes`.
 */
export class OutboundHttpClient {
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
    const headers = { ...request.headers };
    let what = `request to ${url}`;
    for (let redirects = 0; ; redirects++) {
      const addresses = await this.checkedAddresses(url, what);
      const response = await this.exchange({ url, method, headers, body, signal: request.signal }, addresses);
      const location = response.headers.location;
      if (!isRedirect(response.statusCode) || !location) return this.read(url, response, request.signal);
      response.destroy();
      if (redirects >= this.maxRedirects) throw new JobError(`too many redirects from ${request.url} (more than ${this.maxRedirects})`);

      const next = parseRedirect(url, location);
      what = `redirect from ${url} to ${next}`;
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new JobError(`${what} refused: only http and https are allowed`);
      // As browsers do: 303, and 301/302 after a POST, continue as a GET without a body.
      if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
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
        throw new JobError(`${what} failed: cannot resolve ${host} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    for (const { address } of addresses) {
      const reason = this.policy.refusal(host, address);
      if (reason) throw new JobError(`${what} refused: ${reason}`);
    }
    return addresses;
  }

  private exchange(request: OutboundRequest, addresses: LookupAddress[]): Promise<http.IncomingMessage> {
    const { url, method, headers, body, signal } = request;
    // Hands the socket the addresses that were checked, instead of asking DNS a second time.
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) return callback(null, addresses);
      const first = addresses.find(({ family }) => !options.family || family === options.family) ?? addresses[0];
      callback(null, first.address, first.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const sizedHeaders = body ? { ...headers, 'content-length': String(body.length) } : headers;
    return new Promise((resolve, reject) => {
      const req = client.request(url, { method, headers: sizedHeaders, lookup: pinned, signal, agent: false }, resolve);
      req.on('error', (error) => reject(signal.aborted ? signal.reason : new JobError(`request to ${url} failed: ${error.message}`)));
      req.end(body);
    });
  }

  private read(url: URL, response: http.IncomingMessage, signal: AbortSignal): Promise<OutboundResponse> {
    const limit = this.options.maxResponseBytes;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (truncated: boolean) => {
        if (settled) return;
        settled = true;
        const status = response.statusCode ?? 0;
        const contentType = response.headers['content-type'];
        resolve({ url, status, statusText: response.statusMessage || http.STATUS_CODES[status] || '', contentType, body: Buffer.concat(chunks), truncated });
      };
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = limit - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          response.destroy();
          finish(true);
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => finish(false));
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        response.destroy();
        reject(error);
      };
      response.on('error', (error) => fail(signal.aborted ? signal.reason : new JobError(`reading the answer of ${url} failed: ${error.message}`)));
      signal.addEventListener('abort', () => fail(signal.reason), { once: true });
    });
  }
}

function isRedirect(status: number | undefined): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function parseRedirect(from: URL, location: string): URL {
  try {
    return new URL(location, from);
  } catch {
    throw new JobError(`redirect from ${from} to "${location}" refused: not a valid URL`);
  }
}
