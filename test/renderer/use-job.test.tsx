import { act, cleanup, render, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useJob } from '../../renderer/api/use-job.ts';
import type { ReportExport } from '../../shared/model/report.ts';
import { fakeClient, withClient } from './fake-client.tsx';

afterEach(cleanup);

const EXPORTED: ReportExport = {
  path: '/c.duckdb.exports/r.md',
  name: 'r.md',
  format: 'md',
  bytes: 10,
  sha256: 'a'.repeat(64),
  manifest_csv: { path: '/c.duckdb.exports/r-sources.csv', name: 'r-sources.csv', bytes: 1, sha256: 'b'.repeat(64) },
};

function reportJob() {
  const fake = fakeClient();
  const onFinished = vi.fn();
  const hook = renderHook(() => useJob('report', onFinished), { wrapper: withClient(fake.client) });
  const start = () =>
    act(async () => void hook.result.current.start((client) => client.request('report:export', { format: 'md' })));
  return { ...fake, hook, onFinished, start };
}

describe('useJob', () => {
  it('follows its own job: progress, then the outcome, told to onFinished once', async () => {
    const { hook, named, emit, onFinished, start } = reportJob();
    await start();
    await named('report:export')[0]!.answer({ jobId: 'j1' });
    expect(hook.result.current).toMatchObject({ jobId: 'j1', running: true, progress: null });
    await emit({
      name: 'job:progress',
      payload: {
        jobId: 'j1',
        kind: 'report',
        progress: { kind: 'report', format: 'md', phase: 'rendering', elapsedSeconds: 1 },
      },
    });
    expect(hook.result.current.progress).toMatchObject({ phase: 'rendering' });
    await emit({
      name: 'job:finished',
      payload: { jobId: 'j1', kind: 'report', outcome: { ok: true, value: EXPORTED } },
    });
    expect(hook.result.current).toMatchObject({ running: false, outcome: { ok: true, value: EXPORTED } });
    hook.rerender();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished).toHaveBeenCalledWith({ ok: true, value: EXPORTED });
  });

  it('applies what its job reported before the start answered, and ignores other jobs', async () => {
    const { hook, named, emit, start } = reportJob();
    await start();
    await emit({
      name: 'job:finished',
      payload: { jobId: 'j2', kind: 'report', outcome: { ok: true, value: EXPORTED } },
    });
    await emit({
      name: 'job:progress',
      payload: {
        jobId: 'other',
        kind: 'report',
        progress: { kind: 'report', format: 'pdf', phase: 'printing', elapsedSeconds: 3 },
      },
    });
    await named('report:export')[0]!.answer({ jobId: 'j2' });
    expect(hook.result.current).toMatchObject({ jobId: 'j2', running: false, progress: null, outcome: { ok: true } });
  });

  it('cancels its job by id and says so until it ends', async () => {
    const { hook, named, emit, start } = reportJob();
    await start();
    await named('report:export')[0]!.answer({ jobId: 'j3' });
    await act(async () => void hook.result.current.cancel());
    expect(named('job:cancel')[0]!.params).toEqual({ jobId: 'j3' });
    expect(hook.result.current.cancelling).toBe(true);
    await emit({
      name: 'job:finished',
      payload: {
        jobId: 'j3',
        kind: 'report',
        outcome: { ok: false, error: { kind: 'cancelled', message: 'Report cancelled: no file was written.' } },
      },
    });
    expect(hook.result.current).toMatchObject({ cancelling: false, running: false, outcome: { ok: false } });
  });

  it('outlives the view that started it: progress and outcome made while away show on coming back, told once', async () => {
    const fake = fakeClient();
    const onFinished = vi.fn();
    const seen: ReturnType<typeof useJob<'report'>>[] = [];
    function Exports() {
      const job = useJob('report', onFinished);
      seen.push(job);
      return null;
    }
    const View = ({ shown }: { shown: boolean }) => (shown ? <Exports /> : null);
    const view = render(<View shown />, { wrapper: withClient(fake.client) });
    await act(async () => void seen.at(-1)!.start((client) => client.request('report:export', { format: 'md' })));
    await fake.named('report:export')[0]!.answer({ jobId: 'j4' });
    view.rerender(<View shown={false} />);
    await fake.emit({
      name: 'job:progress',
      payload: {
        jobId: 'j4',
        kind: 'report',
        progress: { kind: 'report', format: 'md', phase: 'gathering', elapsedSeconds: 1 },
      },
    });
    view.rerender(<View shown />);
    expect(seen.at(-1)).toMatchObject({ jobId: 'j4', running: true, progress: { phase: 'gathering' } });
    view.rerender(<View shown={false} />);
    await fake.emit({
      name: 'job:finished',
      payload: { jobId: 'j4', kind: 'report', outcome: { ok: true, value: EXPORTED } },
    });
    expect(onFinished).not.toHaveBeenCalled();
    view.rerender(<View shown />);
    expect(seen.at(-1)).toMatchObject({ running: false, outcome: { ok: true, value: EXPORTED } });
    expect(onFinished).toHaveBeenCalledTimes(1);
    view.rerender(<View shown={false} />);
    view.rerender(<View shown />);
    expect(onFinished).toHaveBeenCalledTimes(1);
  });
});
