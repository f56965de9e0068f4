import { codeSpan, escapeHtml, escapeMarkdown, escapeMermaidLabel, escapeTableCell } from '../../src/report/escape.js';
import { tableCells } from './fixtures.js';

const ZWJ = '\u200d';

describe('escapeMarkdown', () => {
  test('leaves ordinary names and sentences readable', () => {
    expect(escapeMarkdown('orders api on port 8000, 0.5vCPU 1GB')).toBe('orders api on port 8000, 0.5vCPU 1GB');
  });

  test('breaks @mentions and team mentions with a zero-width joiner', () => {
    const out = escapeMarkdown('ping @octocat and @github/security');
    expect(out).toBe(`ping @${ZWJ}octocat and @${ZWJ}github/security`);
    expect(out).not.toMatch(/@[A-Za-z0-9]/);
  });

  test('breaks issue references (#12, owner/repo#12, GH-12) but not other hashes', () => {
    expect(escapeMarkdown('fixes #12 and acme/web#7, see GH-3')).toBe(
      `fixes #${ZWJ}12 and acme/web#${ZWJ}7, see GH-${ZWJ}3`,
    );
    expect(escapeMarkdown('color #fff')).toBe('color #fff');
  });

  test('turns HTML into text: tags, entities and a closing </details>', () => {
    expect(escapeMarkdown('</details><img src=x onerror=alert(1)> &amp;')).toBe(
      '&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt; &amp;amp;',
    );
  });

  test('escapes link and image syntax, emphasis, code and strike-through', () => {
    expect(escapeMarkdown('![x](http://evil) [y](http://evil) *a* _b_ `c` ~~d~~')).toBe(
      '!\\[x\\](http://evil) \\[y\\](http://evil) \\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~',
    );
  });

  test('escapes backslashes before the characters it escapes, so none is un-escaped', () => {
    expect(escapeMarkdown('a\\|b\\*')).toBe('a\\\\\\|b\\\\\\*');
  });

  test('joins lines, so untrusted text can never start a block of its own', () => {
    expect(escapeMarkdown('one\n</details>\r\n## two\r```')).toBe('one &lt;/details&gt; ## two \\`\\`\\`');
  });

  test('escapes a leading block marker', () => {
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('1.5 vCPU')).toBe('1.5 vCPU');
  });
});

describe('escapeTableCell', () => {
  test('keeps a pipe inside its cell', () => {
    const row = `| ${escapeTableCell('a|b')} | ${escapeTableCell('c')} |`;
    expect(tableCells(row)).toEqual(['a\\|b', 'c']);
  });

  test('keeps a multi-line message in one cell with <br>', () => {
    expect(escapeTableCell('line one\nline | two\r\n@octocat')).toBe(`line one<br>line \\| two<br>@${ZWJ}octocat`);
  });
});

describe('escapeHtml', () => {
  test('is safe inside <summary>: entities, quotes, one line, no mention', () => {
    expect(escapeHtml('<b>"x"</b> & \'y\'\n\n@team')).toBe(
      `&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; &#39;y&#39;  @${ZWJ}team`,
    );
  });
});

describe('codeSpan', () => {
  test('wraps plain text in single backticks', () => {
    expect(codeSpan('containerDefinitions[0].image')).toBe('`containerDefinitions[0].image`');
  });

  test('uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('x ``` y')).toBe('````x ``` y````');
  });

  test('pads text that starts or ends with a backtick', () => {
    expect(codeSpan('`tick')).toBe('`` `tick ``');
    expect(codeSpan('tick`')).toBe('`` tick` ``');
  });

  test('pads text with a space at both ends so CommonMark does not strip it', () => {
    expect(codeSpan(' a ')).toBe('`  a  `');
  });

  test('escapes pipes only when the span sits in a table', () => {
    expect(codeSpan('a|b')).toBe('`a|b`');
    expect(codeSpan('a|b', { table: true })).toBe('`a\\|b`');
    expect(tableCells(`| ${codeSpan('a|b', { table: true })} | x |`)).toHaveLength(2);
  });

  test('puts a multi-line value on one line', () => {
    expect(codeSpan('a\nb')).toBe('`a b`');
  });
});

describe('escapeMermaidLabel', () => {
  test('writes quotes, brackets, pipes, hashes and HTML as Mermaid entities', () => {
    expect(escapeMermaidLabel('a"b[c]{d}|e#f<g>&`h`*i*_j_')).toBe(
      'a#34;b#91;c#93;#123;d#125;#124;e#35;f#60;g#62;#38;#96;h#96;#42;i#42;#95;j#95;',
    );
  });

  test('keeps names, sizes and non-ASCII letters readable', () => {
    expect(escapeMermaidLabel('Service web:80 (shop/web) ×2 0.5vCPU café')).toBe(
      'Service web:80 (shop/web) ×2 0.5vCPU café',
    );
  });

  test('turns line breaks and control characters into spaces', () => {
    expect(escapeMermaidLabel('a\nb\tc\u0000d')).toBe('a b c d');
  });
});
