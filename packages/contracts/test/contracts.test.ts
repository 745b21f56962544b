import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createFileRegistry, fromBinary, getExtension, hasExtension } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSetPath } from '@chrono/contracts';

const root = path.resolve(__dirname, '..', '..', '..');
const buf = path.join(root, 'node_modules', '.bin', 'buf');

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(buf, args, { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
}

describe('protobuf contracts', () => {
  it('pass buf lint', async () => {
    const { code, output } = await run(['lint']);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('make no breaking change against main', async () => {
    const { code, output } = await run(['breaking', '--against', '.git#branch=main']);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  // The REST API of the original design, plus the endpoints this system adds; every public RPC maps to one.
  const expectedRoutes = {
    'chrono.auth.v1.AuthService.Register': 'POST /auth/register body=*',
    'chrono.auth.v1.AuthService.Login': 'POST /auth/login body=*',
    'chrono.auth.v1.AuthService.GetMe': 'GET /auth/me',
    'chrono.auth.v1.AuthService.GetJwks': 'GET /.well-known/jwks.json',
    'chrono.auth.v1.AuthService.Refresh': 'POST /auth/refresh body=*',
    'chrono.auth.v1.AuthService.Logout': 'POST /auth/logout body=*',
    'chrono.auth.v1.AuthService.LogoutAll': 'POST /auth/logout-all body=*',
    'chrono.auth.v1.AuthService.DeleteMe': 'DELETE /auth/me',
    'chrono.auth.v1.AuthService.CreateApiKey': 'POST /auth/api-keys body=*',
    'chrono.auth.v1.AuthService.ListApiKeys': 'GET /auth/api-keys',
    'chrono.auth.v1.AuthService.DeleteApiKey': 'DELETE /auth/api-keys/{id}',
    // Between services only: no REST route, and Envoy routes nothing to these services.
    'chrono.auth.v1.AuthInternalService.VerifyApiKey': 'none',
    'chrono.catalog.v1.JobInternalService.CancelAllJobs': 'none',
    'chrono.catalog.v1.JobService.CreateJob': 'POST /jobs body=*',
    'chrono.catalog.v1.JobService.CreateJobs': 'POST /jobs:batchCreate body=*',
    'chrono.catalog.v1.JobService.ListJobs': 'GET /jobs',
    'chrono.catalog.v1.JobService.GetJob': 'GET /jobs/{id}',
    'chrono.catalog.v1.JobService.UpdateJob': 'PUT /jobs/{id} body=*',
    'chrono.catalog.v1.JobService.DeleteJob': 'DELETE /jobs/{id}',
    'chrono.catalog.v1.JobService.CancelJob': 'POST /jobs/{id}/cancel body=*',
    'chrono.catalog.v1.JobService.RescheduleJob': 'POST /jobs/{id}/reschedule body=*',
    'chrono.catalog.v1.JobService.PauseJob': 'POST /jobs/{id}/pause body=*',
    'chrono.catalog.v1.JobService.ResumeJob': 'POST /jobs/{id}/resume body=*',
    'chrono.catalog.v1.JobService.ListJobExecutions': 'GET /jobs/{id}/executions',
    'chrono.catalog.v1.JobService.ListOccurrences': 'GET /jobs/{id}/occurrences',
    'chrono.catalog.v1.JobService.ListNotificationDeliveries': 'GET /jobs/{id}/notifications',
    'chrono.catalog.v1.JobService.GetNotificationSecret': 'GET /notification-secret',
    'chrono.catalog.v1.JobService.RotateNotificationSecret': 'POST /notification-secret:rotate body=*',
    'chrono.scheduler.v1.SchedulerService.PreviewRuns': 'POST /schedules/preview body=*',
    'chrono.scheduler.v1.SchedulerService.TriggerNow': 'POST /jobs/{id}/trigger body=*',
    'chrono.executor.v1.ExecutorService.ListHandlers': 'GET /handlers',
  };

  it('annotate every public RPC with the REST route of the original design', () => {
    const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath)));
    const http = registry.getExtension('google.api.http');
    if (!http) throw new Error('google.api.http is missing from the descriptor set');
    const routes: Record<string, string> = {};
    for (const desc of registry) {
      if (desc.kind !== 'service' || !desc.typeName.startsWith('chrono.')) continue;
      for (const method of desc.methods) {
        const options = method.proto.options;
        if (!options || !hasExtension(options, http)) {
          routes[`${desc.typeName}.${method.name}`] = 'none';
          continue;
        }
        const rule = getExtension(options, http) as { pattern: { case?: string; value?: unknown }; body: string };
        const verb = rule.pattern.case?.toUpperCase() ?? 'none';
        routes[`${desc.typeName}.${method.name}`] =
          `${verb} ${String(rule.pattern.value)}${rule.body ? ` body=${rule.body}` : ''}`;
      }
    }
    expect(routes).toEqual(expectedRoutes);
  });

  it('print the JSON field names of the original design', () => {
    const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath)));
    const jsonNames = (type: string) => registry.getMessage(type)?.fields.map((f) => f.jsonName);
    // The original design's register answer, plus the session's refresh token and the access token's lifetime.
    expect(jsonNames('chrono.auth.v1.RegisterResponse')).toEqual([
      'user',
      'access_token',
      'refresh_token',
      'expires_in',
    ]);
    expect(jsonNames('chrono.auth.v1.User')).toEqual(['id', 'email', 'name', 'isActive', 'createdAt', 'updatedAt']);
    // API keys: the key itself only in the answer that makes it; the list shows when each was last used.
    expect(jsonNames('chrono.auth.v1.CreateApiKeyRequest')).toEqual(['name']);
    expect(jsonNames('chrono.auth.v1.CreateApiKeyResponse')).toEqual(['id', 'name', 'key', 'createdAt']);
    expect(jsonNames('chrono.auth.v1.ListApiKeysResponse')).toEqual(['apiKeys']);
    expect(jsonNames('chrono.auth.v1.ApiKey')).toEqual(['id', 'name', 'createdAt', 'lastUsedAt']);
    expect(jsonNames('chrono.catalog.v1.Job')).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'description',
        'type',
        'status',
        'payload',
        'scheduledAt',
        'startedAt',
        'completedAt',
        'recurrencePattern',
        'retryCount',
        'maxRetries',
        'errorMessage',
        'result',
        'userId',
        'nextRunAt',
        'isActive',
        'createdAt',
        'updatedAt',
        'catchUpWindow',
        'stats',
        'overlapPolicy',
        'notifications',
      ]),
    );
    // The occurrence ledger: GET /jobs/{id}/occurrences and the stats block of GET /jobs/{id}.
    expect(jsonNames('chrono.catalog.v1.ListOccurrencesRequest')).toEqual(['id', 'from', 'to', 'page', 'limit']);
    expect(jsonNames('chrono.catalog.v1.Occurrence')).toEqual([
      'dueAt',
      'outcome',
      'dispatchedAt',
      'startedAt',
      'finishedAt',
      'latenessMs',
      'runId',
      'attempts',
    ]);
    expect(jsonNames('chrono.catalog.v1.JobStats')).toEqual(['last24h', 'last7d']);
    expect(jsonNames('chrono.catalog.v1.OccurrenceStats')).toEqual([
      'occurrences',
      'succeeded',
      'failed',
      'skipped',
      'missed',
      'cancelled',
      'inFlight',
      'latenessP50Ms',
      'latenessP99Ms',
    ]);
    // The catch-up window is set on create and update too, as a duration string ("3600s").
    for (const request of ['chrono.catalog.v1.CreateJobRequest', 'chrono.catalog.v1.UpdateJobRequest'])
      expect(jsonNames(request)).toEqual(expect.arrayContaining(['catchUpWindow', 'overlapPolicy', 'notifications']));
    expect(jsonNames('chrono.catalog.v1.UpdateJobRequest')).toContain('clearNotifications');
    expect(jsonNames('chrono.catalog.v1.JobNotification')).toEqual(['on', 'http']);
    expect(jsonNames('chrono.catalog.v1.NotificationDelivery')).toEqual([
      'id',
      'jobId',
      'event',
      'url',
      'state',
      'attempts',
      'lastStatusCode',
      'lastError',
      'createdAt',
      'lastAttemptAt',
      'executionId',
    ]);
    expect(jsonNames('chrono.catalog.v1.JobExecution')).toEqual([
      'id',
      'jobId',
      'status',
      'startedAt',
      'completedAt',
      'errorMessage',
      'result',
      'attemptNumber',
      'createdAt',
      'dueAt',
    ]);
    expect(jsonNames('chrono.catalog.v1.ListJobsRequest')).toEqual([
      'status',
      'type',
      'fromDate',
      'toDate',
      'page',
      'limit',
      'name',
    ]);
  });
});
