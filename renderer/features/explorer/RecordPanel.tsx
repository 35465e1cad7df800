import { useMemo, useRef, useState } from 'react';
import { type EventField, type FilterField, pivotFields } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { ClippedText } from '../../components/ClippedText.tsx';
import { indentJson } from '../../components/indent-json.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { UnlistedDeliveries } from '../../components/UnlistedDeliveries.tsx';
import { AnnotationControls } from './AnnotationControls.tsx';
import { AroundEvent } from './AroundEvent.tsx';
import { ConflictBodies } from './ConflictBodies.tsx';
import { RecordValue } from './RecordValue.tsx';

/** Past this, the record shows its start and the rest on request: laying out megabytes of text stalls the page. */
const RECORD_SHOWN = 100_000;
/** The time range a pivot on an event's time narrows to, either side of it. */
const NEAR_MS = 3_600_000;
/** An event name in the heading; the fields below hold it whole. */
const NAME_CHARS = 120;
/** Files listed at first, and more on request: one forged event can be in every file of an archive. */
const DELIVERIES = 20;
const MORE_DELIVERIES = 500;

/** A time JS can count from: a case file from elsewhere may hold `infinity` or year 12345, which no Date holds. */
const isMoment = (time: string | null): time is string => time !== null && !Number.isNaN(Date.parse(time));

const isFilterField = (name: string): name is FilterField => (pivotFields as readonly string[]).includes(name);
const TIME_FIELDS = new Set(['event_time', 'session_created_at']);

interface RecordPanelProps {
  eventKey: string;
  onClose: () => void;
  /** Narrow the current filter to this value. */
  onFilter: (field: FilterField, value: string) => void;
  /** Leave the events with this value out of the current filter. */
  onExclude: (field: FilterField, value: string) => void;
  /** Everything with this value, over the whole case. */
  onPivot: (field: FilterField, value: string) => void;
  /** Narrow the current filter to this range. */
  onRange: (from: string, to: string) => void;
  /** Search every record for this text. */
  onSearch: (text: string) => void;
  onBookmark: (eventKey: string, on: boolean) => void;
}

const stringOf = (fields: EventField[] | null, name: string) => {
  const value = fields?.find((f) => f.name === name)?.value;
  return typeof value === 'string' ? value : null;
};

/**
 * One event: its normalized fields with a way from each value to the events sharing it or
 * lacking it, what its actor did around it, and the record as delivered, whose text can be
 * searched for.
 */
