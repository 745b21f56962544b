import { randomUUID } from 'node:crypto';
import { cteJoinsIn } from '@chrono/testkit';
import { applied, job } from '../src/domain/schedule-planner.test-fixtures';
import { SchedulePlanner } from '../src/domain/schedule-planner';
import { stateMessage } from '../src/events/messages';
import { markDispatchedSql } from '../src/store/mark-dispatched-sql';
import { SchedulerFixture } from './scheduler-fixture';

// The statement every dispatched run goes through locks its rows first (CTE `locked`) and must read
// those locks once, not join them: in a burst of 5,000 runs due at once, on a table whose statistics
// predated the burst, a join against `locked` compared every row with every locked id (12.5 million
// comparisons, 2 s) while the runs' outcomes waited for the locks.
describe('the plan of the statement that records runs as dispatched', () => {
  let f: SchedulerFixture;
  beforeAll(async () => {
    f = await SchedulerFixture.start();
    await f.startScheduler(); // which creates the tables
  });
  afterAll(() => f?.close());

  it('reads the locked rows once, before the update', async () => {
    const planner = new SchedulePlanner(
      { baseDelayMs: 5000, maxDelayMs: 60_000 },
      { newId: randomUUID, random: () => 0.5 },
    );
    const now = new Date();
    const records = Array.from({ length: 500 }, () => {
      const created = applied(planner.applyJobEvent(undefined, 'created', 1, job({ id: randomUUID() }), now));
      const row = planner.dispatched(created, now, 60_000);
      return { row, state: stateMessage(row, now) };
    });
    const { sql, params } = markDispatchedSql('replica-a', records);
    expect(await cteJoinsIn(f.database, sql, params, 'locked')).toEqual([]);
  });
});
