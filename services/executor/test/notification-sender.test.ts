import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEVELOPMENT_TARGET_SECRETS_KEY,
  newNotificationSecret,
  TargetSecrets,
  verifyNotification,
} from '@chrono/targets';
import { sendNotification, type NotificationRequest } from '../src/notifications/notification-sender';
import { OutboundHttpClient } from '../src/outbound/outbound-http-client';
import { OutboundPolicy } from '../src/outbound/outbound-policy';

// A notification attempt through the executor's real outbound client, to a receiver in this test:
// the receiver verifies the signature with the secret, a 500 is an attempt that failed, and the
// network rules of http targets apply (loopback only when allowed, as HTTP_ALLOW_HOSTS does in e2e).
describe('sendNotification', () => {
  const secrets = new TargetSecrets(DEVELOPMENT_TARGET_SECRETS_KEY, []);
  const secret = newNotificationSecret();
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const answers = [500, 204];
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(answers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (allow: string[]) =>
    new OutboundHttpClient(new OutboundPolicy(allow), {
      maxResponseBytes: 1024,
      connectTimeoutMs: 5000,
      idleTimeoutMs: 5000,
    });
  const request = (attempt: number): NotificationRequest => ({
    deliveryId: 'd1',
    attempt,
    url,
    headers: { Authorization: secrets.seal('Bearer hook-token') },
    sealedSecret: secrets.seal(secret),
    body: JSON.stringify({ id: 'd1', event: 'failed', job: { id: 'j', name: 'n', type: 'one_time' } }),
  });

  it('signs the body so that the receiver verifies it, and reports a 500 as a failed attempt', async () => {
    const deps = { http: client(['127.0.0.1']), secrets, timeoutMs: 5000 };
    const first = await sendNotification(request(1), deps);
    expect(first).toMatchObject({ deliveryId: 'd1', attempt: 1, statusCode: 500, error: 'HTTP 500' });
    const second = await sendNotification(request(2), deps);
    expect(second).toMatchObject({ attempt: 2, statusCode: 204 });
    expect(second.error).toBeUndefined();
    expect(received).toHaveLength(2);
    for (const { headers, body } of received) {
      expect(headers.authorization).toBe('Bearer hook-token');
      expect(headers['content-type']).toBe('application/json');
      expect(verifyNotification(secret, body, headers['chrono-signature'] as string, new Date())).toBe(true);
      expect(verifyNotification(newNotificationSecret(), body, headers['chrono-signature'] as string, new Date())).toBe(
        false,
      );
    }
  });

  it('applies the outbound rules: a loopback receiver is refused unless allowed', async () => {
    const result = await sendNotification(request(1), { http: client([]), secrets, timeoutMs: 5000 });
    expect(result.statusCode).toBeUndefined();
    expect(result.error).toMatch(/loopback/);
    expect(received).toHaveLength(2);
  });
});
