import {
  InterceptingCall,
  ListenerBuilder,
  RequesterBuilder,
  status,
  type Interceptor,
  type Metadata,
} from '@grpc/grpc-js';
import { context, SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { chronoTracer } from './tracing';
import { formatTraceParent, TRACE_PARENT_HEADER } from './trace-parent';
import { startSpan } from './spans';

// `/chrono.catalog.v1.JobService/CreateJob`: the span's name without the slash, and the rpc.* attributes.
function rpcAttributes(path: string): Attributes {
  const slash = path.lastIndexOf('/');
  return { 'rpc.system': 'grpc', 'rpc.service': path.slice(1, slash), 'rpc.method': path.slice(slash + 1) };
}

/**
 * A grpc-js client interceptor that makes a CLIENT span of every call, a child of the span active where
 * the call is made, and sends its context in the `traceparent` metadata; the span ends with the call's
 * status. Installed only while tracing is on (see withClientMetrics).
 */
export const grpcClientTracing: Interceptor = (options, nextCall) => {
  // Interceptors are built synchronously by the call, so this is the caller's context.
  const parent = context.active();
  const { path } = options.method_definition;
  const requester = new RequesterBuilder()
    .withStart((metadata, _listener, next) => {
      const span = chronoTracer().startSpan(
        path.slice(1),
        { kind: SpanKind.CLIENT, attributes: rpcAttributes(path) },
        parent,
      );
      metadata.set(TRACE_PARENT_HEADER, formatTraceParent(span.spanContext()));
      next(
        metadata,
        new ListenerBuilder()
          .withOnReceiveStatus((received, nextStatus) => {
            endRpcSpan(span, received.code, received.details);
            nextStatus(received);
          })
          .build(),
      );
    })
    .build();
  return new InterceptingCall(nextCall(options), requester);
};

/** The SERVER span of an RPC (`rpc` without the leading slash), a child of the caller's `traceparent` metadata. */
export function grpcServerSpan(rpc: string, metadata: Metadata): Span {
  const parent = metadata.get(TRACE_PARENT_HEADER)[0];
  return startSpan(rpc, {
    kind: SpanKind.SERVER,
    parent: typeof parent === 'string' ? parent : null,
    attributes: rpcAttributes(`/${rpc}`),
  });
}

/** Ends an RPC's span with its status code (any code but OK marks the span an error). */
export function endRpcSpan(span: Span, code: status, details?: string): void {
  span.setAttribute('rpc.grpc.status_code', code);
  if (code !== status.OK) span.setStatus({ code: SpanStatusCode.ERROR, message: details });
  span.end();
}
