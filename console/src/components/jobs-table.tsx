import { Link } from 'wouter';
import type { Job } from '../api/types';
import { scheduleInWords } from '../format/schedule-words';
import { LastOutcome, StatusBadge } from './status-badge';
import { When } from './when';

/** The jobs of one page; on a narrow screen each row becomes a card (styles.css), labelled by `data-label`. */
export function JobsTable({ jobs }: { jobs: Job[] }) {
  return (
    <table className="jobs responsive">
      <caption className="visually-hidden">Your jobs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Schedule</th>
          <th scope="col">Next run</th>
          <th scope="col">Last outcome</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id}>
            <th scope="row" data-label="Name">
              <Link href={`/job/${job.id}`}>{job.name}</Link>
            </th>
            <td data-label="Type">{job.type === 'one_time' ? 'one-time' : 'recurring'}</td>
            <td data-label="Status">
              <StatusBadge status={job.status} />
            </td>
            <td data-label="Schedule">{scheduleInWords(job)}</td>
            <td data-label="Next run">
              <When iso={job.nextRunAt} empty="none" />
            </td>
            <td data-label="Last outcome">
              <LastOutcome job={job} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
