import type { CallFacts } from '../../../shared/model/pipeline.ts';

/** Who made a call, in one line: name or ARN, key, MFA and address, as far as the record says. */
export function actorLine(call: CallFacts): string {
  const parts = [call.user_name ?? call.actor_arn ?? call.identity_type ?? 'unknown caller'];
  if (call.access_key_id) parts.push(`key ${call.access_key_id}`);
  if (call.mfa !== null) parts.push(call.mfa ? 'MFA' : 'no MFA');
  if (call.source_ip) parts.push(`from ${call.source_ip}`);
  return parts.join(' · ');
}
