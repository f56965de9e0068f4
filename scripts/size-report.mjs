#!/usr/bin/env node
// Lists the big units the codebase counts (issue 17, point 6): files over 400 lines and functions over 80 lines,
// largest first. Lines are counted as they stand in the file (blank lines and comments included), from the first
// line of a function's declaration to its closing brace.
//
//   node scripts/size-report.mjs [paths...] [--files N] [--functions N] [--json]
//
// Paths default to src/. A path may be a directory (walked for .ts files) or a single file. Generated files (first
// line starts with `// GENERATED`) are not counted: nobody reads or edits them by hand.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
let fileLimit = 400;
let functionLimit = 80;
let json = false;
const roots = [];
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === '--files') fileLimit = Number(args[(i += 1)]);
  else if (arg === '--functions') functionLimit = Number(args[(i += 1)]);
  else if (arg === '--json') json = true;
  else if (arg === '--help' || arg === '-h') {
    process.stdout.write('usage: node scripts/size-report.mjs [paths...] [--files 400] [--functions 80] [--json]\n');
    process.exit(0);
  } else roots.push(arg);
}
if (!Number.isInteger(fileLimit) || !Number.isInteger(functionLimit)) {
  process.stderr.write('size-report: --files and --functions take a whole number of lines\n');
  process.exit(2);
}
if (roots.length === 0) roots.push('src');

function* walk(path) {
  const stat = statSync(path);
  if (stat.isFile()) {
    if (path.endsWith('.ts') && !path.endsWith('.d.ts')) yield path;
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    yield* walk(join(path, entry));
  }
}

/** A readable name for a function-like node: `Class.method`, `name`, or `<arrow in outer>`. */
function functionName(node, source) {
  const own = (n) =>
    (n.name && ts.isIdentifier(n.name)) || (n.name && ts.isStringLiteral(n.name)) ? n.name.text : undefined;
  let name = own(node);
  if (!name && ts.isConstructorDeclaration(node)) name = 'constructor';
  if (!name && (ts.isArrowFunction(node) || ts.isFunctionExpression(node))) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) name = parent.name.text;
    else if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) name = own(parent);
  }
  const owner =
    node.parent && (ts.isClassDeclaration(node.parent) || ts.isClassExpression(node.parent))
      ? own(node.parent)
      : undefined;
  if (name) return owner ? `${owner}.${name}` : name;
  // A callback passed to a call, as test files do: describe('rollout', () => ...) reads as describe('rollout').
  const call = node.parent;
  if (call && ts.isCallExpression(call)) {
    const callee = call.expression.getText(source);
    const first = call.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? `'${first.text}'` : '…';
    return `${callee}(${label})`;
  }
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  return `<anonymous at line ${line}>`;
}

const files = [];
const functions = [];
const skipped = [];
for (const root of roots) {
  for (const path of walk(root)) {
    const text = readFileSync(path, 'utf8');
    if (text.startsWith('// GENERATED')) {
      skipped.push(relative(process.cwd(), path));
      continue;
    }
    const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    const name = relative(process.cwd(), path);
    files.push({ file: name, lines });
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        functions.push({ file: name, line: start + 1, name: functionName(node, source), lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

const bigFiles = files
  .filter((f) => f.lines > fileLimit)
  .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
const bigFunctions = functions
  .filter((f) => f.lines > functionLimit)
  .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);

const out = [];
if (json) {
  out.push(JSON.stringify({ fileLimit, functionLimit, files: bigFiles, functions: bigFunctions }, null, 2));
} else {
  if (skipped.length > 0) out.push(`(not counted, generated: ${skipped.join(', ')})`);
  out.push(`${bigFiles.length} files over ${fileLimit} lines (of ${files.length})`);
  for (const f of bigFiles) out.push(`  ${String(f.lines).padStart(5)}  ${f.file}`);
  out.push(`${bigFunctions.length} functions over ${functionLimit} lines (of ${functions.length})`);
  for (const f of bigFunctions) out.push(`  ${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
}
// Ignore a closed pipe (`| head`): the report is for reading, not a contract.
process.stdout.on('error', () => undefined);
process.stdout.write(`${out.join('\n')}\n`);
