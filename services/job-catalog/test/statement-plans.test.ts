import { randomUUID } from 'node:crypto';
import { cteJoinsIn } from '@chrono/testkit';
import { APPLY_STATES_SQL, RECORD_STARTED_SQL } from '../src/store/job-updates-sql';
import { attemptColumns } from '../src/store/ledger-attempts-sql';
import { NOTIFIED_OUTCOMES_SQL, outcomeColumns, PLAIN_OUTCOMES_SQL } from '../src/store/outcome-sql';
import { startCatalogFixture, type CatalogFixture } from './catalog-fixture';

// Every statement that updates a batch of jobs locks them first (CTE `locked`) and must read those
// locks once, not join them: on a table whose statistics predate a burst, the planner took such a join
// for one row and compared every job with every locked id, a second or more for a batch of thousands.
describe('the plans of the statements that update a batch of jobs', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const now = new Date();
  const ids = Array.from({ length: 500 }, () => randomUUID());
  const outcomes = ids.map((jobId) => ({
    jobId,
    runId: randomUUID(),
    attempt: 1,
    succeeded: true,
    startedAt: now,
    completedAt: now,
    dueAt: now,
  }));
  const progress = outcomes.map((o) => ({ ...o, occurrenceAt: now, ended: { succeeded: true, at: now } }));
  const outcomeParams = [...outcomeColumns(outcomes), ...attemptColumns(progress)];

  it.each([
    ['the starts', RECORD_STARTED_SQL, [ids, ids, ids.map(() => now)]],
    [
      'the states',
      APPLY_STATES_SQL,
      [
        ids,
        ids,
        ids.map(() => 'completed'),
        ids.map(() => null),
        ids.map(() => 0),
        ids.map(() => false),
        ids.map(() => 2),
      ],
    ],
    ['the outcomes of jobs without notifications', PLAIN_OUTCOMES_SQL, outcomeParams],
    ['the outcomes of jobs with notifications', NOTIFIED_OUTCOMES_SQL, outcomeParams],
  ])('%s: the locked jobs are read once, before the writes', async (_, sql, params) => {
    expect(await cteJoinsIn(f.database, sql, params, 'locked')).toEqual([]);
  });
});
