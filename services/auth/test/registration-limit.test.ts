import { randomBytes, randomInt } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import { closeHealthClients, scratchDatabase, ServiceProcess, unary, unaryError, viaGateway } from '@chrono/testkit';

// Registration is limited per client address and in all. Each test runs an auth of its own, with a
// Redis key prefix of its own, so that the global count of one test does not reach another.
describe('registration limits', () => {
  const database = scratchDatabase();
  const run = randomBytes(3).toString('hex');
  const started: Array<{ service: ServiceProcess; client: auth.AuthServiceClient }> = [];

  afterAll(async () => {
    for (const { service, client } of started) {
      client.close();
      await service.stop();
    }
    closeHealthClients();
    await database.drop();
  });

  const startAuth = async (name: string) => {
    const service = await ServiceProcess.start('auth', {
      ...database.env,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${name}:`,
      REGISTER_MAX_PER_ADDRESS: '3',
      REGISTER_MAX_TOTAL: '5',
      REGISTER_WINDOW: '1h',
      BCRYPT_ROUNDS: '4',
    });
    const client = new auth.AuthServiceClient(service.address, credentials.createInsecure());
    started.push({ service, client });
    let n = 0;
    const body = (email = `${name}-${++n}-${run}@example.com`) => ({ email, password: 'long-enough', name });
    return {
      register: (address: string, email?: string) =>
        unary(client.register.bind(client), body(email), viaGateway(address)),
      refusal: (address: string, email?: string) =>
        unaryError(client.register.bind(client), body(email), viaGateway(address)),
    };
  };
  const net = () => `10.${randomInt(256)}.${randomInt(256)}`;

  it('lets REGISTER_MAX_PER_ADDRESS through from one address, counting taken emails but not malformed ones', async () => {
    const auth = await startAuth('per-address');
    const [a, b] = [`${net()}.1`, `${net()}.2`];
    const first = await auth.register(a);
    expect((await auth.refusal(a, 'not-an-email')).code).toBe(status.INVALID_ARGUMENT);
    expect((await auth.refusal(a, first.user?.email)).code).toBe(status.ALREADY_EXISTS);
    await auth.register(a);

    const refused = await auth.refusal(a);
    expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused.details).toMatch(
      /^too many registrations: at most 3 from one address \(REGISTER_MAX_PER_ADDRESS\) per 1 h; try again in \d+ s$/,
    );
    expect(refused.metadata.get('retry-after')).toHaveLength(1);
    expect((await auth.register(b)).user?.name).toBe('per-address');
  });

  it('refuses every address once REGISTER_MAX_TOTAL is reached, and a refusal uses up nothing', async () => {
    const auth = await startAuth('total');
    const busy = `${net()}.1`;
    for (let i = 0; i < 3; i++) await auth.register(busy);
    // Refused by its address's limit, these do not count towards the total.
    for (let i = 0; i < 3; i++) expect((await auth.refusal(busy)).code).toBe(status.RESOURCE_EXHAUSTED);
    await auth.register(`${net()}.2`);
    await auth.register(`${net()}.3`);

    const refused = await auth.refusal(`${net()}.4`);
    expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused.details).toMatch(/^too many registrations: at most 5 from all clients \(REGISTER_MAX_TOTAL\)/);
  });
});
