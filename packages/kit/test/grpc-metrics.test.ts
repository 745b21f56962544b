import { createServer } from 'node:net';
import pino from 'pino';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { descriptorSetPath, executor } from '@chrono/contracts';
import {
  GrpcServer,
  closeHealthClients,
  InvalidArgumentError,
  metricsRegistry,
  startMetricsServer,
  StartupError,
  withClientMetrics,
  type MetricsServer,
} from '@chrono/kit';
import { parsePrometheusText, promtoolCheckMetrics, sampleSum, type Sample } from '@chrono/testkit';

// The gRPC metrics of a real server and client in this process: what each call adds, under which
// labels, for the services' own RPCs and for health and reflection, which grpc-js serves beside them.
describe('gRPC and process metrics', () => {
  const log = pino({ level: 'silent' });
  const LIST_HANDLERS = {
    grpc_service: 'chrono.executor.v1.ExecutorService',
    grpc_method: 'ListHandlers',
    grpc_type: 'unary',
  };
  let server: GrpcServer;
  let address: string;
  let client: executor.ExecutorServiceClient;
  let metricsServer: MetricsServer;
  // Calls marked `hang` wait here until the test lets them go.
  const hanging: Array<() => void> = [];

  beforeAll(async () => {
    metricsServer = await startMetricsServer(0, log);
    server = new GrpcServer({ name: 'metrics-test', log, descriptorSetPath, dependencies: [] });
    server.addService(executor.ExecutorServiceService, {
      listHandlers: async (_request, ctx) => {
        const plan = ctx.header('x-test-plan');
        if (plan === 'invalid') throw new InvalidArgumentError('kind', 'kind is not one we know');
        if (plan === 'hang') await new Promise<void>((resolve) => hanging.push(resolve));
        return { handlers: [] };
      },
    });
    address = `127.0.0.1:${await server.start(0, '127.0.0.1')}`;
    client = new executor.ExecutorServiceClient(address, credentials.createInsecure(), withClientMetrics());
  });

  afterAll(async () => {
    hanging.forEach((release) => release());
    client?.close();
    closeHealthClients();
    await server?.stop(1000);
    await metricsServer?.stop();
  });

  const scrape = async (): Promise<Sample[]> => parsePrometheusText(await metricsRegistry.metrics());
  const listHandlers = (plan: string, deadlineMs = 10_000) =>
    new Promise<ServiceError | null>((resolve) => {
      const metadata = new Metadata();
      metadata.set('x-test-plan', plan);
      client.listHandlers({}, metadata, { deadline: Date.now() + deadlineMs }, (error) => resolve(error));
    });

  it('serves the registry as Prometheus text at GET /metrics on a port of its own, with the process metrics', async () => {
    expect(metricsServer.port).toBeGreaterThan(0);
    const response = await fetch(`http://127.0.0.1:${metricsServer.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const names = new Set(parsePrometheusText(await response.text()).map((sample) => sample.name));
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(names).toContain(name);
    expect((await fetch(`http://127.0.0.1:${metricsServer.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsServer.port}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses to start on a port that is taken, naming METRICS_PORT', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const failure = await startMetricsServer(port, log).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toContain(`cannot serve metrics on port ${port} (METRICS_PORT)`);
    } finally {
      taken.close();
    }
  });

  it('creates the series of every method at zero before its first call, for each code', async () => {
    const samples = await scrape();
    const ofMethod = (name: string) =>
      samples.filter(
        (s) => s.name === name && s.labels.grpc_service === 'grpc.health.v1.Health' && s.labels.grpc_method === 'Watch',
      );
    expect(ofMethod('grpc_server_started_total')).toEqual([
      {
        name: 'grpc_server_started_total',
        labels: { grpc_service: 'grpc.health.v1.Health', grpc_method: 'Watch', grpc_type: 'server_stream' },
        value: 0,
      },
    ]);
    expect(ofMethod('grpc_server_handled_total').map((s) => s.labels.grpc_code)).toHaveLength(17);
    expect(ofMethod('grpc_server_handling_seconds_count')).toHaveLength(1);
    expect(sampleSum(samples, 'grpc_server_handled_total', { ...LIST_HANDLERS, grpc_code: 'DataLoss' })).toBe(0);
  });

  it('counts each call when it starts and when it ends, under its code, on the server and the client', async () => {
    const before = await scrape();
    expect(await listHandlers('ok')).toBeNull();
    expect(await listHandlers('ok')).toBeNull();
    expect((await listHandlers('invalid'))?.code).toBe(status.INVALID_ARGUMENT);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    for (const side of ['server', 'client']) {
      expect({ side, started: delta(`grpc_${side}_started_total`, LIST_HANDLERS) }).toEqual({ side, started: 3 });
      expect({ side, ok: delta(`grpc_${side}_handled_total`, { ...LIST_HANDLERS, grpc_code: 'OK' }) }).toEqual({
        side,
        ok: 2,
      });
      expect({
        side,
        invalid: delta(`grpc_${side}_handled_total`, { ...LIST_HANDLERS, grpc_code: 'InvalidArgument' }),
      }).toEqual({ side, invalid: 1 });
      expect({ side, timed: delta(`grpc_${side}_handling_seconds_count`, LIST_HANDLERS) }).toEqual({ side, timed: 3 });
      expect({
        side,
        inLastBucket: delta(`grpc_${side}_handling_seconds_bucket`, { ...LIST_HANDLERS, le: '+Inf' }),
      }).toEqual({ side, inLastBucket: 3 });
    }
  });

  it('writes what promtool check metrics accepts', async () => {
    const { code, output } = await promtoolCheckMetrics(await metricsRegistry.metrics());
    expect({ code, output }).toEqual({ code: 0, output: '' });
  });
});
