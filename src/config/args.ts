import { parseArgs as nodeParseArgs } from 'node:util';
import { UserInputError } from '../errors.js';
import type { FlagType } from '../command-model.js';

/** How a flag takes values. */
export interface FlagSpec {
  /** `boolean` takes none; `single` one; `multi` one or more (`--f a b c`, or repeated). */
  type: FlagType;
}

/** Parsed command-line flags: booleans, single values, lists. */
export interface ParsedArgs {
  flags: Map<string, string[] | true>;
  positionals: string[];
}

/** Levenshtein distance (small strings: flag and command names). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The known name closest to `name`, when it is close enough to be what was meant. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(name, k);
    if (best === undefined || d < best.d) best = { name: k, d };
  }
  if (best === undefined) return undefined;
  const prefix = known.filter((k) => k.startsWith(name) || name.startsWith(k));
  if (best.d <= Math.max(2, Math.floor(name.length / 3))) return best.name;
  return prefix.length === 1 ? prefix[0] : undefined;
}

function unknownFlag(flag: string, spec: Record<string, FlagSpec>): UserInputError {
  const near = nearest(flag.replace(/^-+/, ''), Object.keys(spec));
  return new UserInputError(`unknown flag ${flag}${near !== undefined ? `; did you mean --${near}?` : ''}`);
}

/** The name of a long flag (`--name` or `--name=value`), or undefined for anything else. */
function longFlag(arg: string): { name: string; inline?: string } | undefined {
  if (!arg.startsWith('--') || arg === '--') return undefined;
  const eq = arg.indexOf('=');
  return eq > 0 ? { name: arg.slice(2, eq), inline: arg.slice(eq + 1) } : { name: arg.slice(2) };
}

/**
 * Before Node's parser: unknown long flags get a "did you mean"; booleans keep accepting
 * `--flag=true` / `--flag=false` (the last one given wins); and the values of a flag keep their
 * grammar: a value may start with "-" (`--images "- name: web"`), and a multi flag takes every
 * value up to the next flag (`--manifests a b c`). Node's parser then sees `--flag=value`.
 */
function normalise(argv: readonly string[], spec: Record<string, FlagSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const flag = longFlag(arg);
    if (flag === undefined) {
      // No command has short flags (the CLI answers -h before parsing): `-x` is a stray argument.
      if (/^-[^-]/.test(arg)) throw new UserInputError(`unexpected argument ${JSON.stringify(arg)}`);
      out.push(arg);
      continue;
    }
    if (flag.name === '')
      throw new UserInputError(`unknown flag ${JSON.stringify(arg)}: flags are --name or --name=value`);
    const s = spec[flag.name];
    if (s === undefined) throw unknownFlag(`--${flag.name}`, spec);
    if (s.type === 'boolean') {
      if (flag.inline === undefined) out.push(arg);
      else setBoolean(out, flag.name, flag.inline);
      continue;
    }
    if (flag.inline !== undefined) {
      out.push(arg);
      continue;
    }
    const values: string[] = [];
    while (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) {
      values.push(argv[++i] ?? '');
      if (s.type === 'single') break;
    }
    if (values.length === 0) out.push(arg);
    for (const v of values) out.push(`--${flag.name}=${v}`);
  }
  return out;
}

/** `--flag=true` / `--flag=false` of a boolean: the last one given wins. */
function setBoolean(out: string[], name: string, value: string): void {
  if (value !== 'true' && value !== 'false')
    throw new UserInputError(`--${name} takes no value (or =true/=false), got ${JSON.stringify(value)}`);
  const kept = out.filter((a) => a !== `--${name}`);
  out.length = 0;
  out.push(...kept);
  if (value === 'true') out.push(`--${name}`);
}

/** Node's parse errors, as user errors naming the flag. */
function userError(err: unknown, spec: Record<string, FlagSpec>): UserInputError {
  const code = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? err.message : String(err);
  const flag = /'(-{1,2}[^' ]+)/.exec(text)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return unknownFlag(flag, spec);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UserInputError(`${flag} needs a value`);
  return new UserInputError(text.split('\n')[0] ?? text);
}

/**
 * Parse `--flag value`, `--flag=value`, `--multi a b c` and `--bool` with Node's `util.parseArgs`
 * (strict). Unknown flags (with the nearest known one), missing values and repeated single flags
 * are user errors naming the flag.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, s]) => [
      name,
      s.type === 'boolean' ? { type: 'boolean' as const } : { type: 'string' as const, multiple: true },
    ]),
  );
  let tokens;
  try {
    ({ tokens } = nodeParseArgs({
      args: normalise(argv, spec),
      options,
      strict: true,
      allowPositionals: true,
      tokens: true,
    }));
  } catch (err) {
    throw userError(err, spec);
  }
  const flags = new Map<string, string[] | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') positionals.push('--');
    else if (token.kind === 'positional') positionals.push(token.value);
    else if (spec[token.name]?.type === 'boolean') flags.set(token.name, true);
    else {
      const value = token.value ?? '';
      if (value === '') throw new UserInputError(`--${token.name} needs a value`);
      const prev = flags.get(token.name);
      if (spec[token.name]?.type === 'single' && prev !== undefined)
        throw new UserInputError(`--${token.name} given more than once`);
      flags.set(token.name, [...(Array.isArray(prev) ? prev : []), value]);
    }
  }
  return { flags, positionals };
}

/** The optional string fields of a settings object: the ones a single-valued flag fills. */
export type OptionalStringKey<T> = {
  [K in keyof T]-?: undefined extends T[K] ? (T[K] extends string | undefined ? K : never) : never;
}[keyof T];

/** A single-valued flag, or undefined. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v[0] : undefined;
}

/** A multi-valued flag (empty when absent). */
export function multi(args: ParsedArgs, name: string): string[] {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v : [];
}

/** Whether a boolean flag was given. */
export function bool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}
