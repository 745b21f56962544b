import { SpanKind, type Span } from '@opentelemetry/api';
import { endSpan, inSpan, startSpan } from './spans';
import { tracingEnabled } from './tracing';

/** An event as a consumer got it, with the trace context it came with. */
export interface ConsumedEvent {
  subject: string;
  seq: number;
  batchIndex?: number;
  traceParent?: string;
}

/** Where events are consumed from: the stream and the durable consumer. */
export interface ConsumedFrom {
  stream: string;
  durable: string;
}

// `process <stream>`: the messaging conventions' operation and destination, with the stream standing
// for the subject (subjects carry job ids, too many names for a span).
function consumeSpan(event: ConsumedEvent, { stream, durable }: ConsumedFrom, batchSize?: number): Span {
  return startSpan(`process ${stream}`, {
    kind: SpanKind.CONSUMER,
    parent: event.traceParent ?? null,
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': event.subject,
      'messaging.consumer.group.name': durable,
      'chrono.stream': stream,
      'chrono.stream_sequence': event.seq,
      ...(event.batchIndex !== undefined && { 'chrono.batch_index': event.batchIndex }),
      ...(batchSize !== undefined && { 'messaging.batch.message_count': batchSize }),
    },
  });
}

/**
 * `handle(event)` inside a CONSUMER span that continues the trace the event came with, so that what
 * the handler logs and writes carries it; just `handle(event)` while tracing is off (the handler is
 * passed as it is, not in a closure, so that nothing is allocated per event then).
 */
export function consumed<E extends ConsumedEvent, T>(
  event: E,
  from: ConsumedFrom,
  handle: (event: E) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return handle(event);
  const span = consumeSpan(event, from);
  return inSpan(span, () => handle(event)).then(
    (result) => {
      endSpan(span);
      return result;
    },
    (error: unknown) => {
      endSpan(span, error);
      throw error;
    },
  );
}

/**
 * `handle(events)` together (one transaction for many): each event gets a CONSUMER span in its own
 * trace, lasting as long as the shared work, which runs outside any of them; just `handle(events)`
 * while tracing is off.
 */
export async function consumedTogether<E extends ConsumedEvent>(
  events: E[],
  from: ConsumedFrom,
  handle: (events: E[]) => Promise<void>,
): Promise<void> {
  if (!tracingEnabled()) return handle(events);
  const spans = events.map((event) => consumeSpan(event, from, events.length));
  try {
    await handle(events);
    for (const span of spans) endSpan(span);
  } catch (error) {
    for (const span of spans) endSpan(span, error);
    throw error;
  }
}
