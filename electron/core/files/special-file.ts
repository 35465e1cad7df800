/** What a stat or a directory entry says a file is, when it is neither a regular file nor a folder nor a link. */
export interface FileType {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

export function specialFileName(type: FileType): string {
  if (type.isFIFO()) return 'a named pipe (FIFO)';
  if (type.isSocket()) return 'a socket';
  if (type.isCharacterDevice()) return 'a character device';
  if (type.isBlockDevice()) return 'a block device';
  return 'a special file';
}
