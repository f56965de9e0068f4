/**
 * How a deploy that builds first pins its manifests: the built images join the `images`
 * overrides (lines stay lines, a YAML list stays a list), an override naming a built repository
 * is refused before anything is built, and the render really substitutes the digests.
 */
import { buildMarkdown, checkOverridesDisjoint, withBuiltImages } from '../src/commands/build-and-deploy.js';
import type { BuildOutcome, BuiltImage } from '../src/commands/build.js';
import { validateBuildSettings, type BuildConfig } from '../src/config/build.js';
import { deployConfigFromArgs, type DeployConfig } from '../src/config/deploy.js';
import { prepareRelease } from '../src/commands/release-input.js';
import { parseImageOverrides } from '../src/manifests/images.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const SHA = 'c0ffee'.padEnd(40, '0');

function built(name: string, status: BuiltImage['status'] = 'built', repository = name): BuiltImage {
  return {
    name,
    repository,
    registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    tag: SHA,
    tags: [SHA, 'latest'],
    digest: DIGEST,
    ref: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}@${DIGEST}`,
    status,
    ...(status === 'built' ? { builder: 'buildah' as const } : {}),
    durationMs: 1500,
  };
}

function outcome(images: BuiltImage[], extra: Partial<BuildOutcome> = {}): BuildOutcome {
  return {
    status: 'ok',
    images,
    warnings: [],
    findings: [],
    durationMs: 4200,
    builder: { name: 'buildah', reason: 'auto: no Docker daemon answered' },
    ...extra,
  };
}

function deployConfig(images: string[] = []): DeployConfig {
  return deployConfigFromArgs(
    [
      '--kubeconfig',
      '/nonexistent/kubeconfig',
      '--namespace',
      'shop',
      '--release',
      'web',
      '--manifests',
      'test/fixtures/deploy/web',
      '--workspace',
      process.cwd(),
      ...images.flatMap((i) => ['--image', i]),
    ],
    {},
  );
}

function buildConfig(yaml: string): BuildConfig {
  return validateBuildSettings(
    { images: yaml, region: 'us-east-1', tag: SHA, workspace: process.cwd() },
    (s) => `input ${s}`,
    {},
  );
}

describe('the deploy config with the built images', () => {
  test('no overrides given: the built images are the overrides, pinned to their digests', () => {
    const c = withBuiltImages(deployConfig(), outcome([built('web'), built('worker', 'skipped', 'shop/worker')]));
    expect(parseImageOverrides(c.images, 'images')).toEqual([
      { name: 'web', ref: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${SHA}`, digest: DIGEST },
      { name: 'shop/worker', ref: `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/worker:${SHA}`, digest: DIGEST },
    ]);
  });

  test('lines given: the built images are appended as lines; a YAML list stays a list', () => {
    const lines = withBuiltImages(deployConfig(['redis=redis:7.2']), outcome([built('web')]));
    expect(lines.images).toBe(`redis=redis:7.2\nweb=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${SHA}@${DIGEST}`);
    const list = withBuiltImages(
      { ...deployConfig(), images: '- name: redis\n  ref: redis:7.2\n' },
      outcome([built('web')]),
    );
    expect(parseImageOverrides(list.images, 'images')).toEqual([
      { name: 'redis', ref: 'redis:7.2' },
      { name: 'web', ref: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${SHA}`, digest: DIGEST },
    ]);
  });

  test('the rendered manifests run the pushed digest', async () => {
    const c = withBuiltImages(deployConfig(), outcome([built('web')]));
    const prepared = await prepareRelease(c);
    expect(prepared.rendered.images).toEqual([
      expect.objectContaining({
        container: 'web',
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST}`,
      }),
    ]);
  });

  test('an override naming a built repository is refused, naming the build entry; other problems of the overrides too', () => {
    const build = buildConfig('- name: web\n  context: test/fixtures\n- name: worker\n  repository: shop/worker');
    expect(() => {
      checkOverridesDisjoint('redis=redis:7', build);
    }).not.toThrow();
    expect(() => {
      checkOverridesDisjoint(
        'registry.example/web=registry.example/web:v2\nshop/worker@sha256:' + 'cd'.repeat(32),
        build,
      );
    }).toThrow(
      'images: "registry.example/web" is also built (input images: images[0]); the build pins it to the pushed digest, so drop it from images\nimages: "shop/worker" is also built (input images: images[1]); the build pins it to the pushed digest, so drop it from images',
    );
    expect(() => {
      checkOverridesDisjoint('redis', build);
    }).toThrow(/images line 1: expected "name=ref"/);
  });
});

describe('the build job summary', () => {
  test('one row per image: built or skipped, the digest reference, the tags; findings and warnings listed', () => {
    const md = buildMarkdown(
      outcome([built('web'), built('worker', 'skipped')], {
        warnings: ['repository web: scan on push is off, the input says on'],
      }),
    );
    expect(md).toContain('## ✅ Build: 1 built, 1 skipped');
    expect(md).toContain('Builder `buildah` (auto: no Docker daemon answered); 4.2 s in all.');
    expect(md).toContain(
      `| web | built (buildah) | \`123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST}\` | \`${SHA}\` \`latest\` | 1.5 s |`,
    );
    expect(md).toContain('| worker | skipped (tag already there) |');
    expect(md).toContain('### Warnings');
    const gated = buildMarkdown(
      outcome([built('web')], {
        status: 'failed-scan-gate',
        findings: [
          {
            severity: 'blocker',
            code: 'image-vulnerability',
            message: 'CRITICAL CVE-2024-0001 in openssl 3.0.1 (x)',
            workload: 'web',
          },
        ],
      }),
    );
    expect(gated).toContain('## ❌ Build: 1 built, 0 skipped, scan gate failed');
    expect(gated).toContain(
      '### Scan findings at or above the gate (1)\n\n- CRITICAL CVE-2024-0001 in openssl 3.0.1 (x)',
    );
  });
});
