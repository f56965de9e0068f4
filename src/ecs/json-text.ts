import { UserInputError } from '../errors.js';

/**
 * Parse JSON text from a file. A byte-order mark is accepted; the error names the file and the
 * line/column of a syntax error.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 gives a position for some errors only ("Unexpected token ']', "..." is not valid JSON" has none).
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(body);
    let where = '';
    if (offset >= 0) {
      const before = body.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    // Drop V8's quoted copy of the input (it can span lines) and its own position suffix.
    const reason = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    throw new UserInputError(`malformed JSON${where}: ${reason}`, file);
  }
}

/** Offset of the first JSON syntax error in `s` (only called after JSON.parse failed), or -1. */
function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail: () => never = () => {
    throw new JsonSyntaxAt(i);
  };
  const ws = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  const string = (): void => {
    i++;
    while (i < s.length) {
      const c = s.charAt(i);
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (!/["\\/bfnrtu]/.test(s[i] ?? '')) fail();
        i += s[i] === 'u' ? 5 : 1;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail();
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    literal.lastIndex = i;
    const m = literal.exec(s);
    if (!m) fail();
    i += m[0].length;
  };
  try {
    value();
    ws();
    return i < s.length ? i : -1;
  } catch (e) {
    if (e instanceof JsonSyntaxAt) return e.offset;
    return -1; // e.g. nesting too deep for the stack: report without a position
  }
}

/** Where {@link jsonErrorOffset} found the syntax error. */
class JsonSyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}
