import {
  InterceptingCall,
  ListenerBuilder,
  RequesterBuilder,
  type ChannelOptions,
  type ClientOptions,
  type Interceptor,
} from '@grpc/grpc-js';
import { counter, histogram, lazily } from './metrics-registry';
import { grpcCodeName, rpcLabels } from './grpc-labels';
import { grpcClientTracing } from '../tracing/grpc-tracing';
import { tracingEnabled } from '../tracing/tracing';

const RPC = ['grpc_type', 'grpc_service', 'grpc_method'] as const;

// The names, labels and help texts of go-grpc-prometheus' client metrics.
const metrics = lazily(() => ({
  started: counter({
    name: 'grpc_client_started_total',
    help: 'Total number of RPCs started on the client.',
    labelNames: RPC,
  }),
  handled: counter({
    name: 'grpc_client_handled_total',
    help: 'Total number of RPCs completed by the client, regardless of success or failure.',
    labelNames: [...RPC, 'grpc_code'],
  }),
  handling: histogram({
    name: 'grpc_client_handling_seconds',
    help: 'Histogram of response latency (seconds) of the gRPC until it is finished by the application.',
    labelNames: RPC,
  }),
}));

/**
 * A grpc-js client interceptor that counts every call when it starts and when its status arrives
 * (deadlines and cancellations included, under their codes), and times it.
 */
export const grpcClientMetrics: Interceptor = (options, nextCall) => {
  const { started, handled, handling } = metrics();
  const { path, requestStream, responseStream } = options.method_definition;
  const labels = rpcLabels(path, requestStream, responseStream);
  const requester = new RequesterBuilder()
    .withStart((metadata, _listener, next) => {
      started.inc(labels);
      const startedAt = performance.now();
      next(
        metadata,
        new ListenerBuilder()
          .withOnReceiveStatus((received, nextStatus) => {
            handled.inc({ ...labels, grpc_code: grpcCodeName(received.code) });
            handling.observe(labels, (performance.now() - startedAt) / 1000);
            nextStatus(received);
          })
          .build(),
      );
    })
    .build();
  return new InterceptingCall(nextCall(options), requester);
};

/**
 * Client options with the metrics interceptor added to `options`, and, while tracing is on, the one
 * that makes a span of every call and propagates its context (build clients after startTracing). A
 * new object every time: grpc-js removes `interceptors` from the options a client is built with, so a
 * shared object would lose them.
 */
export function withClientMetrics(options: ChannelOptions = {}): ClientOptions {
  return { ...options, interceptors: tracingEnabled() ? [grpcClientTracing, grpcClientMetrics] : [grpcClientMetrics] };
}
