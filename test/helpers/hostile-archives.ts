import zlib from 'node:zlib';
import * as tar from 'tar-stream';

/** A zip member as a hostile archive may hold it: any name, deflated or not, a wrong CRC, a Unix file type. */
export interface ZipMember {
  name: string;
  data: Buffer | string;
  deflate?: boolean;
  /** Deflated data given as is, standing for `size` bytes (then `data` is ignored). */
  deflated?: { data: Buffer; size: number; crc32: number };
  /** The CRC-32 the zip records, when it should not be the data's own. */
  crc?: number;
  /** Unix mode bits (type and permissions) recorded as made on Unix, e.g. 0o120777 for a symlink. */
  unixMode?: number;
}

/** A zip built byte by byte, so that names, checksums and file types can be what an attacker chooses. */
export function hostileZip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const raw = Buffer.isBuffer(member.data) ? member.data : Buffer.from(member.data);
    const stored = member.deflated?.data ?? (member.deflate ? zlib.deflateRawSync(raw) : raw);
    const size = member.deflated?.size ?? raw.length;
    const name = Buffer.from(member.name);
    const crc = member.crc ?? member.deflated?.crc32 ?? zlib.crc32(raw);
    const method = member.deflate || member.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(member.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((member.unixMode ?? 0) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export type TarMember =
  | { name: string; data: Buffer | string }
  | { name: string; type: 'symlink' | 'link'; linkname: string }
  | { name: string; type: 'fifo' | 'character-device' | 'block-device' };

/** A tar (gzipped when asked) that may hold links, pipes and devices besides files. */
export async function hostileTar(members: TarMember[], gzip: boolean): Promise<Buffer> {
  const pack = tar.pack();
  for (const member of members) {
    if ('data' in member)
      pack.entry({ name: member.name }, Buffer.isBuffer(member.data) ? member.data : Buffer.from(member.data));
    else if ('linkname' in member) pack.entry({ name: member.name, type: member.type, linkname: member.linkname });
    else pack.entry({ name: member.name, type: member.type, devmajor: 1, devminor: 3 });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of gzip ? pack.pipe(zlib.createGzip()) : pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A gzip file whose deflate data is stored blocks of `blockBytes` each, built by hand: the
 * byte where block `n` starts is then known exactly, so a test can damage it and know which
 * content came before the damage.
 */
export function storedBlockGzip(
  content: Buffer,
  blockBytes: number,
): { gzip: Buffer; blockHeaderAt: (block: number) => number } {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const parts: Buffer[] = [header];
  const starts: number[] = [];
  let at = header.length;
  for (let start = 0; start < content.length; start += blockBytes) {
    const block = content.subarray(start, start + blockBytes);
    const last = start + blockBytes >= content.length;
    const blockHeader = Buffer.alloc(5);
    blockHeader[0] = last ? 1 : 0;
    blockHeader.writeUInt16LE(block.length, 1);
    blockHeader.writeUInt16LE(~block.length & 0xffff, 3);
    starts.push(at);
    parts.push(blockHeader, block);
    at += blockHeader.length + block.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(content), 0);
  trailer.writeUInt32LE(content.length, 4);
  parts.push(trailer);
  return { gzip: Buffer.concat(parts), blockHeaderAt: (block) => starts[block]! };
}

/**
 * Raw deflate data for `bytes` zeros, written directly (one fixed-Huffman block: a literal
 * zero, then copies of 258 bytes at distance 1), so a test can have a 500 MB bomb in
 * milliseconds instead of deflating 500 MB. Its CRC-32 comes along.
 */
export function deflatedZeros(bytes: number): { deflated: Buffer; crc32: number } {
  const out = Buffer.alloc(Math.ceil(bytes / 258) * 2 + 64);
  let at = 0;
  let bits = 0;
  let count = 0;
  const put = (value: number, length: number) => {
    bits |= value << count;
    count += length;
    while (count >= 8) {
      out[at++] = bits & 0xff;
      bits >>>= 8;
      count -= 8;
    }
  };
  // Huffman codes go most significant bit first into a stream read least significant first.
  const code = (value: number, length: number) => {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((value >> i) & 1) << (length - 1 - i);
    put(reversed, length);
  };
  put(1, 1);
  put(1, 2);
  code(0x30, 8);
  let left = bytes - 1;
  for (; left >= 258; left -= 258) {
    code(0b11000101, 8);
    code(0, 5);
  }
  for (; left > 0; left--) code(0x30, 8);
  code(0, 7);
  put(0, 7);
  let crc32 = 0;
  const zeros = Buffer.alloc(1024 * 1024);
  for (let done = 0; done < bytes; done += zeros.length)
    crc32 = zlib.crc32(zeros.subarray(0, Math.min(zeros.length, bytes - done)), crc32);
  return { deflated: out.subarray(0, at), crc32 };
}

/** A gzip file of `bytes` zeros, its header's time set to `stamp` so that copies differ as stored. */
export function gzippedZeros(bytes: number, stamp = 0): Buffer {
  const { deflated, crc32 } = deflatedZeros(bytes);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  header.writeUInt32LE(stamp, 4);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32, 0);
  trailer.writeUInt32LE(bytes % 2 ** 32, 4);
  return Buffer.concat([header, deflated, trailer]);
}
