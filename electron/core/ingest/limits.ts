/**
 * The largest single file Trailscope decompresses in memory. CloudTrail's own log files are
 * a few MB; a bigger file is an export, which should be split. Keeping one file whole keeps
 * each record exact while memory stays bounded by this times the read-ahead.
 */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export const MAX_FILE_LABEL = '512 MiB';

/** How many files are read and decompressed ahead of the one being staged. */
export const READ_AHEAD = 4;
