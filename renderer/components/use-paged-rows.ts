import { useCallback, useRef, useState } from 'react';
import { errorText } from '../api/error-text.ts';
import type { VisibleRange } from './VirtualRows.tsx';

export const PAGE_SIZE = 200;
/** Pages kept in memory; the renderer never holds a whole result. */
const KEPT_PAGES = 30;

export type FetchPage<Row> = (offset: number, limit: number) => Promise<Row[]>;

/** The pages of one result in one order, and those asked for and not yet answered. */
interface Book<Row> {
  source: unknown;
  pages: Map<number, Row[]>;
  asked: Set<number>;
}

const newBook = <Row>(source: unknown): Book<Row> => ({ source, pages: new Map(), asked: new Set() });

/**
 * Rows of a result too large to hold, fetched a page at a time as they scroll into view.
 * `source` identifies the result and its order (a query and its sort, a filter), and
 * `fetchPage` reads that source: a new source starts a new book of pages. A page answers
 * into the book it was asked for, and only the book shown is ever drawn, so a slow answer
 * for an earlier sort cannot overwrite the latest one's rows, whatever order they arrive in.
 */
export function usePagedRows<Row>(source: unknown, fetchPage: FetchPage<Row>) {
  const shown = useRef<Book<Row>>(newBook(source));
  // Replaced during render, not in an effect: the list asks for its first pages in its own
  // effect, which runs before this component's, and those must go into the new book.
  if (shown.current.source !== source) shown.current = newBook(source);
  const book = shown.current;
  const [, setVersion] = useState(0);
  const [failure, setFailure] = useState<{ book: Book<Row>; message: string } | null>(null);

  const onRange = useCallback(
    ({ first, last }: VisibleRange) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (book.pages.has(page) || book.asked.has(page)) continue;
        book.asked.add(page);
        fetchPage(page * PAGE_SIZE, PAGE_SIZE).then(
          (rows) => {
            if (shown.current !== book) return;
            book.asked.delete(page);
            book.pages.set(page, rows);
            for (const old of book.pages.keys())
              if (book.pages.size > KEPT_PAGES && Math.abs(old - page) > KEPT_PAGES / 2) book.pages.delete(old);
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            if (shown.current !== book) return;
            book.asked.delete(page);
            setFailure({ book, message: errorText(e) });
          },
        );
      }
    },
    [book, fetchPage],
  );

  const rowAt = (index: number): Row | undefined => book.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  return { rowAt, onRange, error: failure?.book === book ? failure.message : null };
}
