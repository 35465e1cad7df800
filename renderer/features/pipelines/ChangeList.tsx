import type { JsonValue, PipelineChange } from '../../../shared/model/pipeline.ts';

const MAX = 300;
const show = (value: JsonValue | undefined) => {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
};

/** Every change with its before and after; those that matter in an incident first, with why. */
export function ChangeList({ changes }: { changes: PipelineChange[] }) {
  if (changes.length === 0)
    return <p className="muted">No semantic change: the two declarations are the same pipeline.</p>;
  const ordered = [...changes.filter((c) => c.security), ...changes.filter((c) => !c.security)];
  return (
    <table className="changes" data-testid="change-list">
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Change</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((change, i) => (
          <tr key={i} className={change.security ? 'security' : ''}>
            <td>
              <code>{change.path}</code>
              {change.reason && <div className="reason">⚠ {change.reason}</div>}
            </td>
            <td>{change.kind}</td>
            <td>
              <code className="value">{show(change.before)}</code>
            </td>
            <td>
              <code className="value">{show(change.after)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
