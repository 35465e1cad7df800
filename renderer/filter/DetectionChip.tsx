import { visibleText } from '../../shared/visible-text.ts';
import { useApi } from '../api/use-api.ts';
import { middleClip } from '../components/middle-clip.ts';

// Pack titles run to about 70 characters; a Sigma rule's title is the author's, of any length.
const TITLE_CHARS = 90;

/**
 * "Detection: <title>, hit 3": the events a detection's hits rest on, as pivoted to from the
 * Detections view, removable like any other choice. The title is the rule's as the case
 * holds it now; the id stands in until it arrives, or when the rule was removed since.
 */
export function DetectionChip({ ruleId, hit, onRemove }: { ruleId: string; hit?: number; onRemove: () => void }) {
  const { data: overview } = useApi('detect:overview', {});
  const rule = overview?.rules.find((r) => r.detection.id === ruleId)?.detection;
  const title = visibleText(rule?.title ?? ruleId);
  const which = hit === undefined ? 'every hit' : `hit ${hit.toLocaleString('en-US')}`;
  return (
    <li className="chip detection-chip" title={`${title} (${ruleId}), ${which}`} data-testid="detection-chip">
      <span className="muted">detection:</span> {middleClip(title, TITLE_CHARS)}, {which}
      <button
        type="button"
        className="link"
        aria-label={`Remove filter: events of detection ${ruleId}, ${which}`}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}
