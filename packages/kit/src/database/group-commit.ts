interface Waiting<T> {
  items: T[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes that arrive while one is in flight wait for it, then go together in one call of
 * `write` (one transaction, one commit and its fsync for many callers). A write that finds nothing in
 * flight goes at once, so a lone caller waits for no one, unless `lingerMs` asks it to wait that long
 * for company (for writes no caller is kept waiting on). When a shared write fails, each caller's
 * part is written again alone, so that a bad part fails only its own caller.
 */
export class GroupCommit<T> {
  private readonly queue: Array<Waiting<T>> = [];
  private writing = false;

  /** `maxItems` (default 1000) bounds one shared write; a single caller's part is never split. */
  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems = 1000,
    private readonly lingerMs = 0,
  ) {}

  /** Resolves once `items` are written (committed), with others' or alone. */
  add(items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    if (this.lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
    while (this.queue.length > 0) {
      const group = [this.queue.shift() as Waiting<T>];
      let size = group[0].items.length;
      while (this.queue.length > 0 && size + this.queue[0].items.length <= this.maxItems) {
        size += this.queue[0].items.length;
        group.push(this.queue.shift() as Waiting<T>);
      }
      await this.writeGroup(group);
    }
    this.writing = false;
  }

  private async writeGroup(group: Array<Waiting<T>>): Promise<void> {
    try {
      await this.write(group.flatMap((waiting) => waiting.items));
      for (const waiting of group) waiting.resolve();
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      for (const waiting of group) await this.write(waiting.items).then(waiting.resolve, waiting.reject);
    }
  }
}
