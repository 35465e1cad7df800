import { useEffect, useState } from 'react';
import type { DetectProgress } from '../../../shared/model/detection.ts';
import type { QueuedProgress } from '../../../shared/model/job.ts';
import { useApiClient } from '../../api/api-client-context.tsx';

export interface DetectJobs {
  /** Counts every detection run that ended, whoever started it: the view reads its results again. */
  finished: number;
  /** Runs under way that this view did not start (the one queued behind each ingest), by job id. */
  running: ReadonlyMap<string, DetectProgress | QueuedProgress>;
}

/**
 * Every detection job the page hears of. Each ingest queues a run behind it, from any face,
 * so the view cannot know of every run it shows; it follows them all by their events.
 */
export function useDetectJobs(): DetectJobs {
  const client = useApiClient();
  const [finished, setFinished] = useState(0);
  const [running, setRunning] = useState<ReadonlyMap<string, DetectProgress | QueuedProgress>>(new Map());

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.name === 'app:show' || event.payload.kind !== 'detect') return;
        const { jobId } = event.payload;
        if (event.name === 'job:progress') {
          const { progress } = event.payload;
          setRunning((now) => new Map(now).set(jobId, progress));
          return;
        }
        setRunning((now) => {
          const after = new Map(now);
          after.delete(jobId);
          return after;
        });
        setFinished((n) => n + 1);
      }),
    [client],
  );

  return { finished, running };
}
