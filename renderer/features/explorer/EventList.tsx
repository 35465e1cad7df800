import { useCallback, useContext } from 'react';
import type { EventRow, ExploreFilter } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApi } from '../../api/use-api.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { plural } from '../../components/numbers.ts';
import { formatTime, localOffsetLabel, ZoneContext } from '../../components/time-zone.ts';
import { usePagedRows } from '../../components/use-paged-rows.ts';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { filterKey } from '../../filter/filter-edits.ts';
import { shortSource } from './short-source.ts';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 28;
const PRINCIPAL_CHARS = 30;

interface EventListProps {
  filter: ExploreFilter;
  selected: string | null;
  onSelect: (eventKey: string) => void;
  /** Bookmarks changed since the rows were fetched. */
  bookmarks: ReadonlyMap<string, boolean>;
}

const cell = (value: string | null) => (value === null ? '' : visibleText(value));

/** Every event the filter matches, in time order, fetched a page at a time as it scrolls into view. */
export function EventList({ filter, selected, onSelect, bookmarks }: EventListProps) {
  const client = useApiClient();
  const key = filterKey(filter);
  const zone = useContext(ZoneContext);
  // The zone is said once, in the header, so the column holds the time alone.
  const time = (iso: string) => formatTime(iso, zone).replace(/ \S+$/, '');
  const counted = useApi('explore:list-events', { filter, offset: 0, limit: 1 });

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      client.request('explore:list-events', { filter, offset, limit }).then((page) => page.rows),
    // The key stands for the filter: a new object with the same choices asks nothing again.
    [client, key],
  );
  const { rowAt, onRange, error } = usePagedRows<EventRow>(key, fetchPage);
  // Until this filter's count is in, the list is empty: its pages are asked for only after
  // the previous filter's cached pages are dropped.
  const total = counted.data?.total ?? null;

  const header = (
    <div className="event-line event-head" role="row">
      <span role="columnheader" aria-label="Bookmarked" />
      <span role="columnheader">Time ({zone === 'utc' ? 'UTC' : localOffsetLabel()})</span>
      <span role="columnheader">Event</span>
      <span role="columnheader">Principal</span>
      <span role="columnheader">Source IP</span>
      <span role="columnheader">Error</span>
      <span role="columnheader">Region</span>
      <span role="columnheader">Account</span>
      <span role="columnheader">Access key</span>
      <span role="columnheader">User agent</span>
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
        aria-current={row.event_key === selected ? 'true' : undefined}
        data-testid="event-row"
        onClick={() => onSelect(row.event_key)}
      >
        <span className="star" aria-label={bookmarked ? 'bookmarked' : undefined}>
          {bookmarked ? '★' : ''}
        </span>
        <span className="mono">{time(row.event_time)}</span>
        <span>
          {cell(shortSource(row.event_source))}:{cell(row.event_name)}
        </span>
        <span title={cell(row.principal)}>{middleClip(cell(row.principal), PRINCIPAL_CHARS)}</span>
        <span className="mono">{cell(row.source_ip)}</span>
        <span className="error">{cell(row.error_code)}</span>
        <span>{cell(row.aws_region)}</span>
        <span className="mono">{cell(row.recipient_account_id)}</span>
        <span className="mono">{cell(row.access_key_id)}</span>
        <span>{cell(row.user_agent)}</span>
      </button>
    );
  };

  return (
    <section className="event-list" aria-label="Events">
      <p className="list-total" data-testid="event-total">
        {counted.error ?? error ?? (total === null ? 'Counting events…' : plural(total, 'event', 'events'))}
      </p>
      <VirtualRows
        className="events-grid"
        label="Events"
        count={total ?? 0}
        rowHeight={ROW_HEIGHT}
        header={header}
        headerHeight={HEADER_HEIGHT}
        renderRow={renderRow}
        onRange={onRange}
        resetKey={key}
      />
    </section>
  );
}
