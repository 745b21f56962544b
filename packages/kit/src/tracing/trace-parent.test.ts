import { TraceFlags } from '@opentelemetry/api';
import { formatTraceParent, parseTraceParent } from './trace-parent';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('traceparent values', () => {
  it('formats a span context as version 00 with the sampled flag', () => {
    expect(formatTraceParent({ traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED })).toBe(
      `00-${TRACE}-${SPAN}-01`,
    );
    expect(formatTraceParent({ traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.NONE })).toBe(
      `00-${TRACE}-${SPAN}-00`,
    );
  });

  it('parses what it formats back into a remote span context', () => {
    const context = { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED };
    expect(parseTraceParent(formatTraceParent(context))).toEqual({ ...context, isRemote: true });
  });

  it('keeps only the sampled bit of the flags, and reads a later version without its extra fields', () => {
    expect(parseTraceParent(`00-${TRACE}-${SPAN}-03`)?.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(parseTraceParent(`01-${TRACE}-${SPAN}-00-extra`)).toMatchObject({ traceId: TRACE, spanId: SPAN });
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['upper case', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['a short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['an all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with more fields', `00-${TRACE}-${SPAN}-01-extra`],
    ['garbage', 'not a traceparent'],
  ])('ignores %s', (_what, value) => {
    expect(parseTraceParent(value)).toBeUndefined();
  });
});
