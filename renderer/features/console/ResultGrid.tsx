import { type Dispatch, type SetStateAction, useCallback, useContext, useMemo, useState } from 'react';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { QueryColumn, QueryRun, QuerySort } from '../../../shared/model/query.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { formatTime, ZoneContext } from '../../components/time-zone.ts';
import { usePagedRows } from '../../components/use-paged-rows.ts';
import { ValueViewer } from '../../components/ValueViewer.tsx';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { cellText, isStructured } from './cell-text.ts';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 40;
const SHOWN_CHARS = 200;

interface Selected {
  row: number;
  column: number;
}

interface ResultGridProps {
  run: QueryRun;
  sort: QuerySort | null;
  /**
   * Given the change, not the new sort: two clicks in a row build on each other, never on the sort of an older render.
   */
  onSort: Dispatch<SetStateAction<QuerySort | null>>;
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
export function ResultGrid({ run, sort, onSort }: ResultGridProps) {
  const client = useApiClient();
  const zone = useContext(ZoneContext);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [viewing, setViewing] = useState<{ title: string; value: JsonValue } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      client
        .request('query:page', { query_id: run.query_id, offset, limit, ...(sort ? { sort } : {}) })
        .then((page) => page.rows),
    [client, run.query_id, sort],
  );
  const source = useMemo(() => ({ id: run.query_id, sort }), [run.query_id, sort]);
  const { rowAt, onRange, error } = usePagedRows(source, fetchPage);
  const template = useMemo(() => `5rem ${run.columns.map((c) => widthOf(c)).join(' ')}`, [run.columns]);

  const copy = (label: string, text: string) => {
    void navigator.clipboard.writeText(text).then(
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
          const text =
            zone === 'local' && column.type === 'TIMESTAMP WITH TIME ZONE' && typeof value === 'string'
              ? formatTime(value, zone)
              : cellText(value);
          const isSelected = selected?.row === index && selected.column === c;
          return (
            <span
              key={column.name}
              role="gridcell"
              className={`cell ${value === null ? 'null' : ''} ${isSelected ? 'selected' : ''}`}
              title={
                text.length > SHOWN_CHARS
                  ? `${text.length.toLocaleString('en-US')} characters: double-click to see all`
                  : undefined
              }
              onClick={() => setSelected({ row: index, column: c })}
              onDoubleClick={() => setViewing({ title: `${column.name}, row ${index + 1}`, value })}
            >
              {value === null ? 'NULL' : text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text}
            </span>
          );
        })}
      </div>
    );
  };

  const selectedRow = selected ? rowAt(selected.row) : undefined;
  const selectedColumn = selected ? run.columns[selected.column] : undefined;
  const selectedValue = selected && selectedRow ? (selectedRow[selected.column] ?? null) : undefined;

  return (
    <div className="result">
      <VirtualRows
        label="Query result"
        className="result-grid"
        count={run.total}
        rowHeight={ROW_HEIGHT}
        header={header}
        headerHeight={HEADER_HEIGHT}
        renderRow={renderRow}
        onRange={onRange}
        resetKey={source}
      />
      {error && (
        <p className="error" role="alert">
          Could not read rows: {error}
        </p>
      )}
      <div className="cell-bar" aria-live="polite">
        {selected && selectedColumn && selectedValue !== undefined ? (
          <>
            <span className="muted">
              Row {(selected.row + 1).toLocaleString('en-US')}, {selectedColumn.name}
            </span>
            <button type="button" className="link" onClick={() => copy('Cell copied', cellText(selectedValue))}>
              Copy cell
            </button>
            <button
              type="button"
              className="link"
              onClick={() => copy('Row copied as JSON', JSON.stringify(rowObject(run.columns, selectedRow!)))}
            >
              Copy row
            </button>
            {(isStructured(selectedColumn, selectedValue) || cellText(selectedValue).length > SHOWN_CHARS) && (
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
            {copied && <span className="muted">{copied}</span>}
          </>
        ) : (
          <span className="muted">Click a cell to copy it or its row; double-click to open it whole.</span>
        )}
      </div>
      {viewing && <ValueViewer title={viewing.title} value={viewing.value} onClose={() => setViewing(null)} />}
    </div>
  );
}

/** Fixed by type: each row is its own grid, and only fixed tracks line up across rows. */
function widthOf(column: QueryColumn): string {
  if (/^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DOUBLE|FLOAT|DECIMAL.*)$/.test(column.type)) return '8rem';
  if (/TIMESTAMP|DATE/.test(column.type)) return '15rem';
  return '18rem';
}

function rowObject(columns: QueryColumn[], row: JsonValue[]): Record<string, JsonValue> {
  return Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null]));
}
