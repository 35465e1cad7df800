import {
  type ClipboardEvent,
  type Dispatch,
  type SetStateAction,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import type { ExploreFilter } from '../../../shared/model/explore.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { QueryColumn, QueryRun, QuerySort } from '../../../shared/model/query.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useViewState } from '../../app/view-state.tsx';
import { formatTime, ZoneContext } from '../../components/time-zone.ts';
import { usePagedRows } from '../../components/use-paged-rows.ts';
import { ValueViewer } from '../../components/ValueViewer.tsx';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { CellActions, OpenEventButton } from './CellActions.tsx';
import { cellLink, cellText, cellTitle, isStructured, OPEN_BUTTON_CHARS, opensEvent, shownText } from './cell-text.ts';
import { columnWidths, widerOf, widthByType } from './column-widths.ts';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 40;

interface Selected {
  row: number;
  column: number;
}

/** Where the analyst is in one result: kept in the view store, so a visit elsewhere loses none of it. */
interface GridPlace {
  queryId: string | null;
  /** Scrolled to, for the sort it was scrolled in. */
  scroll: { sort: string; top: number };
  selected: Selected | null;
  /** Set from the first rows read, and widened (never narrowed) by wider values in later pages. */
  widths: number[] | null;
}

const sortKey = (sort: QuerySort | null) => (sort ? `${sort.column}\u0000${sort.descending}` : '');

interface ResultGridProps {
  run: QueryRun;
  sort: QuerySort | null;
  /**
   * Given the change, not the new sort: two clicks in a row build on each other, never on the sort of an older render.
   */
  onSort: Dispatch<SetStateAction<QuerySort | null>>;
  /** Opens the explorer narrowed to `filter`, with one event open when given. */
  onExplore: (filter: ExploreFilter, eventKey?: string) => void;
  /** Runs the query again, when the core no longer holds its result. */
  onRunAgain: () => void;
}

/** A header click cycles its column: ascending, descending, unsorted. */
function nextSort(sort: QuerySort | null, column: string): QuerySort | null {
  if (sort?.column !== column) return { column, descending: false };
  return sort.descending ? null : { column, descending: true };
}

/**
 * A kept result, scrolled through page by page: the grid holds only the pages in view, so a
 * result of millions of rows costs what a screenful costs. Sorting re-queries in the core.
 */
