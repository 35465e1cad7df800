import { useState } from 'react';
import type { ActorCall, EventRecord } from '../../../shared/model/event.ts';
import type { PipelineHistory, PipelineVersion } from '../../../shared/model/pipeline.ts';
import type { ApiClient } from '../../api/client.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { useTimeFormat } from '../../components/time-zone.ts';

type Open =
  | { kind: 'restore'; json: string }
  | { kind: 'record'; record: EventRecord }
  | { kind: 'actor'; calls: ActorCall[] }
  | null;

const PIVOT_HOURS = 6;

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
  const action = useApiCall();
  const [open, setOpen] = useState<Open>(null);
  const [copied, setCopied] = useState(false);
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
            Delivered in: {open.record.delivered_in.map((d) => `${d.file} (record ${d.record_index})`).join('; ')}
          </p>
          <pre className="json">{open.record.record}</pre>
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
                </tr>
              </thead>
              <tbody>
                {open.calls.map((c) => (
                  <tr key={c.event_key} className={c.event_key === version.event_key ? 'selected' : ''}>
                    <td>{time(c.event_time)}</td>
                    <td>
                      {c.event_source?.replace('.amazonaws.com', '')}:{c.event_name}
                    </td>
                    <td>{c.aws_region}</td>
                    <td>{c.source_ip}</td>
                    <td className="error">{c.error_code}</td>
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
