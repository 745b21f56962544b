import { PrivateNats, scratchDatabase, ServiceProcess } from '@chrono/testkit';

// job-catalog refuses to start when its largest message cannot fit what the NATS server accepts.
describe('job-catalog start-up against max_payload', () => {
  const database = scratchDatabase();
  let nats: PrivateNats;
  beforeAll(async () => {
    nats = await PrivateNats.start({ maxPayload: 131_072 });
  });
  afterAll(async () => {
    await nats?.stop();
    await database.drop();
  });

  it('exits 78 naming MAX_JOB_BYTES and the server limit when a job event could exceed max_payload', async () => {
    const service = await ServiceProcess.spawn('job-catalog', { ...database.env, NATS_URL: nats.url });
    expect(await service.exited).toBe(78);
    expect(service.logs).toContain(
      `job-catalog: the NATS server at 127.0.0.1:${nats.port} accepts messages of at most 131072 bytes (its max_payload), but job events can take 263168 bytes ` +
        '(MAX_JOB_BYTES (262144) plus 1024 for headers). Raise max_payload in the NATS server configuration, or lower the settings named.',
    );
    expect(service.logs).not.toMatch(/\n\s+at /);
  });

  it('starts when MAX_JOB_BYTES is lowered to fit', async () => {
    const service = await ServiceProcess.start('job-catalog', {
      ...database.env,
      NATS_URL: nats.url,
      MAX_JOB_BYTES: '65536',
    });
    expect(await service.stop()).toBe(0);
  });
});
