import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import * as path from 'node:path';
import { credentials, status, type ChannelCredentials } from '@grpc/grpc-js';
import { auth, jobService } from '@chrono/contracts';
import {
  closeHealthClients,
  configureGrpcTls,
  GatewayProcess,
  PrivateRedis,
  scratchDatabase,
  repoRoot,
  ServiceProcess,
  unary,
  unaryError,
} from '@chrono/testkit';
import { TestCertificates } from './support/test-certificates';

// auth and job-catalog serve only mTLS; the gateway and this test are clients with certificates of the
// same CA. auth counts failed logins per client address: from the gateway's x-client-address, which it
// believes only from the certificate named "gateway".
describe('gRPC over TLS and mTLS', () => {
  const database = scratchDatabase();
  const certificates = TestCertificates.create();
  const [service, gatewayCert, tester] = ['chrono-service', 'gateway', 'tester'].map((n) => certificates.issue(n));
  const password = `Secret-${randomBytes(3).toString('hex')}-Pass!`;
  let redis: PrivateRedis;
  let authService: ServiceProcess;
  let catalog: ServiceProcess;
  let gateway: GatewayProcess;
  const clients: Array<{ close(): void }> = [];

  const mtls = {
    GRPC_TLS_CERT: service.certPath,
    GRPC_TLS_KEY: service.keyPath,
    GRPC_TLS_CA: certificates.caPath,
    GRPC_TLS_CLIENT_AUTH: 'require',
    // No shared secret: only the gateway's certificate makes x-client-address believed.
    GATEWAY_SHARED_SECRET: '',
  };
  const authClient = (channel: ChannelCredentials) => {
    const client = new auth.AuthServiceClient(authService.address, channel);
    clients.push(client);
    return client;
  };
  const asTester = () => credentials.createSsl(certificates.ca, tester.key, tester.cert);

  beforeAll(async () => {
    // This process's health checks (ServiceProcess.start) present the tester's certificate.
    configureGrpcTls({ ca: certificates.ca, cert: tester.cert, key: tester.key, requireClientCert: false });
    redis = await PrivateRedis.start();
    authService = await ServiceProcess.start('auth', {
      ...database.env,
      ...mtls,
      REDIS_PORT: String(redis.port),
      BCRYPT_ROUNDS: '4',
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
      LOGIN_LOCKOUT: '1m',
    });
    catalog = await ServiceProcess.start('job-catalog', {
      ...database.env,
      ...mtls,
      REDIS_PORT: String(redis.port),
      AUTH_GRPC_URL: authService.address,
    });
    gateway = await GatewayProcess.start({
      GRPC_TLS_CERT: gatewayCert.certPath,
      GRPC_TLS_KEY: gatewayCert.keyPath,
      GRPC_TLS_CA: certificates.caPath,
      GATEWAY_SHARED_SECRET: '',
      GATEWAY_TRUSTED_PROXY_HOPS: '1',
      AUTH_GRPC_URL: authService.address,
      JOB_CATALOG_GRPC_URL: catalog.address,
    });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
    await catalog?.stop();
    await authService?.stop();
    await redis?.kill();
    closeHealthClients();
    await database.drop();
    certificates.remove();
  });

  it('answers clients with a certificate of the CA, and services reach each other over mTLS', async () => {
    const client = authClient(asTester());
    const email = `tls-${randomBytes(3).toString('hex')}@example.com`;
    const { accessToken } = await unary(client.register.bind(client), { email, password, name: 'TLS' });
    // job-catalog verifies the token with keys it fetched from auth over mTLS.
    const jobs = new jobService.JobServiceClient(catalog.address, asTester());
    clients.push(jobs);
    await expect(
      unary(jobs.listJobs.bind(jobs), { page: 1, limit: 1 }, { authorization: `Bearer ${accessToken}` }),
    ).resolves.toMatchObject({ items: [], total: 0 });
    // And the gateway reaches both.
    const listed = await fetch(`${gateway.url}/jobs`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(listed.status).toBe(200);
  });

  it('refuses a client without a certificate, and one in plaintext', async () => {
    for (const channel of [credentials.createSsl(certificates.ca), credentials.createInsecure()]) {
      const client = authClient(channel);
      const error = await unaryError(client.getJwks.bind(client), {});
      expect(error.code).toBe(status.UNAVAILABLE);
    }
  });

  it("passes the container health check, which speaks mTLS from the service's own settings", async () => {
    const check = (env: Record<string, string>) =>
      new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [path.join(repoRoot, 'deploy', 'docker', 'grpc-health-check.js'), authService.address],
          { env: { ...process.env, ...env } },
          (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
        ),
      );
    expect((await check(mtls)).code).toBe(0);
    expect((await check({})).code).toBe(1);
  });

  const newAddress = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;
  const restLogin = (email: string, pass: string, from: string) =>
    fetch(`${gateway.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email, password: pass }),
    });

  it("believes the gateway's x-client-address: failures lock the address they came from, not another", async () => {
    const [attacker, owner] = [newAddress(), newAddress()];
    const email = `owner-${randomBytes(3).toString('hex')}@example.com`;
    const client = authClient(asTester());
    await unary(client.register.bind(client), { email, password, name: 'Owner' });
    for (let i = 0; i < 3; i++)
      expect((await restLogin(`nobody-${i}@example.com`, 'wrong-pass', attacker)).status).toBe(401);
    expect((await restLogin(email, password, attacker)).status).toBe(429);
    expect((await restLogin(email, password, owner)).status).toBe(200);
  });

  it("ignores x-client-address from a client whose certificate is not the gateway's", async () => {
    const email = `victim-${randomBytes(3).toString('hex')}@example.com`;
    const client = authClient(asTester());
    await unary(client.register.bind(client), { email, password, name: 'Victim' });
    // Each failure claims another address, and a secret no service holds: all count against the peer's.
    for (let i = 0; i < 3; i++) {
      const forged = { 'x-client-address': newAddress(), 'x-gateway-secret': 'guessed-gateway-secret' };
      const error = await unaryError(
        client.login.bind(client),
        { email: `nobody-${i}@example.com`, password: 'wrong-pass' },
        forged,
      );
      expect(error.code).toBe(status.UNAUTHENTICATED);
    }
    const locked = await unaryError(
      client.login.bind(client),
      { email, password },
      { 'x-client-address': newAddress() },
    );
    expect(locked.code).toBe(status.RESOURCE_EXHAUSTED);
  });
});
