import { everyItem } from './every-item';

const pagesOf = (items: number[], limit: number) => {
  const asked: number[] = [];
  const fetchPage = async (page: number) => {
    asked.push(page);
    return { items: items.slice((page - 1) * limit, page * limit), total: items.length, page, limit };
  };
  return { asked, fetchPage };
};

const collect = async <T>(iterable: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
};

describe('everyItem', () => {
  it('yields every item of every page in order, and stops after the last', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const { asked, fetchPage } = pagesOf(items, 10);
    expect(await collect(everyItem(fetchPage))).toEqual(items);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('asks no page past a full last page, and one page when there is nothing', async () => {
    const full = pagesOf([1, 2, 3, 4], 2);
    expect(await collect(everyItem(full.fetchPage))).toEqual([1, 2, 3, 4]);
    expect(full.asked).toEqual([1, 2]);
    const none = pagesOf([], 10);
    expect(await collect(everyItem(none.fetchPage))).toEqual([]);
    expect(none.asked).toEqual([1]);
  });

  it('fetches a page only when the loop gets to it', async () => {
    const { asked, fetchPage } = pagesOf([1, 2, 3, 4, 5], 2);
    for await (const item of everyItem(fetchPage)) if (item === 2) break;
    expect(asked).toEqual([1]);
  });
});
