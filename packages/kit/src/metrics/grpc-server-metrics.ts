import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status,
  type ServerInterceptor,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { counter, histogram, lazily } from './metrics-registry';
import { GRPC_CODE_NAMES, grpcCodeName, rpcLabels } from './grpc-labels';

const RPC = ['grpc_type', 'grpc_service', 'grpc_method'] as const;

// The names, labels and help texts of go-grpc-prometheus.
const metrics = lazily(() => ({
  started: counter({
    name: 'grpc_server_started_total',
    help: 'Total number of RPCs started on the server.',
    labelNames: RPC,
  }),
  handled: counter({
    name: 'grpc_server_handled_total',
    help: 'Total number of RPCs completed on the server, regardless of success or failure.',
    labelNames: [...RPC, 'grpc_code'],
  }),
  handling: histogram({
    name: 'grpc_server_handling_seconds',
    help: 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
    labelNames: RPC,
  }),
}));

/**
 * A grpc-js server interceptor that counts every RPC of the server it is given to (health and
 * reflection included) when it starts and when it ends with its code, and times it. Calls to a
 * method the server does not have are answered UNIMPLEMENTED by grpc-js before any interceptor runs,
 * so they are not counted (go-grpc-prometheus does the same).
 */
export const grpcServerMetrics: ServerInterceptor = (method, call) => {
  const { started, handled, handling } = metrics();
  const labels = rpcLabels(method.path, method.requestStream, method.responseStream);
  started.inc(labels);
  const startedAt = performance.now();
  let ended = false;
  const end = (code: number) => {
    if (ended) return;
    ended = true;
    handled.inc({ ...labels, grpc_code: grpcCodeName(code) });
    handling.observe(labels, (performance.now() - startedAt) / 1000);
  };
  return new ServerInterceptingCall(
    call,
    new ResponderBuilder()
      // grpc-js ends a call whose deadline passed, or that the client cancelled, below the interceptors:
      // only the cancel notice comes up here. It also follows every ordinary end, already counted by then.
      .withStart((next) =>
        next(
          new ServerListenerBuilder()
            .withOnCancel(() => end(deadlinePassed(call.getDeadline()) ? status.DEADLINE_EXCEEDED : status.CANCELLED))
            .build(),
        ),
      )
      .withSendStatus((sent, next) => {
        end(sent.code);
        next(sent);
      })
      .build(),
  );
};

/**
 * Creates the series of every method of `definition` at zero (started, handled for each code, the
 * histogram), as go-grpc-prometheus' InitializeMetrics does, so that rates and alerts see a method
 * from the start rather than from its first call.
 */
export function initializeGrpcServerMetrics(definition: ServiceDefinition): void {
  const { started, handled, handling } = metrics();
  for (const method of Object.values(definition)) {
    const labels = rpcLabels(method.path, method.requestStream, method.responseStream);
    started.inc(labels, 0);
    for (const code of GRPC_CODE_NAMES) handled.inc({ ...labels, grpc_code: code }, 0);
    handling.zero(labels);
  }
}

function deadlinePassed(deadline: Date | number): boolean {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) && at <= Date.now();
}
