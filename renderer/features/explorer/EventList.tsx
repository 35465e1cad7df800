import { type PointerEvent, useCallback, useContext, useRef } from 'react';
import type { EventOrder, EventRow, ExploreFilter } from '../../../shared/model/explore.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { useViewState } from '../../app/view-state.tsx';
import { MiddleFit } from '../../components/MiddleFit.tsx';
import { plural } from '../../components/numbers.ts';
import { formatTime, localOffsetLabel, ZoneContext } from '../../components/time-zone.ts';
import { PAGE_SIZE, usePagedRows } from '../../components/use-paged-rows.ts';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { filterKey } from '../../filter/filter-edits.ts';
import {
  type ColumnId,
  columnDef,
  defaultColumns,
  eventColumns,
  gridColumns,
  resizeColumn,
  type ShownColumn,
  toggleColumn,
} from './event-columns.ts';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 28;
/** A step of the keyboard's arrows on a column's edge. */
const RESIZE_STEP = 16;

interface EventListProps {
  filter: ExploreFilter;
  selected: string | null;
  onSelect: (eventKey: string) => void;
  /** Bookmarks changed since the rows were fetched. */
  bookmarks: ReadonlyMap<string, boolean>;
}

/**
 * Every event the filter matches, oldest or newest first, fetched a page at a time as it scrolls
 * into view, in the columns the analyst chose and at the widths they gave them.
 */
export function EventList({ filter, selected, onSelect, bookmarks }: EventListProps) {
  const client = useApiClient();
  const navigation = useNavigation();
  const [order, setOrder] = useViewState<EventOrder>('explorer.order', 'oldest-first');
  const [columns, setColumns] = useViewState<ShownColumn[]>('explorer.columns', defaultColumns);
  const [scroll, setScroll] = useViewState<{ source: string; top: number } | null>('explorer.scroll', null);
  const writing = useApiCall();
  const source = `${filterKey(filter)} ${order}`;
  const zone = useContext(ZoneContext);
  // The zone is said once, in the header, so the column holds the time alone.
  const time = (iso: string) => formatTime(iso, zone).replace(/ \S+$/, '');
  // The count comes with the first page, which the list then takes instead of asking again: with
  // a search, every read of the events reads every record.
  const counted = useApi('explore:list-events', { filter, offset: 0, limit: PAGE_SIZE, order });
  const firstPage = useRef<{ source: string; rows: EventRow[] } | null>(null);
  if (counted.data) firstPage.current = { source, rows: counted.data.rows };

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      offset === 0 && firstPage.current?.source === source
        ? Promise.resolve(firstPage.current.rows.slice(0, limit))
        : client.request('explore:list-events', { filter, offset, limit, order }).then((page) => page.rows),
    // The source stands for the filter and the order: a new object with the same choices asks nothing again.
    [client, source],
  );
  const { rowAt, onRange, error } = usePagedRows<EventRow>(source, fetchPage);
  // Until this filter's count is in, the list is empty: its pages are asked for only after
  // the previous filter's cached pages are dropped.
  const total = counted.data?.total ?? null;
  const grid = gridColumns(columns);
  const lineStyle = { gridTemplateColumns: grid.template, minWidth: grid.minWidth };
  const openInSql = () =>
    writing.run(
      (c) => c.request('explore:write-sql', { filter, order }),
      ({ sql }) => navigation.query(sql, false),
    );

  const header = (
    <div className="event-line event-head" role="row" style={lineStyle}>
      <span role="columnheader" aria-label="Bookmarked" />
      <span role="columnheader" aria-sort={order === 'newest-first' ? 'descending' : 'ascending'}>
        <button
          type="button"
          className="link sort-time"
          title="Sort the other way"
          onClick={() => setOrder(order === 'newest-first' ? 'oldest-first' : 'newest-first')}
        >
          Time ({zone === 'utc' ? 'UTC' : localOffsetLabel()}) {order === 'newest-first' ? '↓' : '↑'}
        </button>
      </span>
      {columns.map((column) => (
        <ColumnHead
          key={column.id}
          column={column}
          onResize={(width) => setColumns((shown) => resizeColumn(shown, column.id, width))}
        />
      ))}
    </div>
  );

  const renderRow = (index: number) => {
    const row = rowAt(index);
    if (!row) return <div className="event-line loading">…</div>;
    const bookmarked = bookmarks.get(row.event_key) ?? row.bookmarked;
    return (
      <button
        type="button"
        className={`event-line ${row.error_code ? 'failed' : ''} ${row.event_key === selected ? 'selected' : ''}`}
        style={lineStyle}
        aria-current={row.event_key === selected ? 'true' : undefined}
        data-testid="event-row"
        onClick={() => onSelect(row.event_key)}
      >
        <span className="star" aria-label={bookmarked ? 'bookmarked' : undefined}>
          {bookmarked ? '★' : ''}
        </span>
        <span className="mono">{time(row.event_time)}</span>
        {columns.map(({ id }) => (
          <Cell key={id} id={id} row={row} />
        ))}
      </button>
    );
  };

  return (
    <section className="event-list" aria-label="Events">
      <div className="list-bar">
        <p className="list-total" data-testid="event-total">
          {counted.error ?? error ?? (total === null ? 'Counting events…' : plural(total, 'event', 'events'))}
        </p>
        <div className="list-tools">
          <button
            type="button"
            className="secondary small-button"
            aria-label={`Order: ${order === 'newest-first' ? 'newest' : 'oldest'} first`}
            title="Sort the other way"
            onClick={() => setOrder(order === 'newest-first' ? 'oldest-first' : 'newest-first')}
          >
            {order === 'newest-first' ? 'Newest first ↓' : 'Oldest first ↑'}
          </button>
          <ColumnChooser columns={columns} onColumns={setColumns} />
          <button
            type="button"
            className="secondary small-button"
            title="The same events as a query in the SQL console"
            disabled={writing.busy}
            onClick={openInSql}
          >
            Open in SQL
          </button>
        </div>
      </div>
      {writing.error && (
        <p className="error small" role="alert">
          {writing.error}
        </p>
      )}
      <VirtualRows
        className="events-grid"
        label="Events"
        count={total ?? 0}
        rowHeight={ROW_HEIGHT}
        header={header}
        headerHeight={HEADER_HEIGHT}
        renderRow={renderRow}
        onRange={onRange}
        resetKey={source}
        initialScrollTop={scroll?.source === source ? scroll.top : 0}
        onScrollTop={(top) => setScroll({ source, top })}
      />
    </section>
  );
}

