/** The newest modification time (ms) of any file under `dirs`, relative to `root`. */
export function newestChange(root: string, dirs: readonly string[]): number;
/** Whether `builtFile` exists and is no older than every file under `sourceDirs`. */
export function isFresh(builtFile: string, root: string, sourceDirs: readonly string[]): boolean;
