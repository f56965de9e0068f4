/**
 * Issue 14 point 9: a release has at most MAX_RELEASE_OBJECTS (5,000) objects, enforced while
 * parsing, so memory stays bounded. 130,000 small objects under the 8 MiB file limit used to take
 * the tool to 2.7–3.8 GB; now such a file is refused in well under a second, naming the file and the
 * limit, with nothing written to the cluster (the sandbox's audit log). bench/memory.ts measures
 * the peak memory of the largest allowed release (≤ 512 MB).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploy } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { UserInputErrors } from '../../src/errors.js';
import { MAX_INPUT_FILE_BYTES } from '../../src/inputs/input-file.js';
import { loadManifests } from '../../src/inputs/manifests.js';
import { MAX_RELEASE_OBJECTS } from '../../src/manifests/parse.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startShopSandbox } from '../e2e/helpers.js';
import { cpuStopwatch } from '../helpers/clock.js';

let sb: Sandbox;
let kubeconfig: string;
let sbDir: string;
let ws: string;

const configMap = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`;
const stream = (from: number, n: number): string =>
  Array.from({ length: n }, (_, i) => configMap(from + i)).join('---\n');
const list = (n: number): string =>
  `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: n }, (_, i) => `- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}`).join('\n')}\n`;

beforeAll(async () => {
  ({ sb, kubeconfig, dir: sbDir } = await startShopSandbox());
  ws = mkdtempSync(join(tmpdir(), 'efd-object-limit-'));
});
afterAll(async () => {
  await sb.stop();
  rmSync(ws, { recursive: true, force: true });
  rmSync(sbDir, { recursive: true, force: true });
});

/** `deploy` as the CLI runs it, in-process; the error it throws (a user error), or undefined. */
async function deployError(manifests: string[]): Promise<Error | undefined> {
  const config = deployConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'big',
      '--workspace',
      ws,
      '--lock-wait',
      '5',
      '--manifests',
      ...manifests,
    ],
    {},
  );
  return runDeploy(config, { log: () => undefined }).then(
    () => undefined,
    (err: unknown) => err as Error,
  );
}

describe(`a release holds at most ${MAX_RELEASE_OBJECTS} objects`, () => {
  test('130,000 small objects under the file limit, as documents or as one List: refused at once, nothing sent to the cluster', async () => {
    writeFileSync(join(ws, 'many.yaml'), stream(0, 130_000));
    writeFileSync(join(ws, 'list.yaml'), list(130_000));
    const before = sb.audit.length;
    for (const file of ['many.yaml', 'list.yaml']) {
      const cpuMs = cpuStopwatch(); // CPU, not wall time: a loaded machine cannot fail it
      const err = await deployError([file]);
      const ms = cpuMs();
      expect(err).toBeInstanceOf(UserInputErrors);
      expect((err as UserInputErrors).errors.map((e) => e.message)).toEqual([
        `${file}: holds more than ${MAX_RELEASE_OBJECTS * 4} \`kind\` keys, so the release would have more than ${MAX_RELEASE_OBJECTS} objects, the limit per release; it was not parsed. Split it into several releases`,
      ]);
      // Was: minutes and gigabytes. Generous for a loaded machine.
      expect(ms).toBeLessThan(10_000);
    }
    expect(sb.audit.length).toBe(before);
  });

  test('the limit counts the whole release: objects of several files add up, and the file that passes it is named', async () => {
    writeFileSync(join(ws, 'part-a.yaml'), stream(0, 3_000));
    writeFileSync(join(ws, 'part-b.yaml'), list(3_000).replace(/name: c/g, 'name: d'));
    const before = sb.audit.length;
    const err = await deployError(['part-a.yaml', 'part-b.yaml']);
    expect((err as UserInputErrors).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^part-[ab]\\.yaml: the release has more than ${MAX_RELEASE_OBJECTS} objects, the limit per release; parsing stopped here`,
        ),
      ),
    ]);
    expect(sb.audit.length).toBe(before);
  });

  test(`exactly ${MAX_RELEASE_OBJECTS} objects are loaded`, async () => {
    const text = stream(0, MAX_RELEASE_OBJECTS);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_INPUT_FILE_BYTES);
    writeFileSync(join(ws, 'at-limit.yaml'), text);
    const objects = await loadManifests(['at-limit.yaml'], { workspace: ws });
    expect(objects).toHaveLength(MAX_RELEASE_OBJECTS);
    writeFileSync(join(ws, 'one-more.yaml'), configMap(MAX_RELEASE_OBJECTS));
    await expect(loadManifests(['at-limit.yaml', 'one-more.yaml'], { workspace: ws })).rejects.toThrow(
      /the release has more than 5000 objects/,
    );
  });
});
