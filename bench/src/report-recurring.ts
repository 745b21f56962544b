import type { RecurringResult } from './recurring';
import type { Row } from './report-table';
import type { SystemResults } from './results';
import type { BenchSettings } from './settings';

const fixed = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));

/** CPU per run over the recurring scenario's window, all parts together (ms). */
export const cpuPerRun = (result: RecurringResult | undefined) =>
  result?.cpu ? Object.values(result.cpu.perJobMs).reduce((sum, v) => sum + v, 0) : undefined;

/** The recurring scenario's rows of the comparison table (none when it was skipped). */
export function recurringRows(settings: BenchSettings): Row[] {
  if (settings.recurringSeconds === 0) return [];
  const label = `Recurring ${settings.recurringJobs} × every second, ${settings.recurringSeconds} s`;
  const stats = (r: SystemResults) => r.recurring?.stats;
  return [
    {
      label: `${label}: runs / expected`,
      value: () => undefined,
      text: (r) => {
        const s = stats(r);
        return s && `${s.runs.toLocaleString('en-US')} / ${s.expected.toLocaleString('en-US')}`;
      },
      higherIsBetter: true,
      digits: 0,
    },
    { label: `${label}: occurrences skipped`, value: (r) => stats(r)?.skipped, higherIsBetter: false, digits: 0 },
    {
      label: `${label}: starts > 1.5 s after the previous run of the job`,
      value: (r) => stats(r)?.slowStarts,
      higherIsBetter: false,
      digits: 0,
    },
    {
      label: `${label}: start lateness p50 / p99 / max (ms)`,
      value: () => undefined,
      text: (r) => {
        const l = stats(r)?.lateness;
        return l && `${fixed(l.p50)} / ${fixed(l.p99)} / ${fixed(l.max)}`;
      },
      higherIsBetter: false,
      digits: 1,
    },
    {
      label: `${label}: CPU per run, all processes (ms)`,
      value: (r) => cpuPerRun(r.recurring),
      higherIsBetter: false,
      digits: 2,
    },
  ];
}

/** The recurring scenario's notes for the report, one `- system, recurring: …` line each. */
export function recurringNotes(r: SystemResults): string[] {
  const result = r.recurring;
  if (!result) return [];
  const lines = result.unsupported ? [`not measured: ${result.unsupported}`] : result.notes;
  return lines.map((note) => `- ${r.name}, recurring: ${note}`);
}
