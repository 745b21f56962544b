// `npm run bench`: the same workloads on this system, BullMQ and graphile-worker; prints a markdown
// report and writes it to bench/results/<date>.md. A shortfall is reported, not failed: it exits 0
// whenever it could write the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { ChronoContender } from './chrono/chrono-contender';
import { ChronoSystem } from './chrono/chrono-system';
import { explainClaim } from './chrono/scale-setup';
import type { Contender } from './contender';
import { environment } from './environment';
import { BullmqContender } from './peers/bullmq-contender';
import { GraphileContender } from './peers/graphile-contender';
import { renderReport } from './report';
import type { ClosedLoopResult } from './load';
import { profileSection } from './profile-summary';
import type { SystemResults } from './results';
import { describeRecurring, recurring, recurringAllowanceMs } from './recurring';
import { api, bulkCreate, burst, leadMsFor, steady } from './scenarios';
import { loadSettings, type BenchSettings } from './settings';

const began = Date.now();
const loadAtStart = loadavg()[0];
const log = (line: string) =>
  process.stderr.write(`bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)}s: ${line}\n`);

function describe(result: ClosedLoopResult): string {
  return `p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, ${result.perSecond.toFixed(0)}/s`;
}

async function measure(contender: Contender, settings: BenchSettings, fillMs: () => number): Promise<SystemResults> {
  const results: SystemResults = { name: contender.name, tuning: contender.tuning() };
  try {
    results.api = [];
    // How fast jobs are taken in: created at the highest concurrency and ready to fire (the burst's lead time follows from it).
    let takenInPerSecond = 0;
    for (const concurrency of settings.apiConcurrencies) {
      const warmup = results.api.length === 0 ? settings.apiWarmup : 0;
      await contender.caughtUp();
      const from = Date.now();
      const call = await api((i) => contender.enqueueOne(i), settings, concurrency, warmup);
      await contender.caughtUp();
      takenInPerSecond = Math.max(takenInPerSecond, ((settings.apiRequests + warmup) * 1000) / (Date.now() - from));
      const rest =
        contender instanceof ChronoContender
          ? await api((i) => contender.enqueueOneOverRest(i), settings, concurrency, warmup)
          : undefined;
      results.api.push({ concurrency, call, rest });
      log(
        `${contender.name} API at concurrency ${concurrency}: ${describe(call)}${rest ? `; REST ${describe(rest)}` : ''}`,
      );
    }
    const createRate = (results.takenInPerSecond = takenInPerSecond);
    if (settings.bulkJobs > 0) {
      results.bulkPerSecond = await bulkCreate(contender, settings);
      log(`${contender.name} bulk create: ${results.bulkPerSecond.toFixed(0)} jobs/s`);
    }
    log(`${contender.name} takes in ${createRate.toFixed(0)} jobs/s`);
    const burstLeadMs = leadMsFor(settings.burstJobs, createRate);
    const steadyLeadMs = leadMsFor(settings.steadyRate * settings.steadySeconds, createRate);
    results.burst = await burst(contender, settings, 'burst', burstLeadMs);
    log(
      `${contender.name} burst: ${results.burst.throughput.toFixed(0)} jobs/s, lateness p50 ${results.burst.lateness.p50.toFixed(1)} p99 ${results.burst.lateness.p99.toFixed(1)} max ${results.burst.lateness.max.toFixed(1)} ms`,
    );
    results.steady = await steady(contender, settings, 'steady', steadyLeadMs);
    log(
      `${contender.name} steady: lateness p50 ${results.steady.lateness.p50.toFixed(1)} p99 ${results.steady.lateness.p99.toFixed(1)} max ${results.steady.lateness.max.toFixed(1)} ms`,
    );
    if (settings.fastRate > 0) {
      const pace = { rate: settings.fastRate, seconds: settings.fastSeconds };
      const leadMs = leadMsFor(pace.rate * pace.seconds, results.bulkPerSecond ?? createRate);
      results.fastSteady = await steady(contender, settings, 'fast-steady', leadMs, pace);
      log(
        `${contender.name} fast steady (${pace.rate}/s): lateness p99 ${results.fastSteady.lateness.p99.toFixed(1)} ms, ${results.fastSteady.completed} of ${results.fastSteady.jobs} recorded`,
      );
    }
    results.memory = contender.memory();
    if (settings.recurringSeconds > 0) {
      results.recurring = await recurring(contender, settings);
      log(`${contender.name} recurring: ${describeRecurring(results.recurring)}`);
    }
    const fillBudgetMs = fillMs();
    if (settings.scaleJobs === 0 || fillBudgetMs < 10_000) {
      if (settings.scaleJobs > 0)
        log(`${contender.name} scale: skipped, ${(fillBudgetMs / 1000).toFixed(0)} s of the time budget left for it`);
      return results;
    }
    const fillFrom = Date.now();
    const filled = await contender.fill(settings.scaleJobs, fillFrom + fillBudgetMs);
    const scale = (results.scale = {
      jobs: filled,
      fillSeconds: (Date.now() - fillFrom) / 1000,
      notes: [] as string[],
    });
    if (filled < settings.scaleJobs)
      scale.notes.push(
        `scaled down to ${filled.toLocaleString('en-US')} pending jobs: filling ${settings.scaleJobs.toLocaleString('en-US')} would not fit the time budget`,
      );
    scale.notes.push(
      `${filled.toLocaleString('en-US')} pending jobs added in ${scale.fillSeconds.toFixed(0)} s (setup, not timed)`,
    );
    log(`${contender.name} scale: ${filled} pending jobs in ${scale.fillSeconds.toFixed(0)} s`);
    if (contender instanceof ChronoContender) results.scale.claim = await explainClaim(contender.system.database);
    results.scale.burst = await burst(contender, settings, 'scale-burst', burstLeadMs);
    log(
      `${contender.name} scale burst: ${results.scale.burst.throughput.toFixed(0)} jobs/s, lateness p99 ${results.scale.burst.lateness.p99.toFixed(1)} ms`,
    );
    results.scale.steady = await steady(contender, settings, 'scale-steady', steadyLeadMs);
    log(`${contender.name} scale steady: lateness p99 ${results.scale.steady.lateness.p99.toFixed(1)} ms`);
    results.scale.memory = contender.memory();
  } catch (error) {
    results.error = (error as Error).stack ?? String(error);
    log(`${contender.name} stopped early: ${results.error}`);
  }
  return results;
}

