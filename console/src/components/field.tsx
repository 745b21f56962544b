import { useId, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';

interface FieldProps {
  label: string;
  /** The message to show on this field (the server's, when it names this field); marks it invalid. */
  error?: string;
  hint?: ReactNode;
  children: ReactElement<Record<string, unknown>>;
}

/**
 * A labelled form control. An error marks the control `aria-invalid` and describes it, so screen
 * readers read the server's message with the field, and the style highlights it.
 */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errorId} className="error-text">
          {error}
        </small>
      )}
    </div>
  );
}
