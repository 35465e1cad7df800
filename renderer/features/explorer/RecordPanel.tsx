import { useState } from 'react';
import { type FilterField, pivotFields } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { ClippedText } from '../../components/ClippedText.tsx';
import { indentJson } from '../../components/indent-json.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { AnnotationControls } from './AnnotationControls.tsx';

/** Past this, the record shows its start and the rest on request: laying out megabytes of text stalls the page. */
const RECORD_SHOWN = 100_000;

const isFilterField = (name: string): name is FilterField => (pivotFields as readonly string[]).includes(name);
const TIME_FIELDS = new Set(['event_time', 'session_created_at']);

interface RecordPanelProps {
  eventKey: string;
  onClose: () => void;
  /** Narrow the current filter to this value. */
  onFilter: (field: FilterField, value: string) => void;
  /** Everything with this value, over the whole case. */
  onPivot: (field: FilterField, value: string) => void;
  onBookmark: (eventKey: string, on: boolean) => void;
}

/**
 * One event: its normalized fields with a way from each value to the events sharing it, and the record as delivered.
 */
export function RecordPanel({ eventKey, onClose, onFilter, onPivot, onBookmark }: RecordPanelProps) {
  const fieldList = useApi('event:list-fields', { event_key: eventKey });
  const delivered = useApi('event:get-record', { event_key: eventKey });
  const [wholeRecord, setWholeRecord] = useState(false);
  const format = useTimeFormat();
  // Shown together, as one answer: the fields without the record would look like a whole event.
  const [fields, record] = fieldList.data && delivered.data ? [fieldList.data, delivered.data] : [null, null];
  const problem = fieldList.error ?? delivered.error;

  const name = fields?.find((f) => f.name === 'event_name')?.value;
  const pretty = record ? visibleText(indentJson(record.record)) : '';
  return (
    <aside className="record-panel panel" aria-label="Event record" data-testid="record-panel">
      <header className="record-head">
        <h2>{typeof name === 'string' ? name : 'Event'}</h2>
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
                    <ClippedText text={String(value)} max={120} />
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
                        filter
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {record && (
        <>
          <h3>Delivered in</h3>
          <ul className="delivered small">
            {record.delivered_in.map((d) => (
              <li key={`${d.file}#${d.record_index}`}>
                <ClippedText text={d.file} max={200} /> <span className="muted">record {d.record_index}</span>
              </li>
            ))}
          </ul>
          <h3>Record as delivered</h3>
          <pre className="json record-json" data-testid="record-json">
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
