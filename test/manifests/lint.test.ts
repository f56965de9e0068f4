import { expect } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintRelease } from '../../src/manifests/lint.js';
import { loadManifests } from '../../src/inputs/manifests.js';

const FIXTURES = path.resolve('test/fixtures/manifests');

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'manifests-lint-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test('a clean release has no findings', async () => {
  expect(lintRelease(await loadManifests(['app'], { workspace: FIXTURES }))).toEqual([]);
});

test('a privileged container is a Fargate blocker at the line of the field', async () => {
  const findings = lintRelease(await loadManifests(['lint/privileged.yaml'], { workspace: FIXTURES }));
  expect(findings).toEqual([
    {
      severity: 'blocker',
      code: 'privileged',
      file: 'lint/privileged.yaml',
      line: 19,
      workload: 'agent',
      container: 'agent',
      field: 'spec.template.spec.containers[0].securityContext.privileged',
      message: expect.stringContaining('Pod not supported on Fargate: invalid SecurityContext fields: Privileged'),
    },
  ]);
});

test('a schema error names file, line, object and field', async () => {
  const findings = lintRelease(await loadManifests(['lint/schema-error.yaml'], { workspace: FIXTURES }));
  expect(findings).toEqual([
    {
      severity: 'blocker',
      code: 'schema',
      file: 'lint/schema-error.yaml',
      line: 14,
      workload: 'api',
      field: 'spec.ports[0].port',
      message: 'Service "api": spec.ports[0].port: must be integer',
    },
  ]);
});

test('images that are missing or not valid references are blockers (the kubelet would say InvalidImageName)', async () => {
  await writeFile(
    path.join(tmp, 'job.yaml'),
    [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: migrate, namespace: ops}',
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      initContainers:',
      '        - name: wait',
      '          image: ${IMAGE}',
      '      containers:',
      '        - name: run',
      '          resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {cpu: 250m, memory: 512Mi}}',
      '',
    ].join('\n'),
  );
  const findings = lintRelease(await loadManifests(['job.yaml'], { workspace: tmp }));
  expect(findings.map((f) => [f.code, f.line, f.field, f.container])).toEqual([
    ['invalid-image', 10, 'spec.template.spec.initContainers[0].image', 'wait'],
    ['missing-image', 12, 'spec.template.spec.containers[0].image', 'run'],
  ]);
  expect(findings[0]!.message).toMatch(/^container "wait": "\$\{IMAGE\}" has an invalid repository/);
});

test('Secret data and stringData never appear in findings', async () => {
  const password = 'hunter2-correct-horse';
  const encoded = Buffer.from(password).toString('base64');
  await writeFile(
    path.join(tmp, 'secret.yaml'),
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      '  namespace: ops',
      `type: ${password}-typo`,
      'data:',
      `  encoded: ${encoded}`,
      `  plain: "${password}!"`,
      'stringData:',
      `  nested: {value: "${password}"}`,
      '',
    ].join('\n'),
  );
  const findings = lintRelease(await loadManifests(['secret.yaml'], { workspace: tmp }));
  const text = JSON.stringify(findings);
  expect(findings.map((f) => [f.code, f.field, f.line])).toEqual([
    ['schema', 'stringData.nested', 11],
    ['secret-not-base64', 'data["plain"]', 9],
  ]);
  expect(findings[1]!.message).toBe(
    'Secret "db": data["plain"] (<redacted 22 bytes>) is not base64; put plain text under stringData instead',
  );
  expect(text).not.toContain('hunter2');
  expect(text).not.toContain(encoded);
});

test('objects rendered by kustomize are located at their first line in the kustomize output', async () => {
  const findings = lintRelease(await loadManifests(['kustomize/overlay'], { workspace: FIXTURES }));
  expect(findings.map((f) => [f.code, f.file, f.line, f.workload])).toEqual([
    ['missing-requests', 'kustomize/overlay', 1, 'prod-api'],
  ]);
});
