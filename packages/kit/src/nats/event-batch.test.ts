import { eventTypes } from '@chrono/contracts';
import { PoisonMessageError, type DeliveredMessage } from './event-consumer';
import {
  encodeEventBatch,
  eventBatchParts,
  groupForPublishing,
  unpackEventBatch,
  type EventBatching,
  type WrittenEvent,
} from './event-batch';

const batching: EventBatching = { subjects: { State: 'state.batch' }, maxEvents: 3, maxBytes: 1000 };

function event(id: string, type = 'State', bytes = 10): WrittenEvent {
  return { id, subject: `state.${id}`, type, body: new Uint8Array(bytes).fill(id.charCodeAt(0)) };
}

function delivered(subject: string, type: string, data: Uint8Array): DeliveredMessage {
  return { subject, seq: 7, type, data, deliveryCount: 1, working: () => undefined };
}

describe('grouping events for publishing', () => {
  it('puts consecutive events of a batched type in one EventBatch, up to maxEvents, keeping order', () => {
    const units = groupForPublishing(
      ['a', 'b', 'c', 'd'].map((id) => event(id)),
      batching,
    );
    expect(units.map((u) => u.events.map((e) => e.id))).toEqual([['a', 'b', 'c'], ['d']]);
    expect(units[0]).toMatchObject({ subject: 'state.batch', type: eventTypes.eventBatch, msgId: 'batch:a:c:3' });
    // A run of one goes as it is.
    expect(units[1]).toMatchObject({ subject: 'state.d', type: 'State', msgId: 'd' });
  });

  it('sends other types alone and starts a new batch after them', () => {
    const units = groupForPublishing([event('a'), event('b'), event('x', 'Other'), event('c'), event('d')], batching);
    expect(units.map((u) => [u.type, u.events.map((e) => e.id).join('')])).toEqual([
      [eventTypes.eventBatch, 'ab'],
      ['Other', 'x'],
      [eventTypes.eventBatch, 'cd'],
    ]);
  });

  it('keeps a batch within maxBytes and sends an event larger than that alone', () => {
    const units = groupForPublishing([event('a', 'State', 600), event('b', 'State', 600), event('c', 'State', 2000)], {
      ...batching,
      maxEvents: 10,
    });
    expect(units.map((u) => u.events.map((e) => e.id).join(''))).toEqual(['a', 'b', 'c']);
    expect(units.every((u) => u.type === 'State')).toBe(true);
  });

  it('unpacks a batch into the events as they would have come alone', () => {
    const [unit] = groupForPublishing([event('a'), event('b')], batching);
    const events = unpackEventBatch(delivered(unit.subject, unit.type, unit.body));
    expect(events.map((e) => [e.subject, e.type, e.seq, e.batchIndex, Buffer.from(e.data).toString()])).toEqual([
      ['state.a', 'State', 7, 0, 'a'.repeat(10)],
      ['state.b', 'State', 7, 1, 'b'.repeat(10)],
    ]);
  });

  it("carries each event's own trace context inside the batch, and none for an event without one", () => {
    const traced = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    const [unit] = groupForPublishing([{ ...event('a'), traceParent: traced }, event('b')], batching);
    expect(unit.traceParent).toBeUndefined();
    const events = unpackEventBatch(delivered(unit.subject, unit.type, unit.body));
    expect(events.map((e) => e.traceParent)).toEqual([traced, undefined]);
    // An event alone has its trace context as the message's header.
    const [alone] = groupForPublishing([{ ...event('x', 'Other'), traceParent: traced }], batching);
    expect(alone.traceParent).toBe(traced);
  });

  it('refuses bytes that are not an EventBatch, or one without events, as poison', () => {
    const garbage = delivered('state.batch', eventTypes.eventBatch, new Uint8Array([0xff, 0xff, 0xff]));
    expect(() => unpackEventBatch(garbage)).toThrow(PoisonMessageError);
    const empty = delivered('state.batch', eventTypes.eventBatch, new Uint8Array());
    expect(() => unpackEventBatch(empty)).toThrow(/without a type or without events/);
  });

  it('cuts events into parts, each the bytes of that event alone, any selection of which after the prefix is their batch', () => {
    const events = [
      event('a'),
      { ...event('b', 'State', 0), traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      event('c', 'State', 300),
    ];
    const { prefix, parts } = eventBatchParts('State', events);
    expect(parts.map((part) => Buffer.from(part))).toEqual(events.map((e) => Buffer.from(encodeEventBatch('', [e]))));
    const picked = Buffer.concat([prefix, parts[2], parts[0]]);
    const unpacked = unpackEventBatch(delivered('state.batch', eventTypes.eventBatch, picked));
    expect(unpacked.map((m) => [m.subject, m.type, m.data.length])).toEqual([
      ['state.c', 'State', 300],
      ['state.a', 'State', 10],
    ]);
    expect(eventBatchParts('State', []).parts).toEqual([]);
  });
});
