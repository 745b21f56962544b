import type { Schedule } from '../domain/schedule';

/** Claimed rows held in memory, earliest due first (a binary min-heap on `nextRunAt`). */
export class DueQueue {
  private readonly heap: Schedule[] = [];
  // The row each job id currently stands for; heap entries that are not it any more are stale.
  private readonly current = new Map<string, Schedule>();

  /** How many rows are held (revoked ones excluded). */
  get size(): number {
    return this.current.size;
  }

  /** When the earliest row is due, in epoch ms. */
  peekDue(): number | undefined {
    return this.heap[0]?.nextRunAt?.getTime();
  }

  push(schedule: Schedule): void {
    if (this.current.has(schedule.jobId)) return;
    this.current.set(schedule.jobId, schedule);
    this.heap.push(schedule);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (due(this.heap[parent]) <= due(this.heap[i])) break;
      [this.heap[parent], this.heap[i]] = [this.heap[i], this.heap[parent]];
      i = parent;
    }
  }

  /** Removes and returns every row due at or before `atMs`, earliest first; skips revoked ones. */
  popDue(atMs: number): Schedule[] {
    const out: Schedule[] = [];
    while (this.heap.length > 0 && due(this.heap[0]) <= atMs) {
      const top = this.pop();
      if (this.current.get(top.jobId) === top) {
        this.current.delete(top.jobId);
        out.push(top);
      }
    }
    return out;
  }

  /**
   * Forgets a row whose job changed (change number `changeCount`), unless the row held was read after
   * that change: a claim can come before the REVOKE announcing the change it already shows, and dropping
   * it then would leave the row claimed and undispatched until its lease ran out. The heap entry of a
   * forgotten row is dropped when it surfaces.
   */
  revoke(jobId: string, changeCount = Infinity): boolean {
    const held = this.current.get(jobId);
    if (!held || (held.changeCount ?? -1) >= changeCount) return false;
    return this.current.delete(jobId);
  }

  /** Empties the queue; returns the ids still held. */
  drain(): string[] {
    const held = [...this.current.keys()];
    this.heap.length = 0;
    this.current.clear();
    return held;
  }

  private pop(): Schedule {
    const top = this.heap[0];
    const last = this.heap.pop() as Schedule;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.heap.length && due(this.heap[left]) < due(this.heap[smallest])) smallest = left;
        if (right < this.heap.length && due(this.heap[right]) < due(this.heap[smallest])) smallest = right;
        if (smallest === i) break;
        [this.heap[smallest], this.heap[i]] = [this.heap[i], this.heap[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}

function due(schedule: Schedule): number {
  return schedule.nextRunAt?.getTime() ?? 0;
}
