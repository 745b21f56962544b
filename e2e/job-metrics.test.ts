import { promtoolCheckMetrics, sampleSum, scrape, waitFor, type Sample } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';

// A job's run shows in the scheduler's dispatch lateness and in the executor's runs, durations, start
// lateness and slots, each once per attempt.
describe('job metrics', () => {
  let system: RunningSystem;
  let token: string;

  beforeAll(async () => {
    system = await RunningSystem.start();
    token = (await system.signUp('Metrics')).access_token;
  });
  afterAll(() => system?.stop());

  const samplesOf = async (process: string): Promise<Sample[]> =>
    (await scrape(await system.metricsUrl(process))).samples;

  it('counts each run once: dispatched, started, finished, by kind of target and outcome', async () => {
    const before = { scheduler: await samplesOf('scheduler'), executor: await samplesOf('executor') };
    const runs = (samples: Sample[]) =>
      sampleSum(samples, 'chrono_runs_total', { target_kind: 'default', outcome: 'succeeded' });
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      body: { name: 'measured', type: 'one_time', scheduledAt: new Date(Date.now() + 1000).toISOString() },
    });
    await waitFor(async () => (await system.call('GET', `/jobs/${job.id}`, { token })).body.status === 'completed', {
      timeoutMs: 20_000,
      what: 'the job to complete',
    });
    const executor = await waitFor(
      async () => {
        const samples = await samplesOf('executor');
        return runs(samples) === runs(before.executor) + 1 && samples;
      },
      { what: 'the run counted' },
    );
    const scheduler = await samplesOf('scheduler');

    const grew = (name: string, after: Sample[], was: Sample[], labels: Record<string, string> = {}) =>
      sampleSum(after, name, labels) - sampleSum(was, name, labels);
    expect(grew('chrono_dispatch_lateness_seconds_count', scheduler, before.scheduler)).toBe(1);
    const labels = { target_kind: 'default', outcome: 'succeeded' };
    expect(grew('chrono_run_duration_seconds_count', executor, before.executor, labels)).toBe(1);
    expect(grew('chrono_start_lateness_seconds_count', executor, before.executor, { target_kind: 'default' })).toBe(1);
    expect(grew('chrono_runs_total', executor, before.executor, { outcome: 'failed' })).toBe(0);
    // The slots add up to EXECUTOR_CONCURRENCY whatever is running.
    const slots = (state: string) => sampleSum(executor, 'chrono_executor_slots', { state });
    expect(slots('in_use')).toBeGreaterThanOrEqual(0);
    expect(slots('in_use') + slots('free')).toBeGreaterThan(0);
    for (const process of ['scheduler', 'executor'])
      expect(await promtoolCheckMetrics((await scrape(await system.metricsUrl(process))).text)).toEqual({
        code: 0,
        output: '',
      });
  });

  it.each(['auth', 'job-catalog', 'scheduler', 'executor'])('%s reports itself serving', async (process) => {
    await waitFor(async () => sampleSum(await samplesOf(process), 'chrono_service_serving') === 1, {
      what: `${process} serving`,
    });
  });

  it('reports how far behind each durable consumer is, and the database pools', async () => {
    const consumersOf = async (process: string) =>
      (await samplesOf(process))
        .filter((sample) => sample.name === 'chrono_consumer_pending_messages')
        .map((sample) => sample.labels.consumer);
    for (const process of ['job-catalog', 'scheduler', 'executor'])
      expect((await consumersOf(process)).length).toBeGreaterThan(0);
    for (const process of ['auth', 'job-catalog', 'scheduler']) {
      const samples = await samplesOf(process);
      const states = samples.filter((s) => s.name === 'chrono_db_pool_connections').map((s) => s.labels.state);
      expect(states.sort()).toEqual(['idle', 'in_use', 'waiting']);
    }
  });
});
