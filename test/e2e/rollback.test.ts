/**
 * Rollback on demand (`rollback`, `rollback --to-release N`) and `history`, end to end on the
 * sandbox: releases v1, v2 and v3 of shop/web are deployed first.
 */
import { albServes, deploy, releases, rollback, startShopSandbox } from './helpers.js';
import { runCli } from '../../src/cli.js';
import { DeployExit } from '../../src/commands/deploy.js';
import { releaseHistory } from '../../src/commands/rollback.js';
import { UserInputError } from '../../src/errors.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { ioSink } from '../helpers/artefacts.js';

let sb: Sandbox;
let kubeconfig: string;

const smoke = ['--smoke-tests', 'test/fixtures/deploy/smoke.yaml', '--grace', '1', '--timeout', '60'];
const COMMITS = ['1111111aaaa', '2222222bbbb', '3333333cccc'];

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox());
  for (const [i, tag] of ['v1', 'v2', 'v3'].entries()) {
    const out = await deploy(kubeconfig, [
      '--manifests',
      'test/fixtures/deploy/web',
      ...smoke,
      '--image',
      `registry.example/web=registry.example/web:${tag}`,
      '--commit',
      COMMITS[i]!,
      '--run-url',
      `https://github.com/acme/shop/actions/runs/${i + 1}`,
    ]);
    if (out.status !== 'deployed') throw new Error(`setup: ${tag} did not deploy: ${out.message}`);
  }
});
afterAll(async () => {
  await sb.stop();
});

/** `runCli` with stdout/stderr captured. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = ioSink();
  const code = await runCli(args, io);
  return { code, out: out(), err: err() };
}

describe('rollback on demand', () => {
  test('without --to-release: back to the release before the current one, recorded as a new release', async () => {
    const out = await rollback(kubeconfig, smoke);
    expect({ status: out.status, exitCode: out.exitCode, release: out.release, previous: out.previousRelease }).toEqual(
      { status: 'rolled-back', exitCode: DeployExit.Ok, release: 4, previous: 3 },
    );
    expect(out.message).toBe('release web rolled back to the objects of v2 (now v4)');
    expect(out.smoke.map((r) => r.ok)).toEqual([true]);
    expect(out.rollouts?.ok).toBe(true);
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v2']);
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 superseded', 'v3 superseded', 'v4 deployed']);
  });

  test('--to-release 1: the named release, whatever came after it', async () => {
    const out = await rollback(kubeconfig, [...smoke, '--to-release', '1']);
    expect({ status: out.status, exitCode: out.exitCode, release: out.release }).toEqual({
      status: 'rolled-back',
      exitCode: DeployExit.Ok,
      release: 5,
    });
    expect(out.message).toBe('release web rolled back to the objects of v1 (now v5)');
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v1']);
    const rows = await releaseHistory({ kind: 'kubeconfig', path: kubeconfig }, 'shop', 'web');
    expect(rows.at(-1)).toMatchObject({
      number: 5,
      status: 'deployed',
      commit: COMMITS[0],
      images: ['registry.example/web:v1'],
    });
    expect(rows.at(-1)?.notes.join('\n')).toContain('rollback of v4 to the objects of v1');
  });

  test('--to-release of a release that does not exist names the ones that do, and changes nothing', async () => {
    const before = await releases(kubeconfig);
    await expect(rollback(kubeconfig, [...smoke, '--to-release', '99'])).rejects.toThrow(
      new UserInputError('release web has no v99 (history: v1, v2, v3, v4, v5)', undefined, 'to-release'),
    );
    expect(await releases(kubeconfig)).toEqual(before);
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v1']);
  });

  test('the CLI rollback command: exit 0 and one closing line', async () => {
    const r = await cli([
      'rollback',
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--to-release',
      '3',
      ...smoke,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toBe(
      'rollback: rolled-back: release web rolled back to the objects of v3 (now v6)',
    );
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v3']);
  });
});

describe('history', () => {
  test('table: one row per release, oldest first, with status, commit and image', async () => {
    const r = await cli(['history', '--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REVISION\s+STATUS\s+CREATED\s+COMMIT\s+IMAGES$/);
    const rows = lines.slice(1).map((l) => l.split(/\s+/));
    expect(rows.map((c) => [c[0], c[1], c[3], c[4]])).toEqual([
      ['1', 'superseded', COMMITS[0], 'registry.example/web:v1'],
      ['2', 'superseded', COMMITS[1], 'registry.example/web:v2'],
      ['3', 'superseded', COMMITS[2], 'registry.example/web:v3'],
      ['4', 'superseded', COMMITS[1], 'registry.example/web:v2'],
      ['5', 'superseded', COMMITS[0], 'registry.example/web:v1'],
      ['6', 'deployed', COMMITS[2], 'registry.example/web:v3'],
    ]);
    for (const c of rows) expect(Date.parse(c[2]!)).not.toBeNaN();
  });

  test('json: the same rows with run URLs', async () => {
    const r = await cli([
      'history',
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--output',
      'json',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { number: number; status: string; runUrl?: string }[];
    expect(rows.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]).toMatchObject({ status: 'superseded', runUrl: 'https://github.com/acme/shop/actions/runs/1' });
  });

  test('a release with no history says so', async () => {
    const r = await cli(['history', '--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'api']);
    expect(r).toEqual({ code: 0, out: 'release api has no history in namespace shop\n', err: '' });
  });
});
