import { ApiError, UNAUTHENTICATED } from './api-error';
import type {
  Execution,
  Job,
  JobStatus,
  JobType,
  JobUpdate,
  NewJob,
  Occurrence,
  Page,
  PreviewRequest,
  SignedIn,
  User,
} from './types';
import type { TokenSource } from './session-tokens';

/** Filters of the jobs list, as GET /jobs takes them. */
export interface JobQuery {
  status?: JobStatus;
  type?: JobType;
  fromDate?: string;
  toDate?: string;
  /** Names containing this text, ignoring case. */
  name?: string;
  page: number;
  limit: number;
}

/**
 * The REST API as the console uses it: same origin, bearer token, JSON both ways. A request refused
 * with 401 is sent once more with a renewed token; refused again, the session is over (`tokens.end()`).
 */
export class ApiClient {
  constructor(private readonly tokens?: TokenSource) {}

  register = (body: { email: string; password: string; name: string }) =>
    this.call<SignedIn>('POST', '/auth/register', body);
  login = (body: { email: string; password: string }) => this.call<SignedIn>('POST', '/auth/login', body);
  me = () => this.call<{ user: User }>('GET', '/auth/me');
  logout = () => this.call<object>('POST', '/auth/logout', {});

  listJobs = (query: JobQuery) => this.call<Page<Job>>('GET', `/jobs?${searchOf(query)}`);
  getJob = (id: string) => this.call<Job>('GET', `/jobs/${encodeURIComponent(id)}`);
  createJob = (job: NewJob) => this.call<Job>('POST', '/jobs', job);
  updateJob = (id: string, update: JobUpdate) => this.call<Job>('PUT', `/jobs/${encodeURIComponent(id)}`, update);
  cancelJob = (id: string) => this.call<Job>('POST', `/jobs/${encodeURIComponent(id)}/cancel`, {});
  pauseJob = (id: string) => this.call<Job>('POST', `/jobs/${encodeURIComponent(id)}/pause`, {});
  resumeJob = (id: string) => this.call<Job>('POST', `/jobs/${encodeURIComponent(id)}/resume`, {});
  rescheduleJob = (id: string, scheduledAt: string) =>
    this.call<Job>('POST', `/jobs/${encodeURIComponent(id)}/reschedule`, { scheduledAt });
  triggerJob = (id: string) =>
    this.call<{ jobId: string; runId: string; dueAt: string }>('POST', `/jobs/${encodeURIComponent(id)}/trigger`, {});
  deleteJob = (id: string) => this.call<object>('DELETE', `/jobs/${encodeURIComponent(id)}`);
  executions = (id: string, page = 1, limit = 20) =>
    this.call<Page<Execution>>('GET', `/jobs/${encodeURIComponent(id)}/executions?page=${page}&limit=${limit}`);
  occurrences = (id: string, page = 1, limit = 20) =>
    this.call<Page<Occurrence>>('GET', `/jobs/${encodeURIComponent(id)}/occurrences?page=${page}&limit=${limit}`);
  previewRuns = (request: PreviewRequest) => this.call<{ runs?: string[] }>('POST', '/schedules/preview', request);

  private async call<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const token = this.tokens?.current();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = parse(text);
    if (response.ok) return json as T;
    const { code, message } = (json ?? {}) as { code?: number; message?: string };
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    const error = new ApiError(response.status, code ?? 0, message ?? `HTTP ${response.status}`, retryAfter);
    if (code === UNAUTHENTICATED && token && this.tokens) {
      if (!retried && (await this.tokens.renew(token))) return this.call<T>(method, path, body, true);
      if (retried) this.tokens.end();
    }
    throw error;
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function searchOf(query: JobQuery): string {
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== '');
  return new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
}
