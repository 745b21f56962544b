import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../api/api-error';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { useSession } from '../session';

/** Sign in, or create an account (which signs in too). The server's message is shown, on its field when it names one. */
export function SignInPage() {
  const { api, signIn } = useSession();
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ email: '', password: '', name: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // When a refusal of too many attempts (429) ends, by the server's Retry-After, taken when it came.
  const [retryAt, setRetryAt] = useState<Date>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setRetryAt(undefined);
    try {
      signIn(creating ? await api.register(form) : await api.login({ email: form.email, password: form.password }));
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.status === 429 && reason.retryAfterSeconds)
        setRetryAt(new Date(Date.now() + reason.retryAfterSeconds * 1000));
      setBusy(false);
    }
  };
  const field = error instanceof ApiError ? error.field : undefined;
  const tooMany = error instanceof ApiError && error.status === 429;
  const onField = (name: string) => (field === name ? messageOf(error) : undefined);
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [name]: event.target.value });

  return (
    <main id="main" className="sign-in">
      <h1>{creating ? 'Create an account' : 'Sign in to chrono'}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {creating && (
          <Field label="Name" error={onField('name')}>
            <input name="name" autoComplete="name" value={form.name} onChange={set('name')} required />
          </Field>
        )}
        <Field label="Email" error={onField('email')}>
          <input name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} required />
        </Field>
        <Field label="Password" error={onField('password')} hint={creating ? 'At least 8 characters.' : undefined}>
          <input
            name="password"
            type="password"
            autoComplete={creating ? 'new-password' : 'current-password'}
            value={form.password}
            onChange={set('password')}
            required
          />
        </Field>
        {tooMany ? (
          <Notice kind="error">
            <strong>Too many attempts.</strong> The server says: {messageOf(error)}.
            {retryAt && (
              <>
                {' '}
                You can try again after{' '}
                <time dateTime={retryAt.toISOString()}>{retryAt.toLocaleTimeString('en-GB')}</time>.
              </>
            )}
          </Notice>
        ) : (
          error !== undefined && !field && <Notice kind="error">{messageOf(error)}</Notice>
        )}
        <button type="submit" disabled={busy}>
          {creating ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p>
        {creating ? 'Already have an account?' : 'New here?'}{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setCreating(!creating);
            setError(undefined);
          }}
        >
          {creating ? 'Sign in instead' : 'Create an account'}
        </button>
      </p>
    </main>
  );
}
