import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { repoRoot } from './components';

/** A metric a process exports, and whether it is a histogram (which adds `_bucket`, `_sum` and `_count` series). */
export type MetricKind = 'histogram' | 'other';

// `counter({ name: '…'`, `gauge({ …`, `histogram({ …`: how @chrono/kit's helpers declare a metric.
const DECLARED = /\b(counter|gauge|histogram)\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g;
// A metric name handed to a local helper that declares it (the scheduler's `reported('chrono_jobs_…', …)`).
const PASSED = /\b\w+\(\s*'((?:chrono|grpc|http)_[a-z0-9_]+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'gen' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function sourceRoots(): string[] {
  const under = (folder: string) =>
    readdirSync(path.join(repoRoot, folder)).map((name) => path.join(repoRoot, folder, name, 'src'));
  return [...under('packages'), ...under('services'), path.join(repoRoot, 'gateway', 'src')];
}

/** The metrics the services, the gateway and the kit declare in their source (tests left out). */
export function declaredMetrics(): Map<string, MetricKind> {
  const metrics = new Map<string, MetricKind>();
  for (const root of sourceRoots()) {
    let files: string[];
    try {
      files = sourceFiles(root);
    } catch {
      continue; // a workspace without src/
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, kind, name] of text.matchAll(DECLARED)) metrics.set(name, kind === 'histogram' ? kind : 'other');
      for (const [, name] of text.matchAll(PASSED)) if (!metrics.has(name)) metrics.set(name, 'other');
    }
  }
  return metrics;
}

/** Node's process metrics, as prom-client's `collectDefaultMetrics` (which every process runs) registers them. */
export async function defaultMetrics(): Promise<Map<string, MetricKind>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = await registry.getMetricsAsJSON();
  registry.clear();
  return new Map(metrics.map((m) => [m.name, String(m.type) === 'histogram' ? 'histogram' : 'other']));
}

/** The names the README's "Metrics" table lists in its first column (patterns such as `process_*` left out). */
export function documentedMetrics(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Metrics\n'),
    readme.indexOf('\n## ', readme.indexOf('## Metrics\n') + 1),
  );
  return [...section.matchAll(/^\| ([^|]+)\|/gm)].flatMap(([, cell]) =>
    [...cell.matchAll(/`([a-z_:][a-z0-9_:]*)`/g)].map((m) => m[1]),
  );
}

const NOT_METRICS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges and
 * `by (…)`-like clauses are removed, and that is neither a function call nor a keyword.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1])
    .filter((name) => !NOT_METRICS.has(name.toLowerCase()));
}

/** The names in `names` that no process exports (a histogram's `_bucket`, `_sum` and `_count` series count as exported). */
export function unknownMetrics(names: string[], exported: Map<string, MetricKind>): string[] {
  return names.filter((name) => {
    if (exported.has(name)) return false;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return !(base !== name && exported.get(base) === 'histogram');
  });
}
