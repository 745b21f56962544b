#!/usr/bin/env node
// `npm run access-files`: writes the deploy files made from the access rules in
// packages/contracts/src/access (PostgreSQL roles, NATS users, Redis ACL users). Build first.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { accessFiles } = require('@chrono/contracts');

const root = path.resolve(__dirname, '..');
for (const [file, text] of Object.entries(accessFiles())) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
  process.stdout.write(`wrote ${file}\n`);
}
