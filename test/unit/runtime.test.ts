import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The suite runs on two Nodes: the machine's (`npm test`) and Node 24, the one inside Electron 45
 * (`npm run test:node24`, through scripts/with-node24.sh). These make sure a tier really ran on
 * the Node it names, and that package.json's `engines` names every Node the tests run on.
 */
const major = Number(process.versions.node.split('.')[0]);

/** Whether `version` is in a range made of `^X.Y.Z` alternatives: the only form `engines` uses here. */
function inCaretRanges(range: string, version: string): boolean {
  const parse = (text: string) => text.split('.').map((part) => Number(part));
  const [vMajor, vMinor = 0, vPatch = 0] = parse(version);
  return range.split('||').some((alternative) => {
    const match = /^\s*\^(\d+(?:\.\d+){0,2})\s*$/.exec(alternative);
    // Another form would be read wrongly here; failing says to teach this reader, not to guess.
    if (!match) throw new Error(`engines.node alternative ${JSON.stringify(alternative)} is not of the form ^X.Y.Z`);
    const [rMajor, rMinor = 0, rPatch = 0] = parse(match[1]!);
    if (vMajor !== rMajor) return false;
    return vMinor !== rMinor ? vMinor! > rMinor! : vPatch! >= rPatch!;
  });
}

describe('the runtime under test', () => {
  it.runIf(process.env.TRAILSCOPE_EXPECT_NODE_MAJOR)('is the Node its tier asked for', () => {
    expect(major).toBe(Number(process.env.TRAILSCOPE_EXPECT_NODE_MAJOR));
  });

  it("is one that package.json's engines names, so engines says what is tested", () => {
    const engines = JSON.parse(fs.readFileSync('package.json', 'utf8')).engines.node as string;
    expect(inCaretRanges(engines, process.versions.node), `Node ${process.version} against "${engines}"`).toBe(true);
  });

  it('reads caret ranges as npm does', () => {
    expect(inCaretRanges('^20.19.0 || ^24.0.0', '20.19.0')).toBe(true);
    expect(inCaretRanges('^20.19.0 || ^24.0.0', '20.20.2')).toBe(true);
    expect(inCaretRanges('^20.19.0 || ^24.0.0', '20.18.9')).toBe(false);
    expect(inCaretRanges('^20.19.0 || ^24.0.0', '24.22.3')).toBe(true);
    expect(inCaretRanges('^20.19.0 || ^24.0.0', '22.12.0')).toBe(false);
    expect(inCaretRanges('^20.19.0 || ^24.0.0', '26.0.0')).toBe(false);
    expect(() => inCaretRanges('>=20', '20.0.0')).toThrow(/not of the form/);
  });
});
