import { status } from '@grpc/grpc-js';
import { catalog, execution, jobService } from '@chrono/contracts';
import { unary, unaryError, waitFor } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';
import { publishExecution, publishExecutionBatch } from './progress-publishers';

const Kind = execution.ExecutionEventKind;

// Notifications through the real job-catalog: checked and masked on the job, the signing secret per
// user, and the deliveries an executor's outcome triggers, visible to the job's owner only.
describe('notifications', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const hook = (on: string[], url = 'https://hooks.example.com/chrono'): catalog.JobNotification => ({
    on,
    http: { url, headers: { Authorization: 'Bearer hook-token' } },
  });
  const outcome = (jobId: string, runId: string, attempt: number, kind: execution.ExecutionEventKind) =>
    publishExecution(f, {
      jobId,
      runId,
      attempt,
      kind,
      errorMessage: kind === Kind.EXECUTION_EVENT_KIND_FAILED ? 'HTTP 503' : '',
      dueAt: new Date('2030-01-01T00:00:00Z'),
      occurrenceAt: new Date('2030-01-01T00:00:00Z'),
    });
  const deliveries = (id: string, who = f.alice) =>
    unary(f.client.listNotificationDeliveries.bind(f.client), { id }, who);

  it('refuses bad notifications naming the field', async () => {
    const cases: Array<[catalog.JobNotification[], string]> = [
      [[hook(['failed']), hook(['exploded'])], 'notifications[1].on[0]'],
      [[hook(['failed'], 'not a url')], 'notifications[0].http.url'],
      [Array(11).fill(hook(['failed'])), 'notifications'],
    ];
    for (const [notifications, field] of cases) {
      const error = await unaryError(f.client.createJob.bind(f.client), oneTimeJob({ notifications }), f.alice);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain(field);
    }
  });

  it('returns notifications with header values masked', async () => {
    const job = await unary(
      f.client.createJob.bind(f.client),
      oneTimeJob({ notifications: [hook(['failed'])] }),
      f.alice,
    );
    expect(job.notifications).toEqual([
      { on: ['failed'], http: { url: hook([]).http?.url, headers: { Authorization: '***' } } },
    ]);
  });

  it('replaces notifications on update, keeping a header sent as ***, and clears them on request', async () => {
    const job = await unary(
      f.client.createJob.bind(f.client),
      oneTimeJob({ notifications: [hook(['failed'])] }),
      f.alice,
    );
    const update = (fields: Partial<jobService.UpdateJobRequest>) =>
      unary(
        f.client.updateJob.bind(f.client),
        jobService.UpdateJobRequest.fromPartial({ id: job.id, ...fields }),
        f.alice,
      );
    const masked = {
      on: ['succeeded', 'missed'],
      http: { url: 'https://hooks.example.com/new', headers: { Authorization: '***' } },
    };
    expect((await update({ notifications: [masked] })).notifications).toEqual([masked]);
    expect((await update({ name: 'renamed' })).notifications).toEqual([masked]);
    const read = await unary(f.client.getJob.bind(f.client), { id: job.id }, f.alice);
    expect(read.notifications).toEqual([masked]);
    expect((await update({ clearNotifications: true })).notifications).toEqual([]);
    expect((await unary(f.client.getJob.bind(f.client), { id: job.id }, f.alice)).notifications).toEqual([]);
  });

  it('gives each user a secret of their own, which rotation replaces', async () => {
    const secret = (who: Record<string, string>) => unary(f.client.getNotificationSecret.bind(f.client), {}, who);
    const first = await secret(f.alice);
    expect(first.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect((await secret(f.alice)).secret).toBe(first.secret);
    expect((await secret(f.bob)).secret).not.toBe(first.secret);
    const rotated = await unary(f.client.rotateNotificationSecret.bind(f.client), {}, f.alice);
    expect(rotated.secret).not.toBe(first.secret);
    expect((await secret(f.alice)).secret).toBe(rotated.secret);
  });

  it('records a delivery per triggered event, newest first, for the owner only', async () => {
    const notifications = [hook(['failed', 'final_failure']), hook(['recovered'], 'https://hooks.example.com/ok')];
    const job = await unary(f.client.createJob.bind(f.client), oneTimeJob({ maxRetries: 0, notifications }), f.alice);
    await outcome(job.id, 'run-1', 1, Kind.EXECUTION_EVENT_KIND_FAILED);
    await waitFor(async () => (await deliveries(job.id)).total === 2, { what: 'two deliveries for the final failure' });
    await outcome(job.id, 'run-2', 1, Kind.EXECUTION_EVENT_KIND_SUCCEEDED);
    await waitFor(async () => (await deliveries(job.id)).total === 3, { what: 'a delivery for the recovery' });
    const page = await deliveries(job.id);
    expect(page.items.map((d) => d.event).sort()).toEqual(['failed', 'final_failure', 'recovered']);
    expect(page.items[0]).toMatchObject({ event: 'recovered', url: 'https://hooks.example.com/ok', state: 'pending' });
    expect(page.items.every((d) => d.jobId === job.id && d.executionId)).toBe(true);

    const other = await unaryError(f.client.listNotificationDeliveries.bind(f.client), { id: job.id }, f.bob);
    expect(other.code).toBe(status.NOT_FOUND);
  });

  it('records a batch of outcomes of jobs with and without notifications, with deliveries for the notified only', async () => {
    const create = (notifications: catalog.JobNotification[]) =>
      unary(f.client.createJob.bind(f.client), oneTimeJob({ maxRetries: 3, notifications }), f.alice);
    const [notified, plain] = await Promise.all([create([hook(['failed'])]), create([])]);
    const failed = (jobId: string) => ({
      jobId,
      runId: `run-${jobId}`,
      attempt: 1,
      kind: Kind.EXECUTION_EVENT_KIND_FAILED,
      errorMessage: 'HTTP 503',
    });
    // One message, so one batch: the plain job's outcome in one statement, the notified job's in a transaction.
    await publishExecutionBatch(f, [failed(plain.id), failed(notified.id)]);
    const recorded = async (id: string) => {
      const page = await unary(f.client.listJobExecutions.bind(f.client), { id }, f.alice);
      const got = await unary(f.client.getJob.bind(f.client), { id }, f.alice);
      return page.items.length === 1 && got.errorMessage === 'HTTP 503';
    };
    await waitFor(async () => (await recorded(plain.id)) && recorded(notified.id), {
      what: 'both outcomes recorded on their jobs',
    });
    await waitFor(async () => (await deliveries(notified.id)).total === 1, { what: 'a delivery for the notified job' });
    expect((await deliveries(notified.id)).items[0]).toMatchObject({ event: 'failed', jobId: notified.id });
    expect((await deliveries(plain.id)).total).toBe(0);
  });
});
