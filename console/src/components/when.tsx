import { absoluteTime, relativeTime } from '../format/time';

/** A moment as "in 5 minutes" with the absolute time beside it (and machine-readable in `dateTime`). */
export function When({ iso, empty = '—' }: { iso?: string; empty?: string }) {
  if (!iso) return <>{empty}</>;
  return (
    <time dateTime={iso} title={iso} className="when">
      <span>{relativeTime(iso)}</span> <small>{absoluteTime(iso)}</small>
    </time>
  );
}
