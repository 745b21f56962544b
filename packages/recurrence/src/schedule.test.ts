import { InvalidScheduleError } from './invalid-schedule-error';
import { MAX_PREVIEW_RUNS, firstRun, nextRunAfter, previewRuns } from './schedule';

const at = (text: string) => new Date(text);
const isoList = (dates: Date[]) => dates.map((date) => date.toISOString());

function refusal(act: () => unknown): InvalidScheduleError {
  try {
    act();
  } catch (error) {
    if (error instanceof InvalidScheduleError) return error;
    throw error;
  }
  throw new Error('expected an InvalidScheduleError');
}

describe('firstRun', () => {
  it('is the anchor for a pattern', () => {
    expect(firstRun({ anchor: at('2025-01-31T23:15:00Z'), pattern: 'monthly' })).toEqual(at('2025-01-31T23:15:00Z'));
  });

  it('is the first cron time at or after the anchor', () => {
    expect(firstRun({ anchor: at('2025-06-02T09:00:00Z'), cron: '0 9 * * *' })).toEqual(at('2025-06-02T09:00:00Z'));
    expect(firstRun({ anchor: at('2025-06-02T09:00:00.001Z'), cron: '0 9 * * *' })).toEqual(at('2025-06-03T09:00:00Z'));
    expect(firstRun({ anchor: at('2025-03-08T12:00:00Z'), cron: '30 2 * * *', timezone: 'America/New_York' })).toEqual(
      at('2025-03-09T07:00:00Z'),
    );
  });
});

describe('nextRunAfter', () => {
  it('never returns a run before the anchor', () => {
    expect(nextRunAfter({ anchor: at('2025-06-01T10:00:00Z'), pattern: 'daily' }, at('2020-01-01T00:00:00Z'))).toEqual(
      at('2025-06-01T10:00:00Z'),
    );
    expect(nextRunAfter({ anchor: at('2025-06-01T10:00:00Z'), cron: '0 * * * *' }, at('2020-01-01T00:00:00Z'))).toEqual(
      at('2025-06-01T10:00:00Z'),
    );
  });

  it('gives a job that missed ten hourly runs its next run after now, not the missed ones', () => {
    const schedule = { anchor: at('2025-06-01T00:00:00Z'), pattern: 'hourly' };
    const now = at('2025-06-01T10:20:00Z');
    expect(nextRunAfter(schedule, now)).toEqual(at('2025-06-01T11:00:00Z'));
  });

  it('finds monthly runs on the 31st far in the future, on the last day of shorter months', () => {
    const schedule = { anchor: at('2025-01-31T08:00:00Z'), pattern: 'monthly' };
    expect(nextRunAfter(schedule, at('2299-02-01T00:00:00Z'))).toEqual(at('2299-02-28T08:00:00Z'));
    expect(nextRunAfter(schedule, at('2299-02-28T08:00:00Z'))).toEqual(at('2299-03-31T08:00:00Z'));
    expect(nextRunAfter(schedule, at('2296-02-01T00:00:00Z'))).toEqual(at('2296-02-29T08:00:00Z'));
  });

  it('finds cron runs far in the future', () => {
    expect(
      nextRunAfter({ anchor: at('2025-01-01T00:00:00Z'), cron: '0 0 29 2 *' }, at('2500-01-01T00:00:00Z')),
    ).toEqual(at('2504-02-29T00:00:00Z'));
  });

  it('throws RangeError when no run is left in range, or `after` is not a time', () => {
    expect(() =>
      nextRunAfter({ anchor: at('2025-01-01T00:00:00Z'), cron: '0 0 1 1 *' }, at('2999-06-01T00:00:00Z')),
    ).toThrow(RangeError);
    expect(() => nextRunAfter({ anchor: at('2025-01-01T00:00:00Z'), pattern: 'daily' }, new Date(8.64e15))).toThrow(
      RangeError,
    );
    expect(() => nextRunAfter({ anchor: at('2025-01-01T00:00:00Z'), pattern: 'daily' }, new Date(Number.NaN))).toThrow(
      RangeError,
    );
  });

  it('refuses a bad schedule like validateSchedule', () => {
    expect(
      refusal(() => nextRunAfter({ anchor: at('2025-01-01T00:00:00Z'), pattern: 'yearly' }, new Date())).field,
    ).toBe('recurrencePattern');
  });
});

describe('previewRuns', () => {
  it('starts with the anchor of a pattern by default', () => {
    const runs = previewRuns({ anchor: at('2024-01-31T12:00:00Z'), pattern: 'monthly' }, 4);
    expect(isoList(runs)).toEqual([
      '2024-01-31T12:00:00.000Z',
      '2024-02-29T12:00:00.000Z',
      '2024-03-31T12:00:00.000Z',
      '2024-04-30T12:00:00.000Z',
    ]);
  });

  it('lists runs strictly after `after`', () => {
    const schedule = { anchor: at('2025-06-01T10:00:00Z'), pattern: 'weekly' };
    expect(isoList(previewRuns(schedule, 2, at('2025-06-08T10:00:00Z')))).toEqual([
      '2025-06-15T10:00:00.000Z',
      '2025-06-22T10:00:00.000Z',
    ]);
  });

  it('lists cron runs across a daylight-saving change without repeats', () => {
    const schedule = { anchor: at('2025-10-25T00:00:00Z'), cron: '30 2 * * *', timezone: 'Europe/Berlin' };
    expect(isoList(previewRuns(schedule, 3))).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z',
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('lists from 1 up to MAX_PREVIEW_RUNS runs, in increasing order', () => {
    const schedule = { anchor: at('2025-01-01T00:00:00Z'), cron: '*/7 * * * *' };
    expect(previewRuns(schedule, 1)).toHaveLength(1);
    const runs = previewRuns(schedule, MAX_PREVIEW_RUNS);
    expect(runs).toHaveLength(100);
    for (let i = 1; i < runs.length; i++) expect(runs[i].getTime()).toBeGreaterThan(runs[i - 1].getTime());
  });

  it.each([0, 101, -1, 2.5, Number.NaN])('refuses count %p on field count', (count) => {
    const error = refusal(() => previewRuns({ anchor: at('2025-01-01T00:00:00Z'), pattern: 'daily' }, count));
    expect(error.field).toBe('count');
    expect(error.message).toBe(`count must be a whole number from 1 to 100, got ${count}`);
  });

  it('lists fewer runs when the schedule runs out of range', () => {
    const schedule = { anchor: at('2990-01-01T00:00:00Z'), cron: '0 0 1 1 *' };
    const runs = isoList(previewRuns(schedule, 100));
    expect(runs).toHaveLength(10);
    expect(runs[9]).toBe('2999-01-01T00:00:00.000Z');
  });
});
