import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

// The console's size budget (README "Web console"), checked on the build `npm test` makes first:
// what a browser downloads on a first visit, gzipped, as the gateway's clients receive it.
const BUDGET_GZIP_BYTES = { '.js': 100 * 1024, '.css': 10 * 1024 };
const assets = path.join(__dirname, '..', 'dist', 'assets');

describe('the web console build', () => {
  const files = readdirSync(assets);

  it('names every asset by its content hash, so the gateway may cache them for a year', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(name).toMatch(/-[\w-]{8,}\.\w+$/);
  });

  it.each(Object.entries(BUDGET_GZIP_BYTES))('keeps its %s within the budget, gzipped', (extension, budget) => {
    const gzipped = files
      .filter((name) => path.extname(name) === extension)
      .reduce((total, name) => total + gzipSync(readFileSync(path.join(assets, name))).length, 0);
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(budget);
  });
});
