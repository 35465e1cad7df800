import type { EventSummary } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { IdentifierText } from '../../components/IdentifierText.tsx';

/** An event named in a line of a finding: when, what, by whom, from where; log text shown as text. */
export function EventSummaryText({ event, nameChars }: { event: EventSummary; nameChars: number }) {
  return (
    <>
      {event.event_time}{' '}
      <strong>
        <IdentifierText value={event.event_name ?? ''} max={nameChars} />
      </strong>{' '}
      by{' '}
      <code>
        <IdentifierText value={event.actor ?? '?'} />
      </code>{' '}
      from <code>{visibleText(event.source_ip ?? '?')}</code>
    </>
  );
}
