import pino from 'pino';
import {
  EnvReader,
  notifyAfterCommit,
  openDatabase,
  OutboxWakeup,
  readDatabaseSettings,
  type MikroORM,
} from '@chrono/kit';
import { waitFor } from '@chrono/testkit';
import { stateMessage } from '../src/events/messages';
import { ScheduleStore } from '../src/store/schedule-store';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// A change of several rows writes their states to the outbox in the statement that writes the rows.
// When the version guard leaves a row out (a stale copy of a job's event raced a newer one), that
// row's state must not go out, and the states of the rows written still must.
describe('the states a change of several rows writes', () => {
  let f: SchedulerFixture;
  let orm: MikroORM;
  let store: ScheduleStore;

  beforeAll(async () => {
    f = await SchedulerFixture.start();
    await f.startScheduler();
    const settings = readDatabaseSettings(new EnvReader(f.database.env));
    orm = await openDatabase({
      settings,
      schema: 'scheduler',
      entities: [],
      migrations: [],
      log: pino({ level: 'silent' }),
    });
    const notify = notifyAfterCommit(orm);
    store = new ScheduleStore(orm, new OutboxWakeup('scheduler', notify), notify, 0);
  });
  afterAll(async () => {
    await orm?.close();
    await f?.close();
  });

  const rowOf = async (jobId: string) =>
    (await f.database.query('select 1 from scheduler.schedules where job_id = $1', [jobId])).length === 1;

  it.each([
    ['every row written', false],
    ['one row left out by the version guard', true],
  ])('publishes the states of exactly the rows written: %s', async (_, staleFirst) => {
    const jobs = [0, 1].map(() => jobOf({ scheduledAt: new Date(Date.now() + 3_600_000) }));
    for (const job of jobs) await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(async () => (await rowOf(jobs[0].id)) && (await rowOf(jobs[1].id)), { what: 'both rows' });
    const [stale, fresh] = jobs;
    // Sequences no state of the scheduler's own reaches, so that the test knows these states.
    const sequence = 1000;
    const written = await store.changeMany(
      jobs.map((job) => job.id),
      (rows) =>
        jobs.map((job) => {
          const current = rows.get(job.id);
          if (!current) throw new Error(`no row for ${job.id}`);
          const older = staleFirst && job === stale;
          const next = { ...current, jobVersion: older ? 0 : current.jobVersion + 1, sequence };
          return { next, messages: [stateMessage(next, new Date())] };
        }),
    );
    expect(written.map((change) => change.next.jobId).sort()).toEqual(
      (staleFirst ? [fresh.id] : [stale.id, fresh.id]).sort(),
    );
    await waitFor(() => f.statesOf(fresh.id).some((state) => state.sequence === sequence), {
      what: 'the written row’s state',
    });
    // Both states went out in one outbox row (an EventBatch) when both were written, so this one has arrived too if it went.
    expect(f.statesOf(stale.id).some((state) => state.sequence === sequence)).toBe(!staleFirst);
  });
});
