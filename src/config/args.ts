import { UserInputError } from '../errors.js';

/** How a flag takes values. */
export interface FlagSpec {
  /** `boolean` takes none; `single` one; `multi` one or more (`--f a b c`, or repeated). */
  type: 'boolean' | 'single' | 'multi';
}

/** Parsed command-line flags: booleans, single values, lists. */
export interface ParsedArgs {
  flags: Map<string, string[] | true>;
  positionals: string[];
}

/**
 * Parse `--flag value`, `--flag=value`, `--multi a b c` and `--bool`. Unknown flags, missing
 * values and repeated single flags are errors naming the flag.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags = new Map<string, string[] | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const s = spec[name];
    if (!s) throw new UserInputError(`unknown option --${name}`, undefined, undefined);
    if (s.type === 'boolean') {
      if (eq > 0) {
        const v = arg.slice(eq + 1);
        if (v !== 'true' && v !== 'false')
          throw new UserInputError(`--${name} takes no value (or =true/=false), got ${JSON.stringify(v)}`);
        if (v === 'true') flags.set(name, true);
        else flags.delete(name);
      } else flags.set(name, true);
      continue;
    }
    const values: string[] = [];
    if (eq > 0) values.push(arg.slice(eq + 1));
    else {
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
        values.push(argv[++i]!);
        if (s.type === 'single') break;
      }
    }
    if (values.length === 0 || values.some((v) => v === '')) throw new UserInputError(`--${name} needs a value`);
    const prev = flags.get(name);
    if (s.type === 'single' && prev !== undefined) throw new UserInputError(`--${name} given more than once`);
    flags.set(name, [...(Array.isArray(prev) ? prev : []), ...values]);
  }
  return { flags, positionals };
}

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
