import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../../shared/api/errors.ts';

export interface InputFile {
  path: string;
  size: number;
}

/**
 * Expands the paths a user gave into the files under them, in a stable order. Missing paths
 * are refused before anything is written, so a typo never half-ingests a case.
 */
export function listInputFiles(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = [];
  const seenFolders = new Set<string>();
  const visit = (absolute: string) => {
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) {
      const real = fs.realpathSync(absolute);
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      for (const name of fs.readdirSync(absolute).sort()) visit(path.join(absolute, name));
    } else if (stat.isFile()) {
      files.push({ path: absolute, size: stat.size });
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(given);
    if (!fs.existsSync(absolute)) throw new TrailscopeError('not-found', `No such file or folder: ${given}`);
    visit(absolute);
  }
  return files;
}
