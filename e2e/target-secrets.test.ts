import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

// A header value of an http target through the whole system: REST answers *** for it, PostgreSQL holds
// ciphertext, and after an update that sends *** back the executor still sends the original value.
describe('secrets in http targets, end to end', () => {
  let system: RunningSystem;
  let hooks: Server;
  let token: string;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    hooks = createServer((request, response) => {
      received.push(request.headers);
      request.resume();
      response.end('ok');
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    system = await RunningSystem.start({
      TARGET_SECRETS_KEY: randomBytes(32).toString('base64'),
      HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1',
    });
    token = (await system.signUp('Jane Doe')).access_token;
  });
  afterAll(async () => {
    await system?.stop();
    await new Promise((resolve) => hooks?.close(resolve));
  });

  it('masks the value in every answer, stores ciphertext, and sends the original after an update with ***', async () => {
    const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    const { status, body: job } = await system.call('POST', '/jobs', {
      token,
      body: {
        name: 'call the hook',
        type: 'one_time',
        scheduledAt: inSeconds(3600),
        target: { http: { url, headers: { Authorization: 'Bearer s3cr3t' } } },
      },
    });
    expect([status, job.target.http.headers]).toEqual([200, { Authorization: '***' }]);
    const [row] = await system.database.query<{ target: string }>(
      `select target::text as target from catalog.jobs where id = $1`,
      [job.id],
    );
    expect(row.target).not.toContain('s3cr3t');
    expect(row.target).toContain('enc:v1:');
    expect((await system.call('GET', `/jobs/${job.id}`, { token })).body.target.http.headers).toEqual({
      Authorization: '***',
    });

    const updated = await system.call('PUT', `/jobs/${job.id}`, {
      token,
      body: {
        scheduledAt: inSeconds(1),
        target: { http: { url, headers: { Authorization: '***', 'X-Extra': 'e1' } } },
      },
    });
    expect([updated.status, updated.body.target.http.headers]).toEqual([
      200,
      { Authorization: '***', 'X-Extra': '***' },
    ]);
    await waitFor(async () => (await system.call('GET', `/jobs/${job.id}`, { token })).body.status === 'completed', {
      timeoutMs: 20_000,
      what: 'the job to run',
    });
    expect(received.find((headers) => headers['chrono-job-id'] === job.id)).toMatchObject({
      authorization: 'Bearer s3cr3t',
      'x-extra': 'e1',
    });
  });
});
