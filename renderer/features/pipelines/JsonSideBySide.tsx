import { diffLines } from 'diff';
import type { JsonValue } from '../../../shared/model/pipeline.ts';

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

/** Pairs the diff's removed and added runs so each side keeps its own line order. */
function rows(before: JsonValue, after: JsonValue): Row[] {
  const result: Row[] = [];
  const parts = diffLines(JSON.stringify(stable(before), null, 2), JSON.stringify(stable(after), null, 2));
  const lines = (text: string) => text.replace(/\n$/, '').split('\n');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (const line of lines(part.value)) result.push({ left: line, right: line, kind: 'same' });
    } else if (part.removed && parts[i + 1]?.added) {
      const left = lines(part.value);
      const right = lines(parts[++i]!.value);
      for (let k = 0; k < Math.max(left.length, right.length); k++)
        result.push({ left: left[k] ?? null, right: right[k] ?? null, kind: 'removed' });
    } else {
      for (const line of lines(part.value))
        result.push(
          part.added ? { left: null, right: line, kind: 'added' } : { left: line, right: null, kind: 'removed' },
        );
    }
  }
  return result;
}

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
  return (
    <div className="json-diff" data-testid="json-diff">
      <div className="json-diff-head">{labels[0]}</div>
      <div className="json-diff-head">{labels[1]}</div>
      {rows(before, after).map((row, i) => (
        <div key={i} className="json-diff-row">
          <pre className={row.kind === 'same' ? '' : row.left === null ? 'empty' : 'old'}>{row.left ?? ''}</pre>
          <pre className={row.kind === 'same' ? '' : row.right === null ? 'empty' : 'new'}>{row.right ?? ''}</pre>
        </div>
      ))}
    </div>
  );
}
