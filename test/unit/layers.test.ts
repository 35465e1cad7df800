import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerViolations } from '../../scripts/check-layers.ts';

describe('the import directions of DESIGN.md §3', () => {
  it('hold in this repository', () => {
    expect(layerViolations(process.cwd())).toEqual([]);
  });

  it('catch core importing electron, shared importing core and the renderer importing Node', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    const put = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    put('electron/core/a.ts', "import { app } from 'electron';\n");
    put('shared/b.ts', "import { x } from '../electron/core/a.ts';\n");
    put('renderer/c.tsx', "import fs from 'node:fs';\nimport { y } from '../electron/core/a.ts';\n");
    expect(layerViolations(root)).toHaveLength(4);
    fs.rmSync(root, { recursive: true });
  });
});
