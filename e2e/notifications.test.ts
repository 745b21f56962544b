import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consumers, topology } from '@chrono/contracts';
import { verifyNotification } from '@chrono/targets';
import { waitFor } from '@chrono/testkit';
import { connect, headers } from 'nats';
import { RunningSystem } from './support/running-system';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

// A failing job's final_failure notification through the real services: job-catalog's outbox, an
// executor sending it signed, a retry after the receiver's 500, and the result recorded on the delivery.
describe('notifications, end to end', () => {
  let system: RunningSystem;
  let receiver: Server;
  let token: string;
  const notifications: Array<{ status: number; body: string; signature: string }> = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url !== '/notify') {
          response.statusCode = 500; // the job's own target: every run fails
          response.end('down');
          return;
        }
        // The first attempt fails, the next succeeds.
        const status = notifications.length === 0 ? 500 : 200;
        notifications.push({
          status,
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(request.headers['chrono-signature'] ?? ''),
        });
        response.statusCode = status;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    system = await RunningSystem.start({
      TARGET_SECRETS_KEY: randomBytes(32).toString('base64'),
      HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1',
      NOTIFICATION_RETRY_DELAY: '1s',
    });
    const email = `user-${randomBytes(4).toString('hex')}@example.com`;
    const registered = await system.call('POST', '/auth/register', {
      body: { email, password: 'SecurePassword123!', name: 'Jane Doe' },
    });
    token = registered.body.access_token;
  });
  afterAll(async () => {
    await system?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('sends a signed final_failure notification, retries it after a 500, and records it delivered after 2 attempts', async () => {
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const { status, body: job } = await system.call('POST', '/jobs', {
      token,
      body: {
        name: 'always fails',
        type: 'one_time',
        scheduledAt: inSeconds(1),
        maxRetries: 0,
        target: { http: { url: `${base}/run` } },
        notifications: [{ on: ['final_failure'], http: { url: `${base}/notify`, headers: { 'X-Token': 't0k' } } }],
      },
    });
    expect(status).toBe(200);

    const deliveries = async () =>
      (await system.call('GET', `/jobs/${job.id}/notifications`, { token })).body.items as Array<
        Record<string, unknown>
      >;
    await waitFor(async () => (await deliveries())[0]?.state === 'delivered', {
      timeoutMs: 40_000,
      what: 'the notification to be delivered',
    });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ event: 'final_failure', state: 'delivered', attempts: 2, lastStatusCode: 200 });

    expect(notifications.map((n) => n.status)).toEqual([500, 200]);
    const { secret } = (await system.call('GET', '/notification-secret', { token })).body;
    for (const notification of notifications) {
      expect(verifyNotification(secret, notification.body, notification.signature, new Date())).toBe(true);
      expect(JSON.parse(notification.body)).toMatchObject({
        id: delivery.id,
        event: 'final_failure',
        job: { id: job.id, name: 'always fails' },
        execution: { attempt: 1, status: 'failed' },
      });
    }
    expect(notifications[0].body).toBe(notifications[1].body);

    // A stale result and a repeated one, published as an executor would after a crash, change nothing.
    const nc = await connect({ servers: system.natsUrl });
    try {
      const js = nc.jetstream();
      for (const [attempt, statusCode, id] of [
        [1, 500, 'stale'],
        [2, 503, 'repeated'],
      ] as const) {
        const h = headers();
        h.set('Chrono-Type', 'chrono.notifications.AttemptResult+json');
        const result = {
          deliveryId: delivery.id,
          attempt,
          statusCode,
          error: 'HTTP 5xx',
          at: new Date().toISOString(),
        };
        await js.publish(topology.notificationResults.subject, JSON.stringify(result), { headers: h, msgID: id });
      }
      const jsm = await nc.jetstreamManager();
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(
            topology.notificationResults.stream,
            consumers.catalogNotificationResults,
          );
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { timeoutMs: 20_000, what: 'job-catalog to take the results' },
      );
    } finally {
      await nc.close();
    }
    expect((await deliveries())[0]).toMatchObject({ state: 'delivered', attempts: 2, lastStatusCode: 200 });
  });
});
