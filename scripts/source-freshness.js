// Whether a build output is newer than every source it was made from. Plain JavaScript, for the
// scripts that run before anything is built (npm start, bin/trailscope.js).
import fs from 'node:fs';
import path from 'node:path';

export function newestChange(root, dirs) {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

export function isFresh(builtFile, root, sourceDirs) {
  return fs.existsSync(builtFile) && fs.statSync(builtFile).mtimeMs >= newestChange(root, sourceDirs);
}
