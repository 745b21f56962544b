import { scratchDatabase, waitFor } from '@chrono/testkit';
import type { ChronoSystem } from './faults/support/chrono-system';
import { FaultRig } from './faults/support/fault-rig';
import { JobTarget } from './faults/support/job-target';

interface Occurrence {
  dueAt: string;
  outcome?: string;
  runId?: string;
  latenessMs?: string;
  dispatchedAt?: string;
  attempts?: Array<{ attemptNumber: number; executionId: string; status: string }>;
}

const SLOW_MS = 2500;

// The occurrence ledger through every service, over REST: a slow every-second job skips occurrences,
// and a scheduler stopped for several seconds misses some, each recorded once, and the counts add up.
describe('the occurrence ledger of a running system', () => {
  const database = scratchDatabase('chrono_ledger');
  let rig: FaultRig;
  let system: ChronoSystem;
  let fast: JobTarget;

  beforeAll(async () => {
    fast = await JobTarget.start();
    rig = await FaultRig.start({
      database,
      target: { delayMs: SLOW_MS },
      system: { gateway: true, env: { scheduler: { MISSED_OCCURRENCE_GRACE: '2s' } } },
    });
    system = rig.system;
  });
  afterAll(async () => {
    await rig?.close();
    await fast?.close();
  });

  const rest = async (method: string, route: string, body?: unknown) => {
    const answer = await system.gateway!.call(method, route, { body, headers: system.authorization });
    if (answer.status !== 200) throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return answer.json;
  };
  const everySecond = (name: string, target: JobTarget, extra = {}) =>
    rest('POST', '/jobs', {
      name,
      type: 'recurring',
      cronExpression: '* * * * * *',
      scheduledAt: new Date().toISOString(),
      target: { http: { url: target.jobTarget.http!.url, method: 'POST' } },
      timeoutSeconds: 10,
      ...extra,
    });
  /** The job's ledger, oldest first. */
  const ledger = async (id: string): Promise<Occurrence[]> =>
    ((await rest('GET', `/jobs/${id}/occurrences?limit=100`)).items as Occurrence[]).reverse();
  const due = (o: Occurrence) => Date.parse(o.dueAt);
  /** The ledger up to its newest run that succeeded, once it holds every second up to there, each once, with the runs' attempts. */
  const settledLedger = async (id: string, minRuns: number, after = 0) =>
    waitFor(
      async () => {
        const all = await ledger(id);
        const lastRun = all.map((o) => o.outcome).lastIndexOf('succeeded');
        const settled = all.slice(0, lastRun + 1);
        const runsAfter = settled.filter((o) => o.outcome === 'succeeded' && due(o) > after).length;
        const contiguous = settled.every((o, i) => i === 0 || due(o) - due(settled[i - 1]) === 1000);
        // A run's outcome reaches the ledger a moment before its attempts reach the execution history (two
        // writes of one consumer, each committed on its own): a run counts as settled once both are in.
        const attempted = settled.every((o) => o.outcome !== 'succeeded' || (o.attempts?.length ?? 0) > 0);
        return runsAfter >= minRuns && contiguous && attempted && settled;
      },
      { timeoutMs: 60_000, what: `a settled ledger of ${id} with ${minRuns} runs` },
    );
  const count = (items: Occurrence[], outcome: string) => items.filter((o) => o.outcome === outcome).length;
  /** GetJob's stats add up: due = succeeded + failed + skipped + missed + cancelled + in flight. */
  const expectStatsAddUp = async (id: string) => {
    const { stats } = await rest('GET', `/jobs/${id}`);
    const { occurrences, succeeded, failed, skipped, missed, cancelled, inFlight } = stats.last24h;
    expect(occurrences).toBe(succeeded + failed + skipped + missed + cancelled + inFlight);
    expect(stats.last7d.occurrences).toBe(occurrences);
    return stats.last24h;
  };

  it('records the occurrences a slow job skips, its runs with their attempts, and counts that add up', async () => {
    const job = await everySecond('slow every second', rig.target);
    const settled = await settledLedger(job.id, 3);
    // A 2.5 s run every second: about two occurrences skipped per run, none failed. One is missed only
    // when the run before it was dispatched after it came due (a scheduler late by over a second, as on
    // a busy machine): passed over before its run was in flight, not because of it.
    expect(count(settled, 'skipped')).toBeGreaterThanOrEqual(4);
    expect(count(settled, 'failed')).toBe(0);
    const runs = settled.filter((o) => o.runId);
    for (const missed of settled.filter((o) => o.outcome === 'missed')) {
      const runBefore = runs.filter((run) => due(run) < due(missed)).pop();
      expect([missed.dueAt, Date.parse(runBefore?.dispatchedAt ?? '') >= due(missed)]).toEqual([missed.dueAt, true]);
    }
    const executions = (await rest('GET', `/jobs/${job.id}/executions?limit=100`)).items;
    for (const run of settled.filter((o) => o.outcome === 'succeeded')) {
      expect(run.attempts).toEqual([{ attemptNumber: 1, executionId: expect.any(String), status: 'success' }]);
      expect(executions.map((e: { id: string }) => e.id)).toContain(run.attempts![0].executionId);
      expect(Number(run.latenessMs)).toBeGreaterThanOrEqual(0);
    }
    const stats = await expectStatsAddUp(job.id);
    expect(stats.skipped).toBeGreaterThanOrEqual(4);
    expect(stats.latenessP50Ms).toBeGreaterThanOrEqual(0);
    await rest('POST', `/jobs/${job.id}/cancel`, {});
  }, 120_000);

  it('records the occurrences missed while the scheduler was stopped, and runs the right ones', async () => {
    const once = await everySecond('window 0s', fast, { catchUpWindow: '0s' });
    const window = await everySecond('window 60s', fast, { catchUpWindow: '60s' });
    for (const id of [once.id, window.id]) await settledLedger(id, 2);
    const [scheduler] = system.live('scheduler');
    await scheduler.stop('SIGTERM');
    const stoppedAt = Date.now();
    // Several occurrences come due with no scheduler at all.
    await waitFor(() => Date.now() > stoppedAt + 5000, { what: 'five seconds without a scheduler' });
    await system.startService('scheduler', { MISSED_OCCURRENCE_GRACE: '2s' });
    const restartedAt = Date.now();

    // Window 0: the first occurrence due in the outage runs late, the others are missed, once each.
    const plain = await settledLedger(once.id, 2, restartedAt);
    const outage = plain.filter((o) => due(o) > stoppedAt + 1000 && due(o) < restartedAt - 1000);
    expect(outage.length).toBeGreaterThanOrEqual(4);
    expect(count(outage, 'missed')).toBeGreaterThanOrEqual(outage.length - 2);
    const late = plain.find((o) => o.outcome === 'succeeded' && due(o) > stoppedAt);
    expect(Number(late?.latenessMs)).toBeGreaterThanOrEqual(3000);
    // Window 60 s: every occurrence of the outage runs (caught up, oldest first); none is missed.
    const caughtUp = await settledLedger(window.id, 2, restartedAt);
    const covered = caughtUp.filter((o) => due(o) > stoppedAt + 1000 && due(o) < restartedAt - 1000);
    expect(covered.length).toBeGreaterThanOrEqual(4);
    expect(count(caughtUp, 'missed')).toBe(0);
    expect(count(covered, 'succeeded')).toBe(covered.length);
    for (const id of [once.id, window.id]) await expectStatsAddUp(id);
    expect((await expectStatsAddUp(once.id)).missed).toBeGreaterThanOrEqual(outage.length - 2);
  }, 150_000);
});
