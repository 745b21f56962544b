import { readFileSync } from 'node:fs';
import pino from 'pino';
import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  status,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { create, createFileRegistry, fromBinary, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSetPath, executor } from '@chrono/contracts';
import {
  GrpcServer,
  healthStatus,
  closeHealthClients,
  InvalidArgumentError,
  metricsRegistry,
  ReflectionService,
  startMetricsServer,
  withClientMetrics,
  type MetricsServer,
} from '@chrono/kit';
import { parsePrometheusText, sampleSum, waitFor, type Sample } from '@chrono/testkit';

// The gRPC metrics of a real server and client in this process: what each call adds, under which
// labels, for the services' own RPCs and for health and reflection, which grpc-js serves beside them.
describe('gRPC metrics of health, reflection, cancelled and late calls', () => {
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

  it('counts health checks and reflection streams, which grpc-js serves beside the services', async () => {
    const before = await scrape();
    expect(await healthStatus(address)).toBe('SERVING');
    await listServicesByReflection(address);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    const check = { grpc_service: 'grpc.health.v1.Health', grpc_method: 'Check', grpc_type: 'unary', grpc_code: 'OK' };
    expect(delta('grpc_server_handled_total', check)).toBe(1);
    expect(delta('grpc_client_handled_total', check)).toBe(1);
    // The stream ends on the server once the client has half-closed it; the count comes just after.
    await waitFor(
      async () => {
        const samples = await scrape();
        const reflection = {
          grpc_service: 'grpc.reflection.v1.ServerReflection',
          grpc_method: 'ServerReflectionInfo',
          grpc_type: 'bidi_stream',
          grpc_code: 'OK',
        };
        return (
          sampleSum(samples, 'grpc_server_handled_total', reflection) -
            sampleSum(before, 'grpc_server_handled_total', reflection) ===
          1
        );
      },
      { what: 'the reflection stream counted as handled' },
    );
  });

  it('counts a call the client cancels as Canceled on both sides, and one past its deadline as DeadlineExceeded', async () => {
    const before = await scrape();
    const metadata = new Metadata();
    metadata.set('x-test-plan', 'hang');
    const cancelled = new Promise<ServiceError | null>((resolve) => {
      const call = client.listHandlers({}, metadata, (error) => resolve(error));
      void waitFor(() => hanging.length > 0, { what: 'the call to reach its handler' }).then(() => call.cancel());
    });
    expect((await cancelled)?.code).toBe(status.CANCELLED);
    const canceled = { ...LIST_HANDLERS, grpc_code: 'Canceled' };
    await waitFor(
      async () =>
        sampleSum(await scrape(), 'grpc_server_handled_total', canceled) -
          sampleSum(before, 'grpc_server_handled_total', canceled) ===
        1,
      { what: 'the server to count the cancelled call' },
    );
    expect(
      sampleSum(await scrape(), 'grpc_client_handled_total', canceled) -
        sampleSum(before, 'grpc_client_handled_total', canceled),
    ).toBe(1);
    hanging.splice(0).forEach((release) => release());
    expect((await listHandlers('hang', 200))?.code).toBe(status.DEADLINE_EXCEEDED);
    const after = await scrape();
    expect(
      sampleSum(after, 'grpc_client_handled_total', { ...LIST_HANDLERS, grpc_code: 'DeadlineExceeded' }) -
        sampleSum(before, 'grpc_client_handled_total', { ...LIST_HANDLERS, grpc_code: 'DeadlineExceeded' }),
    ).toBe(1);
    // Whether the server saw its own deadline pass or the client's cancel first, it counts the call once.
    // (The handler is held until then: one that answered before the server noticed would count as OK.)
    await waitFor(
      async () => {
        const samples = await scrape();
        const ended = ['Canceled', 'DeadlineExceeded'].reduce(
          (sum, code) =>
            sum +
            sampleSum(samples, 'grpc_server_handled_total', { ...LIST_HANDLERS, grpc_code: code }) -
            sampleSum(before, 'grpc_server_handled_total', { ...LIST_HANDLERS, grpc_code: code }),
          0,
        );
        return ended === 2;
      },
      { what: 'the server to count both calls once each' },
    );
    hanging.splice(0).forEach((release) => release());
    const end = await scrape();
    expect(
      sampleSum(end, 'grpc_server_started_total', LIST_HANDLERS) -
        sampleSum(before, 'grpc_server_started_total', LIST_HANDLERS),
    ).toBe(2);
    // The cancelled call's handler, released long since, did not count its call again (as OK).
    expect(
      sampleSum(end, 'grpc_server_handled_total', LIST_HANDLERS) -
        sampleSum(before, 'grpc_server_handled_total', LIST_HANDLERS),
    ).toBe(2);
  });
});

/** Lists the server's services over reflection v1 (a bidi stream), as grpcurl does first. */
async function listServicesByReflection(address: string): Promise<void> {
  const [{ definition }] = new ReflectionService(descriptorSetPath, []).definitions();
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath)));
  const request = registry.getMessage('grpc.reflection.v1.ServerReflectionRequest') as DescMessage;
  const Client = makeGenericClientConstructor(definition, 'ServerReflection');
  const reflection = new Client(address, credentials.createInsecure(), withClientMetrics()) as unknown as {
    ServerReflectionInfo(): ClientDuplexStream<object, { messageResponse: { case: string } }>;
  };
  try {
    const stream = reflection.ServerReflectionInfo();
    const answer = new Promise<string>((resolve, reject) => {
      stream.once('data', (response) => resolve(response.messageResponse.case));
      stream.once('error', reject);
    });
    stream.write(create(request, { messageRequest: { case: 'listServices', value: '' } }));
    expect(await answer).toBe('listServicesResponse');
    const ended = new Promise((resolve) => stream.once('status', resolve));
    stream.end();
    await ended;
  } finally {
    (reflection as unknown as { close(): void }).close();
  }
}
