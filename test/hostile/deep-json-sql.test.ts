import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { MAX_STRUCTURE_NESTING } from '../../electron/core/query/json-recursion.ts';
import { type ServedCase, serveCase } from '../../electron/server/serve-case.ts';
import { trailscope } from '../helpers/cli.ts';
import { servedApi } from '../helpers/served-api.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A few of DuckDB's JSON functions recurse once per level of a value's nesting and end the whole
 * process (a segmentation fault) on a value some tens of thousands of levels deep; from_json and
 * json_transform do the same with a deep structure, at the bind. A case made elsewhere can hold
 * such a record (ingest refuses them), so `SELECT json_structure(record) FROM events`, an
 * ordinary question, would end the app. Each is refused before anything is bound, in every
 * spelling and position tried here; the functions left allowed answer on the same record. A
 * refusal that slipped would end this test's process, which fails it as surely.
 */
const DEPTH = 200_000;
const dir = tempDir('trailscope-deep-json-');
const caseFile = path.join(dir, 'case.duckdb');
const DEEP_ARRAY = `repeat('[', ${DEPTH}) || repeat(']', ${DEPTH})`;
const deepStructure = (levels: number) => `'${'['.repeat(levels)}"JSON"${']'.repeat(levels)}'`;
/** The event whose record a colleague's copy of the case made 200,000 levels deep. */
const DEEP = "(SELECT record FROM events WHERE event_name = 'deep')";

const REFUSED: { sql: string; calls: string }[] = [
  { sql: 'SELECT json_structure(record) FROM events', calls: 'json_structure' },
  { sql: `SELECT json_structure(${DEEP_ARRAY})`, calls: 'json_structure' },
  { sql: 'SELECT JSON_STRUCTURE(record) FROM events', calls: 'json_structure' },
  { sql: 'SELECT "JSON_Structure"(record) FROM events', calls: 'json_structure' },
  { sql: 'SELECT main.json_structure(record) FROM events', calls: 'json_structure' },
  { sql: 'SELECT system.main.json_structure(record) FROM events', calls: 'json_structure' },
  { sql: 'SELECT record.json_structure() FROM events', calls: 'json_structure' },
  { sql: 'SELECT * FROM events WHERE json_structure(record) IS NOT NULL', calls: 'json_structure' },
  { sql: 'SELECT event_name FROM events ORDER BY json_structure(record)', calls: 'json_structure' },
  { sql: 'SELECT count(*) FROM events GROUP BY json_structure(record)', calls: 'json_structure' },
  { sql: 'SELECT event_name FROM events QUALIFY json_structure(record) IS NOT NULL', calls: 'json_structure' },
  { sql: 'SELECT count(*) FILTER (WHERE json_structure(record) IS NULL) FROM events', calls: 'json_structure' },
  { sql: 'WITH s AS (SELECT json_structure(record) AS s FROM events) SELECT * FROM s', calls: 'json_structure' },
  { sql: `SELECT (SELECT json_structure(${DEEP}))`, calls: 'json_structure' },
  { sql: 'SELECT * FROM events, LATERAL (SELECT json_structure(events.record))', calls: 'json_structure' },
  { sql: 'SELECT list_transform([record], r -> json_structure(r)) FROM events', calls: 'json_structure' },
  { sql: 'SELECT json_group_structure(record) FROM events', calls: 'json_group_structure' },
  { sql: 'SELECT json_contains(record, record) FROM events', calls: 'json_contains' },
  { sql: `SELECT json_contains(${DEEP}, '1')`, calls: 'json_contains' },
  { sql: 'SELECT json_merge_patch(record, record) FROM events', calls: 'json_merge_patch' },
  { sql: `SELECT json_deserialize_sql(${DEEP}::JSON)`, calls: 'json_deserialize_sql' },
  { sql: "SELECT json_serialize_plan('SELECT 1')", calls: 'json_serialize_plan' },
  { sql: `SELECT from_json('1', ${deepStructure(DEPTH)})`, calls: 'from_json' },
  { sql: `SELECT json_transform('1', ${deepStructure(MAX_STRUCTURE_NESTING + 1)})`, calls: 'json_transform' },
  { sql: `SELECT from_json_strict('1', ${deepStructure(20_000)}::VARCHAR)`, calls: 'from_json_strict' },
  {
    sql: `SELECT json_transform_strict('1', repeat('[', 2) || '"JSON"' || repeat(']', 2))`,
    calls: 'json_transform_strict',
  },
  { sql: 'SELECT from_json(record, event_name) FROM events', calls: 'from_json' },
  { sql: 'EXPLAIN SELECT json_structure(record) FROM events', calls: 'json_structure' },
  { sql: 'EXPLAIN ANALYZE SELECT json_contains(record, record) FROM events', calls: 'json_contains' },
  { sql: `DESCRIBE SELECT json_structure(${DEEP_ARRAY})`, calls: 'json_structure' },
  { sql: 'SUMMARIZE SELECT json_merge_patch(record, record) FROM events', calls: 'json_merge_patch' },
  { sql: 'SELECT 1; SELECT json_structure(record) FROM events', calls: 'json_structure' },
];

