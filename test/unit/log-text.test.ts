import { describe, expect, it } from 'vitest';
import { indentJson } from '../../renderer/components/indent-json.ts';
import { middleClip } from '../../renderer/components/middle-clip.ts';
import { visibleText } from '../../shared/visible-text.ts';

describe('log text as the explorer shows it', () => {
  it('indents a record without touching a byte inside its strings or numbers', () => {
    const record =
      '{"n":12345678901234567890,"f":9.82222E-5,"s":"a, b: {c}","e":"q\\"{","o":{},"l":[ ],"x":[1,{"y":null}]}';
    expect(indentJson(record)).toBe(
      [
        '{',
        '  "n": 12345678901234567890,',
        '  "f": 9.82222E-5,',
        '  "s": "a, b: {c}",',
        '  "e": "q\\"{",',
        '  "o": {},',
        '  "l": [],',
        '  "x": [',
        '    1,',
        '    {',
        '      "y": null',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('shows control characters and direction overrides as their codes', () => {
    expect(visibleText('svc-backup\u001b[2J')).toBe('svc-backup\\u001b[2J');
    expect(visibleText('invoice\u202etxt.exe')).toBe('invoice\\u202etxt.exe');
    expect(visibleText('tab\tand newline\n stay')).toBe('tab\tand newline\n stay');
  });

  it('cuts the middle of long values, keeping the end that tells ARNs apart', () => {
    const arn = 'arn:aws:sts::111122223333:assumed-role/ci-runner/build';
    expect(middleClip(arn, 30)).toBe('arn:aws:st…ole/ci-runner/build');
    expect(middleClip(arn, 30)).toHaveLength(30);
    expect(middleClip('short', 30)).toBe('short');
  });
});
