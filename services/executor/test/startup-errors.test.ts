import { freePort, ServiceProcess } from '@chrono/testkit';

describe('start-up errors', () => {
  it('says which NATS it cannot reach, in one line', async () => {
    const port = await freePort();
    const service = await ServiceProcess.spawn('executor', { NATS_URL: `nats://127.0.0.1:${port}` });
    expect(await service.exited).toBe(1);
    expect(service.logs).toContain(`executor: cannot reach NATS at nats://127.0.0.1:${port}`);
    expect(service.logs).not.toMatch(/\n\s+at /);
  });
});
