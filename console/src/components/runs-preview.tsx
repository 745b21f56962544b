import { messageOf } from '../api/api-error';
import { When } from './when';

interface RunsPreviewProps {
  runs?: string[];
  error?: unknown;
  heading: string;
}

/**
 * Run times on a small timeline: each run placed along a bar by when it comes (first to last run),
 * with the list below for exact times. `error` is the server's answer when it refused the schedule.
 */
export function RunsPreview({ runs, error, heading }: RunsPreviewProps) {
  const times = (runs ?? []).map((iso) => new Date(iso).getTime());
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const at = (time: number) => (last > first ? ((time - first) / (last - first)) * 100 : 0);
  return (
    <section className="preview" aria-label={heading}>
      <h2>{heading}</h2>
      {error !== undefined && <p className="error-text">{messageOf(error)}</p>}
      {runs && runs.length > 0 && (
        <>
          <div className="timeline" aria-hidden="true">
            {times.map((time) => (
              <span key={time} className="tick" style={{ left: `${at(time)}%` }} />
            ))}
          </div>
          <ol className="runs">
            {runs.map((iso) => (
              <li key={iso}>
                <When iso={iso} />
              </li>
            ))}
          </ol>
        </>
      )}
      {runs && runs.length === 0 && error === undefined && <p>No runs ahead.</p>}
    </section>
  );
}
