import { createReadStream, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
// The package's main module loads the whole browser bundle into Node; this file only names the folder.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>chrono REST API</title>
  <link rel="stylesheet" href="/api/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/swagger-ui-bundle.js"></script>
  <script src="/api/swagger-initializer.js"></script>
</body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
};
`;

/**
 * Swagger UI under /api (the static files of the pinned swagger-ui-dist, with an index page of
 * ours that loads /api/openapi.json) and the OpenAPI document itself.
 */
export class SwaggerUi {
  private readonly folder = getAbsoluteFSPath();
  // Only the files the package ships are served; a request can never reach outside the folder.
  private readonly assets = new Set(readdirSync(this.folder).filter((name) => path.extname(name) in CONTENT_TYPES));
  private readonly documentJson: string;

  constructor(document: unknown) {
    this.documentJson = JSON.stringify(document);
  }

  /** Answers GET requests under /api; false when the path is not one of ours. */
  serve(request: IncomingMessage, response: ServerResponse, pathname: string): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (pathname === '/api' || pathname === '/api/' || pathname === '/api/index.html')
      return this.send(response, 'text/html; charset=utf-8', INDEX_HTML);
    if (pathname === '/api/openapi.json') return this.send(response, 'application/json', this.documentJson);
    if (pathname === '/api/swagger-initializer.js') return this.send(response, CONTENT_TYPES['.js'], INITIALIZER);
    const name = pathname.startsWith('/api/') ? pathname.slice(5) : '';
    if (!this.assets.has(name)) return false;
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(name)],
      'cache-control': 'public, max-age=3600',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(path.join(this.folder, name)).pipe(response);
    return true;
  }

  private send(response: ServerResponse, contentType: string, body: string): true {
    response.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    response.end(body);
    return true;
  }
}
