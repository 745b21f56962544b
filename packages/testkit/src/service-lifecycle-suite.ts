import { closeHealthClients, healthStatus } from '@chrono/kit';
import { PrivateNats } from './private-nats';
import { reflectWithPython } from './reflection-check';
import { scratchDatabase } from './scratch-database';
import { ServiceProcess } from './service-process';

export interface LifecycleSuiteOptions {
  /** Fully qualified gRPC service the process serves, e.g. `chrono.auth.v1.AuthService`. */
  grpcService: string;
  /** Its RPC names as in the proto. */
  methods: string[];
  /** Whether the service owns a PostgreSQL schema (then it gets a scratch database). */
  usesDatabase: boolean;
}

/**
 * The tests every service must pass as a process: it starts on a real port, answers SERVING for the
 * server and its service, serves reflection that a strict non-JavaScript client loads, and stops
 * cleanly and quickly on SIGTERM.
 */
export function describeServiceLifecycle(
  name: string,
  { grpcService, methods, usesDatabase }: LifecycleSuiteOptions,
): void {
  describe(`${name} as a process`, () => {
    const database = usesDatabase ? scratchDatabase() : undefined;
    let nats: PrivateNats;
    let service: ServiceProcess;

    beforeAll(async () => {
      // A NATS of its own: the service joins durable consumers that other tests' services share.
      nats = await PrivateNats.start();
      service = await ServiceProcess.start(name, { ...database?.env, NATS_URL: nats.url });
    });

    afterAll(async () => {
      await service?.stop('SIGKILL');
      await nats?.stop();
      await database?.drop();
      closeHealthClients();
    });

    it('answers SERVING for the whole server, for its service and for liveness', async () => {
      expect(await healthStatus(service.address)).toBe('SERVING');
      expect(await healthStatus(service.address, grpcService)).toBe('SERVING');
      expect(await healthStatus(service.address, 'liveness')).toBe('SERVING');
      await expect(healthStatus(service.address, 'no.such.Service')).rejects.toMatchObject({ code: 5 });
    });

    it('serves reflection that a strict Python client loads, listing its service, health and reflection', async () => {
      const view = await reflectWithPython(service.address);
      expect(view.services).toEqual(
        expect.arrayContaining([grpcService, 'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection']),
      );
      expect(view.methods[grpcService]).toEqual(methods);
    });

    it('logs JSON lines that carry the service name', () => {
      const lines = service.logs.split('\n').filter((line) => line.startsWith('{'));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: name });
    });

    it('stops with exit code 0 within seconds of SIGTERM', async () => {
      const started = Date.now();
      expect(await service.stop('SIGTERM')).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
}