export function RecordPanel({
  eventKey,
  onClose,
  onFilter,
  onExclude,
  onPivot,
  onRange,
  onSearch,
  onBookmark,
}: RecordPanelProps) {
  const fieldList = useApi('event:list-fields', { event_key: eventKey });
  const delivered = useApi('event:get-record', { event_key: eventKey });
  const [wholeRecord, setWholeRecord] = useState(false);
  const [noSelection, setNoSelection] = useState(false);
  const [deliveries, setDeliveries] = useState(DELIVERIES);
  const json = useRef<HTMLPreElement>(null);
  const format = useTimeFormat();
  // Shown together, as one answer: the fields without the record would look like a whole event.
  const [fields, record] = fieldList.data && delivered.data ? [fieldList.data, delivered.data] : [null, null];
  const problem = fieldList.error ?? delivered.error;

  const name = stringOf(fields, 'event_name');
  const time = stringOf(fields, 'event_time');
  // Seconds for a record of megabytes: not again for every click in the panel.
  const pretty = useMemo(() => (record ? visibleText(indentJson(record.record)) : ''), [record]);
  // Text selected in the record as delivered: a value no field holds (a bucket, a security group).
  const searchSelection = () => {
    const selection = window.getSelection();
    const text = selection?.toString().trim() ?? '';
    const inRecord = selection?.anchorNode && json.current?.contains(selection.anchorNode);
    setNoSelection(!text || !inRecord);
    if (text && inRecord) onSearch(text.slice(0, 1000));
  };
  return (
    <aside className="record-panel panel" aria-label="Event record" data-testid="record-panel">
      <header className="record-head">
        <h2>{name === null ? 'Event' : middleClip(visibleText(name), NAME_CHARS)}</h2>
        <button type="button" className="secondary small-button" onClick={onClose}>
          Close
        </button>
      </header>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <AnnotationControls eventKey={eventKey} onBookmark={onBookmark} />
      <ConflictBodies eventKey={eventKey} />
      {fields && (
        <table className="record-fields">
          <tbody>
            {fields.map(({ name: field, value }) => (
              <tr key={field} className={value === null ? 'empty' : ''}>
                <th scope="row">{field}</th>
                <td>
                  {value === null ? (
                    <span className="muted">—</span>
                  ) : typeof value === 'string' && TIME_FIELDS.has(field) ? (
                    format(value)
                  ) : (
                    <RecordValue text={String(value)} />
                  )}
                </td>
                <td className="pivots">
                  {value !== null && isFilterField(field) && (
                    <>
                      <button
                        type="button"
                        className="link small"
                        aria-label={`Filter on ${field}`}
                        title="Add to the current filter"
                        onClick={() => onFilter(field, String(value))}
                      >
                        =
                      </button>
                      <button
                        type="button"
                        className="link small"
                        aria-label={`Exclude this ${field}`}
                        title="Leave the events with this value out of the current filter"
                        onClick={() => onExclude(field, String(value))}
                      >
                        ≠
                      </button>
                      <button
                        type="button"
                        className="link small"
                        aria-label={`Everything with this ${field}`}
                        title="Every event with this value, whole case"
                        onClick={() => onPivot(field, String(value))}
                      >
                        pivot
                      </button>
                    </>
                  )}
                  {field === 'event_time' && typeof value === 'string' && isMoment(value) && (
                    <button
                      type="button"
                      className="link small"
                      aria-label="The hour either side of this event"
                      title="Narrow the current filter to the hour either side of this event"
                      onClick={() => {
                        const at = Date.parse(value);
                        const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
                        onRange(iso(at - NEAR_MS), iso(at + NEAR_MS));
                      }}
                    >
                      ±1 h
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {fields && isMoment(time) && (
        <AroundEvent
          eventKey={eventKey}
          time={time}
          accessKey={stringOf(fields, 'access_key_id')}
          identityArn={stringOf(fields, 'identity_arn')}
        />
      )}
      {record && (
        <>
          <h3>Delivered in</h3>
          <ul className="delivered small">
            {record.delivered_in.slice(0, deliveries).map((d) => (
              <li key={`${d.file}#${d.record_index}`}>
                <ClippedText text={d.file} max={200} /> <span className="muted">record {d.record_index}</span>
              </li>
            ))}
          </ul>
          <ShowMore
            hidden={record.delivered_in.length - deliveries}
            step={MORE_DELIVERIES}
            what="files"
            onShow={() => setDeliveries((n) => n + MORE_DELIVERIES)}
          />
          <UnlistedDeliveries record={record} />
          <h3 className="record-json-head">
            Record as delivered{' '}
            <button
              type="button"
              className="link small"
              title="Select a value in the record first: a bucket, a security group, any text"
              onMouseDown={(e) => e.preventDefault()}
              onClick={searchSelection}
            >
              search the selected text
            </button>
            {noSelection && <span className="muted small"> Select some text of the record first.</span>}
          </h3>
          <pre className="json record-json" data-testid="record-json" ref={json}>
            {wholeRecord || pretty.length <= RECORD_SHOWN ? pretty : `${pretty.slice(0, RECORD_SHOWN)}\n…`}
          </pre>
          {pretty.length > RECORD_SHOWN && (
            <button type="button" className="link small" onClick={() => setWholeRecord(!wholeRecord)}>
              {wholeRecord ? 'Show the start only' : `Show all ${pretty.length.toLocaleString('en-US')} characters`}
            </button>
          )}
        </>
      )}
    </aside>
  );
}
