import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { credentials, Metadata, status } from '@grpc/grpc-js';
import jwt from 'jsonwebtoken';
import { auth, executor, jobService, scheduler } from '@chrono/contracts';
import { CHANNEL_OPTIONS } from '@chrono/kit';
import {
  closeHealthClients,
  freePort,
  PrivateNats,
  scratchDatabase,
  ServiceProcess,
  unary,
  unaryError,
  waitFor,
} from '@chrono/testkit';

function newSigningKey(): { privatePem: string; publicPem: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { privatePem, publicPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString() };
}

const kidOf = (token: string) => jwt.decode(token, { complete: true })?.header.kid;

// The runbook of deploy/README.md played on two auth replicas restarted one after the other, while
// every service is called without a pause with a token of the old key and, once there is one, of the new.
describe('rotating the signing key', () => {
  const database = scratchDatabase();
  const [oldKey, newKey] = [newSigningKey(), newSigningKey()];
  let nats: PrivateNats;
  let authPorts: number[];
  const replicas: ServiceProcess[] = [];
  // While true, the test calls every service without a pause.
  let rotating = false;
  const others: ServiceProcess[] = [];
  let clients: {
    auth: auth.AuthServiceClient;
    jobs: jobService.JobServiceClient;
    scheduler: scheduler.SchedulerServiceClient;
    executor: executor.ExecutorServiceClient;
  };

  const startAuth = (replica: number, keys: Record<string, string>) =>
    ServiceProcess.start('auth', {
      ...database.env,
      BCRYPT_ROUNDS: '4',
      AUTH_GRPC_PORT: String(authPorts[replica]),
      ...keys,
    });
  // The address of the replica that answers a call on the test's own channel to auth.
  const servedBy = () =>
    new Promise<string>((resolve, reject) => {
      const call = clients.auth.getJwks({}, new Metadata(), { deadline: Date.now() + 5000 }, (error) =>
        error ? reject(error) : resolve(call.getPeer()),
      );
    });
  // A rolling restart: one replica at a time, the other serving meanwhile. The next replica stops only
  // once the clients' channel reaches the restarted one: it retries a replica that refused it after a
  // back-off, and stopping the other one before that would leave it no replica for a moment (as a
  // Kubernetes rollout's readiness gate, which sees the pod serve, does not wait for every client either).
  const rollAuth = async (keys: Record<string, string>) => {
    for (const replica of [0, 1]) {
      await replicas[replica].stop();
      replicas[replica] = await startAuth(replica, keys);
      await waitFor(async () => (await servedBy()).endsWith(`:${authPorts[replica]}`), {
        what: `the clients' channel to reach auth replica ${replica} again`,
        timeoutMs: 60_000,
      });
    }
  };

  beforeAll(async () => {
    nats = await PrivateNats.start();
    // Both replicas start at once on ports picked just before: the second's port, picked before the first's
    // whole start-up, could be taken meanwhile by another test file's process (as in catalog-fixture).
    authPorts = [await freePort(), await freePort()];
    replicas.push(
      ...(await Promise.all([0, 1].map((replica) => startAuth(replica, { JWT_PRIVATE_KEY: oldKey.privatePem })))),
    );
    // Clients of auth balance over both replicas, as they would over a Kubernetes Service's pods.
    const authUrl = `ipv4:127.0.0.1:${authPorts[0]},127.0.0.1:${authPorts[1]}`;
    const common = {
      ...database.env,
      NATS_URL: nats.url,
      AUTH_GRPC_URL: authUrl,
      JWKS_REFRESH_INTERVAL: '1s',
      // The calls never pause; previews are limited per user otherwise.
      RATE_LIMIT_PREVIEWS_PER_SECOND: '100000',
      RATE_LIMIT_PREVIEW_BURST: '100000',
    };
    for (const name of ['job-catalog', 'scheduler', 'executor']) others.push(await ServiceProcess.start(name, common));
    const [catalog, schedulerService, executorService] = others;
    clients = {
      auth: new auth.AuthServiceClient(authUrl, credentials.createInsecure(), CHANNEL_OPTIONS),
      jobs: new jobService.JobServiceClient(catalog.address, credentials.createInsecure()),
      scheduler: new scheduler.SchedulerServiceClient(schedulerService.address, credentials.createInsecure()),
      executor: new executor.ExecutorServiceClient(executorService.address, credentials.createInsecure()),
    };
  });

  afterAll(async () => {
    rotating = false;
    for (const client of Object.values(clients ?? {})) client.close();
    await Promise.all([...others, ...replicas].map((service) => service.stop()));
    closeHealthClients();
    await nats?.stop();
    await database.drop();
  });

  // One authenticated call to each service, made with `call` (unary, or unaryError to expect refusals).
  const callEveryService = <T>(token: string, call: (method: never, request: never, headers: never) => Promise<T>) => {
    const headers = { authorization: `Bearer ${token}` } as never;
    return [
      call(clients.auth.getMe.bind(clients.auth) as never, {} as never, headers),
      call(clients.jobs.listJobs.bind(clients.jobs) as never, { page: 1, limit: 1 } as never, headers),
      call(
        clients.scheduler.previewRuns.bind(clients.scheduler) as never,
        { recurrencePattern: 'daily', count: 1 } as never,
        headers,
      ),
      call(clients.executor.listHandlers.bind(clients.executor) as never, {} as never, headers),
    ];
  };

  // Six restarts of auth, each waiting for it to serve, take minutes on a busy machine (timeout below).
  it('accepts old and new tokens everywhere with no failed call while the key changes, and refuses old ones once retired', async () => {
    const email = `rotation-${Date.now()}@example.com`;
    const credentialsOf = { email, password: 'long-enough-1' };
    const registered = await unary(clients.auth.register.bind(clients.auth), { ...credentialsOf, name: 'Rotation' });
    const oldToken = registered.accessToken;
    await Promise.all(callEveryService(oldToken, unary));

    const tokens = [oldToken];
    const failures: unknown[] = [];
    let calls = 0;
    rotating = true;
    const caller = (async () => {
      while (rotating) {
        await Promise.all(
          tokens.map((token) =>
            Promise.all(callEveryService(token, unary)).then(
              () => calls++,
              (error) => failures.push(error),
            ),
          ),
        );
      }
    })();

    // 1. Publish the new key beside the one that signs.
    await rollAuth({ JWT_PRIVATE_KEY: oldKey.privatePem, JWT_NEXT_PUBLIC_KEYS: newKey.publicPem });
    // 2. Sign with the new key, still publishing the old one.
    await rollAuth({ JWT_PRIVATE_KEY: newKey.privatePem, JWT_PREVIOUS_PUBLIC_KEYS: oldKey.publicPem });
    const { accessToken: newToken } = await unary(clients.auth.login.bind(clients.auth), credentialsOf);
    expect(kidOf(newToken)).not.toBe(kidOf(oldToken));
    tokens.push(newToken);
    const callsWithBoth = calls;
    await waitFor(() => calls >= callsWithBoth + 20, { what: 'calls with both tokens' });
    rotating = false;
    await caller;
    expect(failures).toEqual([]);

    // 3. Retire the old key (once the longest-lived token of it has expired, in a real rotation).
    await rollAuth({ JWT_PRIVATE_KEY: newKey.privatePem });
    await waitFor(
      async () => {
        const refusals = await Promise.all(callEveryService(oldToken, unaryError));
        return refusals.every((error) => error.code === status.UNAUTHENTICATED);
      },
      { what: 'every service to refuse the token of the retired key' },
    );
    await Promise.all(callEveryService(newToken, unary));
  }, 240_000);
});
