/**
 * Run the bundled action as the runner does: `node index.js` with INPUT_* variables, the GITHUB_*
 * variables, an event payload file, and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, then read
 * back the outputs, the summary and the log.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.js';

/** What one run left behind. */
export interface ActionRun {
  code: number;
  /** The log (workflow commands such as `::warning::` included). */
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** RUNNER_TEMP of the run. */
  dir: string;
}

/** How to run it. */
export interface RunOptions {
  inputs: Record<string, string>;
  /** GITHUB_API_URL. */
  apiUrl: string;
  eventName?: string;
  event?: unknown;
  sha?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Working directory of the action (the runner's is GITHUB_WORKSPACE); default this process's. */
  cwd?: string;
}

/** A pull_request event payload; `fork` makes the head repository another one. */
export function pullRequestEvent(
  number: number,
  opts: { fork?: boolean; repo?: string; headSha?: string } = {},
): unknown {
  const repo = opts.repo ?? 'acme/shop';
  const head = opts.fork ? 'mallory/shop' : repo;
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { ref: 'feature/x', sha: opts.headSha ?? 'a'.repeat(40), repo: { full_name: head, fork: !!opts.fork } },
      base: { ref: 'main', repo: { full_name: repo } },
    },
    repository: { full_name: repo },
  };
}

/** Run `node <bundle>` with the runner's environment. */
export async function runAction(bundle: string, o: RunOptions): Promise<ActionRun> {
  const dir = tempDir('action-run-');
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const eventFile = join(dir, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await writeFile(eventFile, JSON.stringify(o.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: o.sha ?? 'b'.repeat(40),
    GITHUB_EVENT_NAME: o.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: process.cwd(),
    RUNNER_TEMP: dir,
    // No AWS credentials leak in from the machine running the tests.
    AWS_EC2_METADATA_DISABLED: 'true',
    ...o.env,
  };
  for (const [k, v] of Object.entries(o.inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bundle],
      { env, ...(o.cwd ? { cwd: o.cwd } : {}), timeout: o.timeoutMs ?? 50_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const c = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code: c, stdout, stderr });
      },
    );
  });
  const outputs: Record<string, string> = {};
  const text = await readFile(outputFile, 'utf8');
  // GITHUB_OUTPUT uses heredoc blocks: name<<DELIM\nvalue\nDELIM
  for (const m of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return { code, stdout, stderr, outputs, summary: await readFile(summaryFile, 'utf8'), dir };
}

/** Fences and `<details>` all closed: each ``` opener has its closer, each <details> its </details>. */
export function markupBalanced(md: string): boolean {
  let fence: string | undefined;
  let details = 0;
  for (const line of md.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
      continue;
    }
    if (m) {
      fence = m[1]!;
      continue;
    }
    details += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
    if (details < 0) return false;
  }
  return fence === undefined && details === 0;
}
