import { DueQueue } from './due-queue';
import type { Schedule } from '../domain/schedule';

const row = (jobId: string, dueMs: number) => ({ jobId, nextRunAt: new Date(dueMs) }) as Schedule;

describe('DueQueue', () => {
  it('pops what is due, earliest first, and keeps the rest', () => {
    const queue = new DueQueue();
    for (const [id, due] of [
      ['c', 30],
      ['a', 10],
      ['d', 40],
      ['b', 20],
      ['e', 10],
    ] as const)
      queue.push(row(id, due));
    expect(queue.popDue(25).map((r) => r.jobId)).toEqual(expect.arrayContaining(['a', 'e', 'b']));
    expect(queue.popDue(25)).toEqual([]);
    expect(queue.peekDue()).toBe(30);
    expect(queue.popDue(100).map((r) => r.jobId)).toEqual(['c', 'd']);
    expect(queue.size).toBe(0);
  });

  it('orders many rows correctly', () => {
    const queue = new DueQueue();
    const dues = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    dues.forEach((due, i) => queue.push(row(`j${i}`, due)));
    const popped = queue.popDue(1000).map((r) => r.nextRunAt!.getTime());
    expect(popped).toEqual([...dues].sort((a, b) => a - b));
  });

  it('never pops a revoked row, nor the stale copy of one claimed again', () => {
    const queue = new DueQueue();
    const old = row('a', 10);
    queue.push(old);
    queue.push(row('b', 20));
    expect(queue.revoke('a')).toBe(true);
    const fresh = row('a', 50);
    queue.push(fresh);
    expect(queue.popDue(30).map((r) => r.jobId)).toEqual(['b']);
    expect(queue.popDue(60)).toEqual([fresh]);
  });

  it('keeps a claim read after the change a late REVOKE announces, and drops one read before it', () => {
    const queue = new DueQueue();
    const before = { ...row('a', 10), changeCount: 3 };
    const after = { ...row('b', 10), changeCount: 4 };
    queue.push(before);
    queue.push(after);
    expect(queue.revoke('a', 4)).toBe(true);
    expect(queue.revoke('b', 4)).toBe(false);
    expect(queue.popDue(20)).toEqual([after]);
  });

  it('drains the ids it still holds', () => {
    const queue = new DueQueue();
    queue.push(row('a', 10));
    queue.push(row('b', 20));
    queue.revoke('b');
    expect(queue.drain()).toEqual(['a']);
    expect(queue.size).toBe(0);
  });
});
