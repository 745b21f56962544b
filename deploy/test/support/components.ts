import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gateway, services } from '@chrono/contracts';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The four gRPC services, named as everywhere else (folder, image, manifest, compose service). */
export const SERVICES = ['auth', 'job-catalog', 'scheduler', 'executor'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The infrastructure the services use, keyed by the variable that says where it is. */
export const DEPENDENCY_BY_VARIABLE: Record<string, 'postgresql' | 'redis' | 'nats'> = {
  DB_HOST: 'postgresql',
  REDIS_HOST: 'redis',
  NATS_URL: 'nats',
};

/** What one component (a service or the Node gateway) reads from its environment, from its source. */
export interface ComponentSettings {
  name: string;
  /** Every environment variable it reads. */
  variables: Set<string>;
  /** The variable holding its listening port and that port's default, from `env.port(...)`. */
  port: { variable: string; fallback: number };
  /** Its Prometheus metrics port's default, from `env.port('METRICS_PORT', ...)`; undefined when it has none. */
  metricsPort?: number;
  /** The PostgreSQL/Redis/NATS it connects to. */
  dependencies: Set<'postgresql' | 'redis' | 'nats'>;
  /** The other services it calls (a `<SERVICE>_GRPC_URL` it reads). */
  calls: Set<ServiceName>;
  /** The default of each `env.durationMs(NAME, '...')`, in ms. */
  durationDefaults: Map<string, number>;
}

const ENV_CALL = /env\.(\w+)\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*(?:,\s*([^,)]+))?/g;
// Names kept in a table (the gateway's upstreams): quoted, upper case, with at least one underscore.
const VARIABLE_LITERAL = /['"]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"]/g;
/**
 * The source with the contracts' table of services written out: `services.auth.portVariable` becomes
 * 'AUTH_GRPC_PORT', `services.auth.port` 50051, and a loop over every service's address variable
 * (the gateway's upstreams) lists all four, so that the patterns above read the settings as written.
 */
function withServicesTableInlined(text: string): string {
  let inlined = text;
  const tables: Record<string, Record<string, string | number>> = { gateway };
  for (const [key, entry] of Object.entries(services)) tables[`services.${key}`] = entry;
  for (const [name, entry] of Object.entries(tables))
    for (const [field, value] of Object.entries(entry))
      inlined = inlined.replaceAll(`${name}.${field}`, typeof value === 'number' ? String(value) : `'${value}'`);
  if (/Object\.values\(services\)/.test(text) && /\baddressVariable\b/.test(text))
    inlined += `\n${Object.values(services)
      .map((entry) => `'${entry.addressVariable}'`)
      .join('\n')}\n`;
  return inlined;
}

const KIT_READER = /export function (read\w+)\(env: EnvReader\)[^{]*\{([\s\S]*?)\n\}/g;

/** The kit's `readXxx(env)` helpers and the variables each one reads, through the helpers it calls. */
export function kitReaders(): Map<string, string[]> {
  const bodies = new Map<string, string>();
  for (const file of sourceFiles(path.join(repoRoot, 'packages', 'kit', 'src'))) {
    const text = withServicesTableInlined(readFileSync(file, 'utf8'));
    for (const [, name, body] of text.matchAll(KIT_READER)) bodies.set(name, body);
  }
  const variablesOf = (name: string, seen: Set<string>): string[] => {
    const body = bodies.get(name) ?? '';
    seen.add(name);
    const nested = [...bodies.keys()].filter((other) => !seen.has(other) && new RegExp(`\\b${other}\\(`).test(body));
    return [...[...body.matchAll(ENV_CALL)].map((m) => m[2]), ...nested.flatMap((other) => variablesOf(other, seen))];
  };
  return new Map([...bodies.keys()].map((name) => [name, variablesOf(name, new Set())]));
}

/** Reads a component's settings from its config.ts (services/<name>/src or gateway/src) and the kit helpers it calls. */
export function componentSettings(name: string): ComponentSettings {
  const file =
    name === 'gateway'
      ? path.join(repoRoot, 'gateway', 'src', 'config.ts')
      : path.join(repoRoot, 'services', name, 'src', 'config.ts');
  const text = withServicesTableInlined(readFileSync(file, 'utf8'));
  const variables = new Set<string>();
  const durationDefaults = new Map<string, number>();
  let port: ComponentSettings['port'] | undefined;
  let metricsPort: number | undefined;
  for (const [, method, variable, fallback] of text.matchAll(ENV_CALL)) {
    variables.add(variable);
    const numeric =
      method === 'port' && fallback && /^\d+$/.test(fallback.trim()) ? Number(fallback.trim()) : undefined;
    if (numeric !== undefined && variable === 'METRICS_PORT') metricsPort = numeric;
    else if (numeric !== undefined && variable !== 'DB_PORT' && variable !== 'REDIS_PORT')
      port = { variable, fallback: numeric };
    const duration =
      fallback && method === 'durationMs' ? parseDuration(fallback.trim().replace(/^['"]|['"]$/g, '')) : undefined;
    if (duration !== undefined) durationDefaults.set(variable, duration);
  }
  for (const [, variable] of text.matchAll(VARIABLE_LITERAL)) variables.add(variable);
  const readers = kitReaders();
  for (const [reader, names] of readers)
    if (new RegExp(`\\b${reader}\\(`).test(text)) names.forEach((v) => variables.add(v));
  if (!port) throw new Error(`${file}: no env.port('..._PORT', <default>) found`);

  const dependencies = new Set(
    [...variables].flatMap((v) => (DEPENDENCY_BY_VARIABLE[v] ? [DEPENDENCY_BY_VARIABLE[v]] : [])),
  );
  const calls = new Set(
    SERVICES.filter(
      (service) => service !== name && variables.has(`${service.toUpperCase().replace(/-/g, '_')}_GRPC_URL`),
    ),
  );
  return { name, variables, port, metricsPort, dependencies, calls, durationDefaults };
}

/**
 * The component's graceful-stop setting (a duration whose name says SHUTDOWN, DRAIN or STOP, such as the
 * executor's EXECUTOR_SHUTDOWN_GRACE) and its default in ms; undefined when it has none.
 */
export function drainSetting(settings: ComponentSettings): { variable: string; fallbackMs: number } | undefined {
  const found = [...settings.durationDefaults.entries()].find(([variable]) =>
    /(^|_)(SHUTDOWN|DRAIN|STOP)(_|$)/.test(variable),
  );
  return found && { variable: found[0], fallbackMs: found[1] };
}

/** The port of each component as the architecture page states it (falling back to the README's table when the page is not beside the repository). */
export function documentedPorts(): { source: string; ports: Map<string, number> } {
  const architecture = path.join(repoRoot, '..', 'shared', 'ARCHITECTURE.md');
  const source = existsSync(architecture) ? architecture : path.join(repoRoot, 'README.md');
  const ports = new Map<string, number>();
  for (const line of readFileSync(source, 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = cells[1];
    if (![...SERVICES, 'gateway'].includes(name) || ports.has(name)) continue;
    const port = /\b(\d{4,5})\b/.exec(cells.slice(2).join(' '));
    if (port) ports.set(name, Number(port[1]));
  }
  return { source, ports };
}

/**
 * The metrics port of each component as the architecture page (or the README) states it, in the
 * paragraph that names `METRICS_PORT`: "gateway 9450, auth 9451, ...".
 */
export function documentedMetricsPorts(): { source: string; ports: Map<string, number> } {
  const { source } = documentedPorts();
  const paragraph =
    readFileSync(source, 'utf8')
      .split(/\n\s*\n/)
      .find((text) => text.includes('`METRICS_PORT`') && /Prometheus/.test(text)) ?? '';
  const ports = new Map<string, number>();
  for (const [, name, port] of paragraph
    .replace(/\s+/g, ' ')
    .matchAll(/\b(gateway|auth|job-catalog|scheduler|executor) (\d{4,5})\b/g))
    ports.set(name, Number(port));
  return { source, ports };
}

/** Every workspace folder (relative to the root) that the root package.json's `workspaces` globs match. */
export function workspaceFolders(): string[] {
  const { workspaces } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  return workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(path.join(repoRoot, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(repoRoot, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/** `500ms`, `30s`, `15m`, `24h`, `7d` or bare seconds, in ms (the kit's duration syntax). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    (match[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}
