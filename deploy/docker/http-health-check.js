#!/usr/bin/env node
// Container health check of the Node gateway: GETs the URL given as the first argument (default
// http://127.0.0.1:8080/health) and exits 0 on a 2xx answer, 1 on any other status, a refused
// connection or no answer within 3 s.
'use strict';

const url = process.argv[2] || 'http://127.0.0.1:8080/health';

fetch(url, { signal: AbortSignal.timeout(3000) }).then(
  (response) => {
    if (!response.ok) process.stderr.write(`${url}: HTTP ${response.status}\n`);
    process.exit(response.ok ? 0 : 1);
  },
  (error) => {
    process.stderr.write(`${url}: ${error.message}\n`);
    process.exit(1);
  },
);
