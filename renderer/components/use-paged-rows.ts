import { useCallback, useRef, useState } from 'react';
import type { VisibleRange } from './VirtualRows.tsx';

export const PAGE_SIZE = 200;
/** Pages kept in memory; the renderer never holds a whole result. */
const KEPT_PAGES = 30;

export type FetchPage<Row> = (offset: number, limit: number) => Promise<Row[]>;

/**
 * Rows of a result too large to hold, fetched a page at a time as they scroll into view.
 * `source` identifies the result: a new one drops every cached page.
 */
export function usePagedRows<Row>(source: unknown, fetchPage: FetchPage<Row> | null) {
  const pages = useRef(new Map<number, Row[]>());
  const pending = useRef(new Set<number>());
  const shownSource = useRef(source);
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  // Dropped during render, not in an effect: the list asks for its first pages in its own
  // effect, which runs before this component's, and those requests must not be discarded.
  if (shownSource.current !== source) {
    shownSource.current = source;
    pages.current = new Map();
    pending.current = new Set();
    if (error) setError(null);
  }

  const onRange = useCallback(
    ({ first, last }: VisibleRange) => {
      if (!fetchPage) return;
      const cache = pages.current;
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (cache.has(page) || pending.current.has(page)) continue;
        pending.current.add(page);
        const asked = pending.current;
        fetchPage(page * PAGE_SIZE, PAGE_SIZE).then(
          (rows) => {
            if (asked !== pending.current) return;
            asked.delete(page);
            cache.set(page, rows);
            for (const old of cache.keys()) if (cache.size > KEPT_PAGES && Math.abs(old - page) > KEPT_PAGES / 2) cache.delete(old);
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            if (asked !== pending.current) return;
            asked.delete(page);
            setError(e instanceof Error ? e.message : String(e));
          },
        );
      }
    },
    [fetchPage],
  );

  const rowAt = (index: number): Row | undefined => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  return { rowAt, onRange, error };
}
