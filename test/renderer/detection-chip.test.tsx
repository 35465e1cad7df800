import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActiveFilters } from '../../renderer/filter/ActiveFilters.tsx';
import { filterKey, fromDetection, withoutDetection } from '../../renderer/filter/filter-edits.ts';
import { OVERVIEW } from './detections-fixtures.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

describe('the detection filter', () => {
  it('tells a hit from every hit of the rule, and goes when removed', () => {
    expect(fromDetection('r', 3)).toEqual({ detection: { rule_id: 'r', hit: 3 } });
    expect(filterKey(fromDetection('r', 3))).not.toBe(filterKey(fromDetection('r')));
    expect(filterKey(fromDetection('r'))).not.toBe(filterKey({}));
    expect(withoutDetection({ ...fromDetection('r'), bookmarked: true })).toEqual({ bookmarked: true });
  });

  it('is a chip naming the rule by its title and the hit, removable', async () => {
    const fake = fakeClient();
    const onRemoveDetection = vi.fn();
    renderWithClient(
      fake.client,
      <ActiveFilters
        filter={fromDetection('cloudtrail-logging-changed', 1)}
        onRemove={() => undefined}
        onRemoveExcluded={() => undefined}
        onRemoveText={() => undefined}
        onShowAll={() => undefined}
        onRemoveSources={() => undefined}
        onRemoveDetection={onRemoveDetection}
        onRemoveEventKeys={() => undefined}
        onClear={() => undefined}
      />,
    );
    // The id stands in until the overview gives the title.
    expect(screen.getByTestId('detection-chip').textContent).toContain('cloudtrail-logging-changed, hit 1');
    await fake.named('detect:overview')[0]!.answer(OVERVIEW);
    expect(screen.getByTestId('detection-chip').textContent).toBe(
      'detection: CloudTrail logging stopped or changed, hit 1×',
    );
    act(() =>
      screen
        .getByRole('button', { name: 'Remove filter: events of detection cloudtrail-logging-changed, hit 1' })
        .click(),
    );
    expect(onRemoveDetection).toHaveBeenCalledTimes(1);
  });
});
