import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ApiError, messageOf } from '../api/api-error';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { ScheduleFields } from '../components/schedule-fields';
import { TargetFields } from '../components/target-fields';
import { parsePayload, toNewJob, type FieldErrors, type JobForm } from '../form/job-form';
import { browserZone } from '../format/time';
import { localInputValue } from '../format/zoned-time';
import { useSession } from '../session';

// The fields this form shows; a server message about another field is shown above the button.
const FIELDS = new Set([
  'name',
  'description',
  'scheduledAt',
  'recurrencePattern',
  'cronExpression',
  'timezone',
  'payload',
  'maxRetries',
  'timeoutSeconds',
  'target',
  'target.http',
  'target.http.url',
  'target.http.method',
  'target.nats',
  'target.nats.subject',
]);

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
});

/** A new job: the form, checked by the browser where it can and by the server for the rest. */
export function NewJobPage() {
  const { api } = useSession();
  const [, navigate] = useLocation();
  const [form, setForm] = useState<JobForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<JobForm>) => setForm((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const { job, errors: local } = toNewJob(form);
    setErrors(local);
    if (!job) return;
    setBusy(true);
    try {
      const created = await api.createJob(job);
      navigate(`/job/${created.id}`);
    } catch (error) {
      const field = error instanceof ApiError ? error.field : undefined;
      if (field && FIELDS.has(field)) setErrors({ [field]: messageOf(error) });
      else setFailure(messageOf(error));
      setBusy(false);
    }
  };
  const payloadError = errors.payload ?? parsePayload(form.payload).error;

  return (
    <>
      <h1>New job</h1>
      <form className="job-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Name" error={errors.name}>
          <input name="name" value={form.name} onChange={(event) => set({ name: event.target.value })} />
        </Field>
        <Field label="Description" error={errors.description}>
          <input value={form.description} onChange={(event) => set({ description: event.target.value })} />
        </Field>
        <ScheduleFields api={api} form={form} errors={errors} set={set} />
        <Field label="Payload (JSON object)" error={payloadError}>
          <textarea
            name="payload"
            rows={4}
            spellCheck={false}
            value={form.payload}
            onChange={(event) => set({ payload: event.target.value })}
          />
        </Field>
        <TargetFields form={form} errors={errors} set={set} />
        <div className="pair">
          <Field label="Retries" error={errors.maxRetries} hint="0 to 20">
            <input
              type="number"
              min={0}
              max={20}
              value={form.maxRetries}
              onChange={(event) => set({ maxRetries: event.target.value })}
            />
          </Field>
          <Field label="Timeout (seconds)" error={errors.timeoutSeconds}>
            <input
              type="number"
              min={1}
              value={form.timeoutSeconds}
              onChange={(event) => set({ timeoutSeconds: event.target.value })}
            />
          </Field>
        </div>
        {failure && <Notice kind="error">{failure}</Notice>}
        <button type="submit" disabled={busy}>
          Create job
        </button>
      </form>
    </>
  );
}
