import { BinaryReader } from '@bufbuild/protobuf/wire';
import { eventBatch, eventTypes } from '@chrono/contracts';
import { encodeMessage } from '../protobuf/encode-message';
import { PoisonMessageError, type DeliveredMessage } from './event-consumer';

/** An event as its writer made it, before it is published alone or in an EventBatch. */
export interface WrittenEvent {
  /** Unique: the Nats-Msg-Id of the event alone. */
  id: string;
  subject: string;
  /** The protobuf type name of `body`. */
  type: string;
  body: Uint8Array;
  /** The `traceparent` of what wrote it, when tracing is on: its header alone, its BatchedEvent's field in a batch. */
  traceParent?: string;
}

/** One JetStream message to publish: a single event as it is, or several in an EventBatch. */
export interface PublishUnit<T extends WrittenEvent> {
  subject: string;
  type: string;
  body: Uint8Array;
  msgId: string;
  /** The `traceparent` header of a single event (a batch carries one per event inside). */
  traceParent?: string;
  /** The events it carries, in order. */
  events: T[];
}

export interface EventBatching {
  /** The subject of an EventBatch, by the type of the events it may carry; other types are always sent alone. */
  subjects: Readonly<Record<string, string>>;
  /** Most events in one batch. */
  maxEvents: number;
  /** Most bytes of events (bodies, subjects and ids) in one batch; an event larger than this goes alone. */
  maxBytes: number;
}

// What an event adds to a batch besides its body, subject and id: field tags and lengths.
const PER_EVENT_BYTES = 16;
// One EventBatch stays well below any server's max_payload (1 MiB by default).
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * The most bytes of events one EventBatch published at once may take on a server whose max_payload is
 * `maxPayload` (when known): half of it, and at most 256 KiB.
 */
export function eventBatchBytes(maxPayload?: number): number {
  return Math.min(MAX_BATCH_BYTES, Math.floor((maxPayload ?? Infinity) / 2));
}

/**
 * Groups events, kept in order, into the messages that carry them: runs of consecutive events of a
 * batched type share one EventBatch (within the limits); every other event, and a run of one, goes alone.
 */
export function groupForPublishing<T extends WrittenEvent>(events: T[], batching: EventBatching): PublishUnit<T>[] {
  const units: PublishUnit<T>[] = [];
  let run: T[] = [];
  let runBytes = 0;
  const flush = () => {
    if (run.length > 0) units.push(unitOf(run, batching));
    run = [];
    runBytes = 0;
  };
  for (const event of events) {
    const bytes = event.body.length + event.subject.length + event.id.length + PER_EVENT_BYTES;
    const batched = batching.subjects[event.type] !== undefined && bytes <= batching.maxBytes;
    const fits =
      run.length > 0 &&
      run[0].type === event.type &&
      run.length < batching.maxEvents &&
      runBytes + bytes <= batching.maxBytes;
    if (!batched || !fits) flush();
    run.push(event);
    runBytes += bytes;
    if (!batched) flush();
  }
  flush();
  return units;
}

function unitOf<T extends WrittenEvent>(events: T[], batching: EventBatching): PublishUnit<T> {
  const [first] = events;
  if (events.length === 1)
    return {
      subject: first.subject,
      type: first.type,
      body: first.body,
      msgId: first.id,
      traceParent: first.traceParent,
      events,
    };
  const body = encodeEventBatch(first.type, events);
  // The same events re-published after a crash make the same id, which JetStream drops as a duplicate.
  const msgId = `batch:${first.id}:${events[events.length - 1].id}:${events.length}`;
  return { subject: batching.subjects[first.type], type: eventTypes.eventBatch, body, msgId, events };
}

/** An EventBatch of `events`, all of type `type`. */
export function encodeEventBatch(type: string, events: WrittenEvent[]): Uint8Array {
  return encodeMessage(eventBatch.EventBatch, {
    type,
    events: events.map(({ subject, id, body, traceParent }) => ({
      subject,
      id,
      body: asBuffer(body),
      traceParent: traceParent ?? '',
    })),
  });
}

/**
 * An EventBatch in parts, for a writer that picks its events later (in SQL, say): the bytes that name
 * the type, then one part per event. The prefix followed by any of the parts, in any selection, is
 * the EventBatch of those events (protobuf's repeated fields are concatenations). The events are
 * encoded together, as one EventBatch without a type, and cut at each event's field: an encoding
 * per event cost four times as much, on the path of every dispatch and outcome.
 */
export function eventBatchParts(type: string, events: WrittenEvent[]): { prefix: Uint8Array; parts: Uint8Array[] } {
  const whole = encodeEventBatch('', events);
  const reader = new BinaryReader(whole);
  const parts: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    reader.skip(reader.tag()[1]);
    parts.push(whole.subarray(start, reader.pos));
  }
  return { prefix: encodeMessage(eventBatch.EventBatch, { type, events: [] }), parts };
}

// The generated code takes a Buffer; a view over the same memory rather than a copy.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether a delivered message is an EventBatch rather than a single event. */
export function isEventBatch(message: DeliveredMessage): boolean {
  return message.type === eventTypes.eventBatch;
}

/**
 * The events an EventBatch carries, each as if it had been delivered alone (its own subject, type,
 * bytes and trace context; the batch's sequence and delivery count, and `batchIndex`, its place in the batch).
 */
export function unpackEventBatch(message: DeliveredMessage): DeliveredMessage[] {
  let batch: eventBatch.EventBatch;
  try {
    batch = eventBatch.EventBatch.decode(message.data);
  } catch (error) {
    throw new PoisonMessageError(`not a ${eventTypes.eventBatch}: ${(error as Error).message}`);
  }
  if (!batch.type || batch.events.length === 0)
    throw new PoisonMessageError(`${eventTypes.eventBatch} without a type or without events`);
  // Field by field: a spread of `message` adding `batchIndex` cost V8 a new hidden class per event.
  return batch.events.map((event, batchIndex) => ({
    subject: event.subject,
    seq: message.seq,
    type: batch.type,
    data: event.body,
    deliveryCount: message.deliveryCount,
    batchIndex,
    traceParent: event.traceParent || undefined,
    working: message.working,
  }));
}
