/** One of the four services: its gRPC API and where it listens and is found by default. */
export interface ServiceEntry {
  /** The service's name (its folder under services/, its log name, its Kubernetes Service). */
  name: 'auth' | 'job-catalog' | 'scheduler' | 'executor';
  /** The fully qualified gRPC service it serves to clients. */
  grpcService: string;
  /** The variable that sets its gRPC port, and that port by default. */
  portVariable: string;
  port: number;
  /** The variable other processes find it by (host:port). */
  addressVariable: string;
  /** Its Prometheus metrics port by default (METRICS_PORT). */
  metricsPort: number;
}

/** The four services, in the order they start (each needs auth's keys). */
export const services = {
  auth: {
    name: 'auth',
    grpcService: 'chrono.auth.v1.AuthService',
    portVariable: 'AUTH_GRPC_PORT',
    port: 50051,
    addressVariable: 'AUTH_GRPC_URL',
    metricsPort: 9451,
  },
  jobCatalog: {
    name: 'job-catalog',
    grpcService: 'chrono.catalog.v1.JobService',
    portVariable: 'JOB_CATALOG_GRPC_PORT',
    port: 50052,
    addressVariable: 'JOB_CATALOG_GRPC_URL',
    metricsPort: 9452,
  },
  scheduler: {
    name: 'scheduler',
    grpcService: 'chrono.scheduler.v1.SchedulerService',
    portVariable: 'SCHEDULER_GRPC_PORT',
    port: 50053,
    addressVariable: 'SCHEDULER_GRPC_URL',
    metricsPort: 9453,
  },
  executor: {
    name: 'executor',
    grpcService: 'chrono.executor.v1.ExecutorService',
    portVariable: 'EXECUTOR_GRPC_PORT',
    port: 50054,
    addressVariable: 'EXECUTOR_GRPC_URL',
    metricsPort: 9454,
  },
} as const satisfies Record<string, ServiceEntry>;

/** The REST gateway in front of them: its HTTP port (PORT) and metrics port by default. */
export const gateway = { portVariable: 'PORT', port: 8080, metricsPort: 9450 } as const;
