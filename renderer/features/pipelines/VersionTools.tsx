import { useState } from 'react';
import type { ActorCall, EventRecord } from '../../../shared/model/event.ts';
import type { ExploreFilter } from '../../../shared/model/explore.ts';
import type { PipelineHistory, PipelineVersion } from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import type { ApiClient } from '../../api/client.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { indentJson } from '../../components/indent-json.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { UnlistedDeliveries } from '../../components/UnlistedDeliveries.tsx';
import { pivotTo, withRange } from '../../filter/filter-edits.ts';

type Open =
  | { kind: 'restore'; json: string }
  | { kind: 'record'; record: EventRecord }
  | { kind: 'actor'; calls: ActorCall[] }
  | null;

const PIVOT_HOURS = 6;
/** A delivering file's key: an S3 key of the usual length shows whole. */
const FILE_CHARS = 120;
/** Delivering files listed at first, and more at each ask: a forged archive can carry one record in thousands. */
const FILES = 50;

/** Save a text as a file through the browser's own download, nothing written by the page itself. */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** What an analyst does from a version: restore it, read its record, follow its actor. */
export function VersionTools({
  history,
  lineage,
  version,
}: {
  history: PipelineHistory;
  lineage: number;
  version: PipelineVersion;
}) {
  const time = useTimeFormat();
  const navigation = useNavigation();
  const action = useApiCall();
  const [open, setOpen] = useState<Open>(null);
  const [copied, setCopied] = useState(false);
  const [files, setFiles] = useState(FILES);
  const fileName = `${history.name}-v${version.version}.update-pipeline.json`;

  const act = (work: (client: ApiClient) => Promise<Open>) => {
    setCopied(false);
    action.run(work, setOpen);
  };
  const restore = () =>
    act(async (client) => {
      const input = await client.request('pipeline:export', {
        name: history.name,
        account: history.account,
        region: history.region,
        version: version.version,
        lineage,
      });
      return { kind: 'restore', json: `${JSON.stringify(input, null, 2)}\n` };
    });
  const record = () =>
    act(async (client) => ({
      kind: 'record',
      record: await client.request('event:get-record', { event_key: version.event_key }),
    }));
  const actor = () =>
    act(async (client) => ({
      kind: 'actor',
      calls: await client.request('event:list-by-actor', {
        ...(version.access_key_id ? { access_key_id: version.access_key_id } : { actor_arn: version.actor_arn ?? '' }),
        around: version.event_time,
        hours: PIVOT_HOURS,
      }),
    }));
  // The same calls in the explorer: the actor's key (or principal) over the same hours.
  const around = Date.parse(version.event_time);
  const actorWindow: ExploreFilter = withRange(
    version.access_key_id
      ? pivotTo('access_key_id', version.access_key_id)
      : pivotTo('principal', version.actor_arn ?? ''),
    new Date(around - PIVOT_HOURS * 3_600_000).toISOString(),
    new Date(around + PIVOT_HOURS * 3_600_000).toISOString(),
  );

  return (
    <div className="version-tools">
      <div className="actions">
        <button
          type="button"
          onClick={restore}
          disabled={version.declaration_status !== 'complete'}
          title={version.declaration_note ?? undefined}
        >
          Restore JSON for v{version.version}
        </button>
        <button type="button" className="secondary" onClick={record}>
          CloudTrail record
        </button>
        <button
          type="button"
          className="secondary"
          onClick={actor}
          disabled={!version.access_key_id && !version.actor_arn}
        >
          What {version.access_key_id ? 'this key' : 'this identity'} did ±{PIVOT_HOURS} h
        </button>
      </div>
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
      {open?.kind === 'restore' && (
        <div className="tool-output" data-testid="restore-json">
          <p className="muted small">
            For <code>aws codepipeline update-pipeline --cli-input-json file://{fileName}</code>. The version number is
            left out: CodePipeline numbers the restored version.
          </p>
          <div className="actions">
            <button type="button" onClick={() => download(fileName, open.json)}>
              Save {fileName}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                action.run(
                  () => navigator.clipboard.writeText(open.json),
                  () => setCopied(true),
                )
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <pre className="json">{open.json}</pre>
        </div>
      )}
      {open?.kind === 'record' && (
        <div className="tool-output" data-testid="event-record">
          <p className="muted small">
            Delivered in:{' '}
            {open.record.delivered_in.slice(0, files).map((d, i) => (
              <span key={i}>
                {i > 0 && '; '}
                <IdentifierText value={d.file} max={FILE_CHARS} /> (record {d.record_index})
              </span>
            ))}
          </p>
          <ShowMore
            hidden={open.record.delivered_in.length - files}
            step={FILES}
            what="files"
            onShow={() => setFiles((n) => n + FILES)}
          />
          <UnlistedDeliveries record={open.record} />
          <pre className="json">{visibleText(indentJson(open.record.record))}</pre>
        </div>
      )}
      {open?.kind === 'actor' && (
        <div className="tool-output" data-testid="actor-activity">
          {open.calls.length === 0 ? (
            <p className="muted">No other calls.</p>
          ) : (
            <table className="calls">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Call</th>
                  <th scope="col">Region</th>
                  <th scope="col">From</th>
                  <th scope="col">Error</th>
                  <th scope="col" aria-label="In the explorer" />
                </tr>
              </thead>
              <tbody>
                {open.calls.map((c) => (
                  <tr key={c.event_key} className={c.event_key === version.event_key ? 'selected' : ''}>
                    <td className="nowrap">{time(c.event_time)}</td>
                    <td>
                      {c.event_source?.replace('.amazonaws.com', '')}:{c.event_name}
                    </td>
                    <td className="nowrap">{c.aws_region}</td>
                    <td className="nowrap">{c.source_ip}</td>
                    <td className="error">{c.error_code}</td>
                    <td>
                      <button
                        type="button"
                        className="link small"
                        title="This event in the explorer, among every call of the same actor in these hours"
                        onClick={() => navigation.explore(actorWindow, c.event_key)}
                      >
                        open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
