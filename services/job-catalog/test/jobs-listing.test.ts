import { signUp, unary } from '@chrono/testkit';
import { callJobs, oneTimeJob, startCatalogFixture, type CatalogFixture, type JobMethod } from './catalog-fixture';

// Every job operation over gRPC, against the real PostgreSQL, NATS and Redis.
describe('job operations: listing', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const call = <Req, Res>(method: JobMethod, request: Req, who = f.alice) =>
    callJobs<Req, Res>(f, method, request, who);
  const create = (overrides = {}, who = f.alice) =>
    unary(f.client.createJob.bind(f.client), oneTimeJob(overrides), who);

  describe('listing', () => {
    const ids: string[] = [];
    let mine: Record<string, string>;

    beforeAll(async () => {
      mine = f.bob;
      for (let i = 0; i < 5; i++) ids.push((await create({ name: `list-${i}` }, mine)).id);
      ids.push((await create({ name: 'list-recurring', type: 'recurring', recurrencePattern: 'weekly' }, mine)).id);
      await call('cancelJob', { id: ids[0] }, mine);
    });

    it('lists newest first with total, page and limit (default 10)', async () => {
      const page = await call<object, { items: { id: string }[]; total: number; page: number; limit: number }>(
        'listJobs',
        {},
        mine,
      );
      expect(page).toMatchObject({ total: ids.length, page: 1, limit: 10 });
      expect(page.items.map((job) => job.id)).toEqual([...ids].reverse());
    });

    it('filters by status and type', async () => {
      const cancelled = await call<object, { items: { id: string }[]; total: number }>(
        'listJobs',
        { status: 'cancelled' },
        mine,
      );
      expect(cancelled.items.map((job) => job.id)).toEqual([ids[0]]);
      const recurring = await call<object, { items: { id: string }[]; total: number }>(
        'listJobs',
        { type: 'recurring' },
        mine,
      );
      expect(recurring.items.map((job) => job.id)).toEqual([ids[5]]);
      const both = await call<object, { total: number }>('listJobs', { status: 'pending', type: 'one_time' }, mine);
      expect(both.total).toBe(4);
    });

    it('filters by creation date, with whole days or exact times', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect((await call<object, { total: number }>('listJobs', { fromDate: today, toDate: today }, mine)).total).toBe(
        ids.length,
      );
      expect((await call<object, { total: number }>('listJobs', { toDate: '2020-01-01' }, mine)).total).toBe(0);
      expect(
        (
          await call<object, { total: number }>(
            'listJobs',
            { fromDate: new Date(Date.now() + 60_000).toISOString() },
            mine,
          )
        ).total,
      ).toBe(0);
    });

    it('filters by a part of the name, ignoring case, with %, _ and \\ taken literally', async () => {
      const named = ['Nightly 100% backup', 'nightly_report', 'nightlyXreport', 'C:\\nightly\\dump'];
      const who = await signUp(f.auth.address, 'carol');
      const created: string[] = [];
      for (const name of named) created.push((await create({ name }, who)).id);
      const names = async (name: string) =>
        (await call<object, { items: { name: string }[] }>('listJobs', { name }, who)).items.map((job) => job.name);
      expect(await names('NIGHTLY')).toEqual([...named].reverse());
      expect(await names('100%')).toEqual(['Nightly 100% backup']);
      expect(await names('y_r')).toEqual(['nightly_report']);
      expect(await names('\\nightly\\')).toEqual(['C:\\nightly\\dump']);
      expect(await names('%')).toEqual(['Nightly 100% backup']);
      expect(await names('weekly')).toEqual([]);
      const page = await call<object, { total: number }>('listJobs', { name: 'nightly', limit: 1 }, who);
      expect(page.total).toBe(named.length);
      expect(await names('')).toHaveLength(named.length);
    });

    it('pages: the last partial page, a page past the end, and the limit bounds', async () => {
      const second = await call<object, { items: { id: string }[]; total: number; page: number; limit: number }>(
        'listJobs',
        { page: 2, limit: 4 },
        mine,
      );
      expect(second).toMatchObject({ total: 6, page: 2, limit: 4 });
      expect(second.items.map((job) => job.id)).toEqual([ids[1], ids[0]]);
      const past = await call<object, { items: unknown[]; total: number }>(
        'listJobs',
        { page: 1_000_000, limit: 100 },
        mine,
      );
      expect(past).toMatchObject({ items: [], total: 6 });
      const one = await call<object, { items: unknown[] }>('listJobs', { limit: 1 }, mine);
      expect(one.items).toHaveLength(1);
    });
  });

  it("lists a job's executions, newest first and paginated (empty for a new job)", async () => {
    const job = await create();
    expect(await call('listJobExecutions', { id: job.id })).toEqual({ items: [], total: 0, page: 1, limit: 10 });
  });
});
