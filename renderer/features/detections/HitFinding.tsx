import type { Detection, DetectionHit } from '../../../shared/model/detection.ts';
import { FindingForm } from '../findings/FindingForm.tsx';
import { hitDraft } from './hit-finding.ts';

/**
 * A hit becomes a finding resting on its events (the oldest 1,000 when there are more), drafted
 * from the rule: the analyst reads and edits the draft before it is saved.
 */
export function HitFinding({ detection, hit }: { detection: Detection; hit: DetectionHit }) {
  if (hit.event_keys.length === 0)
    return <span className="muted small">None of this hit’s events is in the case now: nothing to cite.</span>;
  return (
    <FindingForm
      label="Add as finding"
      evidence={() => ({ kind: 'events', event_keys: hit.event_keys })}
      draft={() => hitDraft(detection, hit)}
    />
  );
}
