/** The JSON paths of smoke checks' `expect.json`: `$`, `$.a.b`, `$.items[0].name`, `$['key with spaces']`. */

/** One step of a JSON path: a property name or an array index (negative counts from the end). */
export type JsonPathStep = string | number;

/**
 * Split a JSON path (`$`, `.name`, `['name']`, `["name"]`, `[0]`, `[-1]`) into steps; throws a
 * message naming the problem.
 */
export function parseJsonPath(path: string): JsonPathStep[] {
  if (!path.startsWith('$')) throw new Error('a JSON path starts with "$"');
  const steps: JsonPathStep[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1));
      if (!m) throw new Error(`expected a property name after "." at position ${i + 1}`);
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = path.slice(i);
      const index = /^\[(-?\d+)\]/.exec(rest);
      const quoted = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push((quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else throw new Error(`expected [index] or ['name'] at position ${i + 1}`);
    } else throw new Error(`unexpected ${JSON.stringify(c)} at position ${i + 1}`);
  }
  return steps;
}

/** Why `path` is not a JSON path, or undefined when it is one. */
export function jsonPathError(path: string): string | undefined {
  try {
    parseJsonPath(path);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
