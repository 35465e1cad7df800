import { describe, expect, it } from 'vitest';
import { csvCell } from '../../shared/csv-cell.ts';
import { oneLineVisibleText } from '../../shared/visible-text.ts';

describe('CSV cells', () => {
  it('neutralize spreadsheet formulas from log fields', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('quote separators and newlines, and leave plain values alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('GetObject')).toBe('GetObject');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});

describe('text shown in a terminal', () => {
  it('shows escape sequences from logs as visible text', () => {
    expect(oneLineVisibleText('evil\u001b[2J\u001b]0;pwned\u0007')).toBe('evil\\u001b[2J\\u001b]0;pwned\\u0007');
  });

  it('shows bidirectional overrides as visible text', () => {
    expect(oneLineVisibleText('admin\u202egnp.exe')).toBe('admin\\u202egnp.exe');
  });
});
