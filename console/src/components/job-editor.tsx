import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../api/api-error';
import type { NewJob, OverlapPolicy } from '../api/types';
import { parsePayload, toNewJob, type FieldErrors, type JobForm } from '../form/job-form';
import { useSession } from '../session';
import { Field } from './field';
import { Notice } from './notice';
import { ScheduleFields } from './schedule-fields';
import { TargetFields } from './target-fields';

// The fields this form shows; a server message about another field is shown above the button.
const FIELDS = new Set([
  'name',
  'description',
  'type',
  'scheduledAt',
  'recurrencePattern',
  'cronExpression',
  'timezone',
  'payload',
  'maxRetries',
  'timeoutSeconds',
  'catchUpWindow',
  'overlapPolicy',
  'target',
  'target.http',
  'target.http.url',
  'target.http.method',
  'target.nats',
  'target.nats.subject',
]);

// The overlap policies, as the form offers them (see the README's Overlap policy).
const OVERLAP_CHOICES: [OverlapPolicy, string][] = [
  ['skip', 'skip the occurrence'],
  ['buffer_one', 'run it right after (at most one waits)'],
  ['cancel_previous', 'cancel the running one and start'],
  ['allow', 'run both at once'],
];

interface JobEditorProps {
  initial: JobForm;
  submitLabel: string;
  /** Sends the job; throws the server's refusal, or returns the messages of fields refused before sending. */
  onSubmit(job: NewJob): Promise<FieldErrors | void>;
}

/** The job form of both new and edited jobs, checked by the browser where it can and by the server for the rest. */
export function JobEditor({ initial, submitLabel, onSubmit }: JobEditorProps) {
  const { api } = useSession();
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
      const refused = await onSubmit(job);
      if (refused) setErrors(refused);
    } catch (error) {
      const field = error instanceof ApiError ? error.field : undefined;
      if (field && FIELDS.has(field)) setErrors({ [field]: messageOf(error) });
      else setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const payloadError = errors.payload ?? parsePayload(form.payload).error;

  return (
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
        <Field
          label="Catch-up window (seconds)"
          error={errors.catchUpWindow}
          hint="missed runs this recent still run after a pause or downtime; 0: run once"
        >
          <input
            type="number"
            min={0}
            value={form.catchUpWindow}
            onChange={(event) => set({ catchUpWindow: event.target.value })}
          />
        </Field>
        {form.type === 'recurring' && (
          <Field label="When a run is still going" error={errors.overlapPolicy}>
            <select
              value={form.overlapPolicy}
              onChange={(event) => set({ overlapPolicy: event.target.value as OverlapPolicy })}
            >
              {OVERLAP_CHOICES.map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
