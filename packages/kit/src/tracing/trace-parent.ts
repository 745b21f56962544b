import { isSpanContextValid, TraceFlags, type SpanContext } from '@opentelemetry/api';

/** The W3C Trace Context header (and gRPC metadata key, and NATS header) that carries a span's context. */
export const TRACE_PARENT_HEADER = 'traceparent';

// version-traceid-parentid-flags; a later version may append fields, which version 00 must not.
const TRACE_PARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The `traceparent` value of a span context: `00-<trace id>-<span id>-<flags>`. */
export function formatTraceParent({ traceId, spanId, traceFlags }: SpanContext): string {
  return `00-${traceId}-${spanId}-${traceFlags & TraceFlags.SAMPLED ? '01' : '00'}`;
}

/**
 * The remote span context a `traceparent` value names; undefined for a missing or malformed one
 * (a wrong length, upper case, version ff, all-zero ids), which then starts no trace of its own.
 */
export function parseTraceParent(value: string | undefined): SpanContext | undefined {
  if (!value) return undefined;
  const match = TRACE_PARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  const context: SpanContext = {
    traceId,
    spanId,
    traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(context) ? context : undefined;
}
