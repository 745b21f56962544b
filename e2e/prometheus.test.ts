import { waitFor } from '@chrono/testkit';
import { PrometheusServer } from './support/prometheus-server';
import { RunningSystem } from './support/running-system';

const PROCESSES = ['gateway', 'auth', 'job-catalog', 'scheduler', 'executor'];

// A real Prometheus scrapes every process of the system as `npm start` runs it; after a few jobs, its
// HTTP API answers the questions an operator asks with the series and counts they should have.
describe('the system scraped by a real Prometheus', () => {
  let system: RunningSystem;
  let prometheus: PrometheusServer;
  let token: string;

  beforeAll(async () => {
    system = await RunningSystem.start();
    const targets: Record<string, string> = {};
    for (const process of PROCESSES) targets[process] = new URL(await system.metricsUrl(process)).host;
    prometheus = await PrometheusServer.start(targets);
    token = (await system.signUp('Prom')).access_token;
  });
  afterAll(async () => {
    await prometheus?.stop();
    await system?.stop();
  });

  it('scrapes every process', async () => {
    const up = await waitFor(
      async () => {
        const series = await prometheus.query('up');
        return series.length === PROCESSES.length && series.every((s) => s.value === 1) && series;
      },
      { what: 'every target up' },
    );
    expect(up.map((s) => s.labels.job).sort()).toEqual([...PROCESSES].sort());
  });

  it('counts the runs of three jobs, their dispatches and the REST calls that created them', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const { body } = await system.call('POST', '/jobs', {
        token,
        body: { name, type: 'one_time', scheduledAt: new Date(Date.now() + 1000).toISOString() },
      });
      ids.push(body.id);
    }
    for (const id of ids)
      await waitFor(async () => (await system.call('GET', `/jobs/${id}`, { token })).body.status === 'completed', {
        timeoutMs: 20_000,
        what: `job ${id} completed`,
      });
    const valueOf = async (expression: string) => (await prometheus.query(expression))[0]?.value;
    await waitFor(async () => (await valueOf('sum(chrono_runs_total{outcome="succeeded"})')) === 3, {
      what: 'three runs in Prometheus',
    });
    await waitFor(async () => (await valueOf('sum(chrono_dispatch_lateness_seconds_count)')) === 3, {
      what: 'three dispatches in Prometheus',
    });
    expect(await valueOf('sum(chrono_start_lateness_seconds_count{target_kind="default"})')).toBe(3);
    expect(await valueOf('sum(chrono_run_duration_seconds_bucket{le="+Inf"})')).toBe(3);
    await waitFor(
      async () =>
        (await valueOf('sum(http_requests_total{route="/jobs",method="POST",status="200"})')) === 3 &&
        (await valueOf('sum(grpc_server_handled_total{job="job-catalog",grpc_method="CreateJob",grpc_code="OK"})')) ===
          3,
      { what: 'the three creates counted by the gateway and job-catalog' },
    );
    // Quantiles come out of the histograms as dashboards compute them.
    const p99 = await valueOf('histogram_quantile(0.99, sum by (le) (chrono_dispatch_lateness_seconds_bucket))');
    expect(p99).toBeGreaterThanOrEqual(0);
    expect(p99).toBeLessThan(10);
  });
});
