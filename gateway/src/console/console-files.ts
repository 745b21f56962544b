import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// Vite names every file under assets/ by its content hash: a changed file is a new name, so browsers
// may keep these for a year. index.html names the current ones, so it is revalidated on every load.
const HASHED = 'public, max-age=31536000, immutable';
const UNHASHED = 'public, max-age=300';
const INDEX = 'no-cache';

// The console loads only its own scripts and styles and talks only to this origin.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

interface StaticFile {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

/**
 * The web console's built files (console/dist), read into memory once at start-up: only the files
 * there can be served, so no request path reaches anything else. `serveFile` answers the files
 * themselves (`/` is index.html); `serveApp` answers index.html for any other page of the console,
 * where the browser asks for HTML (its client-side routes), so API clients still get JSON 404s.
 */
export class ConsoleFiles {
  private constructor(private readonly files: Map<string, StaticFile>) {}

  /** The console built in `folder`; undefined when it has not been built (no index.html). */
  static load(folder: string): ConsoleFiles | undefined {
    if (!existsSync(path.join(folder, 'index.html'))) return undefined;
    const files = new Map<string, StaticFile>();
    for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      const contentType = CONTENT_TYPES[path.extname(name)];
      if (!contentType) continue;
      const urlPath = `/${name.split(path.sep).join('/')}`;
      const cacheControl = urlPath === '/index.html' ? INDEX : urlPath.startsWith('/assets/') ? HASHED : UNHASHED;
      files.set(urlPath, { body: readFileSync(path.join(folder, name)), contentType, cacheControl });
    }
    return new ConsoleFiles(files);
  }

  /** GET or HEAD of one of the console's files; false when the path is none of them. */
  serveFile(request: IncomingMessage, response: ServerResponse, pathname: string): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const file = this.files.get(pathname === '/' ? '/index.html' : pathname);
    if (!file) return false;
    this.send(request, response, file);
    return true;
  }

  /** index.html for a browser's GET of a path that is no API route and no file; false otherwise. */
  serveApp(request: IncomingMessage, response: ServerResponse, pathname: string): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (!(request.headers.accept ?? '').includes('text/html')) return false;
    if (pathname.startsWith('/assets/') || pathname === '/api' || pathname.startsWith('/api/')) return false;
    this.send(request, response, this.files.get('/index.html')!);
    return true;
  }

  private send(request: IncomingMessage, response: ServerResponse, file: StaticFile): void {
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.body.length,
      'cache-control': file.cacheControl,
      ...(file.contentType.startsWith('text/html') && SECURITY_HEADERS),
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }
}

/** Where the console's build is: console/dist of the @chrono/console workspace. */
export function consoleFolder(): string {
  return path.join(path.dirname(require.resolve('@chrono/console/package.json')), 'dist');
}
