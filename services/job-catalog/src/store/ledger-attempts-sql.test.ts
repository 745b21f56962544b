import { attemptColumns, type AttemptProgress } from './ledger-attempts-sql';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, seconds));

function report(fields: Partial<AttemptProgress>): AttemptProgress {
  return { jobId: 'j1', occurrenceAt: at(0), runId: 'r1', attempt: 1, startedAt: at(1), ...fields };
}

describe('attemptColumns', () => {
  it('merges the reports of one occurrence: first start, most attempts, last failure, latest end', () => {
    const columns = attemptColumns([
      report({ attempt: 2, startedAt: at(5), ended: { succeeded: false, at: at(6) } }),
      report({ attempt: 1, startedAt: at(1), ended: { succeeded: false, at: at(2) } }),
      report({ attempt: 3, startedAt: at(8) }),
    ]);
    // job, due, run, started, attempts, succeeded, cancelled, failed attempt, finished
    expect(columns.map((column) => column[0])).toEqual(['j1', at(0), 'r1', at(1), 3, false, false, 2, at(6)]);
  });

  it('marks a success or a cancel, leaves the end unset without an outcome, one row per occurrence in key order', () => {
    const columns = attemptColumns([
      report({ jobId: 'j3', ended: { succeeded: false, cancelled: true, at: at(4) } }),
      report({ jobId: 'j2', occurrenceAt: at(1) }),
      report({ jobId: 'j2', occurrenceAt: at(1), ended: { succeeded: true, at: at(3) } }),
      report({ jobId: 'j4' }),
    ]);
    const rows = columns[0].map((_, r) => columns.map((column) => column[r]));
    expect(rows).toEqual([
      ['j2', at(1), 'r1', at(1), 1, true, false, 0, at(3)],
      ['j3', at(0), 'r1', at(1), 1, false, true, 0, at(4)],
      ['j4', at(0), 'r1', at(1), 1, false, false, 0, null],
    ]);
  });
});
