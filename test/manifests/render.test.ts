import path from 'node:path';
import { toYamlStream } from '../../src/convert/objects.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { UserInputErrors } from '../../src/errors.js';
import { loadManifests } from '../../src/inputs/manifests.js';
import type { SourcedObject } from '../../src/manifests/parse.js';
import { dig } from './dig.js';
import {
  COMMIT_ANNOTATION,
  MANAGED_BY_LABEL,
  RELEASE_LABEL,
  RUN_URL_ANNOTATION,
  renderRelease,
  type RenderOptions,
} from '../../src/manifests/render.js';

const FIXTURES = path.resolve('test/fixtures/manifests');
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const RUN_URL = 'https://github.com/acme/shop/actions/runs/42';

const base: RenderOptions = { release: 'shop', images: [], defaultNamespace: 'apps' };

function sourced(objects: KubeObject[], file = 'inline.yaml'): SourcedObject[] {
  return objects.map((object, index) => ({ object, source: { file, index, line: 1 + index * 10 } }));
}

function renderErrors(objects: SourcedObject[], opts: RenderOptions): string[] {
  try {
    renderRelease(objects, opts);
  } catch (err) {
    if (err instanceof UserInputErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error('expected renderRelease to fail');
}

function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind} ${name} not rendered`);
  return o;
}

let app: SourcedObject[];
beforeAll(async () => {
  app = await loadManifests(['app'], { workspace: FIXTURES });
});

describe('images', () => {
  test('substituted by repository in containers and init containers, pinned by digest, registry:port names honoured', () => {
    const r = renderRelease(app, {
      ...base,
      images: [
        { name: 'web', ref: `${ECR}/web:2.0.0`, digest: DIGEST },
        { name: 'registry.internal:5000/platform/envoy', ref: 'registry.internal:5000/platform/envoy:v1.32' },
        { name: 'worker', ref: `${ECR}/worker:2024.07` },
      ],
    });
    expect(r.images).toEqual([
      { workload: 'Deployment shop/web', container: 'migrate', image: `${ECR}/web@${DIGEST}` },
      { workload: 'Deployment shop/web', container: 'web', image: `${ECR}/web@${DIGEST}` },
      { workload: 'Deployment shop/web', container: 'proxy', image: 'registry.internal:5000/platform/envoy:v1.32' },
      { workload: 'CronJob apps/nightly-report', container: 'report', image: `${ECR}/worker:2024.07` },
    ]);
    const cron = find(r.objects, 'CronJob', 'nightly-report');
    expect(dig(cron, 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe(
      `${ECR}/worker:2024.07`,
    );
  });

  test('a digest alone pins the image the manifest names; a more specific name wins over a bare one', () => {
    const objects = sourced([pod('a', [`${ECR}/web:1`, 'web:dev'])]);
    const r = renderRelease(objects, {
      ...base,
      images: [
        { name: 'web', ref: 'web:2' },
        { name: `${ECR}/web`, digest: DIGEST },
      ],
    });
    expect(r.images.map((i) => i.image)).toEqual([`${ECR}/web@${DIGEST}`, 'web:2']);
  });

  test('an override that matches nothing is an error naming it and listing the images there are', () => {
    expect(
      renderErrors(app, {
        ...base,
        images: [
          { name: 'web', ref: 'web:2' },
          { name: 'envoy', ref: 'envoy:2' },
          { name: `${ECR}/worker`, ref: 'w:1' },
        ],
      }),
    ).toEqual([
      `images[1]: "envoy" matches no container or init container image (images in the release: ${ECR}/web:1.0.0, registry.internal:5000/platform/envoy:v1.31, worker:2024.06); repositories match whole, did you mean "registry.internal:5000/platform/envoy"?`,
      expect.stringMatching(
        /^images\[2\]: "123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/worker" matches no container/,
      ),
    ]);
  });

  test('a malformed override is refused with its index', () => {
    expect(
      renderErrors(app, {
        ...base,
        images: [{ name: 'web:1', ref: 'web:2' }, { name: 'web' }, { name: 'web', digest: 'sha256:abc' }],
      }),
    ).toEqual([
      'images[0].name: "web:1" must be a repository without tag or digest (put the new tag in ref)',
      'images[1]: image "web" needs a ref, a digest or both',
      expect.stringMatching(/^images\[2\]\.digest: .*invalid digest/),
    ]);
  });
});

describe('labels, annotations, namespaces', () => {
  test('every object and pod template is labelled; selectors are not; annotations only on objects', () => {
    const r = renderRelease(app, { ...base, commit: 'abc1234', runUrl: RUN_URL });
    const want = { [MANAGED_BY_LABEL]: 'eks-fargate-deploy', [RELEASE_LABEL]: 'shop' };
    for (const o of r.objects) {
      expect(o.metadata.labels).toMatchObject(want);
      expect(o.metadata.annotations).toMatchObject({ [COMMIT_ANNOTATION]: 'abc1234', [RUN_URL_ANNOTATION]: RUN_URL });
    }
    const web = find(r.objects, 'Deployment', 'web');
    expect(dig(web, 'metadata', 'labels')).toEqual({ app: 'web', ...want });
    expect(dig(web, 'spec', 'template', 'metadata', 'labels')).toEqual({ app: 'web', ...want });
    expect(dig(web, 'spec', 'template', 'metadata', 'annotations')).toBeUndefined();
    expect(dig(web, 'spec', 'selector')).toEqual({ matchLabels: { app: 'web' } });
    expect(dig(find(r.objects, 'Service', 'web'), 'spec', 'selector')).toEqual({ app: 'web' });
    const cron = find(r.objects, 'CronJob', 'nightly-report');
    expect(dig(cron, 'spec', 'jobTemplate', 'metadata', 'labels')).toEqual(want);
    expect(dig(cron, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels')).toEqual(want);
  });

  test('annotatePodTemplates also puts the commit and run URL on pod templates', () => {
    const r = renderRelease(app, { ...base, commit: 'abc1234', runUrl: RUN_URL, annotatePodTemplates: true });
    expect(dig(find(r.objects, 'Deployment', 'web'), 'spec', 'template', 'metadata', 'annotations')).toEqual({
      [COMMIT_ANNOTATION]: 'abc1234',
      [RUN_URL_ANNOTATION]: RUN_URL,
    });
    expect(dig(find(r.objects, 'Deployment', 'web'), 'spec', 'selector')).toEqual({ matchLabels: { app: 'web' } });
  });

  test('no commit or run URL → no annotations; a user managed-by label is replaced', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { [MANAGED_BY_LABEL]: 'Helm', team: 'a' } },
    };
    const [out] = renderRelease(sourced([cm]), base).objects;
    expect(out!.metadata).toEqual({
      name: 'c',
      namespace: 'apps',
      labels: { [MANAGED_BY_LABEL]: 'eks-fargate-deploy', [RELEASE_LABEL]: 'shop', team: 'a' },
    });
  });

  test('namespaced objects get the default namespace; cluster-scoped kinds (and CRD-declared ones) do not', () => {
    const r = renderRelease(
      sourced([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'billing' } },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'reader', namespace: 'ignored' },
        },
        { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' } },
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.example.com' },
          spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' } },
        },
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
        { apiVersion: 'other.example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'billing' } },
      ]),
      base,
    );
    const ns = Object.fromEntries(
      r.objects.map((o) => [`${o.apiVersion} ${o.kind} ${o.metadata.name} ${o.metadata.namespace ?? '-'}`, true]),
    );
    expect(Object.keys(ns).sort()).toEqual(
      [
        'v1 Namespace billing -',
        'rbac.authorization.k8s.io/v1 ClusterRole reader -',
        'scheduling.k8s.io/v1 PriorityClass high -',
        'networking.k8s.io/v1 IngressClass alb -',
        'apiextensions.k8s.io/v1 CustomResourceDefinition widgets.example.com -',
        'example.com/v1 Widget w -',
        'other.example.com/v1 Widget w apps',
        'v1 ConfigMap c apps',
        'v1 ConfigMap c billing',
      ].sort(),
    );
    expect(r.namespaces).toEqual(['apps', 'billing']);
  });
});

describe('duplicates, names, order, determinism', () => {
  test('the same object twice is an error naming both sources, also when the namespace was defaulted', () => {
    const one = sourced([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }], 'a.yaml');
    const two = sourced(
      [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'apps' } },
      ],
      'b.yaml',
    );
    expect(renderErrors([...one, ...two], base)).toEqual([
      'b.yaml: ConfigMap apps/c is defined twice: at a.yaml:1 (document 1) and at b.yaml:11 (document 2)',
    ]);
    // Same kind and name in another API group, or another namespace, is a different object.
    const other = sourced(
      [
        { apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'c' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' } },
      ],
      'c.yaml',
    );
    expect(renderRelease([...one, ...other], base).objects).toHaveLength(3);
  });

  test('release names are DNS-1123 labels of at most 53 characters', () => {
    expect(() => renderRelease(app, { ...base, release: 'a'.repeat(53) })).not.toThrow();
    for (const bad of ['a'.repeat(54), 'Shop', 'shop_prod', '-shop', '']) {
      expect(renderErrors(app, { ...base, release: bad })[0]).toMatch(/^release: /);
    }
    expect(renderErrors(app, { ...base, defaultNamespace: 'Apps' })).toEqual([
      'namespace: "Apps" is not a valid namespace (DNS-1123 label)',
    ]);
    expect(renderErrors(app, { ...base, commit: 'abc\ninjected: yes' })).toEqual([
      expect.stringMatching(/^commit: must be a single-line string/),
    ]);
  });

  test('objects come out in dependency order; the same input gives byte-identical YAML whatever the source order; input is not modified', () => {
    const before = structuredClone(app);
    const opts: RenderOptions = {
      ...base,
      commit: 'abc1234',
      runUrl: RUN_URL,
      images: [{ name: 'web', digest: DIGEST }],
    };
    const a = renderRelease(app, opts);
    const b = renderRelease([...app].reverse(), opts);
    expect(a.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/shop',
      'ConfigMap/web-config',
      'Service/web',
      'Deployment/web',
      'CronJob/nightly-report',
    ]);
    expect(toYamlStream(b.objects)).toBe(toYamlStream(a.objects));
    expect(b).toEqual(a);
    expect(app).toEqual(before);
    expect(toYamlStream(a.objects)).toMatchSnapshot();
  });

  test('malformed labels are reported with file and field rather than overwritten', () => {
    const objects = sourced([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: 'app=web' as unknown as Record<string, string> },
      },
    ]);
    expect(renderErrors(objects, base)).toEqual([
      'inline.yaml:1: metadata.labels: ConfigMap apps/c: must be a mapping, got "app=web"',
    ]);
  });
});

function pod(name: string, images: string[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      initContainers: [{ name: 'init', image: images[0] }],
      containers: images.slice(1).map((image, i) => ({ name: `c${i}`, image })),
    },
  };
}
