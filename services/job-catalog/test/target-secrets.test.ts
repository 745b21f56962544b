import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { catalog, jobService } from '@chrono/contracts';
import { TargetSecrets } from '@chrono/targets';
import { waitFor } from '@chrono/testkit';
import {
  callJobs,
  failJobs,
  jobEventsOf,
  oneTimeJob,
  startCatalogFixture,
  type CatalogFixture,
} from './catalog-fixture';

// Header values of http targets are encrypted under TARGET_SECRETS_KEY before they are stored or
// published, and every answer shows them as ***; *** sent back in an update keeps the stored value.
describe('secrets in http targets', () => {
  const key = randomBytes(32).toString('base64');
  const secrets = new TargetSecrets(key);
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture({ TARGET_SECRETS_KEY: key });
  });
  afterAll(() => f?.close());

  const http = (headers: Record<string, string>, url = 'https://example.com/hook') => ({
    http: { url, headers, body: undefined },
  });
  const create = (headers: Record<string, string>) =>
    callJobs<jobService.CreateJobRequest, catalog.Job>(f, 'createJob', oneTimeJob({ target: http(headers) }));
  const storedHeaders = async (id: string) =>
    (
      await f.database.query<{ headers: Record<string, string> }>(
        `select target->'http'->'headers' as headers from catalog.jobs where id = $1`,
        [id],
      )
    )[0].headers;
  const opened = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, secrets.open(value)]));

  it('stores and publishes only ciphertext, and answers *** on create, get and list', async () => {
    const created = await create({ Authorization: 'Bearer s3cr3t', 'X-Key': 'k1' });
    expect(created.target?.http?.headers).toEqual({ Authorization: '***', 'X-Key': '***' });
    const stored = await storedHeaders(created.id);
    expect(JSON.stringify(stored)).not.toMatch(/s3cr3t|k1/);
    expect(stored.Authorization).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(opened(stored)).toEqual({ Authorization: 'Bearer s3cr3t', 'X-Key': 'k1' });

    const got = await callJobs<{ id: string }, catalog.Job>(f, 'getJob', { id: created.id });
    expect(got.target?.http?.headers).toEqual({ Authorization: '***', 'X-Key': '***' });
    const listed = await callJobs<object, jobService.ListJobsResponse>(f, 'listJobs', { page: 1, limit: 100 });
    expect(listed.items.find((job) => job.id === created.id)?.target?.http?.headers).toEqual({
      Authorization: '***',
      'X-Key': '***',
    });
    const [event] = await waitFor(() => jobEventsOf(f.nats, created.id), {
      until: (events) => events.length === 1,
      what: 'the created event',
    });
    expect(event.job?.target?.http?.headers).toEqual(stored);
  });

  it('keeps the stored value of a header sent back as ***, replaces one sent anew, and answers ***', async () => {
    const created = await create({ Authorization: 'Bearer s3cr3t', 'X-Key': 'k1' });
    const before = await storedHeaders(created.id);
    const updated = await callJobs<jobService.UpdateJobRequest, catalog.Job>(f, 'updateJob', {
      id: created.id,
      catchUpWindow: undefined,
      notifications: [],
      clearNotifications: false,
      payload: undefined,
      scheduledAt: undefined,
      target: http({ Authorization: '***', 'X-Key': 'k2' }, 'https://example.com/v2'),
    });
    expect(updated.target?.http).toMatchObject({
      url: 'https://example.com/v2',
      headers: { Authorization: '***', 'X-Key': '***' },
    });
    const after = await storedHeaders(created.id);
    expect(after.Authorization).toBe(before.Authorization);
    expect(opened(after)).toEqual({ Authorization: 'Bearer s3cr3t', 'X-Key': 'k2' });
    // The relay publishes after the commit: wait for the update's event (the second).
    const events = await waitFor(() => jobEventsOf(f.nats, created.id), {
      until: (found) => found.length === 2,
      what: 'the created and updated events',
    });
    expect(events.at(-1)?.job?.target?.http?.headers).toEqual(after);
  });

  it('refuses *** for a header the job has no value for, naming it', async () => {
    const created = await create({ Authorization: 'Bearer s3cr3t' });
    const error = await failJobs(f, 'updateJob', { id: created.id, target: http({ 'X-Other': '***' }) });
    expect([error.code, error.details]).toEqual([
      status.INVALID_ARGUMENT,
      'target.http.headers.X-Other is "***" but the job has no value for it to keep; send the value',
    ]);
  });
});
