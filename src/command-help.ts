/**
 * Help text, README flag tables and shell completion, all rendered from the command model. Light on
 * purpose: `help`, `--help` and `completion` load this and the model only.
 */
import { COMMANDS, type CommandDecl, type FlagDecl } from './command-model.js';

const BIN = 'eks-fargate-deploy';

/** `--flag VALUE`, `--flag VALUE...` or `--flag`. */
function flagUsage(fl: FlagDecl): string {
  if (fl.type === 'boolean') return `--${fl.name}`;
  return `--${fl.name} ${fl.value ?? 'VALUE'}${fl.type === 'multi' ? '...' : ''}`;
}

/** The top-level help: what the tool does, the commands, where to read more. */
export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    `${BIN} — move ECS services to EKS on Fargate, then deploy there`,
    '',
    'Usage:',
    `  ${BIN} <command> [flags]`,
    `  ${BIN} <command> --help     (or: ${BIN} help <command>)`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Every command answers --help (and -h) with its flags, defaults, examples and exit codes.`,
    `Shell completion: source <(${BIN} completion bash)   (or zsh)`,
  ];
  return `${lines.join('\n')}\n`;
}

/** One command's help: usage, description, flags with defaults, examples, exit codes. */
export function commandHelp(c: CommandDecl): string {
  const lines = [`Usage: ${BIN} ${c.name}${c.usage ? ` ${c.usage}` : ''}`, '', `${c.name}: ${c.summary}.`];
  if (c.description !== undefined) lines.push(c.description);
  if (c.flags.length > 0) {
    lines.push('', 'Flags:');
    const width = Math.max(...c.flags.map((fl) => flagUsage(fl).length));
    for (const fl of c.flags) {
      const extra = [
        fl.default !== undefined ? `default ${fl.default}` : '',
        c.action && fl.input !== undefined && fl.input !== fl.name ? `action input ${fl.input}` : '',
      ].filter((x) => x !== '');
      lines.push(`  ${flagUsage(fl).padEnd(width)}  ${fl.help}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`);
    }
    lines.push(`  ${'--help, -h'.padEnd(width)}  show this help`);
  }
  if (c.examples.length > 0) lines.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  if (c.exitCodes.length > 0) {
    lines.push('', 'Exit codes:', ...c.exitCodes.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A markdown cell: pipes escaped, on one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The README's flag table of a command (between `<!-- flags:NAME -->` and `<!-- /flags:NAME -->`). */
function flagTable(c: CommandDecl): string {
  const rows = [
    c.action ? '| flag | default | action input | meaning |' : '| flag | default | meaning |',
    c.action ? '|---|---|---|---|' : '|---|---|---|',
  ];
  for (const fl of c.flags) {
    const name = `\`${cell(flagUsage(fl))}\``;
    const def = fl.default !== undefined ? `\`${cell(fl.default)}\`` : '';
    const input = fl.input !== undefined ? `\`${fl.input}\`` : '';
    rows.push(
      c.action ? `| ${name} | ${def} | ${input} | ${cell(fl.help)} |` : `| ${name} | ${def} | ${cell(fl.help)} |`,
    );
  }
  const codes = c.exitCodes.map(([code, meaning]) => `${code} ${meaning}`).join('; ');
  return `${rows.join('\n')}\n\nExit codes: ${codes}.\n`;
}

/** Replace every `<!-- flags:NAME -->…<!-- /flags:NAME -->` block of `readme` with the model's table. */
export function withFlagTables(readme: string): string {
  return readme.replace(/<!-- flags:([a-z-]+) -->\n[\s\S]*?<!-- \/flags:\1 -->/g, (_all, name: string) => {
    const c = COMMANDS.find((x) => x.name === name);
    if (c === undefined) throw new Error(`README names a command the model lacks: ${name}`);
    return `<!-- flags:${name} -->\n${flagTable(c)}<!-- /flags:${name} -->`;
  });
}

/** The words completion offers after a command: its flags, or its positionals. */
function words(c: CommandDecl): string[] {
  return [...(c.positionals ?? []), ...c.flags.map((fl) => `--${fl.name}`), '--help'];
}

/** A bash completion script: commands first, then the flags of the command typed. */
export function bashCompletion(): string {
  const cases = COMMANDS.map((c) => `    ${c.name}) flags="${words(c).join(' ')}" ;;`).join('\n');
  return `# bash completion for ${BIN}; load with: source <(${BIN} completion bash)
_eks_fargate_deploy() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${COMMANDS.map((c) => c.name).join(' ')}" -- "$cur"))
    return 0
  fi
  local flags=""
  case "\${COMP_WORDS[1]}" in
${cases}
    *) flags="" ;;
  esac
  if [ "$COMP_CWORD" -eq 2 ] || [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}
complete -o default -F _eks_fargate_deploy ${BIN}
`;
}

/** A zsh completion script (compdef): commands with their summaries, then each command's flags. */
export function zshCompletion(): string {
  const quote = (s: string): string => s.replace(/'/g, "'\\''").replace(/[[\]:]/g, '\\$&');
  const commands = COMMANDS.map((c) => `    '${c.name}:${quote(c.summary)}'`).join('\n');
  const cases = COMMANDS.map((c) => {
    const specs = [
      ...(c.positionals !== undefined ? [`'1:shell:(${c.positionals.join(' ')})'`] : []),
      ...c.flags.map((fl) => {
        const repeat = fl.type === 'multi' ? '*' : '';
        const arg = fl.type === 'boolean' ? '' : `:${(fl.value ?? 'value').toLowerCase()}:_files`;
        return `'${repeat}--${fl.name}[${quote(fl.help)}]${arg}'`;
      }),
      `'--help[show help]'`,
    ];
    return `    ${c.name})\n      _arguments \\\n        ${specs.join(' \\\n        ')}\n      ;;`;
  }).join('\n');
  return `#compdef ${BIN}
# zsh completion for ${BIN}; load with: source <(${BIN} completion zsh)
_eks_fargate_deploy() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  words=("\${(@)words[2,-1]}")
  (( CURRENT-- ))
  case "\${words[1]}" in
${cases}
  esac
}
if [ "$funcstack[1]" = "_eks_fargate_deploy" ]; then
  _eks_fargate_deploy "$@"
else
  compdef _eks_fargate_deploy ${BIN}
fi
`;
}
