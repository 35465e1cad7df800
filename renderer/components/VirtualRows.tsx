import { type ReactNode, type UIEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * Browsers stop growing an element somewhere past 16–33 million pixels, so a million rows at
 * 24 px cannot simply be laid out. Past this height the scrollbar is scaled: its position
 * maps to a row index proportionally, and the visible rows are drawn at the viewport's top.
 */
const MAX_SCROLL_HEIGHT = 8_000_000;
const OVERSCAN = 8;

export interface VisibleRange {
  first: number;
  last: number;
}

interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  /** Drawn above the rows and kept in view while scrolling (column headers). */
  header?: ReactNode;
  headerHeight?: number;
  renderRow: (index: number) => ReactNode;
  onRange?: (range: VisibleRange) => void;
  className?: string;
  label: string;
  /** Changing it scrolls back to the top (a new result, a new sort). */
  resetKey?: unknown;
  /** Where the list was scrolled when it was last shown: a view left and come back to opens there. */
  initialScrollTop?: number;
  onScrollTop?: (top: number) => void;
}

/** Any number of fixed-height rows; only those in view exist in the DOM. */
export function VirtualRows({
  count,
  rowHeight,
  header,
  headerHeight = 0,
  renderRow,
  onRange,
  className,
  label,
  resetKey,
  initialScrollTop = 0,
  onScrollTop,
}: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(initialScrollTop);
  // The key the scroll position belongs to; null until the list is first laid out.
  const placed = useRef<{ key: unknown } | null>(null);
  const [viewport, setViewport] = useState(400);
  const [shownKey, setShownKey] = useState(resetKey);
  // Back to the top in the same render as the new result or sort, so the first range it
  // asks for is the top one: pages at the old scroll position would cost the core a sort of
  // the whole result each, for rows nobody will see, and delay the ones that are seen.
  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setScrollTop(0);
  }

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (!scroller.current) return;
    // First shown: where it was left. Then each new key starts at the top.
    if (placed.current === null) scroller.current.scrollTop = initialScrollTop;
    else if (placed.current.key !== resetKey) scroller.current.scrollTop = 0;
    placed.current = { key: resetKey };
  }, [resetKey]);

  const rowsViewport = Math.max(viewport - headerHeight, rowHeight);
  const visible = Math.ceil(rowsViewport / rowHeight);
  const natural = count * rowHeight;
  const scaled = natural > MAX_SCROLL_HEIGHT;
  const contentHeight = scaled ? MAX_SCROLL_HEIGHT : natural;
  const maxScroll = Math.max(contentHeight - rowsViewport, 1);

  const first = scaled
    ? Math.round((Math.min(scrollTop, maxScroll) / maxScroll) * Math.max(count - visible, 0))
    : Math.floor(scrollTop / rowHeight);
  const start = Math.max(0, first - (scaled ? 0 : OVERSCAN));
  const end = Math.min(count, first + visible + (scaled ? 1 : OVERSCAN));
  // Unscaled rows sit where they belong; scaled ones are pinned to the top of the viewport.
  const offset = scaled ? scrollTop : start * rowHeight;

  const lastVisible = Math.min(count - 1, first + visible - 1);
  useEffect(() => {
    if (count > 0) onRange?.({ first, last: lastVisible });
  }, [first, lastVisible, count, onRange]);

  const indexes: number[] = [];
  for (let i = start; i < end; i++) indexes.push(i);

  return (
    <div
      ref={scroller}
      className={`virtual-rows ${className ?? ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={count}
      tabIndex={0}
      onScroll={(e: UIEvent<HTMLDivElement>) => {
        setScrollTop(e.currentTarget.scrollTop);
        onScrollTop?.(e.currentTarget.scrollTop);
      }}
    >
      {header && (
        <div className="virtual-header" style={{ height: headerHeight }}>
          {header}
        </div>
      )}
      <div style={{ height: contentHeight, position: 'relative' }}>
        <div style={{ position: 'absolute', top: offset, left: 0, right: 0 }}>
          {indexes.map((index) => (
            <div key={index} role="row" aria-rowindex={index + 1} className="virtual-row" style={{ height: rowHeight }}>
              {renderRow(index)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
