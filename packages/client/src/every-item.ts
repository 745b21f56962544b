import type { Page } from './types';

/**
 * The items of every page, fetched one page at a time as the caller's loop asks for more (page 1, 2, ...,
 * until a page comes back short or the total is reached). Pages are numbered, so jobs created while the
 * loop runs shift later pages: an item may then appear twice, which the ids tell apart.
 */
export async function* everyItem<T>(fetchPage: (page: number) => Promise<Page<T>>): AsyncGenerator<T> {
  let seen = 0;
  for (let number = 1; ; number++) {
    const { items, total, limit } = await fetchPage(number);
    yield* items;
    seen += items.length;
    if (items.length < limit || items.length === 0 || seen >= total) return;
  }
}
