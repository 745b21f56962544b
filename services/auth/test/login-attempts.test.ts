import { randomBytes, randomInt } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import {
  closeHealthClients,
  sampleSum,
  scrape,
  scratchDatabase,
  ServiceProcess,
  unary,
  unaryError,
  waitFor,
  viaGateway,
} from '@chrono/testkit';

// Attempts are counted before the password is checked, and keyed so that a stranger cannot lock the
// owner out. Counters live under this file's own REDIS_KEY_PREFIX; emails and addresses are new each
// run besides, so that no run meets the counters of another.
describe('login attempts', () => {
  const database = scratchDatabase();
  const run = randomBytes(3).toString('hex');
  const password = 'the-right-password';
  let service: ServiceProcess;
  let client: auth.AuthServiceClient;

  beforeAll(async () => {
    service = await ServiceProcess.start('auth', {
      ...database.env,
      LOGIN_MAX_FAILURES: '5',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '8',
      LOGIN_EMAIL_DELAY_AFTER: '6',
      LOGIN_EMAIL_DELAY: '3s',
      LOGIN_LOCKOUT: '1m',
      BCRYPT_ROUNDS: '4',
    });
    client = new auth.AuthServiceClient(service.address, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    closeHealthClients();
    await database.drop();
  });

  const newUser = async (who: string) => {
    const email = `${who}-${run}@example.com`;
    await unary(client.register.bind(client), { email, password, name: who });
    return email;
  };
  // A random 10.x.y.0/24 (or IPv6 /48) per test, so that tests and runs never share an address.
  const ipv4Net = () => `10.${randomInt(256)}.${randomInt(256)}`;
  const ipv6Net = () => `2001:db8:${randomInt(0x10000).toString(16)}`;
  const attempt = (email: string, pass: string, address: string) =>
    unaryError(client.login.bind(client), { email, password: pass }, viaGateway(address));
  const signIn = (email: string, address: string) =>
    unary(client.login.bind(client), { email, password }, viaGateway(address));
  const loginRefusals = async () =>
    sampleSum((await scrape(await service.metricsUrl())).samples, 'chrono_rate_limit_refusals_total', {
      limit: 'login',
    });

  it('checks at most LOGIN_MAX_FAILURES of 40 wrong passwords sent at once, and refuses the rest', async () => {
    const email = await newUser('raced');
    const address = `${ipv4Net()}.1`;
    const refusalsBefore = await loginRefusals();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => attempt(email, 'wrong-password', address).then((e) => e.code)),
    );
    expect(answers.filter((code) => code === status.UNAUTHENTICATED)).toHaveLength(5);
    expect(answers.filter((code) => code === status.RESOURCE_EXHAUSTED)).toHaveLength(35);
    await waitFor(async () => (await loginRefusals()) === refusalsBefore + 35, { what: '35 login refusals counted' });
  });

  it("spaces out an email's attempts after failures from many addresses, without locking its owner out", async () => {
    const email = await newUser('spread');
    const net = ipv4Net();
    for (let i = 1; i <= 6; i++)
      expect((await attempt(email, 'wrong-password', `${net}.${i}`)).code).toBe(status.UNAUTHENTICATED);

    const spaced = await attempt(email, password, `${net}.100`);
    expect(spaced.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(spaced.details).toMatch(
      /^too many failed logins for this account; wait between attempts; try again in [1-3] s$/,
    );
    const session = await waitFor(() => signIn(email, `${net}.100`), {
      timeoutMs: 10_000,
      intervalMs: 250,
      what: 'the owner signing in after the delay',
    });
    expect(session.user?.email).toBe(email);
  });

  it('counts every address of an IPv6 /64 as one client, and a neighbouring /64 apart', async () => {
    const victim = await newUser('v6-victim');
    const net = ipv6Net();
    for (let i = 1; i <= 8; i++)
      expect((await attempt(`guess-${i}-${run}@example.com`, 'wrong-password', `${net}:1::${i}`)).code).toBe(
        status.UNAUTHENTICATED,
      );
    expect((await attempt(victim, password, `${net}:1:ffff:ffff:ffff:ffff`)).code).toBe(status.RESOURCE_EXHAUSTED);
    expect((await signIn(victim, `${net}:2::1`)).user?.email).toBe(victim);
  });

  it('forgives the failures of an (email, address) pair once its password is right', async () => {
    const email = await newUser('forgiven');
    const address = `${ipv4Net()}.7`;
    const failThrice = async () => {
      for (let i = 0; i < 3; i++)
        expect((await attempt(email, 'wrong-password', address)).code).toBe(status.UNAUTHENTICATED);
    };
    await failThrice();
    expect((await signIn(email, address)).user?.email).toBe(email);
    // Six failures in all: without the sign-in between, the pair's limit of five would refuse the sixth.
    await failThrice();
  });
});
