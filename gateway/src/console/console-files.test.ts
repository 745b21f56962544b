import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConsoleFiles } from './console-files';

// A console build as Vite writes it, served the way the gateway serves it: files first, then the
// app's index.html for a browser's page that is no REST route; anything else is left to the caller (404).
describe('the web console files', () => {
  let folder: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'console-'));
    mkdirSync(path.join(folder, 'assets'));
    writeFileSync(path.join(folder, 'index.html'), '<!doctype html><title>chrono</title>');
    writeFileSync(path.join(folder, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(path.join(folder, 'assets', 'notes.md'), 'not served');
    const files = ConsoleFiles.load(folder)!;
    server = createServer((request, response) => {
      const pathname = (request.url ?? '/').split('?')[0];
      if (files.serveFile(request, response, pathname) || files.serveApp(request, response, pathname)) return;
      response.writeHead(404).end('left to the gateway');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (pathname: string, init: RequestInit = {}) => fetch(`${url}${pathname}`, init);
  const html = { headers: { accept: 'text/html,application/xhtml+xml' } };

  it('serves index.html at / for every load (no-cache) with a content security policy', async () => {
    const response = await get('/');
    expect([response.status, response.headers.get('cache-control'), await response.text()]).toEqual([
      200,
      'no-cache',
      '<!doctype html><title>chrono</title>',
    ]);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const response = await get('/assets/index-AbC123.js');
    expect([response.status, response.headers.get('cache-control'), await response.text()]).toEqual([
      200,
      'public, max-age=31536000, immutable',
      'console.log(1)',
    ]);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it("answers a browser's page of the console with index.html, for client-side routing", async () => {
    const response = await get('/job/7b0c1d9e', html);
    expect([response.status, await response.text()]).toEqual([200, '<!doctype html><title>chrono</title>']);
    expect((await get('/job/7b0c1d9e', { ...html, method: 'HEAD' })).headers.get('content-length')).toBe('36');
  });

  it('leaves API clients, other methods, missing assets, /api and paths outside the folder to the gateway', async () => {
    for (const [pathname, init] of [
      ['/job/7b0c1d9e', {}],
      ['/job/7b0c1d9e', { headers: { accept: 'application/json' } }],
      ['/job/7b0c1d9e', { ...html, method: 'POST' }],
      ['/assets/index-Gone99.js', html],
      ['/assets/notes.md', {}],
      ['/api/nothing', html],
      ['/../package.json', {}],
      ['/%2e%2e/package.json', {}],
    ] as [string, RequestInit][])
      expect({ pathname, status: (await get(pathname, init)).status }).toEqual({ pathname, status: 404 });
  });

  it('is not there when the console has not been built', () => {
    expect(ConsoleFiles.load(path.join(folder, 'assets'))).toBeUndefined();
  });
});
