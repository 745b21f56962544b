import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from './support/components';
import {
  declaredMetrics,
  defaultMetrics,
  documentedMetrics,
  metricNames,
  unknownLabels,
  unknownMetrics,
} from './support/exported-metrics';

type Target = { refId: string; expr: string; legendFormat?: string; datasource?: { uid?: string } };
type Panel = {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid?: string };
  targets?: Target[];
};

const file = path.join(repoRoot, 'deploy', 'observability', 'grafana', 'dashboards', 'chrono.json');
const dashboard = JSON.parse(readFileSync(file, 'utf8')) as { uid: string; schemaVersion: number; panels: Panel[] };
const graphs = dashboard.panels.filter((panel) => panel.type !== 'row');
const queries = graphs.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

// Grafana's own interval variables, replaced by what they stand for on a 15 s scrape interval.
const GRAFANA_VARIABLES: Record<string, string> = { $__rate_interval: '1m', $__interval: '15s', $__range: '1h' };

function asPromQL(expr: string): string {
  return expr.replace(/\$__\w+/g, (variable) => GRAFANA_VARIABLES[variable] ?? variable);
}

/** Runs `promtool check rules` on the expressions written as recording rules; resolves with its exit code and output. */
async function checkExpressions(exprs: string[]): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chrono-dashboard-'));
  const rules = exprs.map((expr, i) => ({ record: `chrono_dashboard:query_${i}`, expr: asPromQL(expr) }));
  writeFileSync(path.join(dir, 'rules.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
  try {
    return await new Promise((resolve, reject) =>
      execFile('promtool', ['check', 'rules', 'rules.yml'], { cwd: dir }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number')
          return reject(new Error(`cannot run promtool (apt-get install prometheus): ${error.message}`));
        resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The dashboard Grafana provisions (deploy/observability/grafana): its queries must be PromQL that
// Prometheus accepts, on metrics the processes really export.
describe('the Grafana dashboard', () => {
  it('is a dashboard of the five sections, every query on the provisioned Prometheus', () => {
    expect([dashboard.uid, dashboard.schemaVersion]).toEqual(['chrono', 39]);
    expect(dashboard.panels.filter((panel) => panel.type === 'row').map((row) => row.title)).toEqual([
      'Overview',
      'Dispatch & runs',
      'Events',
      'API',
      'Resources',
    ]);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of graphs) {
      expect({ panel: panel.title, datasource: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        datasource: 'prometheus',
      });
      expect({ panel: panel.title, targets: (panel.targets ?? []).length > 0 }).toEqual({
        panel: panel.title,
        targets: true,
      });
    }
    for (const { panel, target } of queries)
      expect({ panel: panel.title, ref: target.refId, uid: target.datasource?.uid }).toEqual({
        panel: panel.title,
        ref: target.refId,
        uid: 'prometheus',
      });
  });

  it('lays its panels out side by side within 24 columns, none over another', () => {
    const cells = new Map<string, string>();
    for (const { title, gridPos: g } of dashboard.panels) {
      expect({ title, inside: g.x >= 0 && g.w > 0 && g.x + g.w <= 24 }).toEqual({ title, inside: true });
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect({ title, cell: [x, y], under: cells.get(`${x},${y}`) }).toEqual({ title, cell: [x, y] });
          cells.set(`${x},${y}`, title);
        }
    }
  });

  it('uses no variable but Grafana’s interval ones', () => {
    for (const { target } of queries) expect(asPromQL(target.expr)).not.toContain('$');
  });

  it('has only queries that promtool accepts', async () => {
    const { code, output } = await checkExpressions(queries.map(({ target }) => target.expr));
    expect([code, output]).toEqual([0, expect.stringContaining(`SUCCESS: ${queries.length} rules found`)]);
  });

  it('reads only labels that its metrics have', async () => {
    const exported = new Map([...declaredMetrics(), ...(await defaultMetrics())]);
    for (const { panel, target } of queries)
      expect({ panel: panel.title, unknown: unknownLabels(target.expr, target.legendFormat ?? '', exported) }).toEqual({
        panel: panel.title,
        unknown: [],
      });
  });

  it('reads only metrics that a process exports', async () => {
    const exported = new Map([...declaredMetrics(), ...(await defaultMetrics())]);
    for (const { panel, target } of queries) {
      const names = metricNames(target.expr);
      expect({ panel: panel.title, expr: target.expr, some: names.length > 0 }).toEqual({
        panel: panel.title,
        expr: target.expr,
        some: true,
      });
      expect({ panel: panel.title, unknown: unknownMetrics(names, exported) }).toEqual({
        panel: panel.title,
        unknown: [],
      });
    }
  });
});

// The checks above, shown failing on the mistakes they are there to catch.
describe('the dashboard checks', () => {
  it('find every metric the README documents in the source, so the list of exported metrics is complete', () => {
    const declared = declaredMetrics();
    expect(documentedMetrics().filter((name) => !declared.has(name))).toEqual([]);
    expect(documentedMetrics()).toContain('chrono_runs_total');
  });

  it('reject a misspelt metric, a non-histogram read as one, and find names beside functions and keywords', async () => {
    const exported = new Map([...declaredMetrics(), ...(await defaultMetrics())]);
    const expr = 'sum by (le) (rate(chrono_runs_total_bucket{a="b"}[5m])) and chrono_job_overdue offset 5m';
    expect(metricNames(expr)).toEqual(['chrono_runs_total_bucket', 'chrono_job_overdue']);
    expect(unknownMetrics(metricNames(expr), exported)).toEqual(['chrono_runs_total_bucket', 'chrono_job_overdue']);
    expect(unknownMetrics(['chrono_run_duration_seconds_bucket', 'process_cpu_seconds_total'], exported)).toEqual([]);
    const slots = 'sum by (state, outcome) (chrono_executor_slots{target_kind="http"})';
    expect(unknownLabels(slots, '{{job}} {{stat}}', exported)).toEqual(['target_kind', 'outcome', 'stat']);
    const handled = 'sum by (le, grpc_method) (rate(grpc_server_handling_seconds_bucket{grpc_type="unary"}[5m]))';
    expect(unknownLabels(handled, '{{grpc_method}} {{instance}}', exported)).toEqual([]);
  });

  it('reject an expression Prometheus cannot parse', async () => {
    const { code, output } = await checkExpressions(['sum(rate(chrono_runs_total[5m])', 'up']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/unclosed|parse error/i);
  });
});