function Cell({ id, row }: { id: ColumnId; row: EventRow }) {
  const def = columnDef(id);
  const text = def.text(row);
  const className = `${def.mono ? 'mono' : ''} ${id === 'error_code' ? 'error' : ''}`;
  return <span className={className}>{text === null ? '' : <MiddleFit text={text} />}</span>;
}

/** A column's name, and its right edge to drag (or move with the arrow keys) to resize it. */
function ColumnHead({ column, onResize }: { column: ShownColumn; onResize: (width: number) => void }) {
  const { label } = columnDef(column.id);
  const drag = (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget;
    const startX = e.clientX;
    const startWidth = column.width;
    handle.setPointerCapture(e.pointerId);
    const move = (m: globalThis.PointerEvent) => onResize(startWidth + m.clientX - startX);
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  };
  return (
    <span role="columnheader" className="col-head" data-column={column.id}>
      {label}
      <span
        role="separator"
        className="col-resize"
        aria-orientation="vertical"
        aria-label={`Resize ${label}`}
        aria-valuenow={column.width}
        tabIndex={0}
        onPointerDown={drag}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') onResize(column.width - RESIZE_STEP);
          if (e.key === 'ArrowRight') onResize(column.width + RESIZE_STEP);
        }}
      />
    </span>
  );
}

/** Which columns the list shows; widths go back to their defaults on request. */
function ColumnChooser({
  columns,
  onColumns,
}: {
  columns: ShownColumn[];
  onColumns: (columns: ShownColumn[]) => void;
}) {
  return (
    <details className="column-chooser">
      <summary className="secondary small-button">Columns</summary>
      <fieldset>
        <legend className="visually-hidden">Columns shown</legend>
        {eventColumns.map(({ id, label }) => (
          <label key={id}>
            <input
              type="checkbox"
              checked={columns.some((c) => c.id === id)}
              onChange={() => onColumns(toggleColumn(columns, id))}
            />{' '}
            {label}
          </label>
        ))}
        <button type="button" className="link small" onClick={() => onColumns(defaultColumns)}>
          All columns, default widths
        </button>
      </fieldset>
    </details>
  );
}
