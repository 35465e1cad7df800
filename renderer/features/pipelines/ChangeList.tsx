import type { JsonValue, PipelineChange } from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { ClippedText } from '../../components/ClippedText.tsx';

/** A declaration's value can be a whole stage; past this much the rest is a click away. */
const MAX = 4000;

/** A value as the declaration holds it: text as is, anything else as indented JSON. */
function Value({ value }: { value: JsonValue | undefined }) {
  if (value === undefined) return <span className="muted">—</span>;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <pre className="value">
      <ClippedText text={text} max={MAX} />
    </pre>
  );
}

/**
 * Every change, where and what, then its before and after side by side as indented JSON;
 * those that matter in an incident first, with why.
 */
export function ChangeList({ changes }: { changes: PipelineChange[] }) {
  if (changes.length === 0)
    return <p className="muted">No semantic change: the two declarations are the same pipeline.</p>;
  const ordered = [...changes.filter((c) => c.security), ...changes.filter((c) => !c.security)];
  return (
    <table className="changes" data-testid="change-list">
      <thead>
        <tr>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      {ordered.map((change, i) => (
        <tbody key={i} className={change.security ? 'security' : ''}>
          <tr className={`change-head ${change.security ? 'security' : ''}`}>
            <td colSpan={2}>
              <code>{visibleText(change.path)}</code> <span className="badge">{change.kind}</span>
              {change.reason && <div className="reason">⚠ {change.reason}</div>}
            </td>
          </tr>
          <tr className="change-sides">
            <td>
              <Value value={change.before} />
            </td>
            <td>
              <Value value={change.after} />
            </td>
          </tr>
        </tbody>
      ))}
    </table>
  );
}
