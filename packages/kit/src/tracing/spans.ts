import {
  context,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
} from '@opentelemetry/api';
import { formatTraceParent, parseTraceParent } from './trace-parent';
import { chronoTracer, tracingEnabled } from './tracing';

export type { Span } from '@opentelemetry/api';
export { SpanKind } from '@opentelemetry/api';

export interface ChronoSpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /**
   * Whose child the span is: a `traceparent` value (a remote parent; a malformed one counts as none),
   * null for a new trace, or undefined (the default) for the span active where it starts.
   */
  parent?: string | null;
  /** `traceparent` values of spans it follows from without being their child (say, the request that scheduled a run). */
  links?: Array<string | undefined>;
}

/** Starts a span of the process's tracer; call only when tracingEnabled(). */
export function startSpan(name: string, { kind, attributes, parent, links = [] }: ChronoSpanOptions): Span {
  const linked: Link[] = [];
  for (const value of links) {
    const linkedContext = parseTraceParent(value);
    if (linkedContext) linked.push({ context: linkedContext });
  }
  return chronoTracer().startSpan(name, { kind, attributes, links: linked }, parentContext(parent));
}

function parentContext(parent: string | null | undefined): Context {
  if (parent === undefined) return context.active();
  const remote = parseTraceParent(parent ?? undefined);
  return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
}

/** Runs `work` with `span` active, so that what it logs, calls and writes carries the span's context. */
export function inSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Marks a span as failed by `error` (its message; an Error's stack as an exception event). */
export function failSpan(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  if (error instanceof Error) span.recordException(error);
}

/** Ends a span, as an error when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) failSpan(span, error);
  span.end();
}

/** The `traceparent` of a span. */
export function traceParentOf(span: Span): string {
  return formatTraceParent(span.spanContext());
}

/**
 * The `traceparent` of the span active here, to store or send with what is written now (an outbox
 * row, a message); undefined when tracing is off (after one check) or no span is active.
 */
export function currentTraceParent(): string | undefined {
  if (!tracingEnabled()) return undefined;
  const span = trace.getActiveSpan();
  return span ? formatTraceParent(span.spanContext()) : undefined;
}

/** The ids of the span active here, as log fields (trace_id, span_id); none outside a span. A new object each time: pino's mixin merges the line's fields into it. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
