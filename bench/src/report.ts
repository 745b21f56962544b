import { recurringNotes } from './report-recurring';
import { comparisonTable } from './report-table';
import { targets } from './report-targets';
import type { SystemResults } from './results';
import type { BenchSettings } from './settings';
import type { RunResult, Summary } from './stats';

/** Facts about the machine and the software versions, for the report's header. */
export interface Environment {
  date: string;
  machine: string;
  versions: string;
  durationSeconds: number;
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));

function stageTable(runs: Array<[string, RunResult | undefined]>): string {
  const present = runs.filter(
    (entry): entry is [string, RunResult] => entry[1] !== undefined && Object.keys(entry[1].stages).length > 0,
  );
  if (present.length === 0) return '';
  const stages = Object.keys(present[0][1].stages);
  const cell = (s: Summary | undefined) => (s ? `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}` : '–');
  return [
    `| stage (p50 / p99 / max, ms) | ${present.map(([name]) => name).join(' | ')} |`,
    `| --- | ${present.map(() => '---:').join(' | ')} |`,
    ...stages.map((stage) => `| ${stage} | ${present.map(([, run]) => cell(run.stages[stage])).join(' | ')} |`),
  ].join('\n');
}

// Every run of a system, by the name the report gives it.
function runsOf(r: SystemResults): Array<[string, RunResult | undefined]> {
  return [
    ['burst', r.burst],
    ['steady', r.steady],
    ['fast steady', r.fastSteady],
    ['scale burst', r.scale?.burst],
    ['scale steady', r.scale?.steady],
  ];
}

function cpuTable(results: SystemResults[]): string {
  const lines = [
    '| system, run | CPU per job, all parts (ms) | machine busy | by part (ms per job) |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const runs = [
      ...runsOf(r).map(([name, run]) => [name, run?.cpu] as const),
      ['recurring (per run)', r.recurring?.cpu] as const,
    ];
    for (const [name, cpu] of runs) {
      if (!cpu) continue;
      const parts = Object.entries(cpu.perJobMs).sort((a, b) => b[1] - a[1]);
      const total = parts.reduce((sum, [, v]) => sum + v, 0);
      lines.push(
        `| ${r.name}, ${name} | ${total.toFixed(2)} | ${cpu.machineBusyPct.toFixed(0)}% | ${parts.map(([part, v]) => `${part} ${v.toFixed(2)}`).join(', ')} |`,
      );
    }
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

function notes(results: SystemResults[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const runs = runsOf(r);
    for (const [name, run] of runs) for (const note of run?.notes ?? []) lines.push(`- ${r.name}, ${name}: ${note}`);
    for (const note of r.scale?.notes ?? []) lines.push(`- ${r.name}, scale: ${note}`);
    lines.push(...recurringNotes(r));
    for (const { concurrency, call, rest } of r.api ?? []) {
      for (const [how, result] of [
        ['API', call],
        ['REST API', rest],
      ] as const) {
        if (result?.errors)
          lines.push(
            `- ${r.name}, ${how} at ${concurrency} in flight: ${result.errors} calls failed, the first: ${result.firstError}`,
          );
      }
    }
    if (r.error) lines.push(`- ${r.name}: stopped early: ${r.error}`);
    if (r.memory)
      lines.push(
        `- ${r.name}, memory after the burst and steady runs: ${Object.entries(r.memory)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(', ')}`,
      );
  }
  return lines;
}

/** The whole result document, in markdown. */
export function renderReport(settings: BenchSettings, results: SystemResults[], env: Environment): string {
  const ours = results.find((r) => r.name === 'chrono');
  const claim = ours?.scale?.claim;
  const sections = [
    `# Benchmark results, ${env.date}`,
    `${env.machine}. ${env.versions}. The whole run took ${env.durationSeconds.toFixed(0)} s.`,
    'Ratios are chrono ÷ peer: ✓ where that favours chrono (more throughput, less lateness or latency), ✗ where it does not. ' +
      'Lateness is when a job\'s handler started minus when it was due. Peers have no network API: their "API" row is the client library\'s enqueue call, in process.',
    comparisonTable(settings, results),
    ...(ours ? ['## Targets (issue 20)', targets(results).join('\n')] : []),
  ];
  if (ours) {
    const table = stageTable(runsOf(ours));
    if (table)
      sections.push(
        "## Where chrono's time goes",
        "From the scheduler's DispatchRequest (`dueAt`, `dispatchedAt`, seen by a plain NATS subscription on the dispatch subject) and job-catalog's `job_executions` (`started_at`, `completed_at`, `created_at`).",
        table,
      );
  }
  const cpu = cpuTable(results);
  if (cpu) {
    sections.push(
      '## CPU per job',
      'CPU time (user + system, from /proc) used from just before the due time until the last completion was seen, divided by the jobs of the run. ' +
        '"machine busy" counts every process on the machine, including anything else running there at the time.',
      cpu,
    );
  }
  if (claim && ours?.scale) {
    sections.push(
      `## The due-row claim at ${ours.scale.jobs.toLocaleString('en-US')} pending jobs`,
      `\`ScheduleStore.claimDue\` as the scheduler runs it, under EXPLAIN (ANALYZE, BUFFERS), in a transaction that is rolled back. Uses the partial index \`schedules_due\`: ${claim.usesIndex ? 'yes' : '**no**'}.`,
      "Nothing due (the scheduler's every poll):",
      '```\n' + claim.idle + '\n```',
      '1000 rows made due inside the same transaction (a full batch):',
      '```\n' + claim.fullBatch + '\n```',
    );
  }
  sections.push(
    '## How each system was run',
    ...results.map((r) => [`**${r.name}**`, ...r.tuning.map((t) => `- ${t}`)].join('\n')),
  );
  sections.push(
    '## Settings',
    `burst ${settings.burstJobs} jobs; steady ${settings.steadyRate * settings.steadySeconds} jobs due ${settings.steadyRate}/s over ${settings.steadySeconds} s; fast steady ${settings.fastRate}/s over ${settings.fastSeconds} s; recurring ${settings.recurringJobs} jobs on \`* * * * * *\` (UTC) measured over ${settings.recurringSeconds} s after a 5 s warm-up; all one-time jobs created beforehand, untimed, at concurrency ${settings.createConcurrency}; ` +
      `API ${settings.apiRequests} calls per protocol at each of ${settings.apiConcurrencies.join(', ')} in flight, after ${settings.apiWarmup} warm-up calls; ` +
      `worker concurrency ${settings.workerConcurrency} for every system; scale ${settings.scaleJobs.toLocaleString('en-US')} pending jobs.`,
  );
  const noteLines = notes(results);
  if (noteLines.length) sections.push('## Notes', noteLines.join('\n'));
  return sections.join('\n\n') + '\n';
}
