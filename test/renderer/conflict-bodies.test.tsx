import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictBodies, ConflictCompare } from '../../renderer/features/explorer/ConflictBodies.tsx';
import type { EventConflicts } from '../../shared/model/conflict.ts';
import { C1, HOSTILE_FILE, HOSTILE_KEY, LS, OTHER_BODY, RLO, STORED_BODY } from '../hostile/hostile-bodies.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const CONFLICTS: EventConflicts = {
  event_key: HOSTILE_KEY,
  kept: { file: '/cases/0-first.json', source_id: 1, record_index: 0, sha256: 'a'.repeat(64), record: STORED_BODY },
  others: [
    { file: `/cases/${HOSTILE_FILE}`, source_id: 2, record_index: 0, sha256: 'b'.repeat(64), record: OTHER_BODY },
  ],
};

describe('conflicting bodies on the page', () => {
  it('are shown side by side as text, invisible characters as their codes, markup as markup', async () => {
    const fake = fakeClient();
    renderWithClient(fake.client, <ConflictCompare eventKey={HOSTILE_KEY} onClose={() => undefined} />);
    await fake.named('case:get-conflict')[0]!.answer(CONFLICTS);
    const text = screen.getByTestId('conflict-bodies').textContent ?? '';
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<script>alert(2)</script>');
    expect(text).toContain('"<b>member</b>": "<iframe src=javascript:alert(3)>"');
    // What could hide or reorder text shows as its code; a line separator too, which would
    // otherwise break a value's line as if another field began there.
    expect(text).toContain('\\u001b[31mred\\u0000\\u202egnp.exe\\u0085\\u2028');
    expect(text).toContain(HOSTILE_FILE);
    for (const raw of [RLO, C1, LS]) expect(document.body.textContent).not.toContain(raw);
    expect(document.querySelectorAll('img, script, iframe, b')).toHaveLength(0);
    for (const element of document.querySelectorAll('[title]'))
      expect(element.getAttribute('title')).not.toMatch(/[\u202e\u0085]/);
  });

  it('say in the record that the event was delivered with different bodies, and nothing when it was not', async () => {
    const fake = fakeClient();
    renderWithClient(fake.client, <ConflictBodies eventKey={HOSTILE_KEY} />);
    await fake.named('case:get-conflict')[0]!.answer(CONFLICTS);
    expect(screen.getByTestId('conflict-note').textContent).toBe(
      'Delivered with 2 different bodies. Deliveries of one event should be identical: a body that differs is evidence of tampering or of a bad export. Compare them side by side',
    );
    cleanup();
    const quiet = fakeClient();
    const { container } = renderWithClient(quiet.client, <ConflictBodies eventKey="calm@1" />);
    await quiet.named('case:get-conflict')[0]!.answer({ event_key: 'calm@1', kept: null, others: [] });
    expect(container.textContent).toBe('');
  });
});
