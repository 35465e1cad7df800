import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SCHEMA_NESTING, parquetFooterRefusal } from '../../electron/core/lake/parquet-footer.ts';
import { footer, nestedSchema, parquetFile, THRIFT } from '../helpers/parquet-footers.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let files = 0;
const refusalOf = (bytes: Buffer) => {
  const file = path.join(dir, `f${++files}.parquet`);
  fs.writeFileSync(file, bytes);
  return parquetFooterRefusal(file);
};

describe('parquetFooterRefusal', () => {
  it(`reads a schema nested ${MAX_SCHEMA_NESTING} deep and refuses one level more`, () => {
    expect(refusalOf(parquetFile(footer(nestedSchema(MAX_SCHEMA_NESTING - 1))))).toBeNull();
    expect(refusalOf(parquetFile(footer(nestedSchema(MAX_SCHEMA_NESTING))))).toBe(
      `its schema nests ${MAX_SCHEMA_NESTING + 1} levels deep (an export writes 1, and at most ${MAX_SCHEMA_NESTING} are read)`,
    );
  });

  it('counts depth, not width: siblings and closed groups do not add up', () => {
    const schema = [
      { name: 'schema', children: 3 },
      { name: 'a', type: 1 },
      { name: 'g', children: 2 },
      { name: 'h', children: 1 },
      { name: 'b', type: 1 },
      { name: 'c', type: 1 },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `wide${i}`, type: 1 })),
    ];
    schema[0]!.children = 3 + 40;
    expect(refusalOf(parquetFile(footer(schema)))).toBeNull();
    const deepSibling = [{ name: 'schema', children: 2 }, { name: 'a', type: 1 }, ...nestedSchema(40).slice(1)];
    expect(refusalOf(parquetFile(footer(deepSibling)))).toMatch(/^its schema nests 41 levels deep/);
  });

  it('passes over the fields before the schema, and refuses structures nested past 64 there', () => {
    const shallow = footer(nestedSchema(2), (w) => {
      w.field(7, THRIFT.MAP)
        .varint(2)
        .bytes.push((THRIFT.BINARY << 4) | THRIFT.I32);
      w.varint(1).bytes.push(0x6b);
      w.varint(2);
      w.varint(1).bytes.push(0x6c);
      w.varint(4);
      w.list(8, 3, THRIFT.TRUE).bytes.push(1, 2, 1);
      w.field(9, THRIFT.STRUCT).struct(() => undefined);
    });
    expect(refusalOf(parquetFile(shallow))).toBeNull();
    const deep = footer(nestedSchema(2), (w) => {
      w.field(9, THRIFT.STRUCT);
      w.bytes.push(...Array(100).fill((1 << 4) | THRIFT.STRUCT), ...Array(101).fill(0));
    });
    expect(refusalOf(parquetFile(deep))).toBe("its footer is not Parquet's (its structures nest over 64 deep)");
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'it is too short to be a Parquet file'],
    ['zeros', Buffer.alloc(4096), 'it does not end as a Parquet file'],
    [
      'a footer claiming more than the file',
      parquetFile(footer(nestedSchema(1)), 1 << 30),
      'its footer claims 1,073,741,824 bytes, more than the file holds',
    ],
    [
      'a footer cut short',
      parquetFile(footer(nestedSchema(1)).subarray(0, 20)),
      "its footer is not Parquet's (it ends inside a value)",
    ],
    [
      'a string longer than its footer',
      parquetFile(Buffer.from([0x15, 0x02, 0x28, 0xff, 0xff, 0xff, 0x7f])),
      "its footer is not Parquet's (a value runs past its end)",
    ],
    [
      'a value of no Thrift type',
      parquetFile(Buffer.from([0x15, 0x02, 0x1d])),
      "its footer is not Parquet's (it holds a value of unknown type 13)",
    ],
    ['no schema', parquetFile(Buffer.from([0x15, 0x02, 0x00])), "its footer is not Parquet's (it has no schema)"],
    [
      'a schema of numbers',
      parquetFile(Buffer.from([0x15, 0x02, 0x19, 0x15, 0x02, 0x00])),
      "its footer is not Parquet's (its schema is not a list of elements)",
    ],
    [
      'a map claiming four billion booleans',
      parquetFile(Buffer.from([0x15, 0x02, 0x7b, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x11, 0x01])),
      "its footer is not Parquet's (a value runs past its end)",
    ],
    [
      'a list claiming four billion booleans',
      parquetFile(Buffer.from([0x15, 0x02, 0x79, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])),
      "its footer is not Parquet's (a value runs past its end)",
    ],
    [
      'a number of eleven bytes',
      parquetFile(Buffer.from([0x15, ...Array(11).fill(0xff), 0x01])),
      "its footer is not Parquet's (a number runs past ten bytes)",
    ],
  ])('refuses %s, saying why', (_, bytes, reason) => {
    expect(refusalOf(bytes)).toBe(reason);
  });
});
