/**
 * Placeholders people leave where an image or an ARN belongs (`<IMAGE1_NAME>`, `${IMAGE}`,
 * `REPLACE_ME`, `IMAGE_URI`, account 123456789012 / XXXXXXXXXXXX / ACCOUNT_ID) cannot run: a deploy
 * refuses them before anything is applied, naming file, object, container and value, unless
 * `--image` puts a real image in their place. The real-world corpus shows which forms occur.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { DeployExit, runDeploy } from '../../src/commands/deploy.js';
import { prepareRelease } from '../../src/commands/release-input.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { isUserError } from '../../src/errors.js';
import { parseImageOverrides, placeholderReason } from '../../src/manifests/images.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startShopSandbox, writesSince } from '../e2e/helpers.js';
import { logSink } from '../helpers/artefacts.js';

jest.setTimeout(60_000);

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'ecs-realworld');

describe('placeholderReason', () => {
  test('the forms found in published task definitions and manifests', () => {
    const cases: [string, RegExp][] = [
      ['<IMAGE1_NAME>', /"<IMAGE1_NAME>" is a "<…>" placeholder/],
      ['12345678.dkr.ecr.<region>.amazonaws.com/php-app:latest', /"<region>" is a "<…>" placeholder/],
      ['<account>.dkr.ecr.us-east-1.amazonaws.com/web', /"<account>"/],
      ['${IMAGE}', /"\$\{IMAGE\}" is an unexpanded template variable/],
      ['${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/app:${TAG}', /unexpanded template variable/],
      ['{{ image }}', /unexpanded template variable/],
      ['{INSERT core dump build image}', /"\{INSERT core dump build image\}" is a "\{…\}" placeholder/],
      ['$$$TEST_IMAGE$$$', /unexpanded template variable/],
      ['REPLACE_ME', /fill-me-in marker/],
      ['myorg/replace-me:latest', /fill-me-in marker/],
      ['IMAGE_URI', /"IMAGE_URI" is a variable name, not an image/],
      ['IMAGE', /variable name/],
      ['', /empty/],
      ['123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0', /account "123456789012" is a placeholder/],
      ['ACCOUNT_ID.dkr.ecr.eu-west-1.amazonaws.com/api:7', /account "ACCOUNT_ID" is a placeholder/],
    ];
    for (const [value, reason] of cases)
      expect([value, placeholderReason(value)]).toEqual([value, expect.stringMatching(reason)]);
    expect(placeholderReason('arn:aws:iam::XXXXXXXXXXXX:role/ecs_task_iam_role', 'arn')).toMatch(
      /account "XXXXXXXXXXXX" is a placeholder/,
    );
    expect(placeholderReason('arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}', 'arn')).toMatch(
      /"\$\{Partition\}" is an unexpanded template variable/,
    );
    expect(placeholderReason('arn:aws:iam::123456789012:role/backend-task', 'arn')).toMatch(/account "123456789012"/);
  });

  test('real images and ARNs are not placeholders', () => {
    for (const value of [
      'nginx',
      'httpd',
      'todo-app:1.2',
      'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      '634223907656.dkr.ecr.eu-west-2.amazonaws.com/circleci-demo:latest',
      '1234567890123.dkr.ecr.us-east-1.amazonaws.com/thirteen-digits',
      'localhost:5000/app@sha256:' + 'a'.repeat(64),
      'registry.example/web:v1',
      'arn:aws:iam::080266302756:role/ecs-task-role',
      'arn:aws:secretsmanager:eu-central-1:147882094138:secret:prod/witp/db_uri-MzD5WF',
    ]) {
      expect([value, placeholderReason(value, value.startsWith('arn:') ? 'arn' : 'image')]).toEqual([value, undefined]);
    }
  });

  test('in the real-world corpus, exactly the placeholder images are flagged', () => {
    const flagged = new Set<string>();
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.json') && f !== 'index.json')) {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(join(CORPUS, file), 'utf8'));
      } catch {
        continue; // the one file that is not JSON as published
      }
      const td = (doc as { taskDefinition?: unknown }).taskDefinition ?? doc;
      const containers = Array.isArray(td)
        ? td
        : ((td as { containerDefinitions?: unknown[] }).containerDefinitions ?? []);
      for (const c of containers as { image?: unknown }[]) {
        if (typeof c.image === 'string' && placeholderReason(c.image)) flagged.add(c.image);
      }
    }
    expect([...flagged].sort()).toEqual([
      '',
      '12345678.dkr.ecr.<region>.amazonaws.com/nginx-web:latest',
      '12345678.dkr.ecr.<region>.amazonaws.com/php-app:latest',
      'AWS_ACCOUNT_ID.dkr.ecr.us-east-2.amazonaws.com/s3upload2:seed',
      '{INSERT core dump build image}',
      '{INSERT simulated app image}',
      '{your-account-id}.dkr.ecr.us-east-1.amazonaws.com/{your-ecr-repo-name}',
      '{{sampleAppImage}}',
    ]);
  });
});

describe('deploy refuses placeholders before anything is applied', () => {
  let sb: Sandbox;
  let kubeconfig: string;
  let dir: string;
  let ws: string;
  const APP = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'deploy', 'web', 'app.yaml'), 'utf8');

  beforeAll(async () => {
    ({ sb, kubeconfig, dir } = await startShopSandbox());
    ws = join(dir, 'ws');
    mkdirSync(ws, { recursive: true });
  });
  afterAll(async () => {
    await sb.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  /** The web app of the deploy fixtures with `edit` applied, as the only manifest of a fresh folder. */
  function manifests(edit: (yaml: string) => string): string {
    const rel = `m${++n}`;
    mkdirSync(join(ws, rel), { recursive: true });
    writeFileSync(join(ws, rel, 'app.yaml'), edit(APP));
    return rel;
  }
  const config = (extra: string[]) =>
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
        '--grace',
        '1',
        '--timeout',
        '20',
        ...extra,
      ],
      {},
    );

  /** A whole deploy that must end in a user error matching `message`, with zero writes to the cluster. */
  async function refused(extra: string[], message: RegExp): Promise<string> {
    const from = sb.audit.length;
    let text = '';
    try {
      const out = await runDeploy(config(extra), { log: logSink().log });
      expect([DeployExit.Rejected, DeployExit.Blockers]).toContain(out.exitCode);
      text = out.message;
    } catch (err) {
      if (!isUserError(err)) throw err;
      text = err.message;
    }
    expect(text).toMatch(message);
    expect(writesSince(sb, from)).toEqual([]);
    return text;
  }

  test('an image placeholder: file:line, object, container, field and value; nothing written', async () => {
    const rel = manifests((y) => y.replace('image: registry.example/web:v1', "image: '<IMAGE1_NAME>'"));
    const text = await refused(['--manifests', rel], /cannot run/);
    expect(text).toContain(
      `${rel}/app.yaml:20: spec.template.spec.containers[0].image: Deployment shop/web: container web: image "<IMAGE1_NAME>" cannot run ("<IMAGE1_NAME>" is a "<…>" placeholder); replace it in the file or give --image web=REF`,
    );
  });

  test('an ECR image in account 123456789012 and an IRSA role ARN with ACCOUNT_ID: both named; nothing written', async () => {
    const rel = manifests((y) =>
      y
        .replace('image: registry.example/web:v1', 'image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0')
        .replace(
          'kind: Deployment\nmetadata:\n  name: web',
          'kind: Deployment\nmetadata:\n  name: web\n  annotations:\n    example.com/queue: arn:aws:sqs:us-east-1:ACCOUNT_ID:orders',
        ),
    );
    const text = await refused(['--manifests', rel], /cannot/);
    expect(text).toContain(
      'container web: image "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0" cannot run (account "123456789012" is a placeholder',
    );
    expect(text).toContain(
      'metadata.annotations.example.com/queue: Deployment shop/web: ARN "arn:aws:sqs:us-east-1:ACCOUNT_ID:orders" cannot work (account "ACCOUNT_ID" is a placeholder',
    );
  });

  test('a published ECS task definition (FireLens to Datadog): its XXXXXXXXXXXX role and ${Account} secret ARNs are refused; nothing written', async () => {
    // Copied into the workspace: ECS input files must come from it.
    const file = join(ws, 'datadog.json');
    copyFileSync(join(CORPUS, 'aws-samples__amazon-ecs-firelens-examples__datadog.json'), file);
    const text = await refused(['--ecs-task-definition', file], /cannot work/);
    // Outside the working directory, the file is named by its absolute path.
    expect(text).toContain(
      `${file}:1: metadata.annotations.eks.amazonaws.com/role-arn: ServiceAccount shop/firelens-example-datadog: ARN "arn:aws:iam::XXXXXXXXXXXX:role/ecs_task_iam_role" cannot work`,
    );
  });

  test("--image puts a real image in the placeholder's place, and the release renders", async () => {
    const rel = manifests((y) => y.replace('image: registry.example/web:v1', 'image: ${IMAGE}'));
    await refused(['--manifests', rel], /"\$\{IMAGE\}" cannot run/);
    // Named as written, or by its container's name.
    for (const name of ['${IMAGE}', 'web']) {
      const prepared = await prepareRelease(config(['--manifests', rel, '--image', `${name}=registry.example/web:v1`]));
      expect(prepared.rendered.images.map((i) => i.image)).toEqual(['registry.example/web:v1']);
    }
    // The placeholder's own name is kept as written; a digest-only pin cannot fill it.
    expect(() => parseImageOverrides('${IMAGE}@sha256:' + 'a'.repeat(64), 'images')).toThrow(
      /placeholder "\$\{IMAGE\}" needs a full image reference/,
    );
  });

  test("a preview (the plan's live diff) shows the release as written", async () => {
    const rel = manifests((y) => y.replace('image: registry.example/web:v1', 'image: REPLACE_ME'));
    const prepared = await prepareRelease(config(['--manifests', rel]), 'preview');
    expect(prepared.rendered.images.map((i) => i.image)).toEqual(['REPLACE_ME']);
  });
});
