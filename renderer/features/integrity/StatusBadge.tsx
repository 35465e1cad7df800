import type { IntegrityStatus } from '../../../shared/model/integrity.ts';
import { STATUS_LOOK } from './status-look.ts';

/** A verdict as a word on its colour: the word carries it, the colour helps the eye. */
export function StatusBadge({ status }: { status: IntegrityStatus }) {
  return (
    <span
      className={`status-badge status-${status}`}
      title={STATUS_LOOK[status].meaning}
      style={{ borderColor: STATUS_LOOK[status].color }}
    >
      <span className="swatch" style={{ background: STATUS_LOOK[status].color }} />
      {status}
    </span>
  );
}
