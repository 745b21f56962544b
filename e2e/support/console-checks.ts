import type { Page, Request } from 'playwright-core';
import { shortSpan } from '../../console/src/format/run-timing';
import type { RunningSystem } from './running-system';

/** An execution as GET /jobs/{id}/executions lists it. */
interface ListedExecution {
  startedAt: string;
  completedAt: string;
  dueAt: string;
}

/** The words the job page's chart gives one finished attempt: its duration and its lateness after dueAt. */
export function chartLabelOfOne(run: ListedExecution): string {
  const duration = shortSpan(Date.parse(run.completedAt) - Date.parse(run.startedAt));
  const lateness = shortSpan(Math.max(0, Date.parse(run.startedAt) - Date.parse(run.dueAt)));
  return `Durations of the last 1 attempt, up to ${duration}; start lateness of 1, up to ${lateness}.`;
}

/** Records the `name` of every GET /jobs the page sends until `stop()`. */
export function recordSearches(page: Page): { names: string[]; stop(): void } {
  const names: string[] = [];
  const onRequest = (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname === '/jobs' && url.searchParams.has('name')) names.push(url.searchParams.get('name')!);
  };
  page.on('request', onRequest);
  return { names, stop: () => page.off('request', onRequest) };
}

/** The newest execution of the job whose console page is `jobUrl`, asked of the API with the console's own token. */
export async function newestExecution(system: RunningSystem, page: Page, jobUrl: string): Promise<ListedExecution> {
  const token = await page.evaluate<string>('JSON.parse(sessionStorage.getItem("chrono.session")).accessToken');
  const id = new URL(jobUrl).pathname.split('/').pop();
  return (await system.call('GET', `/jobs/${id}/executions`, { token })).body.items[0];
}