export function ResultGrid({ run, sort, onSort, onExplore, onRunAgain }: ResultGridProps) {
  const client = useApiClient();
  const zone = useContext(ZoneContext);
  const [stored, setPlace] = useViewState<GridPlace>('console.grid', () => freshPlace(null));
  // A place kept for another result is not this one's.
  const place = stored.queryId === run.query_id ? stored : freshPlace(run.query_id);
  const [viewing, setViewing] = useState<{ title: string; value: JsonValue } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const selected = place.selected;

  const update = useCallback(
    (change: Partial<GridPlace>) =>
      setPlace((now) => ({ ...(now.queryId === run.query_id ? now : freshPlace(run.query_id)), ...change })),
    [setPlace, run.query_id],
  );
  const select = (next: Selected) => {
    update({ selected: next });
    setCopied(null);
  };

  const text = useCallback(
    (column: QueryColumn, value: JsonValue) =>
      zone === 'local' && column.type === 'TIMESTAMP WITH TIME ZONE' && typeof value === 'string'
        ? formatTime(value, zone)
        : cellText(value),
    [zone],
  );

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      client
        .request('query:page', { query_id: run.query_id, offset, limit, ...(sort ? { sort } : {}) })
        .then((page) => {
          const needed = columnWidths(
            run.columns,
            page.rows.map((row) => run.columns.map((column, c) => visibleText(text(column, row[c] ?? null)))),
            run.columns.map((column) => (opensEvent(column) ? OPEN_BUTTON_CHARS : 0)),
          );
          setPlace((now) => {
            const mine = now.queryId === run.query_id ? now : freshPlace(run.query_id);
            const widths = widerOf(mine.widths, needed);
            return widths === mine.widths ? now : { ...mine, widths };
          });
          return page.rows;
        }),
    [client, run.query_id, run.columns, sort, setPlace, text],
  );
  // Once the result is kept whole its pages are read from there, the first ones again too.
  const kept = run.total !== null;
  const source = useMemo(() => ({ id: run.query_id, sort, kept }), [run.query_id, sort, kept]);
  const { rowAt, onRange, error } = usePagedRows(source, fetchPage);
  const widths = place.widths ?? run.columns.map(widthByType);
  const template = `5rem ${widths.map((chars) => `calc(${chars}ch + 1rem)`).join(' ')}`;

  const copy = (label: string, value: string) => {
    void navigator.clipboard.writeText(value).then(
      () => setCopied(label),
      () => setCopied('Copy refused by the browser'),
    );
  };

  const header = (
    <div className="grid-line grid-head" style={{ gridTemplateColumns: template }}>
      <span className="row-number">#</span>
      {run.columns.map((column) => (
        <button
          type="button"
          key={column.name}
          className="column-head"
          title={`${column.name} (${column.type}): click to sort`}
          aria-sort={sort?.column === column.name ? (sort.descending ? 'descending' : 'ascending') : 'none'}
          onClick={() => onSort((current) => nextSort(current, column.name))}
        >
          <span className="column-name">
            {column.name} {sort?.column === column.name ? (sort.descending ? '▼' : '▲') : ''}
          </span>
          <span className="column-type">{column.type}</span>
        </button>
      ))}
    </div>
  );

  const renderRow = (index: number) => {
    const row = rowAt(index);
    return (
      <div className="grid-line" style={{ gridTemplateColumns: template }}>
        <span className="row-number">{(index + 1).toLocaleString('en-US')}</span>
        {run.columns.map((column, c) => {
          if (!row) return <span key={column.name} className="cell loading" />;
          const value = row[c] ?? null;
          // Control and bidirectional characters shown by their codes; a copy takes the value as it is.
          const whole = visibleText(text(column, value));
          const link = cellLink(column, value);
          const opens = link?.kind === 'event-key' || link?.kind === 'event-id';
          const chars = (widths[c] ?? 32) - (opens ? OPEN_BUTTON_CHARS : 0);
          const isSelected = selected?.row === index && selected.column === c;
          return (
            <span
              key={column.name}
              role="gridcell"
              data-row={index}
              data-column={c}
              className={`cell ${value === null ? 'null' : ''} ${isSelected ? 'selected' : ''}`}
              title={value === null ? undefined : cellTitle(whole)}
              onClick={() => select({ row: index, column: c })}
              onDoubleClick={() => setViewing({ title: `${column.name}, row ${index + 1}`, value })}
            >
              {link && opens && <OpenEventButton link={link} onExplore={onExplore} />}
              {value === null ? 'NULL' : shownText(whole, chars, isStructured(column, value))}
            </span>
          );
        })}
      </div>
    );
  };

  const selectedRow = selected ? rowAt(selected.row) : undefined;
  const selectedColumn = selected ? run.columns[selected.column] : undefined;
  const selectedValue = selected && selectedRow ? (selectedRow[selected.column] ?? null) : undefined;

  /** A copy from the grid takes the whole value of the cell, never the cut one on screen. */
  const copyWhole = (event: ClipboardEvent) => {
    const selection = window.getSelection();
    const from = selection?.anchorNode?.parentElement?.closest<HTMLElement>('[role=gridcell]');
    const to = selection?.focusNode?.parentElement?.closest<HTMLElement>('[role=gridcell]');
    const cell = selection && !selection.isCollapsed ? (from === to ? from : null) : null;
    const at = cell ? { row: Number(cell.dataset.row), column: Number(cell.dataset.column) } : selected;
    if (!at || (selection && !selection.isCollapsed && !cell)) return;
    const value = rowAt(at.row)?.[at.column];
    const column = run.columns[at.column];
    if (value === undefined || !column) return;
    event.clipboardData.setData('text/plain', text(column, value));
    event.preventDefault();
    setCopied('Cell copied');
  };

  return (
    <div className="result" onCopy={copyWhole}>
      <VirtualRows
        label="Query result"
        className="result-grid"
        count={run.total ?? run.rows_ready}
        rowHeight={ROW_HEIGHT}
        header={header}
        headerHeight={HEADER_HEIGHT}
        renderRow={renderRow}
        onRange={onRange}
        resetKey={source}
        initialScrollTop={place.scroll.sort === sortKey(sort) ? place.scroll.top : 0}
        onScrollTop={(top) => update({ scroll: { sort: sortKey(sort), top } })}
      />
      {error && (
        <p className="error" role="alert">
          Could not read rows: {error}{' '}
          <button type="button" className="link" onClick={onRunAgain}>
            Run the query again
          </button>
        </p>
      )}
      <div className="cell-bar" aria-live="polite">
        {selected && selectedColumn && selectedValue !== undefined ? (
          <>
            <span className="muted">
              Row {(selected.row + 1).toLocaleString('en-US')}, {selectedColumn.name}
            </span>
            <button
              type="button"
              className="link"
              onClick={() => copy('Cell copied', text(selectedColumn, selectedValue))}
            >
              Copy cell
            </button>
            <button
              type="button"
              className="link"
              onClick={() => copy('Row copied as JSON', JSON.stringify(rowObject(run.columns, selectedRow!)))}
            >
              Copy row
            </button>
            {(isStructured(selectedColumn, selectedValue) ||
              text(selectedColumn, selectedValue).length >
                (widths[selected.column] ?? 0) - (opensEvent(selectedColumn) ? OPEN_BUTTON_CHARS : 0)) && (
              <button
                type="button"
                className="link"
                onClick={() =>
                  setViewing({ title: `${selectedColumn.name}, row ${selected.row + 1}`, value: selectedValue })
                }
              >
                Open value
              </button>
            )}
            <CellActions
              key={`${selected.row}/${selected.column}`}
              link={cellLink(selectedColumn, selectedValue)}
              onExplore={onExplore}
            />
            {copied && <span className="muted">{copied}</span>}
          </>
        ) : (
          <span className="muted">
            Click a cell to copy it or its row, or to follow it to the explorer; double-click to open it whole.
          </span>
        )}
      </div>
      {viewing && <ValueViewer title={viewing.title} value={viewing.value} onClose={() => setViewing(null)} />}
    </div>
  );
}

function freshPlace(queryId: string | null): GridPlace {
  return { queryId, scroll: { sort: '', top: 0 }, selected: null, widths: null };
}

function rowObject(columns: QueryColumn[], row: JsonValue[]): Record<string, JsonValue> {
  return Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null]));
}
