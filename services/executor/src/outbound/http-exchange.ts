import type { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { OutboundResponse } from '../domain/http-caller';
import { JobError } from '../domain/job-error';
import { describeNetworkError } from './network-error';

/** One request to one URL, on a connection to addresses already checked. */
export interface ExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Aborts the request and the reading of the answer. */
  signal: AbortSignal;
}

export interface ExchangeOptions {
  /** How long connecting may take, TLS handshake included, in ms (HTTP_TARGET_CONNECT_TIMEOUT). */
  connectTimeoutMs: number;
  /** How long the connection may go without a byte either way once connected, in ms (HTTP_TARGET_IDLE_TIMEOUT). */
  idleTimeoutMs: number;
  /** The most of a body that is read, in bytes. */
  maxResponseBytes: number;
}

/**
 * Sends the request to exactly `addresses` (the socket is handed them instead of asking DNS again)
 * and reads the answer, at most `maxResponseBytes` of its body; of a redirect (a 3xx with a
 * `location`), only the head. A connection not made within the connect timeout, or silent for the idle
 * timeout (an endpoint that accepts and never answers, or stops halfway), fails with a JobError that
 * says so; no message names the addresses.
 */
export function exchange(
  request: ExchangeRequest,
  addresses: LookupAddress[],
  options: ExchangeOptions,
): Promise<OutboundResponse> {
  const { url, method, headers, body, signal } = request;
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) return callback(null, addresses);
    const first =
      addresses.find(({ family }) => !lookupOptions.family || family === lookupOptions.family) ?? addresses[0];
    callback(null, first.address, first.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  const sizedHeaders = body ? { ...headers, 'content-length': String(body.length) } : headers;
  // Why the exchange was cut short by one of its timers, if it was; the socket's own error says less.
  let cutShort: JobError | undefined;
  const failure = (error: unknown, doing: string) =>
    signal.aborted
      ? signal.reason
      : (cutShort ?? new JobError(`${doing} ${url} failed: ${describeNetworkError(error)}`));

  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method, headers: sizedHeaders, lookup: pinned, signal, agent: false },
      (response) => {
        if (isRedirect(response.statusCode ?? 0) && response.headers.location) {
          response.destroy();
          resolve(answerOf(url, response, Buffer.alloc(0), false));
          return;
        }
        readAnswer(response, options.maxResponseBytes, signal).then(
          ({ data, truncated }) => resolve(answerOf(url, response, data, truncated)),
          (error: unknown) => reject(failure(error, 'reading the answer of')),
        );
      },
    );
    const cut = (why: string) => {
      cutShort ??= new JobError(`request to ${url} failed: ${why}`);
      req.destroy(cutShort);
    };
    const connecting = setTimeout(
      () => cut(`no connection within ${duration(options.connectTimeoutMs)} (HTTP_TARGET_CONNECT_TIMEOUT)`),
      options.connectTimeoutMs,
    );
    req.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        clearTimeout(connecting);
        socket.setTimeout(options.idleTimeoutMs, () =>
          cut(`nothing received for ${duration(options.idleTimeoutMs)} (HTTP_TARGET_IDLE_TIMEOUT)`),
        );
      });
    });
    req.on('close', () => clearTimeout(connecting));
    req.on('error', (error) => reject(failure(error, 'request to')));
    req.end(body);
  });
}

function readAnswer(
  response: http.IncomingMessage,
  limit: number,
  signal: AbortSignal,
): Promise<{ data: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = limit - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        response.destroy();
        settle(() => resolve({ data: Buffer.concat(chunks), truncated: true }));
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => settle(() => resolve({ data: Buffer.concat(chunks), truncated: false })));
    // A connection destroyed halfway (by a timer, the server or an abort) ends the body with an error or a bare close.
    response.on('error', (error) => settle(() => reject(error)));
    response.on('close', () =>
      settle(() =>
        reject(Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' })),
      ),
    );
    signal.addEventListener('abort', () => settle(() => reject(signal.reason)), { once: true });
  });
}

function answerOf(url: URL, response: http.IncomingMessage, body: Buffer, truncated: boolean): OutboundResponse {
  const status = response.statusCode ?? 0;
  const { 'content-type': contentType, location } = response.headers;
  return {
    url,
    status,
    statusText: response.statusMessage || http.STATUS_CODES[status] || '',
    contentType,
    location,
    body,
    truncated,
  };
}

/** Whether a status sends the client elsewhere (with a `location`). */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
