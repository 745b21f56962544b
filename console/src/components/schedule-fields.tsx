import type { ApiClient } from '../api/client';
import { ApiError } from '../api/api-error';
import type { Pattern } from '../api/types';
import type { FieldErrors, JobForm } from '../form/job-form';
import { cronInWords } from '../format/schedule-words';
import { zonedToIso } from '../format/zoned-time';
import { usePreview } from '../hooks/use-preview';
import { Field } from './field';
import { RunsPreview } from './runs-preview';

interface ScheduleFieldsProps {
  api: ApiClient;
  form: JobForm;
  errors: FieldErrors;
  set(patch: Partial<JobForm>): void;
}

const PATTERNS: Pattern[] = ['hourly', 'daily', 'weekly', 'monthly'];

/** The instant when it is still ahead: a cron job anchored in the past starts from now. */
const future = (iso?: string) => (iso && new Date(iso).getTime() > Date.now() ? iso : undefined);

/** When the job runs: once at a time, or a pattern or cron expression, with the next runs previewed live. */
export function ScheduleFields({ api, form, errors, set }: ScheduleFieldsProps) {
  const recurring = form.type === 'recurring';
  const cron = recurring && form.schedule === 'cron';
  const anchor = form.runAt ? zonedToIso(form.runAt, form.timezone || 'UTC') : undefined;
  const request = !recurring
    ? undefined
    : cron
      ? form.cronExpression.trim()
        ? { cronExpression: form.cronExpression, timezone: form.timezone || undefined, start: future(anchor) }
        : undefined
      : { recurrencePattern: form.pattern, start: anchor };
  const preview = usePreview(api, request, cron ? undefined : anchor);
  const previewField = preview.error instanceof ApiError ? preview.error.field : undefined;
  const shown = (field: string) =>
    errors[field] ?? (previewField === field && preview.error instanceof ApiError ? preview.error.message : undefined);

  return (
    <fieldset>
      <legend>Schedule</legend>
      <div className="choices" role="radiogroup" aria-label="Runs">
        <label>
          <input type="radio" checked={!recurring} onChange={() => set({ type: 'one_time' })} /> Once
        </label>
        <label>
          <input type="radio" checked={recurring} onChange={() => set({ type: 'recurring' })} /> Recurring
        </label>
      </div>
      {recurring && (
        <div className="choices" role="radiogroup" aria-label="Recurs by">
          <label>
            <input type="radio" checked={!cron} onChange={() => set({ schedule: 'pattern' })} /> By pattern
          </label>
          <label>
            <input type="radio" checked={cron} onChange={() => set({ schedule: 'cron' })} /> By cron expression
          </label>
        </div>
      )}
      {recurring && !cron && (
        <Field label="Pattern" error={errors.recurrencePattern}>
          <select value={form.pattern} onChange={(event) => set({ pattern: event.target.value as Pattern })}>
            {PATTERNS.map((pattern) => (
              <option key={pattern}>{pattern}</option>
            ))}
          </select>
        </Field>
      )}
      {cron && (
        <Field
          label="Cron expression"
          error={shown('cronExpression')}
          hint={
            form.cronExpression.trim()
              ? cronInWords(form.cronExpression, form.timezone)
              : '5 fields, or 6 with seconds first: 0 2 * * 1-5'
          }
        >
          <input
            name="cronExpression"
            value={form.cronExpression}
            spellCheck={false}
            onChange={(event) => set({ cronExpression: event.target.value })}
          />
        </Field>
      )}
      <Field
        label={cron ? 'Starts' : recurring ? 'First run' : 'Run at'}
        error={errors.scheduledAt}
        hint={cron ? 'The expression’s times from then on; a time past starts now.' : undefined}
      >
        <input
          type="datetime-local"
          step={1}
          value={form.runAt}
          onChange={(event) => set({ runAt: event.target.value })}
        />
      </Field>
      <Field label="Time zone" error={shown('timezone')} hint="IANA name, e.g. Europe/Berlin or UTC">
        <input name="timezone" value={form.timezone} onChange={(event) => set({ timezone: event.target.value })} />
      </Field>
      {recurring && (
        <RunsPreview heading="Next five runs" runs={preview.runs} error={previewField ? undefined : preview.error} />
      )}
    </fieldset>
  );
}
