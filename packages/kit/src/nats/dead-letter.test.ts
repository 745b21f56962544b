import { deadLetterBody } from './dead-letter';
import { DEAD_LETTER_MAX_BYTES, HEADER_ALLOWANCE_BYTES } from './message-size';

const source = { stream: 'JOB_EVENTS', consumer: 'scheduler-job-events' };
const parse = (bytes: Uint8Array) =>
  JSON.parse(Buffer.from(bytes).toString('utf8')) as {
    data: string;
    bytes: number;
    truncated?: boolean;
    error: string;
  };

describe('deadLetterBody', () => {
  it('keeps a small message whole, in base64, with its size', () => {
    const body = parse(
      deadLetterBody(source, { subject: 'jobs.events.x', seq: 7, data: Buffer.from('hello') }, 'cannot decode'),
    );
    expect(body).toEqual({
      ...source,
      subject: 'jobs.events.x',
      seq: 7,
      error: 'cannot decode',
      bytes: 5,
      data: Buffer.from('hello').toString('base64'),
    });
  });

  it('cuts a message of 3 MB and a long reason so that the dead letter still fits with its headers', () => {
    const data = Buffer.alloc(3_000_000, 1);
    const bytes = deadLetterBody(source, { subject: 'jobs.events.x', seq: 8, data }, 'x'.repeat(50_000));
    expect(bytes.length).toBeLessThanOrEqual(DEAD_LETTER_MAX_BYTES - HEADER_ALLOWANCE_BYTES);
    const body = parse(bytes);
    expect(body).toMatchObject({ bytes: 3_000_000, truncated: true });
    expect(body.error).toHaveLength(1000);
    const kept = Buffer.from(body.data, 'base64');
    expect(kept.length).toBeGreaterThan(40_000);
    expect(kept.equals(data.subarray(0, kept.length))).toBe(true);
  });
});
