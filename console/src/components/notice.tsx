import type { ReactNode } from 'react';

/** The server's answer to an action: an error (announced at once) or a confirmation. */
export function Notice({ kind, children }: { kind: 'error' | 'ok'; children: ReactNode }) {
  return kind === 'error' ? (
    <p role="alert" className="notice error">
      {children}
    </p>
  ) : (
    <p role="status" className="notice ok">
      {children}
    </p>
  );
}
