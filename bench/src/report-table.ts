import { recurringRows } from './report-recurring';
import type { SystemResults } from './results';
import type { BenchSettings } from './settings';
import type { RunResult } from './stats';

/** One row of the comparison table. */
export interface Row {
  label: string;
  value: (r: SystemResults) => number | undefined;
  /** A cell that is not one number (e.g. "3 / 4"): shown as it is, with no ratio. */
  text?: (r: SystemResults) => string | undefined;
  /** Whether a larger number is better (throughput) or worse (latency). */
  higherIsBetter: boolean;
  digits: number;
}

const lateness = (label: string, run: (r: SystemResults) => RunResult | undefined): Row[] => [
  { label: `${label}: lateness p50 (ms)`, value: (r) => run(r)?.lateness.p50, higherIsBetter: false, digits: 1 },
  { label: `${label}: lateness p99 (ms)`, value: (r) => run(r)?.lateness.p99, higherIsBetter: false, digits: 1 },
  { label: `${label}: lateness max (ms)`, value: (r) => run(r)?.lateness.max, higherIsBetter: false, digits: 1 },
];

function apiRows(concurrency: number): Row[] {
  const at = (r: SystemResults) => r.api?.find((a) => a.concurrency === concurrency);
  const label = `API, ${concurrency} in flight`;
  return [
    {
      label: `${label}: gRPC CreateJob (peers: enqueue call) p50 (ms)`,
      value: (r) => at(r)?.call.latency.p50,
      higherIsBetter: false,
      digits: 2,
    },
    {
      label: `${label}: gRPC CreateJob (peers: enqueue call) p99 (ms)`,
      value: (r) => at(r)?.call.latency.p99,
      higherIsBetter: false,
      digits: 2,
    },
    {
      label: `${label}: gRPC CreateJob (peers: enqueue call) per second`,
      value: (r) => at(r)?.call.perSecond,
      higherIsBetter: true,
      digits: 0,
    },
    {
      label: `${label}: REST POST /jobs via the gateway p50 (ms)`,
      value: (r) => at(r)?.rest?.latency.p50,
      higherIsBetter: false,
      digits: 2,
    },
    {
      label: `${label}: REST POST /jobs via the gateway p99 (ms)`,
      value: (r) => at(r)?.rest?.latency.p99,
      higherIsBetter: false,
      digits: 2,
    },
    {
      label: `${label}: REST POST /jobs via the gateway per second`,
      value: (r) => at(r)?.rest?.perSecond,
      higherIsBetter: true,
      digits: 0,
    },
  ];
}

function rows(settings: BenchSettings, scaleJobs: number): Row[] {
  const burst = `Burst ${settings.burstJobs}`;
  const steady = `Steady ${settings.steadyRate}/s`;
  const scale = `at ${scaleJobs.toLocaleString('en-US')} pending`;
  return [
    {
      label: `${burst}: throughput (jobs/s, due → last recorded completion)`,
      value: (r) => r.burst?.throughput,
      higherIsBetter: true,
      digits: 0,
    },
    ...lateness(burst, (r) => r.burst),
    ...lateness(steady, (r) => r.steady),
    ...(settings.fastRate > 0 ? lateness(`Fast steady ${settings.fastRate}/s`, (r) => r.fastSteady) : []),
    ...recurringRows(settings),
    ...settings.apiConcurrencies.flatMap((concurrency) => apiRows(concurrency)),
    {
      label: `Bulk create ${settings.bulkJobs}: jobs created and ready to fire per second (CreateJobs; addBulk; addJobs)`,
      value: (r) => r.bulkPerSecond,
      higherIsBetter: true,
      digits: 0,
    },
    {
      label: "API: jobs created and ready to fire per second (this system: in the scheduler's table)",
      value: (r) => r.takenInPerSecond,
      higherIsBetter: true,
      digits: 0,
    },
    {
      label: `${burst} ${scale}: throughput (jobs/s)`,
      value: (r) => r.scale?.burst?.throughput,
      higherIsBetter: true,
      digits: 0,
    },
    ...lateness(`${burst} ${scale}`, (r) => r.scale?.burst),
    ...lateness(`${steady} ${scale}`, (r) => r.scale?.steady),
    {
      label: `Scheduler RSS ${scale} (MiB)`,
      value: (r) => r.scale?.memory?.['scheduler RSS (MiB)'],
      higherIsBetter: false,
      digits: 0,
    },
    {
      label: `Worker process RSS ${scale} (MiB)`,
      value: (r) => r.scale?.memory?.['worker RSS (MiB)'],
      higherIsBetter: false,
      digits: 0,
    },
    {
      label: `Redis RSS ${scale} (MiB)`,
      value: (r) => r.scale?.memory?.['redis-server RSS (MiB)'],
      higherIsBetter: false,
      digits: 0,
    },
    {
      label: `Due-row claim query ${scale}, nothing due (ms)`,
      value: (r) => r.scale?.claim?.idleMs,
      higherIsBetter: false,
      digits: 2,
    },
    {
      label: `Due-row claim query ${scale}, 1000 rows due (ms)`,
      value: (r) => r.scale?.claim?.fullBatchMs,
      higherIsBetter: false,
      digits: 2,
    },
  ];
}

function format(value: number | undefined, digits: number): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** chrono ÷ peer, marked with whether that favours chrono. */
function ratio(ours: number | undefined, theirs: number | undefined, higherIsBetter: boolean): string {
  if (ours === undefined || theirs === undefined || Number.isNaN(ours) || Number.isNaN(theirs) || theirs === 0)
    return '–';
  const r = ours / theirs;
  const better = higherIsBetter ? r >= 1 : r <= 1;
  return `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}× ${better ? '✓' : '✗'}`;
}

/** The comparison table: this system, then each peer with the ratio chrono ÷ peer; rows nobody measured are left out. */
export function comparisonTable(settings: BenchSettings, results: SystemResults[]): string {
  const ours = results.find((r) => r.name === 'chrono');
  const peers = results.filter((r) => r !== ours);
  const scaleJobs = Math.max(0, ...results.map((r) => r.scale?.jobs ?? 0));
  const header = [
    'measure',
    ...(ours ? ['chrono'] : []),
    ...peers.flatMap((p) => (ours ? [p.name, `chrono ÷ ${p.name}`] : [p.name])),
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows(settings, scaleJobs)) {
    const { text } = row;
    const cell = (r: SystemResults) => (text ? (text(r) ?? '–') : format(row.value(r), row.digits));
    if (results.every((r) => cell(r) === '–')) continue;
    const cells = [row.label, ...(ours ? [cell(ours)] : [])];
    for (const peer of peers) {
      cells.push(cell(peer));
      if (ours) cells.push(text ? '–' : ratio(row.value(ours), row.value(peer), row.higherIsBetter));
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
