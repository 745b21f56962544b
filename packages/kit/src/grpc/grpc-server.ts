import {
  Server,
  status,
  type Metadata,
  type ServiceDefinition,
  type ServerUnaryCall,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { HealthImplementation, service as healthService } from 'grpc-health-check';
import type { Logger } from 'pino';
import { CallContext } from './call-context';
import { isFromGateway } from './gateway-trust';
import { grpcServerCredentials } from './grpc-tls';
import { DependencyHealth, type DependencyCheck } from './dependency-health';
import { ReflectionService } from './reflection-service';
import { toServiceError } from './status-mapping';
import { grpcServerMetrics, initializeGrpcServerMetrics } from '../metrics/grpc-server-metrics';
import { reportServing } from '../metrics/serving-metric';
import { quotaRefusalCounter } from '../metrics/limit-metrics';
import { QuotaExceededError } from '../errors/domain-errors';
import { endRpcSpan, grpcServerSpan } from '../tracing/grpc-tracing';
import { inSpan } from '../tracing/spans';
import { tracingEnabled } from '../tracing/tracing';

/** Verifies the caller of an RPC: resolves to the user id, or throws UnauthenticatedError. */
export interface Authenticator {
  authenticate(metadata: Metadata): Promise<string>;
}

/** A unary RPC handler: the request and call context in, the response out; errors are thrown. */
export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

/** The handlers of a ts-proto service definition, typed from its (de)serializers. */
export type ServiceHandlers<D> = {
  [K in keyof D]: D[K] extends {
    requestDeserialize: (bytes: Buffer) => infer Req;
    responseSerialize: (value: infer Res) => Buffer;
  }
    ? UnaryHandler<Req, Res>
    : never;
};

export interface GrpcServerOptions {
  /** The service's name in logs. */
  name: string;
  log: Logger;
  /** The FileDescriptorSet that reflection serves (`descriptorSetPath` of @chrono/contracts). */
  descriptorSetPath: string;
  /** Probed every 2 s; the health status is SERVING only while all of them pass. */
  dependencies: DependencyCheck[];
  /** Verifies bearer tokens on every RPC that is not public. */
  authenticator?: Authenticator;
}

const HEALTH_SERVICE = 'grpc.health.v1.Health';
/**
 * A health name that answers SERVING for as long as the process runs and is not stopping, whatever its
 * dependencies: for liveness probes, so that an outage of PostgreSQL or NATS does not restart every pod.
 */
export const LIVENESS_HEALTH_NAME = 'liveness';
const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

/**
 * A grpc-js server with what every service needs: TLS or mTLS from the process's GRPC_TLS_* settings, `grpc.health.v1.Health` reflecting the state of
 * its dependencies, server reflection, one log line per RPC, the grpc_server_* metrics of every RPC,
 * a SERVER span of every RPC of its services while tracing is on (continuing the caller's
 * `traceparent`), domain errors mapped to status codes, token verification, and a graceful stop.
 */
export class GrpcServer {
  // The metrics interceptor sees every RPC this server answers: the services', health's and reflection's.
  private readonly server = new Server({
    'grpc.max_receive_message_length': 4 * 1024 * 1024,
    interceptors: [grpcServerMetrics],
  });
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING', [LIVENESS_HEALTH_NAME]: 'SERVING' });
  private readonly serviceNames: string[] = [];
  private readonly dependencyHealth: DependencyHealth;

  constructor(private readonly options: GrpcServerOptions) {
    this.health.addToServer(this.server);
    initializeGrpcServerMetrics(healthService);
    reportServing(false);
    this.dependencyHealth = new DependencyHealth(
      options.dependencies,
      (healthy) => this.setServing(healthy),
      options.log,
    );
  }

  /**
   * Binds a ts-proto service definition to its handlers. Every method needs a verified bearer token
   * unless it is listed in `publicMethods`.
   */
  addService<D extends ServiceDefinition>(
    definition: D,
    handlers: ServiceHandlers<D>,
    { publicMethods = [] as Array<keyof D> } = {},
  ): void {
    const serviceName = serviceNameOf(definition);
    const implementation: UntypedServiceImplementation = {};
    for (const method of Object.keys(definition) as Array<keyof D & string>) {
      const rpc = definition[method].path.slice(1);
      const requiresUser = !publicMethods.includes(method);
      implementation[method] = this.unary(rpc, handlers[method], requiresUser);
    }
    this.server.addService(definition, implementation);
    initializeGrpcServerMetrics(definition);
    this.serviceNames.push(serviceName);
    this.health.setStatus(serviceName, 'NOT_SERVING');
  }

  /** Binds the port (0 picks a free one), starts reflection and dependency probes; resolves to the port. */
  async start(port: number, host = '0.0.0.0'): Promise<number> {
    const reflection = new ReflectionService(this.options.descriptorSetPath, [
      ...this.serviceNames,
      HEALTH_SERVICE,
      ...REFLECTION_SERVICES,
    ]);
    for (const { definition, handler } of reflection.definitions()) {
      this.server.addService(definition, { ServerReflectionInfo: handler as never });
      initializeGrpcServerMetrics(definition);
    }
    const bound = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(`${host}:${port}`, grpcServerCredentials(), (error, actual) =>
        error ? reject(error) : resolve(actual),
      ),
    );
    await this.dependencyHealth.start();
    this.options.log.info({ port: bound, services: this.serviceNames }, 'gRPC server listening');
    return bound;
  }

  /**
   * Marks every service NOT_SERVING, lets calls in flight finish for up to `graceMs`, then closes
   * what is left.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.dependencyHealth.stop();
    this.setServing(false);
    this.health.setStatus(LIVENESS_HEALTH_NAME, 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private setServing(serving: boolean): void {
    const state = serving ? 'SERVING' : 'NOT_SERVING';
    reportServing(serving);
    this.health.setStatus('', state);
    for (const name of this.serviceNames) this.health.setStatus(name, state);
  }

  private unary(rpc: string, handler: UnaryHandler<unknown, unknown>, requiresUser: boolean) {
    const { log, authenticator } = this.options;
    return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const ctx = CallContext.fromCall(rpc, call.metadata, call.getPeer(), log, isFromGateway(call));
      const started = performance.now();
      const span = tracingEnabled() ? grpcServerSpan(rpc, call.metadata) : undefined;
      const run = async () => {
        if (requiresUser && authenticator) ctx.userId = await authenticator.authenticate(call.metadata);
        return handler(call.request, ctx);
      };
      const answer = () =>
        run().then(
          (response) => {
            ctx.log.info({ code: 'OK', ms: elapsed(started) }, 'rpc');
            if (span) endRpcSpan(span, status.OK);
            callback(null, response);
          },
          (error: unknown) => {
            if (error instanceof QuotaExceededError) quotaRefusalCounter(error.quota).inc();
            const serviceError = toServiceError(error);
            const line = { code: status[serviceError.code], ms: elapsed(started), message: serviceError.details };
            if (serviceError.code === status.INTERNAL) ctx.log.error({ ...line, err: error }, 'rpc failed');
            else if (serviceError.code === status.UNAVAILABLE)
              ctx.log.warn({ ...line, cause: String(error) }, 'rpc failed');
            else ctx.log.info(line, 'rpc rejected');
            if (span) endRpcSpan(span, serviceError.code, serviceError.details);
            callback(serviceError);
          },
        );
      // Inside the span, the handler and the outcome's log line see it active.
      if (span) void inSpan(span, answer);
      else void answer();
    };
  }
}

function serviceNameOf(definition: ServiceDefinition): string {
  const first = Object.values(definition)[0];
  if (!first) throw new Error('a service definition without methods');
  return first.path.slice(1, first.path.lastIndexOf('/'));
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
