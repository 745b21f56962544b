import type { Execution } from '../api/types';
import { duration } from '../format/time';
import { StatusBadge } from './status-badge';
import { When } from './when';

/** One page of a job's attempts, newest first; a result opens on demand. */
export function ExecutionsTable({ executions }: { executions: Execution[] }) {
  return (
    <table className="executions responsive">
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Error</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {executions.map((execution) => (
          <tr key={execution.id}>
            <td data-label="Attempt">{execution.attemptNumber}</td>
            <td data-label="Status">
              <StatusBadge status={execution.status} />
            </td>
            <td data-label="Started">
              <When iso={execution.startedAt} />
            </td>
            <td data-label="Duration">{duration(execution.startedAt, execution.completedAt)}</td>
            <td data-label="Error">{execution.errorMessage ?? '—'}</td>
            <td data-label="Result">
              {execution.result === undefined ? (
                '—'
              ) : (
                <details>
                  <summary>Show result</summary>
                  <pre>{JSON.stringify(execution.result, null, 2)}</pre>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
