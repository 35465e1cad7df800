import { useEffect, useState } from 'react';
import type { ExploreFilter } from '../../shared/model/explore.ts';
import { parseUtc, shown } from './utc-input.ts';

function TimeInput({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: string | undefined;
  onCommit: (iso: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(shown(value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setDraft(shown(value));
    setInvalid(false);
  }, [value]);
  const commit = () => {
    const parsed = parseUtc(draft);
    setInvalid(parsed === null);
    if (parsed !== null && parsed !== value) onCommit(parsed);
  };
  return (
    <label>
      {label}{' '}
      <input
        className={`time-input ${invalid ? 'invalid' : ''}`}
        aria-invalid={invalid}
        placeholder="YYYY-MM-DD hh:mm:ss"
        spellCheck={false}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  );
}

interface TimeRangeProps {
  filter: ExploreFilter;
  onRange: (from: string | undefined, to: string | undefined) => void;
}

/** The explorer's time range: typed, or set by dragging across the volume chart. */
export function TimeRange({ filter, onRange }: TimeRangeProps) {
  return (
    <fieldset className="time-range">
      <legend className="visually-hidden">Time range</legend>
      <TimeInput label="From (UTC)" value={filter.from} onCommit={(from) => onRange(from, filter.to)} />
      <TimeInput label="to (UTC)" value={filter.to} onCommit={(to) => onRange(filter.from, to)} />
      <button
        type="button"
        className="secondary small-button"
        disabled={!filter.from && !filter.to}
        onClick={() => onRange(undefined, undefined)}
      >
        Whole case
      </button>
    </fieldset>
  );
}
