import fs from 'node:fs';
import path from 'node:path';

/** A file name in `dir` that nothing uses yet: `stem.ext`, else `stem-2.ext`, `stem-3.ext`… */
export function freeName(dir: string, stem: string, extension: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${stem}${n === 1 ? '' : `-${n}`}.${extension}`);
    if (!fs.existsSync(file)) return file;
  }
}
