import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './support/components';

const dir = path.join(repoRoot, 'deploy', 'observability');

function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) =>
    execFile('promtool', args, { cwd: dir }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number')
        return reject(new Error(`cannot run promtool (apt-get install prometheus): ${error.message}`));
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    }),
  );
}

const rules = (
  parse(readFileSync(path.join(dir, 'alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string; annotations: Record<string, string> }> }>;
  }
).groups.flatMap((group) => group.rules);

// The alerts that ship in deploy/observability, checked and unit-tested with the real promtool.
describe('alert rules', () => {
  it('pass promtool check rules', async () => {
    const { code, output } = await promtool('check', 'rules', 'alerts.yml');
    expect([code, output]).toEqual([0, expect.stringContaining(`SUCCESS: ${rules.length} rules found`)]);
  });

  it('fire, and stay quiet, as their unit tests expect', async () => {
    const { code, output } = await promtool('test', 'rules', 'alerts.test.yml');
    expect([code, output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('are each unit-tested and have a runbook section in deploy/README.md', () => {
    const tests = readFileSync(path.join(dir, 'alerts.test.yml'), 'utf8');
    const runbooks = readFileSync(path.join(repoRoot, 'deploy', 'README.md'), 'utf8');
    for (const rule of rules) {
      expect(tests).toContain(`alertname: ${rule.alert}`);
      expect(rule.annotations.runbook_url).toBe(`deploy/README.md#${rule.alert.toLowerCase()}`);
      expect(runbooks).toContain(`#### ${rule.alert}\n`);
    }
  });

  it('read only metrics the system exports (the README lists them)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const exported = new Set([...readme.matchAll(/^\| `([a-z_]+)`/gm)].map((m) => m[1]));
    for (const rule of rules)
      for (const [name] of rule.expr.matchAll(/\b(chrono_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g))
        expect(exported).toContain(name.replace(/_(bucket|count|sum)$/, ''));
  });
});
