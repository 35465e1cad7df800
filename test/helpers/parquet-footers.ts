/**
 * Parquet files made by hand, footer first: Thrift's compact protocol written byte by byte, so a
 * test can hold shapes no writer makes (a schema 100,000 groups deep, a footer that lies about
 * its length). The files hold no rows.
 */

const T = { I32: 5, I64: 6, BINARY: 8, LIST: 9, MAP: 11, STRUCT: 12, TRUE: 1 };

export class CompactWriter {
  readonly bytes: number[] = [];
  private lastId: number[] = [0];

  field(id: number, type: number): this {
    const delta = id - this.lastId[this.lastId.length - 1]!;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastId[this.lastId.length - 1] = id;
    return this;
  }

  i32(id: number, value: number): this {
    return this.field(id, T.I32).zigzag(value);
  }

  i64(id: number, value: number): this {
    return this.field(id, T.I64).zigzag(value);
  }

  string(id: number, text: string): this {
    const bytes = Buffer.from(text);
    this.field(id, T.BINARY).varint(bytes.length);
    this.bytes.push(...bytes);
    return this;
  }

  list(id: number, size: number, elementType: number): this {
    this.field(id, T.LIST);
    if (size < 15) this.bytes.push((size << 4) | elementType);
    else {
      this.bytes.push(0xf0 | elementType);
      this.varint(size);
    }
    return this;
  }

  /** A struct as a value (a list's element, or after `field(id, STRUCT)`): `write` fills it. */
  struct(write: (w: this) => void): this {
    this.lastId.push(0);
    write(this);
    this.bytes.push(0);
    this.lastId.pop();
    return this;
  }

  varint(value: number): this {
    let n = BigInt(value);
    do {
      let byte = Number(n & 0x7fn);
      n >>= 7n;
      if (n) byte |= 0x80;
      this.bytes.push(byte);
    } while (n);
    return this;
  }

  private zigzag(value: number): this {
    const n = BigInt(value);
    return this.varint(Number((n << 1n) ^ (n >> 63n)));
  }
}

export const THRIFT = T;

export interface SchemaElement {
  name: string;
  children?: number;
  /** Parquet's physical type (1 is INT32); none for a group. */
  type?: number;
}

/** FileMetaData with `schema` in depth-first order; `before` writes fields ahead of the schema. */
export function footer(schema: SchemaElement[], before?: (w: CompactWriter) => void): Buffer {
  const w = new CompactWriter();
  w.struct(() => {
    w.i32(1, 1);
    before?.(w);
    w.list(2, schema.length, T.STRUCT);
    for (const element of schema)
      w.struct(() => {
        if (element.type !== undefined) w.i32(1, element.type);
        w.i32(3, 1);
        w.string(4, element.name);
        if (element.children !== undefined) w.i32(5, element.children);
      });
    w.i64(3, 0);
    w.list(4, 0, T.STRUCT);
  });
  return Buffer.from(w.bytes);
}

/** A root holding groups nested `levels` deep around one INT32 column: `levels + 1` deep. */
export function nestedSchema(levels: number): SchemaElement[] {
  return [
    { name: 'schema', children: 1 },
    ...Array.from({ length: levels }, () => ({ name: 'a', children: 1 })),
    { name: 'x', type: 1 },
  ];
}

/** A whole Parquet file around a footer; `length` is what its tail claims the footer's is. */
export function parquetFile(footerBytes: Buffer, length = footerBytes.length): Buffer {
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(length);
  return Buffer.concat([Buffer.from('PAR1'), footerBytes, tail, Buffer.from('PAR1')]);
}
