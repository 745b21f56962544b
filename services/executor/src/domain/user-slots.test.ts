import { UserSlots } from './user-slots';

const now = new Date('2030-01-01T00:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('UserSlots', () => {
  it("runs a user's jobs up to the bound, and others' beside them", () => {
    const slots = new UserSlots({ maxPerUser: 2, maxQueueWaitMs: 45_000 });
    expect(slots.admit('alice', now, 1, now)).toEqual({ kind: 'run' });
    expect(slots.admit('alice', now, 1, now)).toEqual({ kind: 'run' });
    expect(slots.admit('alice', now, 1, now).kind).toBe('defer');
    expect(slots.admit('bob', now, 1, now)).toEqual({ kind: 'run' });
    expect([slots.heldBy('alice'), slots.heldBy('bob')]).toEqual([2, 1]);
  });

  it('gives a slot back when a job ends', () => {
    const slots = new UserSlots({ maxPerUser: 1, maxQueueWaitMs: 45_000 });
    expect(slots.admit('alice', now, 1, now)).toEqual({ kind: 'run' });
    expect(slots.admit('alice', now, 1, now).kind).toBe('defer');
    slots.release('alice');
    expect(slots.heldBy('alice')).toBe(0);
    expect(slots.admit('alice', now, 2, now)).toEqual({ kind: 'run' });
  });

  it('hands a request back for one more second per delivery, at most 5 s, and never past the wait it has left', () => {
    const slots = new UserSlots({ maxPerUser: 1, maxQueueWaitMs: 45_000 });
    slots.admit('alice', now, 1, now);
    expect([1, 2, 3, 5, 9].map((deliveries) => slots.admit('alice', now, deliveries, now))).toEqual(
      [1000, 2000, 3000, 5000, 5000].map((delayMs) => ({ kind: 'defer', delayMs })),
    );
    expect(slots.admit('alice', ago(44_500), 9, now)).toEqual({ kind: 'defer', delayMs: 500 });
  });

  it('fails a request still held back once EXECUTOR_MAX_QUEUE_WAIT has passed since its dispatch, saying why', () => {
    const slots = new UserSlots({ maxPerUser: 16, maxQueueWaitMs: 45_000 });
    for (let i = 0; i < 16; i++) slots.admit('alice', now, 1, now);
    expect(slots.admit('alice', ago(45_000), 12, now)).toEqual({
      kind: 'fail',
      error:
        "not started within 45 s of its dispatch (EXECUTOR_MAX_QUEUE_WAIT): its owner's other jobs kept holding the most slots one user may take on an executor (EXECUTOR_MAX_SLOTS_PER_USER: 16)",
    });
    // A request that has waited as long but finds a slot free runs: the bound is on holding back, not on the queue.
    expect(slots.admit('bob', ago(60_000), 1, now)).toEqual({ kind: 'run' });
  });
});
