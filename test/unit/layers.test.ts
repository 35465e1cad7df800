import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layerViolations } from '../../scripts/check-layers.ts';

/** A repository of one file, checked on its own: what the rules say of that file. */
function violationsOf(file: string, text: string): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  roots.push(root);
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
  return layerViolations(root);
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true });
});

describe('the import directions of DESIGN.md §3', () => {
  it('hold in this repository', () => {
    expect(layerViolations(process.cwd())).toEqual([]);
  });

  it.each([
    ['shared/a.ts', "import { x } from '../electron/core/b.ts';\n", 'shared/ imports nothing of ours'],
    ['shared/a.ts', "import fs from 'node:fs';\n", 'shared/ imports nothing of ours'],
    ['electron/core/a.ts', "import { app } from 'electron';\n", "core never imports 'electron'"],
    [
      'electron/core/a.ts',
      "import { handleRequest } from '../api/handlers.ts';\n",
      "core never imports 'electron' nor a transport",
    ],
    [
      'electron/api/a.ts',
      "import { startServer } from '../server/server.ts';\n",
      'handlers do not know their transport',
    ],
    ['electron/server/a.ts', "import { BrowserWindow } from 'electron';\n", 'the browser face runs without Electron'],
    [
      'electron/server/a.ts',
      "import { CaseStore } from '../core/case/case-store.ts';\n",
      'reaches the core only through electron/api',
    ],
    [
      'electron/main/a.ts',
      "import { serveCase } from '../server/serve-case.ts';\n",
      'needs neither the browser face nor the CLI',
    ],
    [
      'electron/main/a.ts',
      "import { RecentCases } from '../core/case/recent-cases.ts';\n",
      'reaches the core only through electron/api',
    ],
    ['electron/cli/a.ts', "import { CaseStore } from '../core/case/case-store.ts';\n", 'the CLI is a face'],
    [
      'electron/cli/pipelines/a.ts',
      "import { listPipelines } from '../../core/pipelines/pipeline-history.ts';\n",
      'the CLI is a face',
    ],
    ['electron/cli/a.ts', "import { menuTemplate } from '../main/menu.ts';\n", 'the CLI is a face'],
    ['electron/preload/a.ts', "import { OpenCase } from '../api/open-case.ts';\n", 'the preload is sandboxed'],
    ['renderer/a.tsx', "import fs from 'node:fs';\n", 'the renderer is DOM only'],
    [
      'renderer/a.tsx',
      "import { CaseStore } from '../electron/core/case/case-store.ts';\n",
      'the renderer is DOM only',
    ],
  ])('refuses %s importing %j', (file, text, why) => {
    expect(violationsOf(file, text)).toEqual([expect.stringContaining(why)]);
  });

  it.each([
    ['a side-effect import', "import 'node:fs';\n"],
    ['export * from', "export * from '../electron/core/a.ts';\n"],
    ['export { … } from', "export {\n  a,\n  b,\n} from '../electron/core/a.ts';\n"],
    ['a type-only import', "import type { CaseStore } from '../electron/core/case/case-store.ts';\n"],
    ['a dynamic import', "const fs = await import('node:fs');\n"],
    ['a require', "const fs = require('fs');\n"],
  ])('catches %s', (_form, text) => {
    expect(violationsOf('renderer/a.ts', text)).toHaveLength(1);
  });

  it('lets the CLI reach the core through electron/api, and the renderer through shared', () => {
    expect(
      violationsOf(
        'electron/cli/a.ts',
        "import { OpenCase } from '../api/open-case.ts';\nimport type { Finding } from '../../shared/model/finding.ts';\nimport fs from 'node:fs';\n",
      ),
    ).toEqual([]);
    expect(
      violationsOf(
        'renderer/a.ts',
        "import type { Finding } from '../shared/model/finding.ts';\nexport const from = 'node:fs';\n",
      ),
    ).toEqual([]);
  });
});
