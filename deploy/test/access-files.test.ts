import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { accessFiles } from '@chrono/contracts';
import { repoRoot } from './support/components';

// The PostgreSQL roles, NATS users and Redis ACL users of every deployment come from one place
// (packages/contracts/src/access); the files compose and Kubernetes read are generated from it.
describe('the deploy files made from the access rules', () => {
  it.each(Object.entries(accessFiles()))('%s is as `npm run access-files` writes it', (file, text) => {
    expect({ file, text: readFileSync(path.join(repoRoot, file), 'utf8') }).toEqual({ file, text });
  });
});
