/**
 * The sizes that bound an ingest's memory. One file is decompressed whole (records must stay
 * exact), so the file in hand may hold up to `maxFileBytes`; the files read ahead of it share
 * `readAheadBytes`, stored and decompressed bytes counted together. CloudTrail's own log
 * files are a few MB; a bigger file is an export, which should be split.
 */
export interface IngestLimits {
  /** The largest file, stored or decompressed, that is read. */
  maxFileBytes: number;
  /** Bytes held by the files read and decompressed ahead of the one in hand. */
  readAheadBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 512 * 1024 * 1024,
  readAheadBytes: 256 * 1024 * 1024,
};

/**
 * At most this many files are read ahead of the one in hand, however small: enough to keep
 * libuv's four threads gunzipping while the current file is staged.
 */
export const READ_AHEAD_FILES = 4;

/**
 * Archives are opened this many levels deep. Each level open holds its decompressed bytes,
 * so without a bound a chain of archives in archives would hold them all at once.
 */
export const MAX_ARCHIVE_DEPTH = 4;

/** "512 MiB": sizes as the messages a person reads give them. */
export function sizeLabel(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
