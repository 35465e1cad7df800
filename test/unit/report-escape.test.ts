import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { html, mdCell, mdCodeBlock, mdText, mdValue } from '../../electron/core/report/escape.ts';
import { commonFolder, filterText } from '../../electron/core/report/report-text.ts';
import { volumeSvg } from '../../electron/core/report/volume-svg.ts';

const render = (markdown: string) => marked.parse(markdown, { gfm: true, async: false });

describe('report escaping', () => {
  it('HTML: markup characters become entities, hidden characters become visible codes', () => {
    expect(html(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(html('user\u001b[2J\u202e')).toBe('user\\u001b[2J\\u202e');
    expect(html(null)).toBe('');
  });

  it('Markdown values: a code span no backtick, pipe or newline can break out of', () => {
    const hostile = 'a`b``c | d\n<img src=x onerror=alert(1)> **e** http://evil.example';
    const row = `| ${mdValue(hostile)} | next |`;
    const table = render(`| h | i |\n| --- | --- |\n${row}`);
    expect(table).toMatch(
      /<td><code>a`b``c \| d\\n&lt;img src=x onerror=alert\(1\)&gt; \*\*e\*\* http:\/\/evil\.example<\/code><\/td>\s*<td>next<\/td>/,
    );
    expect(mdValue('`starts')).toBe('`` `starts ``');
    expect(mdValue(null)).toBe('');
  });

  it('Markdown text: no emphasis, HTML, link, autolink, list or heading comes out of it', () => {
    const text =
      '# Title\n- item\n1. one\n<b>x</b> *y* [z](http://a.example) https://b.example www.c.example d@e.example ![i](j)';
    const rendered = render(mdText(text));
    expect(rendered).not.toMatch(/<(h1|ul|ol|li|b|em|a|img)\b/);
    expect(rendered).toContain(
      '&lt;b&gt;x&lt;/b&gt; *y* [z](http://a.example) https://b.example www.c.example d@e.example ![i](j)',
    );
    expect(render(`| ${mdCell('a | b\nc')} |\n| --- |`)).toContain('<th>a | b c</th>');
  });

  it('Markdown code blocks: a fence longer than any in the content', () => {
    const block = mdCodeBlock("SELECT '```' AS fence", 'sql');
    expect(block.startsWith('````sql\n')).toBe(true);
    expect(render(block)).toContain('SELECT &#39;```&#39; AS fence\n</code></pre>');
  });

  it('the volume chart SVG carries series labels only as escaped text', () => {
    const svg = volumeSvg({
      bucket_seconds: 3600,
      from: '2026-11-02T00:00:00Z',
      to: '2026-11-02T02:00:00Z',
      stack_by: 'user_agent' as never,
      series: [
        { value: '<script>alert(1)</script>', other: false },
        { value: null, other: true },
      ],
      buckets: [
        { start: '2026-11-02T00:00:00Z', counts: [3, 1], errors: 1 },
        { start: '2026-11-02T01:00:00Z', counts: [0, 2], errors: 0 },
      ],
      total: 6,
      errors: 1,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;: 3');
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('2026-11-02 00:00 UTC');
  });

  it('paths in a manifest are shown from the folder they share', () => {
    expect(commonFolder(['/a/b/c/x.gz', '/a/b/d/y.gz'])).toBe('/a/b/');
    expect(commonFolder(['/a/b/x.gz'])).toBe('/a/b/');
    expect(commonFolder(['x.gz', 'y.gz'])).toBe('');
  });
});

describe("a finding's filter in words", () => {
  it('names the events a SQL cell listed, the first five and how many more', () => {
    const keys = Array.from({ length: 7 }, (_, i) => `k${i}@111122223333`);
    expect(filterText({ event_keys: keys })).toBe(
      'first event to last event (UTC); the 7 events listed: k0@111122223333, k1@111122223333, k2@111122223333, k3@111122223333, k4@111122223333 and 2 more',
    );
    expect(filterText({ event_keys: ['k@1'] })).toBe('first event to last event (UTC); the event listed: k@1');
  });
});
