import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useApi } from '../../renderer/api/use-api.ts';
import { useApiCall } from '../../renderer/api/use-api-call.ts';
import type { ParamsOf } from '../../shared/api/contract.ts';
import type { TopValues } from '../../shared/model/explore.ts';
import { fakeClient, withClient } from './fake-client.tsx';

afterEach(cleanup);

type Params = ParamsOf<'explore:rank-values'>;
const top = (value: string): TopValues => ({ dimension: 'event_name', values: [{ value, count: 1 }], total: 1 });
const params = (contains: string): Params => ({ filter: {}, dimension: 'event_name', limit: 10, contains });

function rankValues(first: Params, options?: Parameters<typeof useApi>[2]) {
  const fake = fakeClient();
  const hook = renderHook(({ asked }: { asked: Params | null }) => useApi('explore:rank-values', asked, options), {
    initialProps: { asked: first as Params | null },
    wrapper: withClient(fake.client),
  });
  return { ...fake, hook };
}

describe('useApi', () => {
  it('applies the latest request only, when the earlier answer arrives last', async () => {
    const { asked, hook } = rankValues(params('Get'));
    hook.rerender({ asked: params('Put') });
    expect(asked.map((r) => r.params.contains)).toEqual(['Get', 'Put']);

    await asked[1]!.answer(top('PutObject'));
    await asked[0]!.answer(top('GetObject'));

    expect(hook.result.current.data).toEqual(top('PutObject'));
    expect(hook.result.current.loading).toBe(false);
  });

  it('shows nothing from an earlier request that answers while the latest is still on its way', async () => {
    const { asked, hook } = rankValues(params('Get'));
    hook.rerender({ asked: params('Put') });

    await asked[0]!.answer(top('GetObject'));
    expect(hook.result.current.data).toBeNull();
    expect(hook.result.current.loading).toBe(true);

    await asked[1]!.answer(top('PutObject'));
    expect(hook.result.current.data).toEqual(top('PutObject'));
  });

  it('ignores an earlier request that fails after the latest answered', async () => {
    const { asked, hook } = rankValues(params('Get'));
    hook.rerender({ asked: params('Put') });

    await asked[1]!.answer(top('PutObject'));
    await asked[0]!.fail({ kind: 'internal', message: 'the earlier request failed' });

    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.data).toEqual(top('PutObject'));
  });

  it('reports the failure of the latest request as text, with the kind the core gave', async () => {
    const { asked, hook } = rankValues(params('Get'));
    await asked[0]!.fail({ kind: 'no-case', message: 'No case is open.' });

    expect(hook.result.current).toMatchObject({
      data: null,
      error: 'No case is open.',
      errorKind: 'no-case',
      loading: false,
    });
  });

  it('asks nothing again for new params with the same contents, in another key order', () => {
    const { asked, hook } = rankValues({
      filter: { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' },
      dimension: 'event_name',
      limit: 10,
    });
    hook.rerender({
      asked: {
        limit: 10,
        dimension: 'event_name',
        filter: { to: '2024-02-01T00:00:00Z', from: '2024-01-01T00:00:00Z' },
      },
    });
    expect(asked).toHaveLength(1);
  });

  it('asks nothing for null params', () => {
    const { asked, hook } = rankValues(null as unknown as Params);
    expect(asked).toHaveLength(0);
    expect(hook.result.current).toMatchObject({ data: null, error: null, loading: false });
  });

  it('keeps the answer while the same params are asked again, and applies the new one', async () => {
    const { asked, hook } = rankValues(params('Get'));
    await asked[0]!.answer(top('GetObject'));

    act(() => hook.result.current.reload());
    expect(asked).toHaveLength(2);
    expect(hook.result.current).toMatchObject({ data: top('GetObject'), loading: true });

    await asked[1]!.answer(top('GetBucketPolicy'));
    expect(hook.result.current).toMatchObject({ data: top('GetBucketPolicy'), loading: false });
  });

  it('with keepPrevious, goes on showing the last answer while new params are asked', async () => {
    const { asked, hook } = rankValues(params('Get'), { keepPrevious: true });
    await asked[0]!.answer(top('GetObject'));
    hook.rerender({ asked: params('Put') });

    expect(hook.result.current).toMatchObject({ data: top('GetObject'), loading: true });
    await asked[1]!.answer(top('PutObject'));
    expect(hook.result.current.data).toEqual(top('PutObject'));
  });
});

describe('useApiCall', () => {
  it('applies the outcome of the latest call only, whatever order the answers come in', async () => {
    const fake = fakeClient();
    const applied: string[] = [];
    const { result } = renderHook(() => useApiCall(), { wrapper: withClient(fake.client) });

    act(() =>
      result.current.run(
        (client) => client.request('query:save', { title: 'first', sql: 'SELECT 1' }),
        (saved) => applied.push(saved.title),
      ),
    );
    act(() =>
      result.current.run(
        (client) => client.request('query:save', { title: 'second', sql: 'SELECT 2' }),
        (saved) => applied.push(saved.title),
      ),
    );
    expect(result.current.busy).toBe(true);

    await fake.asked[1]!.answer({ title: 'second' });
    await fake.asked[0]!.fail({ kind: 'internal', message: 'the first save failed' });

    expect(applied).toEqual(['second']);
    expect(result.current).toMatchObject({ busy: false, error: null });
  });

  it('reports why the latest call failed, and clears it when the next one starts', async () => {
    const fake = fakeClient();
    const { result } = renderHook(() => useApiCall(), { wrapper: withClient(fake.client) });

    act(() => result.current.run((client) => client.request('finding:delete', { finding_id: 7 })));
    await fake.asked[0]!.fail({ kind: 'not-found', message: 'No finding 7 in this case.' });
    expect(result.current.error).toBe('No finding 7 in this case.');

    act(() => result.current.run((client) => client.request('finding:delete', { finding_id: 8 })));
    expect(result.current).toMatchObject({ busy: true, error: null });
  });

  it('calls back nothing for an answer that arrives after the view is gone', async () => {
    const fake = fakeClient();
    const applied: string[] = [];
    const { result, unmount } = renderHook(() => useApiCall(), { wrapper: withClient(fake.client) });

    act(() =>
      result.current.run(
        (client) => client.request('query:save', { title: 'late', sql: 'SELECT 1' }),
        (saved) => applied.push(saved.title),
      ),
    );
    unmount();
    await fake.asked[0]!.answer({ title: 'late' });

    expect(applied).toEqual([]);
  });
});
