import type { IncomingMessage } from 'node:http';
import { endSpan, SpanKind, startSpan, TRACE_PARENT_HEADER, type Span } from '@chrono/kit';

/**
 * The SERVER span of one HTTP request (call only while tracing is on), continuing the client's
 * `traceparent` header when it sends one, so that a client's own trace goes on through the system.
 */
export function httpServerSpan(request: IncomingMessage, pathname: string, requestId: string): Span {
  const parent = request.headers[TRACE_PARENT_HEADER];
  const method = request.method ?? '';
  return startSpan(method, {
    kind: SpanKind.SERVER,
    parent: typeof parent === 'string' ? parent : null,
    attributes: {
      'http.request.method': method,
      'url.path': pathname,
      'url.scheme': 'http',
      'chrono.request_id': requestId,
    },
  });
}

/**
 * Ends a request's span, named `<method> <route template>` once a REST route matched (never the path,
 * which holds ids); a 5xx answer marks it an error.
 */
export function endHttpSpan(span: Span, method: string, route: string | undefined, statusCode: number): void {
  if (route) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', statusCode);
  endSpan(span, statusCode >= 500 ? `HTTP ${statusCode}` : undefined);
}
