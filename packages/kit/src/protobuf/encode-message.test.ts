import { jobState } from '@chrono/contracts';
import { encodeMessage } from './encode-message';

const state = (jobId: string, sequence: number): jobState.JobStateChanged => ({
  jobId,
  status: jobState.JobRunStatus.JOB_RUN_STATUS_RUNNING,
  nextRunAt: new Date('2026-12-05T12:00:00.123Z'),
  retryCount: 1,
  sequence,
  occurredAt: new Date('2026-12-05T12:00:01Z'),
  runId: 'run-1',
  occurrences: undefined,
});

describe('encodeMessage', () => {
  it('gives the bytes the generated encoder gives, message after message, each a copy of its own', () => {
    const long = state('x'.repeat(5000), 7);
    const short = state('j1', 1);
    const first = encodeMessage(jobState.JobStateChanged, long);
    const second = encodeMessage(jobState.JobStateChanged, short);
    expect(Buffer.from(first)).toEqual(Buffer.from(jobState.JobStateChanged.encode(long).finish()));
    expect(Buffer.from(second)).toEqual(Buffer.from(jobState.JobStateChanged.encode(short).finish()));
    expect(jobState.JobStateChanged.decode(first).jobId).toBe(long.jobId);
  });

  it('leaves nothing behind from a message it could not encode', () => {
    expect(() => encodeMessage(jobState.JobStateChanged, { ...state('j2', 2), sequence: Number.NaN })).toThrow();
    const next = encodeMessage(jobState.JobStateChanged, state('j3', 3));
    expect(Buffer.from(next)).toEqual(Buffer.from(jobState.JobStateChanged.encode(state('j3', 3)).finish()));
  });
});
