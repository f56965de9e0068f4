import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { YAML_OPTIONS } from '../../src/manifests/parse.js';
import { toYaml } from '../../src/util/yaml.js';

/** Strings that YAML 1.1 or Go's number parsing would read as something else, and awkward ones. */
const tricky = fc.constantFrom(
  ...['yes', 'no', 'on', 'off', 'y', 'N', 'true', 'null', '~', '', '0644', '0o644', '0x1F', '1e3', '1_000', '12:30'],
  ...['2001-12-14', '.inf', '-.Inf', '.nan', '8080', ' lead', 'trail ', 'a: b', '- x', '#c', 'x #y', '=', '<<'],
  ...['multi\nline', 'multi\nline\n', 'tab\there', ' ', '\t', "it's", '"q"', '*a', '&a', '!t', '%p', '|', '>'],
);
const text = fc.oneof(
  tricky,
  fc.string({ unit: fc.constantFrom('a', '0', '1', '.', '-', '+', ':', ' ', '#', '\n', "'", '"', 'e', '_', '{', '*') }),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(text, tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('toYaml', () => {
  it('writes what a YAML 1.1 reader (kubectl) reads back as the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 4 }), (object) => {
        expect(parse(toYaml(object), YAML_OPTIONS)).toEqual(object);
      }),
      { numRuns: 3000 },
    );
  });

  it('quotes strings that would read as numbers, booleans or nulls, with single quotes', () => {
    expect(toYaml({ port: '8080', flag: 'yes', mode: '0644', octal: '0o644', none: 'null', name: 'web' })).toBe(
      "port: '8080'\nflag: 'yes'\nmode: '0644'\noctal: '0o644'\nnone: 'null'\nname: web\n",
    );
  });

  it('neither folds long lines nor writes anchors for repeated values', () => {
    const shared = { a: 1 };
    const long = 'x '.repeat(100).trim();
    expect(toYaml({ one: shared, two: shared, long })).toBe(`one:\n  a: 1\ntwo:\n  a: 1\nlong: ${long}\n`);
  });
});
