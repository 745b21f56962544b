import { hostname } from 'node:os';
import { ServiceProcess } from '@chrono/testkit';
import type { PrivateQueue } from './private-queue';

/**
 * Starts an executor process on the test's queue, with extra settings, and waits until it serves. It
 * announces every start (EXECUTOR_STARTED_EVENT_AFTER 0), so that tests see each attempt's whole
 * sequence of events; started-event.test.ts covers the default.
 */
export function startExecutor(queue: PrivateQueue, env: Record<string, string> = {}): Promise<ServiceProcess> {
  return ServiceProcess.start('executor', { ...queue.env, EXECUTOR_STARTED_EVENT_AFTER: '0', ...env });
}

/** The executorId an executor process puts in its outcomes. */
export function executorIdOf(service: ServiceProcess): string {
  return `${hostname()}:${service.child.pid}`;
}
