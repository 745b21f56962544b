import { freePort, PrivateNats, ServiceProcess } from '@chrono/testkit';

describe('start-up errors', () => {
  it('says which NATS it cannot reach, in one line', async () => {
    const port = await freePort();
    const service = await ServiceProcess.spawn('executor', { NATS_URL: `nats://127.0.0.1:${port}` });
    expect(await service.exited).toBe(1);
    expect(service.logs).toContain(`executor: cannot reach NATS at nats://127.0.0.1:${port}`);
    expect(service.logs).not.toMatch(/\n\s+at /);
  });

  it('exits 78 naming the settings and the server limit when an outcome could exceed max_payload', async () => {
    const nats = await PrivateNats.start({ maxPayload: 131_072 });
    try {
      const service = await ServiceProcess.spawn('executor', {
        NATS_URL: nats.url,
        HTTP_TARGET_MAX_RESPONSE_BYTES: '100000',
        MAX_JOB_BYTES: '200000',
      });
      expect(await service.exited).toBe(78);
      expect(service.logs).toContain(
        `executor: the NATS server at 127.0.0.1:${nats.port} accepts messages of at most 131072 bytes (its max_payload), but execution outcomes can take 209216 bytes ` +
          "(the larger of MAX_JOB_BYTES (200000) and HTTP_TARGET_MAX_RESPONSE_BYTES (100000) plus 9216 for the event's other fields and headers).",
      );
    } finally {
      await nats.stop();
    }
  });

  it('names every malformed executor setting and exits 78', async () => {
    const service = await ServiceProcess.spawn('executor', {
      EXECUTOR_CONCURRENCY: '0',
      EXECUTOR_ACK_WAIT: '10s',
      EXECUTOR_HEARTBEAT: '10s',
      HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1, not a host',
      EXECUTOR_DISPATCH_SUBJECT: 'dispatch.*',
    });
    expect(await service.exited).toBe(78);
    expect(service.logs).toContain('EXECUTOR_CONCURRENCY must be between 1 and 1000, got 0');
    expect(service.logs).toContain(
      'EXECUTOR_HEARTBEAT must be more than 0 and less than EXECUTOR_ACK_WAIT (10000 ms), got 10000 ms',
    );
    expect(service.logs).toContain(
      'HTTP_TARGET_ALLOW_HOSTS entries must be host names, addresses or subnets such as 10.1.0.0/16, got "not a host"',
    );
    expect(service.logs).toContain('EXECUTOR_DISPATCH_SUBJECT must be a subject without wildcards, got "dispatch.*"');
  });
});