async function main(): Promise<void> {
  const settings = loadSettings();
  // The recurring scenario runs for a fixed time on every system: the budget leaves it out.
  const deadline = began + settings.budgetMs + settings.systems.length * recurringAllowanceMs(settings);
  const profileDir = path.resolve(__dirname, '..', 'results', 'profiles', new Date(began).toISOString().slice(0, 10));
  if (settings.profile.length > 0) mkdirSync(profileDir, { recursive: true });
  const results: SystemResults[] = [];
  // This system first, with up to 2 minutes to fill its tables for the scale scenario; the peers fill
  // theirs with what time is left, keeping back what the rest of the run needs (its scale runs, the next peer).
  const left = () => deadline - Date.now();
  const plan: Array<[string, () => Promise<Contender>, () => number]> = [
    [
      'chrono',
      async () =>
        ChronoContender.open(
          await ChronoSystem.start(settings.workerConcurrency, {
            services: settings.profile,
            dir: profileDir,
            run: settings.profileRun,
          }),
          settings.workerConcurrency,
        ),
      () => 120_000,
    ],
    [
      'bullmq',
      () => BullmqContender.start(settings.workerConcurrency),
      () => (settings.peerScale ? left() - (settings.systems.includes('graphile-worker') ? 130_000 : 40_000) : 0),
    ],
    [
      'graphile-worker',
      () => GraphileContender.start(settings.workerConcurrency),
      () => (settings.peerScale ? left() - 40_000 : 0),
    ],
  ];
  for (const [name, start, fillMs] of plan.filter(([name]) => settings.systems.includes(name))) {
    log(`starting ${name}`);
    let contender: Contender | undefined;
    try {
      contender = await start();
      results.push(await measure(contender, settings, fillMs));
    } catch (error) {
      results.push({ name, tuning: [], error: (error as Error).stack ?? String(error) });
      log(`${name} could not start: ${(error as Error).message}`);
    } finally {
      await contender?.stop().catch((error: Error) => log(`stopping ${name}: ${error.message}`));
      if (contender instanceof ChronoContender)
        await contender.system.stop().catch((error: Error) => log(`stopping the system: ${error.message}`));
    }
  }

  const env = await environment(began, loadAtStart);
  let report = renderReport(settings, results, env);
  if (settings.profile.length > 0) report += `\n${profileSection(profileDir, settings.profile, settings.profileRun)}\n`;
  const dir = path.resolve(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${env.date}.md`);
  writeFileSync(file, report);
  writeFileSync(file.replace(/\.md$/, '.json'), JSON.stringify({ settings, results }, null, 2) + '\n');
  process.stdout.write(report);
  log(`written to ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    log(`failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
