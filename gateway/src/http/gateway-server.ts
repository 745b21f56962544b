import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { status } from '@grpc/grpc-js';
import { inSpan, tracingEnabled, type Logger, type Span } from '@chrono/kit';
import type { GatewayConfig, Upstream } from '../config';
import type { ConsoleFiles } from '../console/console-files';
import type { SwaggerUi } from '../docs/swagger-ui';
import { GatewayError } from '../gateway-error';
import { healthReport } from '../health/health-report';
import { PathDecodeError } from '../routing/path-template';
import type { RouteTable } from '../routing/route-table';
import type { Transcoder } from '../transcoding/transcoder';
import { callMetadata, requestIdOf } from './call-metadata';
import { applyCors } from './cors';
import { errorBody } from './http-status';
import { recordHttpRequest, ROUTE_LABEL } from './http-metrics';
import { endHttpSpan, httpServerSpan } from './http-tracing';
import { readBody } from './read-body';

export interface GatewayServerDeps {
  config: GatewayConfig;
  routes: RouteTable<Upstream>;
  transcoder: Transcoder;
  docs: SwaggerUi;
  /** The web console's files, when it is built. */
  console?: ConsoleFiles;
  log: Logger;
}

/**
 * The gateway's HTTP listener: CORS, /health, Swagger UI and the OpenAPI document under /api, every
 * REST route of the descriptor set, transcoded to gRPC, and the web console at / (its pages are
 * whatever a browser asks for as HTML that no REST route answers). Every answer is JSON with an
 * `x-request-id`; anything unexpected is a 500 with a generic message, never a stack trace. Every
 * answer is counted in the http_request* metrics under its route template, never its path. While
 * tracing is on, every request is a SERVER span, in which its gRPC call is made.
 */
export class GatewayServer {
  private readonly server: Server;

  constructor(private readonly deps: GatewayServerDeps) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  /** Listens on `port` (0 picks a free one); resolves to the bound port. */
  start(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** Stops taking connections and lets requests in flight finish. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = requestIdOf(request);
    response.setHeader('x-request-id', requestId);
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const pathname = queryAt >= 0 ? url.slice(0, queryAt) : url;
    if (!tracingEnabled()) return this.answer(request, response, requestId, pathname);
    const span = httpServerSpan(request, pathname, requestId);
    return inSpan(span, () => this.answer(request, response, requestId, pathname, span));
  }

  private async answer(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    pathname: string,
    span?: Span,
  ): Promise<void> {
    const started = performance.now();
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    let rpc: string | undefined;
    let route: string = ROUTE_LABEL.unmatched;
    try {
      if (applyCors(request, response, this.deps.config.corsOrigins)) {
        route = ROUTE_LABEL.preflight;
        return;
      }
      if (pathname === '/health' && request.method === 'GET') {
        route = ROUTE_LABEL.health;
        return await this.health(response);
      }
      if (this.deps.docs.serve(request, response, pathname)) {
        route = ROUTE_LABEL.docs;
        return;
      }
      if (this.deps.console?.serveFile(request, response, pathname)) {
        route = ROUTE_LABEL.console;
        return;
      }
      const match = this.deps.routes.match(request.method ?? '', pathname);
      if (!match && this.deps.console?.serveApp(request, response, pathname)) {
        route = ROUTE_LABEL.console;
        return;
      }
      if (!match) {
        request.resume();
        throw GatewayError.noRoute(request.method ?? '', pathname);
      }
      route = match.route.binding.path;
      rpc = match.route.grpcPath.slice(1);
      const body = await readBody(request, this.deps.config.maxBodyBytes);
      const query = new URLSearchParams(queryAt >= 0 ? url.slice(queryAt + 1) : '');
      const answer = await this.deps.transcoder.transcode(
        match,
        { pathValues: match.pathValues, query, body },
        callMetadata(
          request,
          requestId,
          this.deps.config.trustedProxyHops,
          this.deps.config.grpc.gatewayTrust.sharedSecret,
        ),
      );
      sendJson(response, answer.status, answer.body, answer.headers);
    } catch (error) {
      this.fail(response, error, requestId);
    } finally {
      const seconds = (performance.now() - started) / 1000;
      recordHttpRequest(request.method ?? '', route, response.statusCode, seconds);
      if (span) endHttpSpan(span, request.method ?? '', rpc && route, response.statusCode);
      this.deps.log.info(
        {
          method: request.method,
          path: pathname,
          rpc,
          status: response.statusCode,
          ms: Math.round(seconds * 1000),
          requestId,
        },
        'http',
      );
    }
  }

  private async health(response: ServerResponse): Promise<void> {
    const report = await healthReport(this.deps.config.upstreams);
    sendJson(response, report.status === 'SERVING' ? 200 : 503, report);
  }

  private fail(response: ServerResponse, error: unknown, requestId: string): void {
    if (error instanceof GatewayError)
      return sendJson(response, error.httpStatus, errorBody(error.code, error.message));
    if (error instanceof PathDecodeError)
      return sendJson(response, 400, errorBody(status.INVALID_ARGUMENT, error.message));
    this.deps.log.error({ err: error, requestId }, 'unexpected error');
    if (!response.headersSent) sendJson(response, 500, errorBody(status.INTERNAL, 'internal error'));
    else response.destroy();
  }
}

function sendJson(
  response: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
