/**
 * `plan --comment-md FILE` writes the sticky comment a pull request gets: the action (run
 * in-process, as the runner would with INPUT_* and GITHUB_* variables) posts its comment to the
 * fake GitHub, the CLI writes its file, and the two are the same text.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/action.js';
import { runCli } from '../src/cli.js';
import { startFakeGitHub, type FakeGitHub } from './github/fake-github.js';
import { pullRequestEvent } from './github/run-action.js';
import { ioSink } from './helpers/artefacts.js';

const TOKEN = 'ghs_commentMdToken0123456789';
const FILES = ['examples/ecs/frontend-taskdef.json', 'examples/ecs/backend-taskdef.json'];

let gh: FakeGitHub;
let work: string;
const saved = { ...process.env };
beforeAll(async () => {
  gh = await startFakeGitHub();
  work = await mkdtemp(join(tmpdir(), 'comment-md-'));
});
afterAll(async () => {
  await gh.stop();
  await rm(work, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) Reflect.deleteProperty(process.env, k);
  Object.assign(process.env, saved);
  process.exitCode = undefined;
});

/** The variables the runner sets for a pull_request run. */
async function runnerEnv(pr: number): Promise<Record<string, string>> {
  const event = join(work, `event-${pr}.json`);
  await writeFile(event, JSON.stringify(pullRequestEvent(pr)));
  const output = join(work, `output-${pr}`);
  const summary = join(work, `summary-${pr}`);
  await writeFile(output, '');
  await writeFile(summary, '');
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'b'.repeat(40),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: process.cwd(),
    RUNNER_TEMP: work,
  };
}

test('same inputs: the file is exactly the comment the action posted (marker, report, links)', async () => {
  gh.users[TOKEN] = 'deploy-bot';
  const reportMd = join(work, 'pr-plan.md');
  const env = await runnerEnv(31);
  const inputs: Record<string, string> = {
    command: 'plan',
    'ecs-task-definitions': FILES.join('\n'),
    'ecs-services': 'examples/ecs/services.json',
    namespace: 'shop',
    'report-md': reportMd,
    'comment-key': 'ecs-shop',
    'github-token': TOKEN,
  };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v;
  await run();
  expect(process.exitCode ?? 0).toBe(0);
  const posted = gh.comments.filter((c) => c.issue === 31);
  expect(posted).toHaveLength(1);

  // The CLI, in the same run's context, with the same inputs as flags.
  for (const k of Object.keys(inputs)) Reflect.deleteProperty(process.env, `INPUT_${k.toUpperCase()}`);
  const commentMd = join(work, 'comment-31.md');
  const { io, out } = ioSink();
  const code = await runCli(
    [
      'plan',
      '--ecs-task-definition',
      ...FILES,
      '--ecs-service',
      'examples/ecs/services.json',
      '--namespace',
      'shop',
      '--report-md',
      reportMd,
      '--comment-key',
      'ecs-shop',
      '--comment-md',
      commentMd,
    ],
    io,
  );
  expect(code).toBe(0);
  expect(out()).toContain(`wrote ${commentMd}\n`);
  const local = await readFile(commentMd, 'utf8');
  expect(local.startsWith('<!-- eks-fargate-deploy:ecs-shop -->')).toBe(true);
  expect(local).toContain('https://github.example/acme/shop/actions/runs/4242');
  expect(local).toBe(posted[0]?.body);
});

test('without a pull request: the comment names the namespace as its key and links no run', async () => {
  for (const k of Object.keys(process.env)) if (k.startsWith('GITHUB_')) Reflect.deleteProperty(process.env, k);
  process.env['RUNNER_TEMP'] = work;
  const commentMd = join(work, 'local.md');
  const { io } = ioSink();
  const code = await runCli(
    ['plan', '--ecs-task-definition', ...FILES, '--namespace', 'shop', '--comment-md', commentMd],
    io,
  );
  expect(code).toBe(0);
  const local = await readFile(commentMd, 'utf8');
  expect(local.startsWith('<!-- eks-fargate-deploy:shop -->')).toBe(true);
  expect(local).not.toContain('actions/runs');
});
