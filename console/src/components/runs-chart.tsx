import type { RunTiming } from '../format/run-timing';
import { shortSpan } from '../format/run-timing';

const WIDTH = 600;
const HEIGHT = 160;
const LEFT = 64;
const BOTTOM = 20;
const TOP = 10;

/**
 * Duration (bars, a failed attempt's in the danger colour) and start lateness (a line, where known)
 * of the last attempts, oldest on the left, as an inline SVG on one scale. The figure's label says
 * the same in words for screen readers; the executions table below has every number.
 */
export function RunsChart({ timings }: { timings: RunTiming[] }) {
  if (timings.length === 0) return null;
  const largest = Math.max(1, ...timings.map((t) => Math.max(t.durationMs, t.latenessMs ?? 0)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / timings.length;
  const y = (ms: number) => TOP + plotHeight - (ms / largest) * plotHeight;
  const x = (index: number) => LEFT + slot * index + slot / 2;
  // A bar ends at its slot's middle and the lateness mark sits beside it, so neither hides the other.
  const bar = Math.min(slot * 0.4, 20);
  const mark = (index: number) => x(index) + Math.min(slot * 0.2, 10);
  const late = timings.flatMap((t, index) => (t.latenessMs === undefined ? [] : [{ index, ms: t.latenessMs }]));
  const longest = Math.max(...timings.map((t) => t.durationMs));
  const summary =
    `Durations of the last ${timings.length} attempt${timings.length === 1 ? '' : 's'}, up to ${shortSpan(longest)}` +
    (late.length
      ? `; start lateness of ${late.length}, up to ${shortSpan(Math.max(...late.map((l) => l.ms)))}.`
      : '; no start lateness known.');

  return (
    <figure className="runs-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line className="axis" x1={LEFT} y1={y(0)} x2={WIDTH} y2={y(0)} />
        <line className="grid" x1={LEFT} y1={y(largest)} x2={WIDTH} y2={y(largest)} />
        <text className="label" x={LEFT - 6} y={y(largest) + 4} textAnchor="end">
          {shortSpan(largest)}
        </text>
        <text className="label" x={LEFT - 6} y={y(0) + 4} textAnchor="end">
          0
        </text>
        {timings.map((t, index) => (
          <rect
            key={t.id}
            className={t.status === 'failed' ? 'duration failed' : 'duration'}
            x={x(index) - bar}
            width={bar}
            y={y(t.durationMs)}
            height={Math.max(1, y(0) - y(t.durationMs))}
          >
            <title>{`Attempt ${t.attemptNumber} (${t.status}): ${shortSpan(t.durationMs)}`}</title>
          </rect>
        ))}
        {late.length > 1 && (
          <polyline className="lateness" points={late.map((l) => `${mark(l.index)},${y(l.ms)}`).join(' ')} />
        )}
        {late.map((l) => (
          <circle key={l.index} className="lateness" cx={mark(l.index)} cy={y(l.ms)} r={4}>
            <title>{`Started ${shortSpan(l.ms)} after it was due`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <span className="key duration" aria-hidden="true" /> duration{' '}
        <span className="key lateness" aria-hidden="true" /> start lateness (known for a one-time job’s first attempt)
      </figcaption>
    </figure>
  );
}
