import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventConflicts } from '../../electron/core/case/event-conflicts.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { writeFile } from '../helpers/archives.ts';
import { tempDir } from '../helpers/temp.ts';
import { FIRST_FILE, HOSTILE_FILE, HOSTILE_KEY, OTHER_BODY, STORED_BODY } from './hostile-bodies.ts';

/**
 * Conflicting bodies are the attacker's text twice over (hostile-bodies.ts). Both are kept
 * byte for byte, raw characters and all, with the files that delivered them, and neither
 * stops the ingest. How the page shows them: test/renderer/conflict-bodies.test.tsx.
 */
const dir = tempDir();
let store: CaseStore;

beforeAll(async () => {
  writeFile(path.join(dir, 'in', FIRST_FILE), `{"Records":[${STORED_BODY}]}`);
  writeFile(path.join(dir, 'in', HOSTILE_FILE), `{"Records":[${OTHER_BODY}]}`);
  store = await CaseStore.open(path.join(dir, 'hostile.duckdb'), { create: true });
});

afterAll(() => store.close());

describe('hostile conflicting bodies', () => {
  it('are recorded and kept byte for byte, with the files that delivered them', async () => {
    const summary = await ingest(store, [path.join(dir, 'in')]);
    expect(summary).toMatchObject({ events_added: 1, duplicates: 1, conflicts: 1, rejected: 0, errors: [] });
    const conflicts = await eventConflicts(store, HOSTILE_KEY);
    expect(conflicts.kept?.record).toBe(STORED_BODY);
    expect(conflicts.kept?.file).toBe(path.join(dir, 'in', FIRST_FILE));
    expect(conflicts.others.map((o) => o.record)).toEqual([OTHER_BODY]);
    expect(conflicts.others[0]!.file).toBe(path.join(dir, 'in', HOSTILE_FILE));
    expect(fs.existsSync(conflicts.others[0]!.file)).toBe(true);
  });

  it('are found again, and not recorded twice, when the same files come again under other names', async () => {
    writeFile(path.join(dir, 'again', 'copy.json'), `{"Records":[${OTHER_BODY}]} `);
    const summary = await ingest(store, [path.join(dir, 'again')]);
    expect(summary).toMatchObject({ events_added: 0, duplicates: 1, conflicts: 1 });
    const conflicts = await eventConflicts(store, HOSTILE_KEY);
    expect(conflicts.others.map((o) => o.record)).toEqual([OTHER_BODY, OTHER_BODY]);
  });
});
