import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { messageOf } from '../api/api-error';
import type { Job } from '../api/types';
import { useSession } from '../session';
import { Notice } from './notice';

interface JobActionsProps {
  job: Job;
  onChanged(): void;
  /** What an edit just saved, shown as the first answer until another action's replaces it. */
  saved?: string;
}

type Answer = { kind: 'ok' | 'error'; text: string };

/** Edit (a page of its own), pause or resume, cancel, reschedule, trigger now and delete (after a confirmation), each followed by the server's answer. */
export function JobActions({ job, onChanged, saved }: JobActionsProps) {
  const { api } = useSession();
  const [, navigate] = useLocation();
  const [answer, setAnswer] = useState<Answer | undefined>(saved ? { kind: 'ok', text: saved } : undefined);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [when, setWhen] = useState('');

  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      setAnswer({ kind: 'ok', text: await action() });
      onChanged();
    } catch (error) {
      setAnswer({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => act(async () => `Cancelled: the job is ${(await api.cancelJob(job.id)).status}.`);
  const pause = () => act(async () => `Paused: the job is ${(await api.pauseJob(job.id)).status}.`);
  const resume = () =>
    act(async () => {
      const resumed = await api.resumeJob(job.id);
      return `Resumed: the job is ${resumed.status}, next run ${resumed.nextRunAt ?? 'none'}.`;
    });
  const trigger = () => act(async () => `Triggered: run ${(await api.triggerJob(job.id)).runId} was dispatched.`);
  const reschedule = () =>
    act(async () => {
      const moved = await api.rescheduleJob(job.id, new Date(when).toISOString());
      return `Rescheduled: the job is ${moved.status}, next run ${moved.nextRunAt ?? 'none'}.`;
    });
  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteJob(job.id);
      navigate('/', { replace: true });
    } catch (error) {
      setAnswer({ kind: 'error', text: messageOf(error) });
      setBusy(false);
    }
  };

  return (
    <section className="actions" aria-label="Actions">
      <div className="buttons">
        <Link href={`/job/${job.id}/edit`} className="button">
          Edit
        </Link>
        <button type="button" disabled={busy} onClick={() => void trigger()}>
          Trigger now
        </button>
        {job.status === 'paused' ? (
          <button type="button" disabled={busy} onClick={() => void resume()}>
            Resume
          </button>
        ) : (
          // Only a pending or running job can be paused; the others would be refused.
          (job.status === 'pending' || job.status === 'running') && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void pause()}>
              Pause
            </button>
          )
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => void cancel()}>
          Cancel job
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
          Delete
        </button>
      </div>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void reschedule();
        }}
      >
        <label>
          New time
          <input
            type="datetime-local"
            step={1}
            value={when}
            onChange={(event) => setWhen(event.target.value)}
            required
          />
        </label>
        <button type="submit" className="secondary" disabled={busy || !when}>
          Reschedule
        </button>
      </form>
      {confirming && (
        <div role="alertdialog" aria-labelledby="confirm-delete" className="confirm">
          <p id="confirm-delete">Delete “{job.name}” and its whole history? This cannot be undone.</p>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()} autoFocus>
            Delete for good
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      {answer && <Notice kind={answer.kind}>{answer.text}</Notice>}
    </section>
  );
}
