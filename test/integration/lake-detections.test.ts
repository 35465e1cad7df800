import { describe, expect, it } from 'vitest';
import { detectionPack } from '../../electron/core/detect/pack.ts';
import { portableDetections } from '../../electron/core/lake/portable-detections.ts';
import { parseTree, tokenize } from '../../electron/core/lake/sql-tree.ts';
import { duckdbLeftovers, toTrino } from '../../electron/core/lake/trino-dialect.ts';

/** DuckDB spellings that must not survive into an Athena file. */
const DUCKDB_ONLY_SYNTAX = ['->>', '::', ':='];

describe('the detection pack in the Athena/Trino dialect', () => {
  const results = detectionPack.map((detection) => ({ detection, translated: toTrino(detection.sql) }));

  it('translates each rule with no DuckDB function or operator left, or says why not', () => {
    for (const { detection, translated } of results) {
      if (!translated.ok) {
        expect(translated.reason, detection.id).not.toBe('');
        continue;
      }
      expect(duckdbLeftovers(translated.sql), detection.id).toEqual([]);
      const tokens = tokenize(translated.sql);
      const operators = tokens.filter((t) => t.kind === 'op').map((t) => t.text);
      for (const syntax of DUCKDB_ONLY_SYNTAX) expect(operators, `${detection.id}: ${syntax}`).not.toContain(syntax);
      expect(
        tokens.filter((t) => t.kind === 'word' && /^lambda$/i.test(t.text)),
        detection.id,
      ).toEqual([]);
      // Brackets still pair up after every rewrite.
      expect(() => parseTree(translated.sql), detection.id).not.toThrow();
    }
  });

  it('translates most of the pack', () => {
    const translated = results.filter((r) => r.translated.ok).length;
    console.log(`${translated} of ${results.length} pack rules translate to Trino`);
    expect(translated).toBeGreaterThanOrEqual(95);
  });

  it('writes a file per translated rule and lists every other one with its reason', () => {
    const portable = portableDetections(detectionPack);
    expect(Object.keys(portable.files).length + portable.unportable.length).toBe(detectionPack.length);
    for (const { id, reason } of portable.unportable) {
      expect(portable.unportableText).toContain(`| \`${id}\` |`);
      expect(reason).not.toBe('');
    }
    const file = portable.files['detections/athena/root-account-activity.sql'];
    expect(file).toMatch(/^-- Root user activity \(root-account-activity\)\n-- Severity high; ATT&CK T1078.004/);
    expect(file).toContain("WHERE identity_type = 'Root'");
  });

  it('refuses a rule whose id cannot be a file name', () => {
    const [rule] = detectionPack;
    const portable = portableDetections([{ ...rule!, id: '../../escape' }]);
    expect(portable.files).toEqual({});
    expect(portable.unportable[0]!.reason).toBe('its id cannot be a file name');
  });
});
