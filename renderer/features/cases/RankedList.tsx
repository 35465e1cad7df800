import { counted } from '../../../shared/ingest-outcome.ts';
import type { Ranked } from '../../../shared/model/case-overview.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useViewState } from '../../app/view-state.tsx';
import { clipApart } from '../../components/clip-apart.ts';
import { IdentifierText } from '../../components/IdentifierText.tsx';

/** Shown before "more": a glance, not a wall; each "more" adds a step. */
const FIRST = 5;
const STEP = 20;

interface RankedListProps {
  /** Kept per list, so coming back to the case finds it as it was opened. */
  id: string;
  title: string;
  ranked: Ranked;
  /** Characters a value may take before it is cut where values differ. */
  chars: number;
  /** The explorer narrowed to this value. */
  onPivot: (value: string) => void;
  /** The console with the full list's SQL, for values beyond the list. */
  onQuery: (sql: string) => void;
  /** A value with no events (an account named only by file paths): said, not pivoted on. */
  zeroNote?: string;
  className?: string;
}

/** A field's values, most events first: a few, then more on request, each one a way into the explorer. */
export function RankedList({ id, title, ranked, chars, onPivot, onQuery, zeroNote, className }: RankedListProps) {
  const [count, setCount] = useViewState(`case.ranked.${id}`, FIRST);
  const values = ranked.values.slice(0, count);
  const shown = clipApart(
    values.map((v) => visibleText(v.value)),
    chars,
  );
  const top = ranked.values[0]?.count ?? 0;
  const hidden = ranked.values.length - values.length;
  const beyond = ranked.distinct - ranked.values.length;
  return (
    <section className={`ranked ${className ?? ''}`} aria-label={title} data-testid={`ranked-${id}`}>
      <h3>
        {title} <span className="muted">· {counted(ranked.distinct, 'value', 'values')}</span>
      </h3>
      {values.length === 0 ? (
        <p className="muted small">None in this case.</p>
      ) : (
        <ol className="ranked-values">
          {values.map((v, i) => (
            <li key={v.value}>
              <span className="ranked-bar" style={{ width: `${top > 0 ? (100 * v.count) / top : 0}%` }} />
              {v.count > 0 ? (
                <button
                  type="button"
                  className="link ranked-value"
                  onClick={() => onPivot(v.value)}
                  aria-label={`Explore the events with ${title.toLowerCase()} ${visibleText(v.value)}`}
                >
                  <IdentifierText value={v.value} shown={shown[i]} />
                </button>
              ) : (
                <span className="ranked-value" title={zeroNote}>
                  <IdentifierText value={v.value} shown={shown[i]} />
                </span>
              )}
              <span className="ranked-count">{v.count > 0 ? v.count.toLocaleString('en-US') : '–'}</span>
            </li>
          ))}
        </ol>
      )}
      <p className="ranked-more small">
        {hidden > 0 && (
          <button type="button" className="link" onClick={() => setCount(count + STEP)}>
            {Math.min(STEP, hidden)} more
          </button>
        )}
        {count > FIRST && ranked.values.length > FIRST && (
          <button type="button" className="link" onClick={() => setCount(FIRST)}>
            fewer
          </button>
        )}
        {hidden === 0 && beyond > 0 && (
          <button type="button" className="link" onClick={() => onQuery(ranked.sql)}>
            {counted(beyond, 'more value', 'more values')} in SQL
          </button>
        )}
      </p>
    </section>
  );
}
