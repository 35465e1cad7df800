import { useEffect, useRef, useState } from 'react';
import { SEARCH_MAX_CHARS } from '../../shared/model/explore.ts';
import { useDebounced } from '../components/use-debounced.ts';

/** A pause this long in typing searches: each search reads every record of the case. */
const PAUSE_MS = 400;

/**
 * Free text searched in every record as delivered, any case: an ARN, a bucket, an `sg-…`, a key
 * of `request_parameters`. The search starts after a pause in typing, or at once on Enter.
 */
export function SearchBox({ text, onSearch }: { text: string; onSearch: (text: string) => void }) {
  const [draft, setDraft] = useState(text);
  // A search changed elsewhere (its chip removed, filters cleared, a pivot) shows here.
  useEffect(() => setDraft(text), [text]);
  const settled = useDebounced(draft, PAUSE_MS);
  // Only a pause in typing searches: a new `text` from elsewhere has set the draft already.
  const latest = useRef({ text, onSearch });
  latest.current = { text, onSearch };
  useEffect(() => {
    if (settled.trim() !== latest.current.text) latest.current.onSearch(settled.trim());
  }, [settled]);
  return (
    <input
      type="search"
      className="record-search"
      aria-label="Search every record"
      placeholder="Search records: ARN, bucket, sg-…, any text"
      maxLength={SEARCH_MAX_CHARS}
      spellCheck={false}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && draft.trim() !== text && onSearch(draft.trim())}
    />
  );
}
