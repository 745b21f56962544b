import { execFile } from 'node:child_process';

/** One sample of the Prometheus text format: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a scrape in the Prometheus text format (comments skipped). */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL))
      labels[key] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include all of `labels` (0 when there are none). */
export function sampleSum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

/** GETs a /metrics URL and parses it; `text` is the raw answer (for promtool). */
export async function scrape(url: string): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const text = await response.text();
  return { text, samples: parsePrometheusText(text) };
}

/** Runs `promtool check metrics` (Debian's prometheus package) on a scrape; code 0 when it passes. */
export function promtoolCheckMetrics(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number')
        return reject(new Error(`cannot run promtool (apt-get install prometheus): ${error.message}`));
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(text);
  });
}

/**
 * The port a process logged on its `metrics listening` line, in JSON log `output`; only the lines of
 * `service` (the logger's service name) when given. Undefined until the line is there.
 */
export function loggedMetricsPort(output: string, service?: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('"metrics listening"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number; service?: string };
      if (entry.msg === 'metrics listening' && (!service || entry.service === service)) return entry.port;
    } catch {
      // Not a JSON line (or one cut by the pipe): skip it.
    }
  }
  return undefined;
}
