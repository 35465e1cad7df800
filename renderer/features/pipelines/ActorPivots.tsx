import type { FilterField } from '../../../shared/model/explore.ts';
import type { CallFacts } from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { pivotTo } from '../../filter/filter-edits.ts';

/** An ARN of the usual length shows whole; a longer one loses its middle, never its role or user. */
const ARN_CHARS = 80;

interface PivotProps {
  field: FilterField;
  value: string;
  what: string;
  /** Shown instead of the value: a user name for its principal's ARN. */
  label?: string;
}

/** One value of the actor, as a link to every event of the case that shares it. */
function Pivot({ field, value, what, label }: PivotProps) {
  const navigation = useNavigation();
  return (
    <button
      type="button"
      className="link pivot"
      title={`${visibleText(value)}: every event of the case with this ${what}, in the explorer`}
      aria-label={`Explore ${what} ${visibleText(value)}`}
      onClick={() => navigation.explore(pivotTo(field, value))}
    >
      {label !== undefined ? (
        visibleText(label)
      ) : value.length > ARN_CHARS ? (
        <IdentifierText value={value} max={ARN_CHARS} />
      ) : (
        visibleText(value)
      )}
    </button>
  );
}

/**
 * Who made a call, in one line, as the record says: the principal (its user name where the
 * record gives one), the access key, MFA and the source address; each value a way to every
 * event of the case that shares it.
 */
export function ActorPivots({ call }: { call: CallFacts }) {
  const principal = call.actor_arn ?? null;
  return (
    <span className="actor">
      {call.user_name ? (
        principal ? (
          <Pivot field="principal" value={principal} what="principal" label={call.user_name} />
        ) : (
          <Pivot field="user_name" value={call.user_name} what="user name" />
        )
      ) : principal ? (
        <Pivot field="principal" value={principal} what="principal" />
      ) : (
        (call.identity_type ?? 'unknown caller')
      )}
      {call.access_key_id && (
        <>
          {' · key '}
          <Pivot field="access_key_id" value={call.access_key_id} what="access key" />
        </>
      )}
      {call.mfa !== null && (call.mfa ? ' · MFA' : ' · no MFA')}
      {call.source_ip && (
        <>
          {' · from '}
          <Pivot field="source_ip" value={call.source_ip} what="source IP" />
        </>
      )}
    </span>
  );
}
