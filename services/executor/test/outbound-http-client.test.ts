import type { LookupAddress } from 'node:dns';
import { freePort, SilentServer } from '@chrono/testkit';
import { OutboundHttpClient } from '../src/outbound/outbound-http-client';
import { OutboundPolicy } from '../src/outbound/outbound-policy';
import { TargetServer } from './support/target-server';

// The guarded HTTP client in this process, against local servers, with a resolver the test
// controls: it shows that the socket goes to the address that was checked, whatever DNS says later,
// that messages never name what a host resolved to, what follows a redirect, and the two timeouts.
describe('OutboundHttpClient', () => {
  let target: TargetServer;
  let silent: SilentServer;
  beforeAll(async () => {
    target = await TargetServer.start();
    silent = await SilentServer.start();
  });
  afterAll(async () => {
    await target.close();
    await silent.close();
  });

  const own = { 'user-agent': 'chrono-executor', 'chrono-job-id': 'j1' };
  const send = (client: OutboundHttpClient, url: string, headers: Record<string, string> = {}, body?: string) =>
    client.send({
      url: new URL(url),
      method: 'POST',
      headers: { ...own, ...headers },
      ownHeaders: own,
      body: body === undefined ? undefined : Buffer.from(body),
      signal: new AbortController().signal,
    });

  function clientWith(
    answers: Record<string, string[][]>,
    { allow = ['127.0.0.1'], connectTimeoutMs = 10_000, idleTimeoutMs = 30_000 } = {},
  ) {
    const asked: string[] = [];
    const resolve = async (host: string): Promise<LookupAddress[]> => {
      asked.push(host);
      const answer = answers[host]?.[asked.filter((h) => h === host).length - 1] ?? answers[host]?.at(-1);
      if (!answer) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return {
      client: new OutboundHttpClient(new OutboundPolicy(allow), {
        maxResponseBytes: 1024,
        connectTimeoutMs,
        idleTimeoutMs,
        resolve,
      }),
      asked,
    };
  }

  it('connects to the address it checked and asks DNS once, so a rebinding answer is never used', async () => {
    const { client, asked } = clientWith({ 'rebind.test': [['127.0.0.1'], ['10.0.0.9']] });
    const response = await send(client, `http://rebind.test:${target.port}/json`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ ok: true, n: 1 });
    expect(asked).toEqual(['rebind.test']);
  });

  it('refuses a host when any of its addresses is forbidden, without saying which address', async () => {
    const { client } = clientWith({ 'mixed.test': [['93.184.216.34', '10.0.0.1']] });
    await expect(send(client, 'http://mixed.test/')).rejects.toThrow(
      new Error('request to http://mixed.test/ refused: mixed.test resolves to a private address'),
    );
  });

  it.each([
    ['64:ff9b::a00:1', 'NAT64'],
    ['2002:a00:1::1', '6to4'],
    ['192.0.0.8', 'special-purpose'],
    ['198.18.0.1', 'benchmarking'],
    ['168.63.129.16', 'cloud metadata'],
  ])('refuses a name that resolves to %s, a %s address', async (address, kind) => {
    const { client } = clientWith({ 'special.test': [[address]] });
    const error = await send(client, 'http://special.test/').catch((caught: Error) => caught);
    expect((error as Error).message).toBe(
      `request to http://special.test/ refused: special.test resolves to a ${kind} address`,
    );
  });

  it('says when a host cannot be resolved', async () => {
    const { client } = clientWith({});
    await expect(send(client, 'http://nowhere.test/')).rejects.toThrow(
      'request to http://nowhere.test/ failed: cannot resolve nowhere.test (ENOTFOUND)',
    );
  });

  it('says why a connection failed without naming the address the host resolved to', async () => {
    const port = await freePort();
    const { client } = clientWith({ 'closed.test': [['127.0.0.1']] });
    const error = (await send(client, `http://closed.test:${port}/`).catch((caught: Error) => caught)) as Error;
    expect(error.message).toBe(`request to http://closed.test:${port}/ failed: connection refused (ECONNREFUSED)`);
  });

  it('checks every redirect hop after resolving it, and does not name the address either', async () => {
    const { client } = clientWith({ 'inside.test': [['10.0.0.7']] });
    const from = target.url(`/redirect?to=${encodeURIComponent('http://inside.test/secret')}`);
    await expect(send(client, from)).rejects.toThrow(
      new Error(
        `redirect from ${from} to http://inside.test/secret refused: inside.test resolves to a private address`,
      ),
    );
  });

  it("sends only the executor's own headers on a redirect to another origin, and turns a 303 into a GET without a body", async () => {
    const { client } = clientWith({ 'other.test': [['127.0.0.1']] });
    const next = `http://other.test:${target.port}/echo`;
    const mine = { authorization: 'Bearer secret', cookie: 'session=1', 'x-api-key': 'k1', 'x-keep': 'yes' };
    const response = await send(
      client,
      target.url(`/redirect?status=303&to=${encodeURIComponent(next)}`),
      mine,
      'payload',
    );
    expect(JSON.parse(response.body.toString())).toEqual({ method: 'GET', contentType: null, body: '' });
    const [first, second] = target.received.slice(-2);
    expect(first.headers).toMatchObject({ ...mine, ...own });
    expect(second.headers).toMatchObject(own);
    for (const name of Object.keys(mine)) expect(second.headers[name]).toBeUndefined();
  });

  it('keeps every header on a redirect within the same origin', async () => {
    const { client } = clientWith({});
    await send(
      client,
      target.url(`/redirect?status=307&to=${encodeURIComponent('/echo')}`),
      { 'x-api-key': 'k1' },
      'kept',
    );
    expect(target.received.at(-1)?.headers).toMatchObject({ ...own, 'x-api-key': 'k1' });
  });

  it('keeps the method and body on a 307 and reads no more of a body than the cap', async () => {
    const { client } = clientWith({});
    const response = await send(
      client,
      target.url(`/redirect?status=307&to=${encodeURIComponent('/echo')}`),
      { 'content-type': 'text/plain' },
      'kept',
    );
    expect(JSON.parse(response.body.toString())).toEqual({ method: 'POST', contentType: 'text/plain', body: 'kept' });
    const big = await send(client, target.url('/big/5000'));
    expect(big).toMatchObject({ truncated: true, status: 200 });
    expect(big.body.length).toBe(1024);
  });

  it('gives up on a connection not made within the connect timeout (here a TLS handshake that never ends)', async () => {
    const { client } = clientWith({}, { connectTimeoutMs: 300 });
    const url = `https://127.0.0.1:${silent.port}/`;
    await expect(send(client, url)).rejects.toThrow(
      new Error(`request to ${url} failed: no connection within 300 ms (HTTP_TARGET_CONNECT_TIMEOUT)`),
    );
    expect(silent.accepted).toBeGreaterThan(0);
  });

  it('gives up on an endpoint that accepts the connection and never answers, after the idle timeout', async () => {
    const { client } = clientWith({}, { idleTimeoutMs: 300 });
    const url = `http://127.0.0.1:${silent.port}/`;
    await expect(send(client, url)).rejects.toThrow(
      new Error(`request to ${url} failed: nothing received for 300 ms (HTTP_TARGET_IDLE_TIMEOUT)`),
    );
  });

  it('gives up on an answer that stops halfway, after the idle timeout', async () => {
    const { client } = clientWith({}, { idleTimeoutMs: 300 });
    const url = target.url('/stall');
    await expect(send(client, url)).rejects.toThrow(
      new Error(`request to ${url} failed: nothing received for 300 ms (HTTP_TARGET_IDLE_TIMEOUT)`),
    );
  });
});
