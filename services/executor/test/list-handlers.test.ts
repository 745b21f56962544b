import { randomBytes } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { auth, executor } from '@chrono/contracts';
import { closeHealthClients, scratchDatabase, ServiceProcess, unary, unaryError } from '@chrono/testkit';
import { startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';

// ListHandlers over gRPC, with a token that a real auth service issued.
describe('ListHandlers', () => {
  const database = scratchDatabase();
  let queue: PrivateQueue;
  let authService: ServiceProcess;
  let service: ServiceProcess;
  let client: executor.ExecutorServiceClient;
  let token: string;

  beforeAll(async () => {
    queue = await PrivateQueue.create();
    authService = await ServiceProcess.start('auth', { ...database.env, BCRYPT_ROUNDS: '4' });
    service = await startExecutor(queue, { AUTH_GRPC_URL: authService.address });
    client = new executor.ExecutorServiceClient(service.address, credentials.createInsecure());
    const authClient = new auth.AuthServiceClient(authService.address, credentials.createInsecure());
    const email = `handlers-${randomBytes(3).toString('hex')}@example.com`;
    token = (await unary(authClient.register.bind(authClient), { email, password: 'long-enough-1', name: 'H' }))
      .accessToken;
    authClient.close();
  });

  afterAll(async () => {
    client?.close();
    await Promise.all([service?.stop('SIGKILL'), authService?.stop()]);
    await queue?.close();
    closeHealthClients();
    await database.drop();
  });

  it('lists the default, http and nats handlers with what they do', async () => {
    const response = await unary(client.listHandlers.bind(client), {}, { authorization: `Bearer ${token}` });
    expect(response.handlers.map((handler) => handler.name)).toEqual(['default', 'http', 'nats']);
    for (const handler of response.handlers) expect(handler.description.length).toBeGreaterThan(20);
    expect(response.handlers[1].description).toContain('"url"');
  });

  it('refuses a call without a bearer token', async () => {
    const error = await unaryError(client.listHandlers.bind(client), {});
    expect(error.code).toBe(status.UNAUTHENTICATED);
    expect(error.details).toBe('missing bearer token in the authorization header');
  });
});
