import { useLocation } from 'wouter';
import { JobEditor } from '../components/job-editor';
import type { JobForm } from '../form/job-form';
import { browserZone } from '../format/time';
import { localInputValue } from '../format/zoned-time';
import { useSession } from '../session';

const initial = (): JobForm => ({
  name: '',
  description: '',
  type: 'one_time',
  schedule: 'cron',
  runAt: localInputValue(60),
  timezone: browserZone(),
  pattern: 'daily',
  cronExpression: '0 2 * * *',
  payload: '{}',
  target: 'default',
  httpUrl: '',
  httpMethod: 'POST',
  natsSubject: '',
  maxRetries: '3',
  timeoutSeconds: '60',
  catchUpWindow: '0',
  overlapPolicy: 'skip',
});

/** A new job: the job form, sent as CreateJob (POST /jobs); its page once created. */
export function NewJobPage() {
  const { api } = useSession();
  const [, navigate] = useLocation();
  return (
    <>
      <h1>New job</h1>
      <JobEditor
        initial={initial()}
        submitLabel="Create job"
        onSubmit={async (job) => navigate(`/job/${(await api.createJob(job)).id}`)}
      />
    </>
  );
}
