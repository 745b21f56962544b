import type { FieldErrors, JobForm } from '../form/job-form';
import { Field } from './field';

interface TargetFieldsProps {
  form: JobForm;
  errors: FieldErrors;
  set(patch: Partial<JobForm>): void;
}

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/** What runs the job: the default handler, an HTTP call or a NATS message (the executor's targets). */
export function TargetFields({ form, errors, set }: TargetFieldsProps) {
  return (
    <fieldset>
      <legend>Target</legend>
      <Field label="Runs with" error={errors.target}>
        <select value={form.target} onChange={(event) => set({ target: event.target.value as JobForm['target'] })}>
          <option value="default">default handler</option>
          <option value="http">http: call a URL</option>
          <option value="nats">nats: publish a message</option>
        </select>
      </Field>
      {form.target === 'http' && (
        <>
          <Field label="URL" error={errors['target.http.url'] ?? errors['target.http']}>
            <input type="url" value={form.httpUrl} onChange={(event) => set({ httpUrl: event.target.value })} />
          </Field>
          <Field label="Method" error={errors['target.http.method']}>
            <select value={form.httpMethod} onChange={(event) => set({ httpMethod: event.target.value })}>
              {METHODS.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </select>
          </Field>
        </>
      )}
      {form.target === 'nats' && (
        <Field
          label="Subject"
          error={errors['target.nats.subject'] ?? errors['target.nats']}
          hint="Under users.<your user id>., or one the operator opened"
        >
          <input value={form.natsSubject} onChange={(event) => set({ natsSubject: event.target.value })} />
        </Field>
      )}
    </fieldset>
  );
}
