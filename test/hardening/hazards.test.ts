/**
 * Hostile input, one named hazard per case: YAML (alias bomb, huge document, duplicate keys,
 * non-string keys, tabs, an invalid document in the middle, anchors across documents), JSON (BOM,
 * 10,000-level nesting, huge numbers in sizes), paths (outside the workspace, symlinks out of it,
 * `..`), and names/labels Kubernetes would reject. Each must end in a user error naming the
 * file/field (exit 1 at the front door), quickly, with nothing written to the cluster; a few go
 * through a whole deploy and the sandbox audit log proves zero writes.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli.js';
import { DeployExit, runDeploy } from '../../src/commands/deploy.js';
import { prepareRelease } from '../../src/commands/release-input.js';
import { buildConfigFromArgs } from '../../src/config/build.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { loadParityRequests } from '../../src/inputs/specs.js';
import { isUserError } from '../../src/errors.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startShopSandbox, writesSince } from '../e2e/helpers.js';
import { ioSink, logSink } from '../helpers/artefacts.js';
import { cpuStopwatch } from '../helpers/clock.js';

import { jest } from '@jest/globals';
jest.setTimeout(60_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let ws: string;
let n = 0;
const APP = readFileSync('test/fixtures/deploy/web/app.yaml', 'utf8');
const covered: string[] = [];

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  ws = join(dir, 'ws');
  mkdirSync(ws, { recursive: true });
});
afterAll(async () => {
  console.log(
    `hazards: ${covered.length} covered, each a user error naming the file/field, nothing applied:\n  ${covered.join('\n  ')}`,
  );
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as the only manifest of a fresh folder in the workspace; returns the folder (relative). */
function manifest(text: string | Buffer, file = 'app.yaml'): string {
  const rel = `m${++n}`;
  mkdirSync(join(ws, rel), { recursive: true });
  writeFileSync(join(ws, rel, file), text);
  return rel;
}

const config = (manifests: string | undefined, extra: string[] = []) =>
  deployConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--workspace',
      ws,
      ...(manifests === undefined ? [] : ['--manifests', manifests]),
      '--grace',
      '1',
      '--timeout',
      '20',
      ...extra,
    ],
    {},
  );

/**
 * Runs the whole deploy on `manifests` (plus `extra` flags) and expects a rejection: a user error (or the
 * Rejected/Blockers exit) matching `message`, within `withinMs` of CPU time (no blow-up; CPU, not wall
 * time, so a loaded machine cannot fail it), with zero writes in the audit log. Returns the message.
 */
async function refused(
  hazard: string,
  manifests: string | undefined,
  message: RegExp,
  withinMs = 5_000,
  extra: string[] = [],
): Promise<string> {
  const from = sb.audit.length;
  const cpuMs = cpuStopwatch();
  let text: string;
  try {
    const out = await runDeploy(config(manifests, extra), { log: logSink().log });
    expect([DeployExit.Rejected, DeployExit.Blockers]).toContain(out.exitCode);
    text = [
      out.message,
      ...out.findings
        .filter((f) => f.severity === 'blocker')
        .map((f) => `${f.file ?? ''} ${f.field ?? ''} ${f.message}`),
    ].join('\n');
  } catch (err) {
    if (!isUserError(err)) throw err;
    text = err.message;
  }
  const ms = Math.round(cpuMs());
  expect(text).toMatch(message);
  expect(ms).toBeLessThan(withinMs);
  expect(writesSince(sb, from)).toEqual([]);
  covered.push(`${hazard.padEnd(52)} ${String(ms).padStart(5)} ms CPU  ${text.split('\n')[0]!.slice(0, 110)}`);
  return text;
}

