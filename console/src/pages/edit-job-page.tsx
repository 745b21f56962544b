import { Link, useLocation } from 'wouter';
import { messageOf } from '../api/api-error';
import type { Job, NewJob } from '../api/types';
import { JobEditor } from '../components/job-editor';
import { Notice } from '../components/notice';
import { toNewJob } from '../form/job-form';
import { changesOf, formOf } from '../form/job-update';
import { useLoader } from '../hooks/use-loader';
import { useSession } from '../session';

/** A job's edit form, filled in from the job; the changed fields are sent as UpdateJob (PUT /jobs/{id}). */
export function EditJobPage({ id }: { id: string }) {
  const { api } = useSession();
  const [, navigate] = useLocation();
  const job = useLoader(() => api.getJob(id), id);
  const back = (
    <p>
      <Link href={`/job/${id}`}>← Back to the job</Link>
    </p>
  );
  if (!job.data)
    return (
      <>
        {back}
        {job.error !== undefined ? <Notice kind="error">{messageOf(job.error)}</Notice> : <p>Loading…</p>}
      </>
    );

  const stored: Job = job.data;
  const initial = formOf(stored);
  const before = toNewJob(initial).job ?? ({} as NewJob);
  const save = async (edited: NewJob) => {
    const { update, errors } = changesOf(stored, before, edited);
    if (!update) return errors;
    const changed = Object.keys(update);
    if (changed.length > 0) await api.updateJob(id, update);
    // The job's page says what was saved (from the history entry, so a reload does not repeat it).
    navigate(`/job/${id}`, { state: { saved: changed } });
  };
  return (
    <>
      {back}
      <h1>Edit “{stored.name}”</h1>
      <JobEditor key={stored.updatedAt} initial={initial} submitLabel="Save changes" onSubmit={save} />
    </>
  );
}
