import { useState } from 'react';
import type { Detection } from '../../../shared/model/detection.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { middleClip } from '../../components/middle-clip.ts';

/** Takes one of the case's own rules out, with its results, once the analyst confirms it. */
export function RemoveRule({ detection, onRemoved }: { detection: Detection; onRemoved: () => void }) {
  const removing = useApiCall();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="secondary small" onClick={() => setAsking(true)}>
        Remove this rule…
      </button>
    );
  return (
    <div className="confirm" role="group" aria-label="Confirm removal">
      <span>
        Remove “{middleClip(visibleText(detection.title), 120)}” and its hits from this case? Findings already made keep
        their events. The case log records the removal.
      </span>
      <div className="actions">
        <button
          type="button"
          disabled={removing.busy}
          onClick={() =>
            removing.run((client) => client.request('detect:remove-rule', { rule_id: detection.id }), onRemoved)
          }
        >
          Remove
        </button>
        <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={removing.busy}>
          Keep it
        </button>
      </div>
      {removing.error && (
        <p className="error" role="alert">
          {removing.error}
        </p>
      )}
    </div>
  );
}
