import { GroupCommit } from './group-commit';

// The grouping rules of GroupCommit, with a write that records its calls and finishes when told.
describe('GroupCommit', () => {
  function recorder(failWhen: (items: number[]) => boolean = () => false) {
    const calls: number[][] = [];
    const finish: Array<() => void> = [];
    const write = (items: number[]) =>
      new Promise<void>((resolve, reject) => {
        calls.push(items);
        finish.push(() => (failWhen(items) ? reject(new Error(`refused ${items.join(',')}`)) : resolve()));
      });
    // Lets pending promise callbacks run, so the next write has started when this resolves.
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    return { calls, write, finishNext: async () => (finish.shift() as () => void)(), settle };
  }

  it('writes a lone caller at once, and those arriving meanwhile together after it', async () => {
    const { calls, write, finishNext, settle } = recorder();
    const group = new GroupCommit(write);
    const first = group.add([1]);
    const rest = [group.add([2]), group.add([3, 4]), group.add([5])];
    expect(calls).toEqual([[1]]);
    await finishNext();
    await first;
    await settle();
    expect(calls).toEqual([[1], [2, 3, 4, 5]]);
    await finishNext();
    await Promise.all(rest);
  });

  it('lets a lone caller wait lingerMs for company, then writes what came meanwhile together', async () => {
    jest.useFakeTimers();
    try {
      const { calls, write, finishNext } = recorder();
      const group = new GroupCommit(write, 1000, 5);
      const all = [group.add([1]), group.add([2])];
      await jest.advanceTimersByTimeAsync(4);
      all.push(group.add([3]));
      expect(calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls).toEqual([[1, 2, 3]]);
      await finishNext();
      await Promise.all(all);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps a shared write within maxItems, never splitting one caller', async () => {
    const { calls, write, finishNext, settle } = recorder();
    const group = new GroupCommit(write, 3);
    const all = [group.add([1]), group.add([2, 3]), group.add([4]), group.add([5, 6, 7, 8])];
    for (let i = 0; i < 3; i++) {
      await settle();
      await finishNext();
    }
    await Promise.all(all);
    expect(calls).toEqual([[1], [2, 3, 4], [5, 6, 7, 8]]);
  });

  it('writes each part alone when a shared write fails, failing only the bad one', async () => {
    const { calls, write, finishNext, settle } = recorder((items) => items.includes(3));
    const group = new GroupCommit(write);
    const first = group.add([1]);
    const good = group.add([2]);
    const bad = group.add([3]);
    await finishNext();
    await first;
    await settle();
    await finishNext(); // [2, 3] fails
    await settle();
    await finishNext(); // [2] alone
    await settle();
    await finishNext(); // [3] alone
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('refused 3');
    expect(calls).toEqual([[1], [2, 3], [2], [3]]);
  });
});