/** Asked of the same 200,000-level record; each must answer, none may end the process. */
const ANSWERED = [
  `SELECT json_type(${DEEP}), json_valid(${DEEP}), json_array_length(${DEEP})`,
  `SELECT length(${DEEP}::JSON), json_extract(${DEEP}, '$[0][0]') IS NOT NULL, json_keys(${DEEP})`,
  `SELECT count(*) FROM json_each(${DEEP})`,
  `SELECT from_json('[1, 2]', '["INTEGER"]'), json_transform('{"a": 1}', ${deepStructure(MAX_STRUCTURE_NESTING - 1).replace('"JSON"', '"INTEGER"')})`,
  `SELECT json_serialize_sql('SELECT json_structure(record) FROM events') IS NOT NULL`,
];

beforeAll(async () => {
  const store = await CaseStore.open(caseFile, { create: true });
  await ingest(store, ['samples/demo-archive']);
  store.close();
  // A colleague's copy, changed by plain DuckDB: one event's record nested 200,000 deep.
  const instance = await DuckDBInstance.create(caseFile);
  const db = await instance.connect();
  try {
    await db.run(
      `UPDATE events SET event_name = 'deep', record = ${DEEP_ARRAY} WHERE event_key = (SELECT min(event_key) FROM events)`,
    );
  } finally {
    db.closeSync();
    instance.closeSync();
  }
});

describe('functions that recurse through a deep JSON value', () => {
  it.each(REFUSED.filter((_, i) => i < 3).map((a) => [a.sql, a]))('the CLI refuses %s and exits', (_sql, attack) => {
    const run = trailscope('query', '--case', caseFile, '--', attack.sql);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain(`trailscope query: Refused: This is a statement that calls ${attack.calls}()`);
  });

  describe('over HTTP and as finding evidence', () => {
    let served: ServedCase;
    let ids = 0;
    const api = servedApi(() => served);
    const refusal = (name: string) => ({
      kind: 'query',
      message: expect.stringMatching(
        new RegExp(`^Refused: (This is|Statement \\d is) a statement that calls ${name}\\(\\)`),
      ),
    });

    beforeAll(async () => {
      served = await serveCase({ case: caseFile, recentCasesFile: path.join(dir, 'recent.json') });
    });
    afterAll(() => served.stop());

    it.each(REFUSED.map((a) => [a.sql, a]))('query:fetch refuses %s', async (_sql, attack) => {
      const answer = await api('query:fetch', { sql: attack.sql, limit: 10 });
      expect(answer).toMatchObject({ ok: false, error: refusal(attack.calls) });
    });

    it.each(REFUSED.map((a) => [a.sql, a]))('query:run refuses %s', async (_sql, attack) => {
      const answer = await api('query:run', { query_id: `deep-${++ids}`, sql: attack.sql });
      expect(answer).toMatchObject({ ok: false, error: refusal(attack.calls) });
    });

    it.each(REFUSED.map((a) => [a.sql, a]))('finding:add refuses %s', async (_sql, attack) => {
      const evidence = { kind: 'query', sql: attack.sql };
      const answer = await api('finding:add', { title: 'deep', severity: 'high', evidence });
      expect(answer).toMatchObject({ ok: false, error: refusal(attack.calls) });
    });

    it.each(ANSWERED.map((sql) => [sql]))('answers %s on the deep record', async (sql) => {
      const answer = await api('query:fetch', { sql, limit: 10 });
      expect(answer.ok, answer.error?.message).toBe(true);
      expect(answer.value?.rows).toHaveLength(1);
    });

    it('names the way around a refusal', async () => {
      const answer = await api('query:fetch', { sql: 'SELECT json_contains(record, record) FROM events', limit: 1 });
      expect(answer.error?.message).toContain("compare the fields themselves, e.g. record->>'$.eventName' = 'x'");
      expect(answer.error?.message).toContain(
        'On a value or structure nested deeply enough that ends the whole process, and a case or lake made elsewhere may hold one. Nothing was run.',
      );
    });
  });
});

/**
 * Each function of DuckDB's JSON extension was run on values 100,000 and 1,000,000 levels deep
 * when this check was written; a DuckDB that ships another fails here until someone has tried it.
 */
const LOOKED_AT = [
  'array_to_json',
  'from_json',
  'from_json_strict',
  'json',
  'json_array',
  'json_array_length',
  'json_contains',
  'json_deserialize_sql',
  'json_each',
  'json_execute_serialized_sql',
  'json_exists',
  'json_extract',
  'json_extract_path',
  'json_extract_path_text',
  'json_extract_string',
  'json_group_array',
  'json_group_object',
  'json_group_structure',
  'json_keys',
  'json_merge_patch',
  'json_object',
  'json_pretty',
  'json_quote',
  'json_serialize_plan',
  'json_serialize_sql',
  'json_structure',
  'json_transform',
  'json_transform_strict',
  'json_tree',
  'json_type',
  'json_valid',
  'json_value',
  'read_json',
  'read_json_auto',
  'read_json_objects',
  'read_json_objects_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_ndjson_objects',
  'row_to_json',
  'to_json',
];

it('every JSON function DuckDB ships has been tried on deep values', async () => {
  const store = await CaseStore.open(caseFile);
  try {
    const names = await store.read((db) =>
      db.rows<{ name: string }>(
        "SELECT DISTINCT function_name AS name FROM duckdb_functions() WHERE function_name ILIKE '%json%' ORDER BY 1",
      ),
    );
    expect(names.map((row) => row.name)).toEqual(LOOKED_AT);
  } finally {
    store.close();
  }
});
