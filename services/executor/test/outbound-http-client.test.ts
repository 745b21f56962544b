import type { LookupAddress } from 'node:dns';
import { OutboundHttpClient } from '../src/domain/outbound-http-client';
import { OutboundPolicy } from '../src/domain/outbound-policy';
import { TargetServer } from './support/target-server';

// The guarded HTTP client in this process, against a local server, with a resolver the test
// controls: it shows that the socket goes to the address that was checked, whatever DNS says later.
describe('OutboundHttpClient', () => {
  let target: TargetServer;
  beforeAll(async () => (target = await TargetServer.start()));
  afterAll(() => target.close());

  const send = (client: OutboundHttpClient, url: string, headers: Record<string, string> = {}, body?: string) =>
    client.send({ url: new URL(url), method: 'POST', headers, body: body === undefined ? undefined : Buffer.from(body), signal: new AbortController().signal });

  function clientWith(answers: Record<string, string[][]>, allow = ['127.0.0.1']) {
    const asked: string[] = [];
    const resolve = async (host: string): Promise<LookupAddress[]> => {
      asked.push(host);
      const answer = answers[host]?.[asked.filter((h) => h === host).length - 1] ?? answers[host]?.at(-1);
      if (!answer) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { client: new OutboundHttpClient(new OutboundPolicy(allow), { maxResponseBytes: 1024, resolve }), asked };
  }

  it('connects to the address it checked and asks DNS once, so a rebinding answer is never used', async () => {
    const { client, asked } = clientWith({ 'rebind.test': [['127.0.0.1'], ['10.0.0.9']] });
    const response = await send(client, `http://rebind.test:${target.port}/json`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ ok: true, n: 1 });
    expect(asked).toEqual(['rebind.test']);
  });

  it('refuses a host when any of its addresses is forbidden', async () => {
    const { client } = clientWith({ 'mixed.test': [['93.184.216.34', '10.0.0.1']] });
    await expect(send(client, 'http://mixed.test/')).rejects.toThrow('request to http://mixed.test/ refused: mixed.test resolves to 10.0.0.1, a private address');
  });

  it('says when a host cannot be resolved', async () => {
    const { client } = clientWith({});
    await expect(send(client, 'http://nowhere.test/')).rejects.toThrow('request to http://nowhere.test/ failed: cannot resolve nowhere.test (ENOTFOUND)');
  });

  it('checks every redirect hop after resolving it', async () => {
    const { client } = clientWith({ 'inside.test': [['10.0.0.7']] });
    const from = target.url(`/redirect?to=${encodeURIComponent('http://inside.test/secret')}`);
    await expect(send(client, from)).rejects.toThrow(`redirect from ${from} to http://inside.test/secret refused: inside.test resolves to 10.0.0.7, a private address`);
  });

  it('drops credentials on a redirect to another origin and turns a 303 into a GET without a body', async () => {
    const { client } = clientWith({ 'other.test': [['127.0.0.1']] });
    const next = `http://other.test:${target.port}/echo`;
    const response = await send(client, target.url(`/redirect?status=303&to=${encodeURIComponent(next)}`), { authorization: 'Bearer secret', 'x-keep': 'yes' }, 'payload');
    expect(JSON.parse(response.body.toString())).toEqual({ method: 'GET', contentType: null, body: '' });
    const [first, second] = target.received.slice(-2);
    expect(first.headers.authorization).toBe('Bearer secret');
    expect(second.headers.authorization).toBeUndefined();
    expect(second.headers['x-keep']).toBe('yes');
  });

  it('keeps the method and body on a 307 and reads no more of a body than the cap', async () => {
    const { client } = clientWith({});
    const response = await send(client, target.url(`/redirect?status=307&to=${encodeURIComponent('/echo')}`), { 'content-type': 'text/plain' }, 'kept');
    expect(JSON.parse(response.body.toString())).toEqual({ method: 'POST', contentType: 'text/plain', body: 'kept' });
    const big = await send(client, target.url('/big/5000'));
    expect(big).toMatchObject({ truncated: true, status: 200 });
    expect(big.body.length).toBe(1024);
  });
});
