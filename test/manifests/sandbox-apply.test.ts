/**
 * The rendered release as the real kubectl applies it to the sandbox: accepted as is, labels where
 * they belong, and a re-deploy that changes only the commit does not roll the pods.
 */
import path from 'node:path';
import { toYamlStream } from '../../src/convert/objects.js';
import { loadManifests } from '../../src/inputs/manifests.js';
import type { SourcedObject } from '../../src/manifests/parse.js';
import { renderRelease, type RenderOptions } from '../../src/manifests/render.js';
import { startHarness, type SandboxHarness } from '../sandbox/helpers.js';
import { dig } from './dig.js';

const FIXTURES = path.resolve('test/fixtures/manifests');
const DIGEST = `sha256:${'cd'.repeat(32)}`;

let h: SandboxHarness | undefined;
let objects: SourcedObject[];
beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.01 } });
  // The sandbox serves no CronJob; everything else of the fixtures goes in.
  objects = (await loadManifests(['app', 'kustomize/overlay'], { workspace: FIXTURES })).filter(
    (o) => o.object.kind !== 'CronJob',
  );
});
afterAll(async () => {
  await h?.stop();
});

async function apply(opts: RenderOptions): Promise<void> {
  const { objects: rendered } = renderRelease(objects, opts);
  const yaml = toYamlStream(rendered);
  const res = await h!.kubectl(['apply', '--server-side', '--field-manager=eks-fargate-deploy', '-f', '-'], {
    input: yaml,
  });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
}

async function getJson(args: string[]): Promise<unknown> {
  const res = await h!.kubectl(['get', ...args, '-o', 'json']);
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as unknown;
}

test('kubectl applies the rendered release; a commit-only change leaves the pod template alone', async () => {
  const ns = await h!.kubectl(['apply', '--server-side', '-f', '-'], {
    input: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
  });
  expect(ns).toMatchObject({ code: 0, stderr: '' });
  const opts: RenderOptions = {
    release: 'shop',
    defaultNamespace: 'shop',
    images: [{ name: 'web', digest: DIGEST }],
    commit: 'c1',
    runUrl: 'https://ci.example/runs/1',
  };
  await apply(opts);

  const web = await getJson(['deployment', 'web', '-n', 'shop']);
  expect(dig(web, 'metadata', 'labels', 'eks-fargate-deploy/release')).toBe('shop');
  expect(dig(web, 'metadata', 'annotations', 'eks-fargate-deploy/commit')).toBe('c1');
  expect(dig(web, 'spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/managed-by')).toBe('eks-fargate-deploy');
  expect(dig(web, 'spec', 'selector', 'matchLabels')).toEqual({ app: 'web' });
  expect(dig(web, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe(
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST}`,
  );
  const api = await getJson(['deployment', 'prod-api', '-n', 'payments']);
  expect(dig(api, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe(
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:7.1.2',
  );

  await apply({ ...opts, commit: 'c2', runUrl: 'https://ci.example/runs/2' });
  const again = await getJson(['deployment', 'web', '-n', 'shop']);
  expect(dig(again, 'metadata', 'annotations', 'eks-fargate-deploy/commit')).toBe('c2');
  expect(dig(again, 'metadata', 'generation')).toBe(dig(web, 'metadata', 'generation'));

  // With the annotations on the pod template, the same change is a new rollout.
  await apply({ ...opts, commit: 'c3', annotatePodTemplates: true });
  const rolled = await getJson(['deployment', 'web', '-n', 'shop']);
  expect(dig(rolled, 'metadata', 'generation')).toBe(Number(dig(web, 'metadata', 'generation')) + 1);
});
