import fs from 'node:fs';

/**
 * How deep a Parquet file's schema nests, read by Trailscope from the file's footer before DuckDB
 * reads the file. DuckDB builds a file's schema by recursing once per level, with no limit of its
 * own: a footer whose schema nests 30,000 groups ends the whole process (a segmentation fault) on
 * any read of the file, `parquet_schema` included (10,000 was read; DuckDB 1.5, 2026-12). A lake
 * may come from anyone, and its manifest lists whatever files its author chose.
 *
 * The footer is Thrift's compact protocol (FileMetaData); only its schema, the second field, is
 * read. The schema is a list of elements in depth-first order, each naming how many children it
 * has, so its depth is counted with a stack, not by recursing.
 */

/** An export writes flat columns (JSON as text): its files nest 1 deep. */
export const MAX_SCHEMA_NESTING = 32;

/** A footer this large is no export's (they are kilobytes); DuckDB is not handed it either. */
const MOST_FOOTER_BYTES = 64 * 1024 * 1024;

/** Thrift structures nest a few levels in a footer; DuckDB's own reader stops at 64. */
const MOST_THRIFT_NESTING = 64;

const MAGIC = 'PAR1';

/** Why DuckDB must not read this Parquet file, or null when its schema is one it reads safely. */
export function parquetFooterRefusal(file: string): string | null {
  let footer: Buffer;
  try {
    footer = readFooter(file);
  } catch (error) {
    return error instanceof FooterError ? error.message : `its footer could not be read (${String(error)})`;
  }
  let nesting: number;
  try {
    nesting = schemaNesting(new CompactReader(footer));
  } catch (error) {
    if (error instanceof FooterError) return `its footer is not Parquet's (${error.message})`;
    throw error;
  }
  return nesting > MAX_SCHEMA_NESTING
    ? `its schema nests ${nesting.toLocaleString('en-US')} levels deep (an export writes 1, and at most ${MAX_SCHEMA_NESTING} are read)`
    : null;
}

class FooterError extends Error {}

function readFooter(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FooterError('it is not a plain file');
    const size = stat.size;
    if (size < 12) throw new FooterError('it is too short to be a Parquet file');
    const tail = Buffer.alloc(8);
    readAt(fd, tail, size - 8);
    if (tail.toString('latin1', 4) !== MAGIC) throw new FooterError('it does not end as a Parquet file');
    const length = tail.readUInt32LE(0);
    if (length > size - 12)
      throw new FooterError(`its footer claims ${length.toLocaleString('en-US')} bytes, more than the file holds`);
    if (length > MOST_FOOTER_BYTES) throw new FooterError(`its footer is ${length.toLocaleString('en-US')} bytes`);
    const footer = Buffer.alloc(length);
    readAt(fd, footer, size - 8 - length);
    return footer;
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, buffer: Buffer, position: number): void {
  let got = 0;
  while (got < buffer.length) {
    const read = fs.readSync(fd, buffer, got, buffer.length - got, position + got);
    if (read === 0) throw new FooterError('it ended while its footer was read');
    got += read;
  }
}

/** Thrift compact types (thrift/doc/specs/thrift-compact-protocol.md). */
const T = {
  STOP: 0,
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
};

/** The depth of FileMetaData's schema: the root holds the columns, so a flat file's is 1. */
function schemaNesting(reader: CompactReader): number {
  for (let field = reader.field(); field !== null; field = reader.field()) {
    if (field.id !== 2 || field.type !== T.LIST) {
      reader.skip(field.type, 1);
      continue;
    }
    const { size, type } = reader.listHeader();
    if (type !== T.STRUCT) throw new FooterError('its schema is not a list of elements');
    const open: number[] = [];
    let deepest = 0;
    for (let i = 0; i < size; i++) {
      const children = elementChildren(reader);
      while (open.length > 0 && open.at(-1) === 0) open.pop();
      if (open.length > 0) open[open.length - 1]! -= 1;
      if (children > 0) open.push(children);
      deepest = Math.max(deepest, open.length);
    }
    return deepest;
  }
  throw new FooterError('it has no schema');
}

/** One SchemaElement read whole: its num_children (field 5), 0 for a column. */
function elementChildren(reader: CompactReader): number {
  let children = 0;
  reader.enterStruct();
  for (let field = reader.field(); field !== null; field = reader.field()) {
    if (field.id === 5 && field.type === T.I32) children = reader.i32();
    else reader.skip(field.type, 1);
  }
  if (children < 0) throw new FooterError('a schema element has fewer than no children');
  return children;
}

class CompactReader {
  private at = 0;
  private lastId: number[] = [0];

  constructor(private readonly bytes: Buffer) {}

  /** The next field header of the struct being read, or null at its end (the struct is closed). */
  field(): { id: number; type: number } | null {
    const header = this.byte();
    const type = header & 0x0f;
    if (type === T.STOP) {
      this.lastId.pop();
      return null;
    }
    const delta = header >> 4;
    const id = delta === 0 ? this.i32() : this.lastId[this.lastId.length - 1]! + delta;
    this.lastId[this.lastId.length - 1] = id;
    return { id, type };
  }

  enterStruct(): void {
    this.lastId.push(0);
  }

  listHeader(): { size: number; type: number } {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    return { size, type: header & 0x0f };
  }

  /** A value of `type` passed over; `depth` counts the structures it sits in. */
  skip(type: number, depth: number): void {
    if (depth > MOST_THRIFT_NESTING) throw new FooterError(`its structures nest over ${MOST_THRIFT_NESTING} deep`);
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return;
      case T.BYTE:
        this.take(1);
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.varint();
        return;
      case T.DOUBLE:
        this.take(8);
        return;
      case T.BINARY:
        this.take(this.varint());
        return;
      case T.LIST:
      case T.SET: {
        const { size, type: element } = this.listHeader();
        for (let i = 0; i < size; i++) this.skipElement(element, depth + 1);
        return;
      }
      case T.MAP: {
        const size = this.varint();
        if (size === 0) return;
        const types = this.byte();
        for (let i = 0; i < size; i++) {
          this.skipElement(types >> 4, depth + 1);
          this.skipElement(types & 0x0f, depth + 1);
        }
        return;
      }
      case T.STRUCT:
        this.enterStruct();
        for (let field = this.field(); field !== null; field = this.field()) this.skip(field.type, depth + 1);
        return;
      default:
        throw new FooterError(`it holds a value of unknown type ${type}`);
    }
  }

  /**
   * An element of a list, a set or a map. A boolean there is a byte of its own (in a struct it
   * lives in the field's header), so every element takes at least a byte: a collection claiming
   * billions of elements ends with the footer, not after billions of turns.
   */
  private skipElement(type: number, depth: number): void {
    if (type === T.TRUE || type === T.FALSE) this.take(1);
    else this.skip(type, depth);
  }

  /** An unsigned varint of up to 32 bits (zigzag for a signed one is left to the caller). */
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      const byte = this.byte();
      if (shift < 32) value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value > 0xffffffff ? Number.MAX_SAFE_INTEGER : value;
    }
    throw new FooterError('a number runs past ten bytes');
  }

  /** A zigzag-encoded i16 or i32. */
  i32(): number {
    const raw = this.varint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw new FooterError('it ends inside a value');
    return this.bytes[this.at++]!;
  }

  private take(count: number): void {
    if (count > this.bytes.length - this.at) throw new FooterError('a value runs past its end');
    this.at += count;
  }
}
