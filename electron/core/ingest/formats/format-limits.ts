/**
 * Bounds on what one file can make recognition hold or parse, whatever the file holds. A
 * record is at most 4 MiB (staging rejects larger ones); an entry that carries one escaped,
 * a lookup-events line for instance, may be up to about twice that.
 */
export const MAX_ENTRY_BYTES = 8 * 1024 * 1024;

export const MAX_ENTRY_LABEL = '8 MiB';

/** An Event-history CSV header is a few hundred bytes; a first line longer than this is not one. */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The lines of an Event-history CSV that are read. A download within the 512 MiB file limit
 * has fewer: every real row is over 100 bytes.
 */
export const MAX_CSV_LINES = 5_000_000;

/** The fields of one Event-history CSV row that are read. A download has about fifteen columns. */
export const MAX_CSV_COLUMNS = 1000;

/**
 * Rejections kept per file, with their reason and text; the rest are only counted. A file of
 * a hundred million junk lines is then one source with a count, not a hundred million rows.
 */
export const MAX_KEPT_REJECTIONS = 1000;

/** The part of a rejected entry's text that is kept with the rejection. */
export const MAX_REJECTED_TEXT_BYTES = 64 * 1024;

export const MAX_REJECTED_TEXT_LABEL = '64 KiB';
