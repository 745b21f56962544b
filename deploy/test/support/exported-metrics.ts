import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { repoRoot } from './components';

/** A metric a process exports: whether it is a histogram (which adds `_bucket`, `_sum` and `_count` series), and its labels. */
export interface ExportedMetric {
  kind: 'histogram' | 'other';
  labels: Set<string>;
}

// Labels Prometheus adds to every series it scrapes.
const TARGET_LABELS = ['job', 'instance'];

// `counter({ name: '…'`, `gauge({ …`, `histogram({ …`: how @chrono/kit's helpers declare a metric.
const DECLARED = /\b(counter|gauge|histogram)\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g;
// The `labelNames` of a declaration's options, up to the end of the call.
const LABEL_NAMES = /labelNames:\s*([^\n]*)/;
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

/** The label names of a declaration's `labelNames`, constants of the same file (`RPC`, `[...RPC, 'grpc_code']`) resolved. */
function labelNames(options: string, file: string): Set<string> {
  const written = LABEL_NAMES.exec(options)?.[1] ?? '';
  const resolved = written.replace(/\b([A-Z][A-Z_]*)\b/g, (constant) => {
    return new RegExp(`const ${constant} = (\\[[^\\]]*\\])`).exec(file)?.[1] ?? constant;
  });
  return new Set([...resolved.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]));
}

/** The metrics the services, the gateway and the kit declare in their source (tests left out). */
export function declaredMetrics(): Map<string, ExportedMetric> {
  const metrics = new Map<string, ExportedMetric>();
  for (const root of sourceRoots()) {
    let files: string[];
    try {
      files = sourceFiles(root);
    } catch {
      continue; // a workspace without src/
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(DECLARED)) {
        const options = text.slice(match.index, text.indexOf('})', match.index));
        const kind = match[1] === 'histogram' ? 'histogram' : 'other';
        metrics.set(match[2], { kind, labels: labelNames(options, text) });
      }
      for (const [, name] of text.matchAll(PASSED))
        if (!metrics.has(name)) metrics.set(name, { kind: 'other', labels: new Set() });
    }
  }
  return metrics;
}

/** Node's process metrics, as prom-client's `collectDefaultMetrics` (which every process runs) registers them. */
export async function defaultMetrics(): Promise<Map<string, ExportedMetric>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = await registry.getMetricsAsJSON();
  registry.clear();
  return new Map(
    metrics.map((m) => [
      m.name,
      {
        kind: String(m.type) === 'histogram' ? 'histogram' : 'other',
        labels: new Set(m.values.flatMap((value) => Object.keys(value.labels)).filter((label) => label !== 'le')),
      },
    ]),
  );
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

/** The exported metric a series name belongs to (a histogram's `_bucket`, `_sum` and `_count` series included). */
function metricOf(name: string, exported: Map<string, ExportedMetric>): ExportedMetric | undefined {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return (
    exported.get(name) ?? (base !== name && exported.get(base)?.kind === 'histogram' ? exported.get(base) : undefined)
  );
}

/** The names in `names` that no process exports. */
export function unknownMetrics(names: string[], exported: Map<string, ExportedMetric>): string[] {
  return names.filter((name) => !metricOf(name, exported));
}

/**
 * The labels an expression (and its legend's `{{label}}`) uses in matchers, `by`/`without`/`on`/`ignoring`
 * clauses that none of the metrics it reads has (nor Prometheus' `job` and `instance`, nor a bucket's `le`).
 */
export function unknownLabels(expr: string, legend: string, exported: Map<string, ExportedMetric>): string[] {
  const known = new Set(TARGET_LABELS);
  for (const name of metricNames(expr)) {
    for (const label of metricOf(name, exported)?.labels ?? []) known.add(label);
    if (name.endsWith('_bucket')) known.add('le');
  }
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const used = [
    ...[...withoutStrings.matchAll(/\{([^}]*)\}/g)].flatMap(([, matchers]) =>
      [...matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]),
    ),
    ...[...withoutStrings.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)].flatMap(([, list]) =>
      list.split(',').map((label) => label.trim()),
    ),
    ...[...legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]),
  ];
  return [...new Set(used.filter((label) => label && !known.has(label)))];
}
