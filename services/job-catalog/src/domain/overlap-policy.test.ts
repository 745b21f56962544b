import { InvalidArgumentError } from '@chrono/kit';
import { checkOverlapPolicy } from './overlap-policy';

describe('checkOverlapPolicy', () => {
  it('defaults to skip, and an update without one keeps the job’s', () => {
    expect(checkOverlapPolicy(undefined, 'recurring')).toBe('skip');
    expect(checkOverlapPolicy(undefined, 'recurring', 'buffer_one')).toBe('buffer_one');
    expect(checkOverlapPolicy('cancel_previous', 'recurring', 'buffer_one')).toBe('cancel_previous');
  });

  it('refuses an unknown policy, naming overlapPolicy', () => {
    expect(() => checkOverlapPolicy('queue_all', 'recurring')).toThrow(InvalidArgumentError);
    expect(() => checkOverlapPolicy('SKIP', 'recurring')).toThrow(
      /overlapPolicy must be one of skip, buffer_one, cancel_previous, allow/,
    );
  });

  it('gives a one-time job only skip; a job changed to one-time falls back to it', () => {
    expect(checkOverlapPolicy('skip', 'one_time')).toBe('skip');
    expect(() => checkOverlapPolicy('buffer_one', 'one_time')).toThrow(/one_time job must be skip/);
    expect(checkOverlapPolicy(undefined, 'one_time', 'cancel_previous')).toBe('skip');
  });
});
