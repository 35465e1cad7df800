import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/App.tsx';
import { ApiClientProvider } from '../../renderer/api/api-client-context.tsx';
import { ViewErrorBoundary } from '../../renderer/components/ViewErrorBoundary.tsx';
import type { CaseSummary } from '../../shared/api/contract.ts';
import { fakeClient } from './fake-client.tsx';

const RLO = '\u202e';

beforeEach(() => {
  // React reports each caught error on the console, as the boundary does: expected here.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Thrower({ error }: { error: unknown }): never {
  throw error;
}

describe('a view that throws while drawing', () => {
  it.each([
    ['an Error', new Error(`bad record ${RLO}gnp.exe`), 'bad record \\u202egnp.exe'],
    ['a string', `thrown ${'x'.repeat(1_000_000)}`, 'thrown xxx'],
    ['null', null, 'null'],
    [
      'an object whose text throws',
      {
        toString() {
          throw new Error('no text');
        },
      },
      'an error that cannot be written as text',
    ],
  ])('says so in its place when it throws %s, its message visible and short', (_name, error, shown) => {
    render(
      <div>
        <p>beside it</p>
        <ViewErrorBoundary what="The Explorer view">
          <Thrower error={error} />
        </ViewErrorBoundary>
      </div>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The Explorer view failed to draw');
    expect(alert.textContent).toContain(shown);
    expect(alert.textContent).not.toContain(RLO);
    expect(alert.textContent!.length).toBeLessThan(1000);
    expect(screen.getByText('beside it')).toBeTruthy();
  });

  it('draws it again on request, and when what it shows changes', () => {
    let failing = true;
    const Flaky = () => {
      if (failing) throw new Error('not yet');
      return <p>drawn</p>;
    };
    const Host = () => {
      const [generation, setGeneration] = useState(0);
      return (
        <>
          <button type="button" onClick={() => setGeneration((g) => g + 1)}>
            ingest finished
          </button>
          <ViewErrorBoundary what="The Charts view" resetOn={generation}>
            <Flaky />
          </ViewErrorBoundary>
        </>
      );
    };
    render(<Host />);
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Draw it again' }));
    expect(screen.getByRole('alert')).toBeTruthy();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Draw it again' }));
    expect(screen.getByText('drawn')).toBeTruthy();

    failing = true;
    fireEvent.click(screen.getByRole('button', { name: 'ingest finished' }));
    expect(screen.getByRole('alert')).toBeTruthy();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'ingest finished' }));
    expect(screen.getByText('drawn')).toBeTruthy();
  });
});

describe('the app when one of its views throws', () => {
  const SUMMARY: CaseSummary = {
    path: '/cases/acme.duckdb',
    lake: null,
    events: 10,
    sources: 1,
    errors: 0,
    first_event: null,
    last_event: null,
    accounts: [],
    regions: [],
    event_sources: [],
  };

  it('keeps its header and other views, and draws the failed view afresh when it is chosen again', async () => {
    const fake = fakeClient();
    render(
      <ApiClientProvider client={fake.client}>
        <App />
      </ApiClientProvider>,
    );
    await fake.named('case:describe')[0]!.answer(SUMMARY);
    fireEvent.click(screen.getByRole('button', { name: 'Explorer' }));
    // An answer of a shape the view does not expect, as a server of another version could send.
    await fake.named('explore:count-facets')[0]!.answer([{ dimension: 'event_name', values: null }] as never);
    expect(screen.getByRole('alert').textContent).toContain('The Explorer view failed to draw');
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeTruthy();
    expect(document.querySelector('.case-path')!.textContent).toBe('/cases/acme.duckdb');

    fireEvent.click(screen.getByRole('button', { name: 'Case' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => undefined);

    const asked = fake.named('explore:count-facets').length;
    fireEvent.click(screen.getByRole('button', { name: 'Explorer' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fake.named('explore:count-facets').length).toBeGreaterThan(asked);
  });
});
