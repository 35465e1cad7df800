import { diffLines } from 'diff';
import { useMemo, useState } from 'react';
import type { JsonValue } from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { count } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';

/** Keys sorted, so the text diff shows what changed rather than how it was serialized. */
function stable(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable(value[k]!)]),
    );
  return value;
}

interface Row {
  left: string | null;
  right: string | null;
  kind: 'same' | 'removed' | 'added';
}

/**
 * The most lines a diff may add and remove before it gives up: diffing is quadratic in them, and
 * two forged declarations of 16,000 lines, none shared, took 33 s; with this bound, two of
 * 100,000 take 250 ms. A real change between two versions touches far fewer.
 */
const MAX_EDITED_LINES = 1000;
/** Rows drawn at first, and more at each ask: a declaration can run to 100,000 lines. */
const PAGE = 2000;

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/**
 * Pairs the diff's removed and added runs so each side keeps its own line order; past
 * MAX_EDITED_LINES, the two sides whole, unpaired.
 */
function rows(before: string, after: string): { rows: Row[]; paired: boolean } {
  const parts = diffLines(before, after, { maxEditLength: MAX_EDITED_LINES });
  const result: Row[] = [];
  const changed = parts ?? [
    { value: before, removed: true, added: false },
    { value: after, removed: false, added: true },
  ];
  for (let i = 0; i < changed.length; i++) {
    const part = changed[i]!;
    if (!part.added && !part.removed) {
      for (const line of lines(part.value)) result.push({ left: line, right: line, kind: 'same' });
    } else if (part.removed && changed[i + 1]?.added) {
      const left = lines(part.value);
      const right = lines(changed[++i]!.value);
      for (let k = 0; k < Math.max(left.length, right.length); k++)
        result.push({ left: left[k] ?? null, right: right[k] ?? null, kind: 'removed' });
    } else {
      for (const line of lines(part.value))
        result.push(
          part.added ? { left: null, right: line, kind: 'added' } : { left: line, right: null, kind: 'removed' },
        );
    }
  }
  return { rows: result, paired: parts !== undefined };
}

/** A declaration as indented JSON with its keys sorted, hidden characters shown as their codes. */
const text = (value: JsonValue) => visibleText(JSON.stringify(stable(value), null, 2));

/** The two declarations as JSON, side by side, changed lines marked. */
export function JsonSideBySide({
  before,
  after,
  labels,
}: {
  before: JsonValue;
  after: JsonValue;
  labels: [string, string];
}) {
  const diff = useMemo(() => rows(text(before), text(after)), [before, after]);
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      {!diff.paired && (
        <p className="gap">
          The two declarations differ in more than {count(MAX_EDITED_LINES)} lines: they are shown side by side, whole,
          without pairing the lines that match.
        </p>
      )}
      <div className="json-diff" data-testid="json-diff">
        <div className="json-diff-head">{labels[0]}</div>
        <div className="json-diff-head">{labels[1]}</div>
        {diff.rows.slice(0, shown).map((row, i) => (
          <div key={i} className="json-diff-row">
            <pre className={row.kind === 'same' ? '' : row.left === null ? 'empty' : 'old'}>{row.left ?? ''}</pre>
            <pre className={row.kind === 'same' ? '' : row.right === null ? 'empty' : 'new'}>{row.right ?? ''}</pre>
          </div>
        ))}
      </div>
      <ShowMore hidden={diff.rows.length - shown} step={PAGE} what="lines" onShow={() => setShown((n) => n + PAGE)} />
    </>
  );
}