describe('YAML hazards', () => {
  test('alias bomb (billion laughs) is refused quickly', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    await refused('alias bomb (9^9 expansions)', manifest(bomb), /m\d+\/app\.yaml.*(alias|Excessive)/is, 3_000);
  });

  test('a 20 MiB document is refused from its size, before it is read or parsed (the limit is 8 MiB a file)', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n  blob: "${'x'.repeat(20 * 1024 * 1024)}"\n`;
    const rel = manifest(big);
    const before = process.memoryUsage().rss;
    // Parsing it took 4 s and +740 MiB RSS; refusing it from its size takes milliseconds and no memory.
    const text = await refused(
      '20 MiB document',
      rel,
      new RegExp(
        `^${rel}/app\\.yaml: is 20\\.0 MiB \\(${Buffer.byteLength(big)} bytes\\); manifest files and kustomize outputs are limited to 8 MiB`,
      ),
      1_000,
    );
    const grew = process.memoryUsage().rss - before;
    covered.push(`${covered.pop() ?? ''} (RSS +${Math.round(grew / 1048576)} MiB)`);
    expect(grew).toBeLessThan(64 * 1024 * 1024);
    expect(text.split('\n')).toHaveLength(1);
  });

  test('duplicate keys', async () => {
    await refused(
      'duplicate key',
      manifest(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n`),
      /m\d+\/app\.yaml.*(duplicate|unique)/is,
    );
  });

  test('non-string keys', async () => {
    await refused(
      'non-string key in data',
      manifest(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata:\n  ? [1, 2]\n  : x\n`),
      /m\d+\/app\.yaml/,
    );
  });

  test('tabs for indentation', async () => {
    await refused(
      'tab indentation',
      manifest(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n`),
      /m\d+\/app\.yaml.*(tab|line 4)/is,
    );
  });

  test('multi-doc with an invalid document in the middle: the error names the document and line; nothing applied', async () => {
    const docs = APP.split(/^---\n/m);
    const broken = [docs[0], 'apiVersion: v1\nkind: Service\nmetadata: { name: web\nspec: {}\n', ...docs.slice(1)].join(
      '---\n',
    );
    const text = await refused('invalid doc in the middle of a multi-doc', manifest(broken), /m\d+\/app\.yaml/);
    expect(text).toMatch(/document 2|doc(ument)? #?2/i);
    expect(text).toMatch(/line \d+|app\.yaml:\d+:\d+/);
  });

  test('anchors across documents are refused (YAML anchors are per document)', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: &shared { K: v }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\ndata: *shared\n`;
    await refused('anchor used in another document', manifest(text), /m\d+\/app\.yaml.*(alias|anchor|shared)/is);
  });
});

describe('every user file the tool parses is refused over 8 MiB, from its size, naming file, size and limit', () => {
  /** A sparse file of `bytes` starting with `head`: as large as it says, written in no time. */
  function sparse(rel: string, head: string, bytes: number): string {
    const file = join(ws, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, head);
    truncateSync(file, bytes);
    return file;
  }
  const NINE_MIB = 9 * 1024 * 1024;
  const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  test('an ECS task definition (deploy converts it): refused, nothing applied', async () => {
    const file = sparse('ecs/taskdef.json', '{"family":"web","containerDefinitions":[', NINE_MIB);
    await refused(
      '9 MiB ECS task definition',
      undefined,
      new RegExp(`${escapeRegExp(file)}: is 9 MiB \\(9437184 bytes\\); ECS files are limited to 8 MiB`),
      1_000,
      ['--ecs-task-definition', file],
    );
  });

  test('a smoke-test spec: refused, nothing applied', async () => {
    const file = sparse('smoke/huge.yaml', '- name: home\n  path: /\n', NINE_MIB);
    await refused(
      '9 MiB smoke-test spec',
      manifest(APP),
      new RegExp(`${escapeRegExp(file)}: is 9 MiB \\(9437184 bytes\\); smoke-test specs are limited to 8 MiB`),
      1_000,
      ['--smoke-tests', file],
    );
  });

  test('an images list (build)', () => {
    sparse('images-huge.yaml', '- name: web\n  context: .\n', NINE_MIB);
    const started = Date.now();
    let message = '';
    try {
      buildConfigFromArgs(
        ['--images', 'images-huge.yaml', '--workspace', ws, '--region', 'eu-west-1', '--commit', 'abc1234'],
        {},
      );
    } catch (err) {
      if (!isUserError(err)) throw err;
      message = err.message;
    }
    expect(message).toMatch(/^images-huge\.yaml: is 9 MiB \(9437184 bytes\); images lists are limited to 8 MiB/m);
    covered.push(
      `${'9 MiB images list'.padEnd(52)} ${String(Date.now() - started).padStart(5)} ms  ${message.split('\n').find((l) => l.startsWith('images-huge'))}`,
    );
  });

  test('a parity request list (parity, cutover)', async () => {
    const file = sparse('requests-huge.yaml', '- path: /\n', NINE_MIB);
    const started = Date.now();
    const err = await loadParityRequests({ file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toBe(
      `${file}: is 9 MiB (9437184 bytes); request lists are limited to 8 MiB, so it was not parsed`,
    );
    covered.push(
      `${'9 MiB parity request list'.padEnd(52)} ${String(Date.now() - started).padStart(5)} ms  ${(err as Error).message.slice(0, 110)}`,
    );
  });

  test('a file whose size says nothing (a device: /dev/zero) is read no further than the limit', async () => {
    const cpuMs = cpuStopwatch();
    const err = await loadParityRequests({ file: '/dev/zero' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe(
      '/dev/zero: is larger than 8 MiB; request lists are limited to 8 MiB, so it was not parsed',
    );
    const ms = Math.round(cpuMs());
    expect(ms).toBeLessThan(2_000);
    covered.push(
      `${'endless input (/dev/zero as a request list)'.padEnd(52)} ${String(ms).padStart(5)} ms CPU  ${(err as Error).message.slice(0, 110)}`,
    );
  });
});

describe('JSON hazards', () => {
  test('JSON with a BOM is read (the BOM is not part of the content)', async () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bom' }, data: { A: 'b' } });
    const prepared = await prepareRelease(
      config(manifest(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), 'cm.json')),
    );
    expect(prepared.rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('ConfigMap/bom');
    covered.push('JSON with a BOM'.padEnd(52) + '  read as JSON without the BOM');
  });

  test('10,000-level nesting: a clear error, no stack overflow', async () => {
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    await refused('10,000-level nesting', manifest(deep, 'deep.json'), /m\d+\/deep\.json/);
  });

  test('huge numbers in sizes (1e400, 2^64)', async () => {
    for (const [label, value] of [
      ['1e400', '1e400'],
      ['2^64', '18446744073709551616'],
    ] as const) {
      const text = APP.replace(
        'cpu: 250m\n              memory: 256Mi\n            limits',
        `cpu: ${value}\n              memory: 256Mi\n            limits`,
      );
      await refused(`huge number in resources.requests.cpu (${label})`, manifest(text), /cpu/i);
    }
  });
});

describe('paths', () => {
  test('a manifest path outside the workspace is refused, naming it', async () => {
    await refused('manifests outside the workspace (absolute)', '/etc', /\/etc/);
  });
  test('`..` segments are refused, naming the path', async () => {
    await refused('manifests with .. segments', '../outside', /\.\.\/outside/);
  });
  test('a symlink out of the workspace is refused, naming it', async () => {
    mkdirSync(join(dir, 'outside'), { recursive: true });
    writeFileSync(join(dir, 'outside', 'app.yaml'), APP);
    symlinkSync(join(dir, 'outside'), join(ws, 'link-out'));
    await refused('symlinked folder pointing out of the workspace', 'link-out', /link-out/);
    const inner = manifest(APP.split(/^---\n/m)[0]!);
    symlinkSync(join(dir, 'outside', 'app.yaml'), join(ws, inner, 'evil.yaml'));
    await refused('symlinked file pointing out of the workspace', inner, /evil\.yaml/);
  });
});

describe('names and labels Kubernetes would reject are caught before the cluster', () => {
  const cases: [string, string, RegExp][] = [
    ['uppercase name', APP.replace('name: web-config', 'name: Web-Config'), /Web-Config|metadata\.name/],
    [
      '64-character label value',
      APP.replace(
        '      labels:\n        app: web',
        `      labels:\n        app: web\n        team: ${'a'.repeat(64)}`,
      ),
      /labels|team/,
    ],
    [
      'bad label key',
      APP.replace('      labels:\n        app: web', '      labels:\n        app: web\n        "bad key!": x'),
      /bad key!/,
    ],
  ];
  test.each(cases)('%s', async (hazard, text, field) => {
    await refused(hazard, manifest(text), field);
  });
});

describe('front door: exit 1 through the CLI', () => {
  test('an alias bomb through `deploy` exits 1 with the file named and no stack trace', async () => {
    const { io, all } = ioSink();
    const rel = manifest(
      'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
    );
    const from = sb.audit.length;
    const code = await runCli(
      [
        'deploy',
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        'shop',
        '--release',
        'web',
        '--workspace',
        ws,
        '--manifests',
        rel,
      ],
      io,
    );
    const out = all();
    expect(code).toBe(1);
    expect(out).toContain(`${rel}/app.yaml`);
    expect(out).not.toMatch(/^\s+at /m);
    expect(writesSince(sb, from)).toEqual([]);
  });
});
