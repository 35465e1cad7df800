import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/case/migrations/index.ts';

/**
 * A migration that has shipped has run in cases out there: changing its text would change
 * nothing in them and something in new ones. Its SHA-256 is fixed here when it ships; a
 * change is a new migration, never an edit.
 */
const SHIPPED: Record<number, string> = {
  1: 'd6357034e0898bb93c6c9cd09005a7bbec2e8024681c8571de84a6ce0b5a37a4',
  2: 'b5f53dcd0949c637c6cdc63c9a72b1dda42d4cea4b02a3c65e250f9aa58780dd',
  3: 'a6c606f9bb6deaac37fd5c1de65f57d9a12a05b2a595a4bd1aead23ac81daa3f',
  4: 'c9e667c70d972138a703c8527fd35ee10adbd05ebfe681f4218a429f2c7c355e',
  5: '40ca81bc6465ce880233ef6f735656ac29fe515bc03b1207f0d0e1ce2f04fff8',
  6: 'ed4b6fbaa5b1ab447c16e44edcffa727afff79b6894b9e24704ec3ce5a0c3287',
  7: '9449e871c2618393f06578ace7614b356dd04ad9617305e217474a80bd327800',
  8: '52b12bc1ed925373e91fe2fc7307841b0d01c058cd09c1d41a73b4b5ec3c3cb1',
  9: 'a3f37009589416bfdd178ebe17dc911444494d8fc525b828436363ae79a1f485',
  10: '5c07980396a02da670cfe82b410f6c2efe8756f247966dd5043b63fb09fabec2',
  11: '53388bd7c1ff9067b1104745aff9ec693d66238f820c2731be3a90a5af3516e4',
  12: 'c6c3753a80ec98d32cbcd8004ed76febcfe0ee18ab4d0dc644d653d24ecd3076',
  13: '8224f708d4670dc2304236daef7f0bae3c92c8982be6876c6020b08ddfcb5e72',
};

describe('shipped migrations', () => {
  it.each(migrations.map((m) => [m.version, m]))(
    'migration %i keeps the text it shipped with',
    (version, migration) => {
      expect(
        SHIPPED[version],
        `migration ${version} (${migration.name}) is new: add its SHA-256 here when it ships`,
      ).toBeDefined();
      expect(createHash('sha256').update(migration.sql).digest('hex')).toBe(SHIPPED[version]);
    },
  );

  it('import nothing but each other: their SQL is plain text, not built from domain code', () => {
    const dir = 'electron/core/case/migrations';
    for (const file of fs.readdirSync(dir).filter((f) => f !== 'index.ts')) {
      expect(fs.readFileSync(`${dir}/${file}`, 'utf8'), file).not.toMatch(/^import /m);
    }
  });
});
