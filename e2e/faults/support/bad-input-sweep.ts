import { scratchDatabase, unary, waitFor, type ScratchDatabase } from '@chrono/testkit';
import { PrivateNats } from '@chrono/testkit';
import { ChronoSystem } from './chrono-system';
import { oneTimeJob } from './job-submitter';

/** A valid job body over REST, which each case spoils in one way. */
export const validJob = { name: 'report', type: 'one_time', scheduledAt: '2030-01-20T10:00:00Z' };
export const big = 'x'.repeat(70_000);
export const zeros = Array(250_000).fill(0);
export const injection = "x'); drop table catalog.jobs; --";

/** [case, method, path ({existing} is the valid job's id), body, expected status, what the message must name] */
export type RestCase = [string, string, string, unknown, number, RegExp];

/**
 * What each bad-input sweep stands on: the whole system with the REST gateway, started before the
 * file's tests and stopped after them, one user, and one valid job that is all there may ever be.
 */
export class BadInputSweep {
  system!: ChronoSystem;
  token: Record<string, string> = {};
  existing = '';
  private nats?: PrivateNats;
  private readonly database: ScratchDatabase = scratchDatabase('chrono_fault');

  constructor() {
    beforeAll(async () => {
      this.nats = await PrivateNats.start();
      this.system = await ChronoSystem.start({ database: this.database.env, natsUrl: this.nats.url, gateway: true });
      this.token = this.system.authorization;
      const valid = oneTimeJob(0, new Date(Date.now() + 3_600_000));
      this.existing = (await unary(this.system.jobs.createJob.bind(this.system.jobs), valid, this.token)).id;
      // The one valid job settles (its event reaches the scheduler) before the sweep counts rows.
      await waitFor(async () => (await this.database.query('select 1 from scheduler.schedules')).length === 1, {
        what: 'the schedule row of the valid job',
      });
    });
    afterAll(async () => {
      await this.system?.stop();
      await this.nats?.stop();
      await this.database.drop();
    });
  }

  /** How many rows each store holds (the outbox: how many were ever written, as the relay deletes them). */
  async stored(): Promise<Record<string, unknown>> {
    return (
      await this.database
        .query(`select (select count(*) from catalog.jobs) as jobs, (select last_value from catalog.outbox_seq_seq) as outbox, (select count(*) from catalog.job_executions) as executions,
      (select count(*) from auth.users) as users, (select count(*) from scheduler.schedules) as schedules`)
    )[0];
  }

  /** Each case answered with its 4xx naming the field, and nothing stored. */
  refusesOverRest(cases: RestCase[]): void {
    it.each(cases)(
      'REST refuses %s with a 4xx naming the field, storing nothing',
      async (_case, method, path, body, expected, field) => {
        const before = await this.stored();
        const answer = await this.system.gateway!.call(method, path.replace('{existing}', this.existing), {
          body,
          headers: this.token,
        });
        expect(answer).toEqual({
          status: expected,
          json: { code: expect.any(Number), message: expect.stringMatching(field), details: [] },
        });
        expect(await this.stored()).toEqual(before);
      },
    );
  }

  /** The last test of a sweep: the valid job is still the only one, and nothing ran. */
  leavesOnlyTheValidJob(): void {
    it('left the one job created at the start as the only thing stored', async () => {
      expect(await this.stored()).toMatchObject({ jobs: '1', executions: '0' });
      const job = await unary(this.system.jobs.getJob.bind(this.system.jobs), { id: this.existing }, this.token);
      expect(job.name).toBe('fault job 0');
    });
  }
}
