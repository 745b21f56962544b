import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'authorization, content-type, idempotency-key, x-request-id';
const EXPOSE_HEADERS = 'x-request-id, retry-after';

/**
 * CORS as envoy.yaml's policy states it: allowed origins get the CORS headers, and a preflight
 * (OPTIONS with Access-Control-Request-Method) is answered here with 204. True when answered.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, origins: string[]): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !(origins.includes('*') || origins.includes(origin))) return false;
  response.setHeader('access-control-allow-origin', origins.includes('*') ? '*' : origin);
  response.setHeader('vary', 'origin');
  response.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return false;
  response.writeHead(204, {
    'access-control-allow-methods': ALLOW_METHODS,
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-max-age': '600',
  });
  response.end();
  return true;
}
