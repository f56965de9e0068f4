import { expect } from '@jest/globals';
import { toYamlStream } from '../../src/convert/objects.js';
import {
  container,
  containerOf,
  convert,
  finding,
  findingsWith,
  kinds,
  one,
  podSpec,
  service,
  taskDef,
  type Json,
} from './ecs-builders.js';

const SM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret';
const SSM = 'arn:aws:ssm:us-east-1:123456789012:parameter';

describe('container fields', () => {
  test('image is carried over as is', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:' + 'a'.repeat(64) }),
        ],
      }),
    );
    expect(containerOf(conv).image).toBe(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:' + 'a'.repeat(64),
    );
  });

  test('entryPoint becomes command and command becomes args', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [container({ entryPoint: ['/bin/sh', '-c'], command: ['exec nginx -g "daemon off;"'] })],
      }),
    );
    expect(containerOf(conv)).toMatchObject({ command: ['/bin/sh', '-c'], args: ['exec nginx -g "daemon off;"'] });
  });

  test('command alone becomes args (the image entrypoint stays)', () => {
    const c = containerOf(convert(taskDef({ containerDefinitions: [container({ command: ['npm', 'start'] })] })));
    expect(c.args).toEqual(['npm', 'start']);
    expect(c).not.toHaveProperty('command');
  });

  test('workingDirectory becomes workingDir', () => {
    expect(
      containerOf(convert(taskDef({ containerDefinitions: [container({ workingDirectory: '/srv/app' })] }))).workingDir,
    ).toBe('/srv/app');
  });
});

describe('environment', () => {
  test('environment becomes a ConfigMap loaded with envFrom; values stay strings', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({
            environment: [
              { name: 'PORT', value: '8080' },
              { name: 'NODE_ENV', value: 'production' },
            ],
          }),
        ],
      }),
    );
    expect(one(conv, 'ConfigMap', 'web-config').data).toEqual({ NODE_ENV: 'production', PORT: '8080' });
    expect(containerOf(conv).envFrom).toEqual([{ configMapRef: { name: 'web-config' } }]);
    expect(containerOf(conv)).not.toHaveProperty('env');
    expect(toYamlStream(conv.objects)).toContain("PORT: '8080'");
  });

  test('with several containers each gets its own ConfigMap', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ environment: [{ name: 'A', value: '1' }] }),
          container({ name: 'worker', environment: [{ name: 'B', value: '2' }] }),
        ],
      }),
    );
    expect(one(conv, 'ConfigMap', 'web-app-config').data).toEqual({ A: '1' });
    expect(one(conv, 'ConfigMap', 'web-worker-config').data).toEqual({ B: '2' });
    expect(containerOf(conv, 'worker').envFrom).toEqual([{ configMapRef: { name: 'web-worker-config' } }]);
  });

  test('a variable name envFrom would skip is set directly with env', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({
            environment: [
              { name: 'spring.profiles.active', value: 'prod' },
              { name: 'OK', value: 'x' },
            ],
          }),
        ],
      }),
    );
    expect(containerOf(conv).env).toEqual([{ name: 'spring.profiles.active', value: 'prod' }]);
    expect(one(conv, 'ConfigMap').data).toEqual({ OK: 'x' });
  });

  test('environmentFiles: a warning with the exact commands to run', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::shop-config/prod/web.env' }] }),
        ],
      }),
    );
    const f = finding(conv, 'environment-file');
    expect(f).toMatchObject({
      severity: 'warning',
      container: 'app',
      field: 'containerDefinitions[0].environmentFiles[0]',
      file: 'td0.json',
    });
    expect(f.message).toContain('aws s3 cp s3://shop-config/prod/web.env ./web-app-envfile-0.env');
    expect(f.message).toContain(
      'kubectl create configmap web-app-envfile-0 -n default --from-env-file=./web-app-envfile-0.env',
    );
    expect(f.message).toContain('envFrom: [{configMapRef: {name: web-app-envfile-0}}] to container app');
  });
});

describe('secrets', () => {
  const withSecrets = (secrets: Json[]): ReturnType<typeof convert> =>
    convert(taskDef({ containerDefinitions: [container({ secrets })] }));
  const remoteRefs = (conv: ReturnType<typeof convert>, name: string): Json[] =>
    ((one(conv, 'ExternalSecret', name).spec as Json).data as Json[]).map((d) => ({
      [String(d.secretKey)]: d.remoteRef,
    }));

  test('a Secrets Manager ARN becomes an ExternalSecret and an env secretKeyRef', () => {
    const conv = withSecrets([{ name: 'DB_PASSWORD', valueFrom: `${SM}:prod/db-AbCdEf` }]);
    const es = one(conv, 'ExternalSecret', 'web-secrets');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      target: { name: 'web-secrets', creationPolicy: 'Owner' },
      data: [{ secretKey: 'DB_PASSWORD', remoteRef: { key: `${SM}:prod/db-AbCdEf` } }],
    });
    expect(containerOf(conv).env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-secrets', key: 'DB_PASSWORD' } } },
    ]);
  });

  test.each([
    ['json key', ':password::', { property: 'password' }],
    ['json key and version stage', ':password:AWSPREVIOUS:', { property: 'password', version: 'AWSPREVIOUS' }],
    [
      'json key and version id',
      ':password::0f3ae7c1-1b2c-4d5e-8f90-123456789abc',
      { property: 'password', version: 'uuid/0f3ae7c1-1b2c-4d5e-8f90-123456789abc' },
    ],
    ['version stage only', '::AWSCURRENT:', { version: 'AWSCURRENT' }],
    [
      'version id only',
      ':::0f3ae7c1-1b2c-4d5e-8f90-123456789abc',
      { version: 'uuid/0f3ae7c1-1b2c-4d5e-8f90-123456789abc' },
    ],
  ])('Secrets Manager ARN with %s suffix', (_label, suffix, extra) => {
    const conv = withSecrets([{ name: 'DB', valueFrom: `${SM}:prod/db-AbCdEf${suffix}` }]);
    expect(remoteRefs(conv, 'web-secrets')).toEqual([{ DB: { key: `${SM}:prod/db-AbCdEf`, ...extra } }]);
  });

  test('a version stage together with a version id is a blocker naming the field', () => {
    const conv = withSecrets([{ name: 'DB', valueFrom: `${SM}:prod/db-AbCdEf:password:AWSCURRENT:0f3ae7c1` }]);
    expect(finding(conv, 'secret-reference')).toMatchObject({
      severity: 'blocker',
      field: 'containerDefinitions[0].secrets[0].valueFrom',
      container: 'app',
    });
    expect(finding(conv, 'secret-reference').message).toContain(
      'give either a version stage or a version id, not both',
    );
  });

  test.each([
    ['hierarchical SSM ARN', `${SSM}/shop/prod/jwt-key`, '/shop/prod/jwt-key'],
    ['flat SSM ARN', `${SSM}/jwt-key`, 'jwt-key'],
    ['bare parameter name', 'jwt-key', 'jwt-key'],
    ['bare hierarchical name', '/shop/prod/jwt-key', '/shop/prod/jwt-key'],
  ])('%s → an ExternalSecret on the Parameter Store', (_label, valueFrom, key) => {
    const conv = withSecrets([{ name: 'JWT_KEY', valueFrom }]);
    expect((one(conv, 'ExternalSecret', 'web-parameters').spec as Json).secretStoreRef).toEqual({
      kind: 'ClusterSecretStore',
      name: 'aws-parameter-store',
    });
    expect(remoteRefs(conv, 'web-parameters')).toEqual([{ JWT_KEY: { key } }]);
    expect(containerOf(conv).env).toEqual([
      { name: 'JWT_KEY', valueFrom: { secretKeyRef: { name: 'web-parameters', key: 'JWT_KEY' } } },
    ]);
  });

  test('the ClusterSecretStore names come from the options', () => {
    const conv = convert({
      taskDefinitions: [
        taskDef({
          containerDefinitions: [
            container({
              secrets: [
                { name: 'A', valueFrom: `${SM}:a-AbCdEf` },
                { name: 'B', valueFrom: 'b' },
              ],
            }),
          ],
        }),
      ],
      options: { secretStores: { secretsManager: 'team-sm', parameterStore: 'team-ssm' } },
    });
    expect(((one(conv, 'ExternalSecret', 'web-secrets').spec as Json).secretStoreRef as Json).name).toBe('team-sm');
    expect(((one(conv, 'ExternalSecret', 'web-parameters').spec as Json).secretStoreRef as Json).name).toBe('team-ssm');
  });

  test('an ARN of another service is a blocker naming the value', () => {
    const conv = withSecrets([{ name: 'X', valueFrom: 'arn:aws:s3:::bucket/secret.txt' }]);
    expect(finding(conv, 'secret-reference').message).toBe(
      'secret X: valueFrom "arn:aws:s3:::bucket/secret.txt" is not a Secrets Manager secret ARN or an SSM parameter ARN',
    );
    expect(conv.objects).toEqual([]);
  });

  test('the manifests hold references only: no Secret object, no secret value, no env value for a secret', () => {
    const conv = withSecrets([
      { name: 'DB_PASSWORD', valueFrom: `${SM}:prod/db-AbCdEf:password::` },
      { name: 'API_TOKEN', valueFrom: `${SSM}/prod/api-token` },
    ]);
    expect(conv.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const yaml = toYamlStream(conv.objects);
    expect(yaml).not.toMatch(/stringData|kind: Secret\n/);
    for (const e of containerOf(conv).env as Json[]) {
      expect(e).not.toHaveProperty('value');
      expect(e.valueFrom).toHaveProperty('secretKeyRef');
    }
    for (const es of conv.objects.filter((o) => o.kind === 'ExternalSecret')) {
      for (const d of (es.spec as Json).data as Json[])
        expect(Object.keys(d.remoteRef as Json).sort()).toEqual(expect.arrayContaining(['key']));
    }
  });

  test('two containers naming the same variable after different secrets each get their own secret', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ secrets: [{ name: 'DB_URL', valueFrom: `${SM}:orders-db-AbCdEf` }] }),
          container({ name: 'reporting', secrets: [{ name: 'DB_URL', valueFrom: `${SM}:reporting-db-GhIjKl` }] }),
        ],
      }),
    );
    const data = (one(conv, 'ExternalSecret', 'web-secrets').spec as Json).data as {
      secretKey: string;
      remoteRef: { key: string };
    }[];
    const keyOf = (c: string): string =>
      (((containerOf(conv, c).env as Json[])[0]!.valueFrom as Json).secretKeyRef as Json).key as string;
    const remote = (k: string): string | undefined => data.find((d) => d.secretKey === k)?.remoteRef.key;
    expect(remote(keyOf('app'))).toBe(`${SM}:orders-db-AbCdEf`);
    expect(remote(keyOf('reporting'))).toBe(`${SM}:reporting-db-GhIjKl`);
    expect([keyOf('app'), keyOf('reporting')]).toEqual(['DB_URL', 'reporting.DB_URL']);
  });

  test('two containers sharing a secret share one ExternalSecret entry', () => {
    const ref = { name: 'DB_URL', valueFrom: `${SM}:orders-db-AbCdEf` };
    const conv = convert(
      taskDef({ containerDefinitions: [container({ secrets: [ref] }), container({ name: 'worker', secrets: [ref] })] }),
    );
    expect((one(conv, 'ExternalSecret', 'web-secrets').spec as Json).data).toEqual([
      { secretKey: 'DB_URL', remoteRef: { key: `${SM}:orders-db-AbCdEf` } },
    ]);
  });
});

describe('resources', () => {
  const resources = (conv: ReturnType<typeof convert>, name = 'app'): unknown => containerOf(conv, name).resources;

  // Issue 13 point 2: the old converter made cpu a limit and requests = limits from the container alone.
  test('container cpu is a weight (a request, never a limit); memory is the hard cap; the task size is the floor', () => {
    const conv = convert(
      taskDef({ cpu: '1024', memory: '2048', containerDefinitions: [container({ cpu: 512, memory: 1024 })] }),
    );
    // ECS gave the whole 1 vCPU / 2 GiB task to its one container; its hard cap is raised to carry it.
    expect(resources(conv)).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } });
    const row = conv.workloads[0]!.mappings.find((m) => m.ecs.includes('(app) size'))!;
    expect(row.kubernetes).toContain(
      'cpu 512 (a weight) → requests.cpu 1 (500m of it from the task size), no CPU limit',
    );
    expect(row.kubernetes).toContain('memory 1024 MiB (hard) → limits.memory 2Gi (raised');
  });

  test('a CI server with cpu: 10 gets no 10m CPU limit, and its pod is the task size (issue 13 points 1, 2)', () => {
    const conv = convert(
      taskDef({
        cpu: '4096',
        memory: '8192',
        containerDefinitions: [container({ name: 'ci', cpu: 10, memoryReservation: 512 })],
      }),
    );
    const r = containerOf(conv, 'ci').resources as Json;
    expect(r).toEqual({ requests: { cpu: '4', memory: '8Gi' } });
    const w = conv.workloads[0]!;
    expect(w.ecs).toMatchObject({ vcpu: 4, memoryGb: 8 });
    expect(w.fargate.vcpu).toBeGreaterThanOrEqual(4);
    expect(w.fargate.memoryGb).toBeGreaterThanOrEqual(8);
    expect(w.fargate.monthlyUsd).toBeGreaterThanOrEqual(w.ecs.monthlyUsd!);
    // The smaller pod is only a separate suggestion, not what is rendered.
    expect(finding(conv, 'right-size')).toMatchObject({ severity: 'info' });
    expect(finding(conv, 'right-size').message).toContain('not applied');
    expect(finding(conv, 'right-size').message).toContain('0.25vCPU 1GB instead of 4vCPU 9GB');
  });

  test('memoryReservation alone (no task size) is the memory request, with no limit (ECS had no hard cap)', () => {
    const conv = convert(
      taskDef({
        cpu: undefined,
        memory: undefined,
        containerDefinitions: [container({ cpu: 256, memoryReservation: 384 })],
      }),
    );
    expect(resources(conv)).toEqual({ requests: { cpu: '250m', memory: '384Mi' } });
    const row = conv.workloads[0]!.mappings.find((m) => m.ecs.includes('(app) size'))!;
    expect(row.kubernetes).toContain('memoryReservation 384 MiB (soft) → requests.memory 384Mi');
  });

  test('memoryReservation is the request and memory the limit when no task size adds to them', () => {
    const conv = convert(
      taskDef({
        cpu: undefined,
        memory: undefined,
        containerDefinitions: [container({ cpu: 256, memory: 512, memoryReservation: 256 })],
      }),
    );
    expect(resources(conv)).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  test('a task size with no container sizes is spread evenly over the containers as requests', () => {
    const conv = convert(
      taskDef({ cpu: '1 vCPU', memory: '2 GB', containerDefinitions: [container(), container({ name: 'sidecar' })] }),
    );
    const each = { requests: { cpu: '500m', memory: '1Gi' } };
    expect(resources(conv)).toEqual(each);
    expect(resources(conv, 'sidecar')).toEqual(each);
    expect(finding(conv, 'task-size-spread').severity).toBe('info');
  });

  test('what the containers declare is their floor; the rest of the task goes to the essential ones (memory to those without a hard cap)', () => {
    const conv = convert(
      taskDef({
        cpu: '1024',
        memory: '2048',
        containerDefinitions: [container({ cpu: 256, memory: 512 }), container({ name: 'sidecar' })],
      }),
    );
    expect(resources(conv)).toEqual({ requests: { cpu: '625m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    expect(resources(conv, 'sidecar')).toEqual({ requests: { cpu: '375m', memory: '1536Mi' } });
  });

  test('non-essential containers keep their own size; the remainder goes to the essential ones', () => {
    const conv = convert(
      taskDef({
        cpu: '1024',
        memory: '2048',
        containerDefinitions: [
          container(),
          container({ name: 'helper', essential: false, cpu: 128, memoryReservation: 128 }),
        ],
      }),
    );
    expect(resources(conv, 'helper')).toEqual({ requests: { cpu: '125m', memory: '128Mi' } });
    expect(resources(conv)).toEqual({ requests: { cpu: '875m', memory: '1920Mi' } });
  });

  test('the pod sizing in the plan adds Fargate’s 256 MB and rounds up to the table', () => {
    const conv = convert(taskDef({ cpu: '256', memory: '512' }));
    expect(conv.workloads[0]!.fargate).toMatchObject({
      requested: { cpu: '250m', memory: '512Mi' },
      vcpu: 0.25,
      memoryGb: 1,
      capacityProvisioned: '0.25vCPU 1GB',
    });
    expect(conv.workloads[0]!.ecs).toMatchObject({ vcpu: 0.25, memoryGb: 0.5 });
    expect(finding(conv, 'fargate-size-up').message).toContain("lower the containers' memory by 256 MiB");
  });
});

describe('ports and health checks', () => {
  test('portMappings → container ports and a ClusterIP Service', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({
            portMappings: [
              { containerPort: 8080, protocol: 'tcp' },
              { containerPort: 5353, protocol: 'udp' },
              { containerPort: 9000, name: 'metrics' },
            ],
          }),
        ],
      }),
    );
    expect(containerOf(conv).ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'udp', containerPort: 5353, protocol: 'UDP' },
      { name: 'metrics', containerPort: 9000, protocol: 'TCP' },
    ]);
    expect(one(conv, 'Service', 'web').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [
        { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' },
        { name: 'udp', port: 5353, targetPort: 5353, protocol: 'UDP' },
        { name: 'metrics', port: 9000, targetPort: 9000, protocol: 'TCP' },
      ],
    });
  });

  test('no portMappings → no Service', () => {
    expect(kinds(convert(taskDef()))).toEqual(['ServiceAccount/web', 'Deployment/web']);
  });

  test('hostPort equal to containerPort is dropped with an info', () => {
    const conv = convert(
      taskDef({ containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 80 }] })] }),
    );
    expect(finding(conv, 'host-port-dropped')).toMatchObject({
      severity: 'info',
      field: 'containerDefinitions[0].portMappings[0].hostPort',
    });
    expect(toYamlStream(conv.objects)).not.toContain('hostPort');
  });

  test('hostPort different from containerPort is dropped with a warning', () => {
    const conv = convert(
      taskDef({
        networkMode: 'bridge',
        containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })],
      }),
    );
    const f = finding(conv, 'host-port-dropped');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('hostPort 8080 dropped');
    expect(f.message).toContain('containerPort 80');
    expect(toYamlStream(conv.objects)).not.toContain('hostPort');
  });

  const probeOf = (healthCheck: Json, portMappings: Json[] = [{ containerPort: 8000 }]): Json =>
    containerOf(convert(taskDef({ containerDefinitions: [container({ portMappings, healthCheck })] })));

  test('CMD-SHELL curl -f http://localhost:PORT/PATH → httpGet readiness and liveness probes', () => {
    const c = probeOf({
      command: ['CMD-SHELL', 'curl -f http://localhost:8000/health || exit 1'],
      interval: 10,
      timeout: 3,
      retries: 4,
    });
    const probe = {
      httpGet: { path: '/health', port: 8000 },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 4,
    };
    expect(c.readinessProbe).toEqual(probe);
    expect(c.livenessProbe).toEqual(probe);
    expect(c).not.toHaveProperty('startupProbe');
  });

  test('curl with long options (--fail --silent) → httpGet', () => {
    const c = probeOf({ command: ['CMD-SHELL', 'curl --fail --silent http://localhost:8000/status || exit 1'] });
    expect((c.readinessProbe as Json).httpGet).toEqual({ path: '/status', port: 8000 });
  });

  test('curl with an option that takes a value stays an exec probe (the value could change the request)', () => {
    const c = probeOf({ command: ['CMD-SHELL', 'curl -X POST http://localhost:8000/status || exit 1'] });
    expect(c.readinessProbe).toHaveProperty('exec');
  });

  test('wget --spider on 127.0.0.1 → httpGet', () => {
    const c = probeOf({ command: ['CMD-SHELL', 'wget -q --spider http://127.0.0.1:8000/healthz'] });
    expect((c.readinessProbe as Json).httpGet).toEqual({ path: '/healthz', port: 8000 });
  });

  test('https health check → httpGet with scheme HTTPS', () => {
    const c = probeOf({ command: ['CMD-SHELL', 'curl -fsk https://localhost:8443/ready || exit 1'] }, [
      { containerPort: 8443 },
    ]);
    expect((c.readinessProbe as Json).httpGet).toEqual({ path: '/ready', port: 8443, scheme: 'HTTPS' });
  });

  test('CMD-SHELL that is not a local HTTP GET → exec through /bin/sh -c', () => {
    const c = probeOf({ command: ['CMD-SHELL', 'pg_isready -h localhost && test -f /tmp/ready'] });
    expect((c.livenessProbe as Json).exec).toEqual({
      command: ['/bin/sh', '-c', 'pg_isready -h localhost && test -f /tmp/ready'],
    });
  });

  test('curl to another host stays an exec probe (a pod cannot httpGet a remote host)', () => {
    const c = probeOf({ command: ['CMD-SHELL', 'curl -f http://example.com/ || exit 1'] });
    expect((c.readinessProbe as Json).exec).toEqual({
      command: ['/bin/sh', '-c', 'curl -f http://example.com/ || exit 1'],
    });
  });

  test('CMD → exec with the arguments as given, no shell', () => {
    const c = probeOf({ command: ['CMD', '/app/healthcheck', '--quick'] });
    expect((c.readinessProbe as Json).exec).toEqual({ command: ['/app/healthcheck', '--quick'] });
  });

  test('ECS defaults when interval, timeout and retries are omitted (30 s, 5 s, 3)', () => {
    const c = probeOf({ command: ['CMD', 'true'] });
    expect(c.readinessProbe).toEqual({
      exec: { command: ['true'] },
      periodSeconds: 30,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
  });

  test('startPeriod → a startup probe that allows the start period before liveness counts', () => {
    const c = probeOf({
      command: ['CMD-SHELL', 'curl -f http://localhost:8000/health || exit 1'],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 60,
    });
    expect(c.startupProbe).toEqual({
      httpGet: { path: '/health', port: 8000 },
      periodSeconds: 30,
      timeoutSeconds: 5,
      failureThreshold: 5,
    });
    const d = probeOf({ command: ['CMD', 'true'], interval: 10, retries: 2, startPeriod: 45 });
    expect((d.startupProbe as Json).failureThreshold).toBe(7); // ceil(45/10) + 2
  });
});

describe('container dependencies', () => {
  const deps = (condition: string, dependency: Json = {}): ReturnType<typeof convert> =>
    convert(
      taskDef({
        containerDefinitions: [
          container({ name: 'dep', essential: false, ...dependency }),
          container({ dependsOn: [{ containerName: 'dep', condition }] }),
        ],
      }),
    );

  test('SUCCESS → an init container that runs to completion first', () => {
    const conv = deps('SUCCESS');
    const spec = podSpec(conv);
    expect((spec.initContainers as Json[]).map((c) => c.name)).toEqual(['dep']);
    expect((spec.initContainers as Json[])[0]).not.toHaveProperty('restartPolicy');
    expect((spec.containers as Json[]).map((c) => c.name)).toEqual(['app']);
    expect(conv.workloads[0]).toMatchObject({ containers: ['app'], initContainers: ['dep'] });
  });

  test('COMPLETE → an init container, with a warning that a non-zero exit now blocks the pod', () => {
    const conv = deps('COMPLETE');
    expect((podSpec(conv).initContainers as Json[]).map((c) => c.name)).toEqual(['dep']);
    expect(finding(conv, 'depends-on-complete')).toMatchObject({
      severity: 'warning',
      container: 'app',
      field: 'containerDefinitions[1].dependsOn[0]',
    });
  });

  test('START → a sidecar (init container with restartPolicy Always)', () => {
    const conv = deps('START');
    const init = podSpec(conv).initContainers as Json[];
    expect(init.map((c) => [c.name, c.restartPolicy])).toEqual([['dep', 'Always']]);
  });

  test('HEALTHY → a sidecar gated by a startup probe made from its health check', () => {
    const conv = deps('HEALTHY', { healthCheck: { command: ['CMD', '/bin/ready'], interval: 5 } });
    const dep = containerOf(conv, 'dep');
    expect(dep.restartPolicy).toBe('Always');
    expect(dep.startupProbe).toEqual({
      exec: { command: ['/bin/ready'] },
      periodSeconds: 5,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    expect(finding(conv, 'depends-on-healthy').severity).toBe('info');
  });

  test('HEALTHY on a container without a health check → a warning that it only gates on start', () => {
    const conv = deps('HEALTHY');
    expect(finding(conv, 'depends-on-healthy')).toMatchObject({ severity: 'warning' });
    expect(finding(conv, 'depends-on-healthy').message).toContain('only gates on start');
  });
});

describe('pod and security settings', () => {
  test('stopTimeout → terminationGracePeriodSeconds (the largest of the containers)', () => {
    const conv = convert(
      taskDef({ containerDefinitions: [container({ stopTimeout: 45 }), container({ name: 'b', stopTimeout: 90 })] }),
    );
    expect(podSpec(conv).terminationGracePeriodSeconds).toBe(90);
  });

  test('user "1000:1000" → runAsUser and runAsGroup', () => {
    expect(
      containerOf(convert(taskDef({ containerDefinitions: [container({ user: '1000:1000' })] }))).securityContext,
    ).toEqual({ runAsUser: 1000, runAsGroup: 1000 });
    expect(
      containerOf(convert(taskDef({ containerDefinitions: [container({ user: '101' })] }))).securityContext,
    ).toEqual({ runAsUser: 101 });
  });

  test('a named user cannot be mapped: a warning, and no runAsUser', () => {
    const conv = convert(taskDef({ containerDefinitions: [container({ user: 'nginx' })] }));
    expect(containerOf(conv)).not.toHaveProperty('securityContext');
    expect(finding(conv, 'user-name')).toMatchObject({ severity: 'warning', field: 'containerDefinitions[0].user' });
  });

  test('readonlyRootFilesystem and capabilities.drop → securityContext', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({
            readonlyRootFilesystem: true,
            linuxParameters: { capabilities: { drop: ['NET_RAW', 'CAP_SYS_ADMIN'] } },
          }),
        ],
      }),
    );
    expect(containerOf(conv).securityContext).toEqual({
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['NET_RAW', 'SYS_ADMIN'] },
    });
  });

  test('taskRoleArn → IRSA annotation on the ServiceAccount the pod uses, and a trust-policy warning', () => {
    const conv = convert(taskDef({ taskRoleArn: 'arn:aws:iam::123456789012:role/web-task' }));
    expect(one(conv, 'ServiceAccount', 'web').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/web-task',
    });
    expect(podSpec(conv).serviceAccountName).toBe('web');
    expect(finding(conv, 'irsa-trust').message).toContain('system:serviceaccount:default:web');
  });

  test('no taskRoleArn → a ServiceAccount without annotations', () => {
    expect(one(convert(taskDef()), 'ServiceAccount', 'web').metadata).not.toHaveProperty('annotations');
  });

  test('repositoryCredentials → imagePullSecrets and a warning saying how to create the Secret', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ repositoryCredentials: { credentialsParameter: `${SM}:dockerhub-AbCdEf` } }),
        ],
      }),
    );
    expect(podSpec(conv).imagePullSecrets).toEqual([{ name: 'web-registry' }]);
    expect(finding(conv, 'repository-credentials').message).toContain('kubernetes.io/dockerconfigjson');
  });
});

describe('volumes', () => {
  const efs = (
    config: Json,
    mount: Json = { sourceVolume: 'data', containerPath: '/data' },
  ): ReturnType<typeof convert> =>
    convert(
      taskDef({
        volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0', ...config } }],
        containerDefinitions: [container({ mountPoints: [mount] })],
      }),
    );
  const handle = (conv: ReturnType<typeof convert>): unknown =>
    ((one(conv, 'PersistentVolume').spec as Json).csi as Json).volumeHandle;

  test('EFS → a static PersistentVolume (efs.csi.aws.com) and a bound PVC mounted in the container', () => {
    const conv = efs(
      { transitEncryption: 'ENABLED' },
      { sourceVolume: 'data', containerPath: '/data', readOnly: true },
    );
    const pv = one(conv, 'PersistentVolume', 'default-web-data');
    expect(pv.metadata).not.toHaveProperty('namespace');
    expect(pv.spec).toEqual({
      capacity: { storage: '5Gi' },
      volumeMode: 'Filesystem',
      accessModes: ['ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      mountOptions: ['tls'],
      csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-0123456789abcdef0' },
    });
    const pvc = one(conv, 'PersistentVolumeClaim', 'web-data');
    expect(pvc.spec).toMatchObject({
      volumeName: 'default-web-data',
      storageClassName: '',
      accessModes: ['ReadWriteMany'],
    });
    expect(podSpec(conv).volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'web-data' } }]);
    expect(containerOf(conv).volumeMounts).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]);
  });

  test.each([
    [{}, 'fs-0123456789abcdef0'],
    [{ rootDirectory: '/' }, 'fs-0123456789abcdef0'],
    [{ rootDirectory: '/shared/uploads' }, 'fs-0123456789abcdef0:/shared/uploads'],
    [
      {
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: 'fsap-0a1b2c3d4e5f67890', iam: 'DISABLED' },
      },
      'fs-0123456789abcdef0::fsap-0a1b2c3d4e5f67890',
    ],
  ])('EFS %p → volumeHandle %p', (config, expected) => {
    expect(handle(efs(config))).toBe(expected);
  });

  test('EFS IAM authorization → a warning about the pod execution role', () => {
    const conv = efs({
      transitEncryption: 'ENABLED',
      authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' },
    });
    expect(finding(conv, 'efs-iam').message).toContain('Fargate pod execution role');
  });

  test('a task-scoped volume without a host path → emptyDir', () => {
    const conv = convert(
      taskDef({
        volumes: [{ name: 'scratch' }],
        containerDefinitions: [container({ mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp' }] })],
      }),
    );
    expect(podSpec(conv).volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(containerOf(conv).volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp' }]);
  });

  test('a mount of a volume the task does not declare is a blocker', () => {
    const conv = convert(
      taskDef({ containerDefinitions: [container({ mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })] }),
    );
    expect(finding(conv, 'unknown-volume')).toMatchObject({
      severity: 'blocker',
      field: 'containerDefinitions[0].mountPoints[0].sourceVolume',
    });
  });
});

describe('service settings', () => {
  const withService = (
    svc: Json,
    td: Json = taskDef({ containerDefinitions: [container({ portMappings: [{ containerPort: 8080 }] })] }),
  ): ReturnType<typeof convert> => convert({ taskDefinitions: [td], services: [svc] });
  const deploymentSpec = (conv: ReturnType<typeof convert>): Json => one(conv, 'Deployment').spec as Json;

  test('desiredCount → replicas; the workload is named after the service', () => {
    const conv = withService(service({ serviceName: 'storefront', desiredCount: 3 }));
    expect(one(conv, 'Deployment', 'storefront').spec).toMatchObject({ replicas: 3 });
    expect(conv.workloads[0]).toMatchObject({ name: 'storefront', serviceName: 'storefront', replicas: 3 });
  });

  test('a task definition no service uses runs one replica', () => {
    expect(deploymentSpec(convert(taskDef())).replicas).toBe(1);
  });

  test.each([
    [
      { minimumHealthyPercent: 50, maximumPercent: 200 },
      { maxUnavailable: '50%', maxSurge: '100%' },
    ],
    [
      { minimumHealthyPercent: 100, maximumPercent: 150 },
      { maxUnavailable: '0%', maxSurge: '50%' },
    ],
    [
      { minimumHealthyPercent: 0, maximumPercent: 100 },
      { maxUnavailable: '100%', maxSurge: '0%' },
    ],
    [undefined, { maxUnavailable: '0%', maxSurge: '100%' }],
  ])('deploymentConfiguration %p → rollingUpdate %p', (dc, rolling) => {
    const conv = withService(service(dc ? { deploymentConfiguration: dc } : {}));
    expect(deploymentSpec(conv).strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: rolling.maxSurge, maxUnavailable: rolling.maxUnavailable },
    });
  });

  test('100% / 100% would allow no rollout: maxSurge 1 and a warning', () => {
    const conv = withService(service({ deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } }));
    expect(deploymentSpec(conv).strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '1', maxUnavailable: '0%' },
    });
    expect(finding(conv, 'rolling-update').file).toBe('svc0.json');
  });

  test('circuit breaker → progressDeadlineSeconds (plus the grace period) and a note that this tool rolls back', () => {
    const conv = withService(
      service({
        healthCheckGracePeriodSeconds: 60,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    expect(deploymentSpec(conv).progressDeadlineSeconds).toBe(660);
    const m = conv.workloads[0]!.mappings.find((x) => x.ecs.startsWith('deploymentCircuitBreaker'));
    expect(m).toEqual({
      ecs: 'deploymentCircuitBreaker (rollback: on)',
      kubernetes: 'progressDeadlineSeconds: 660',
      note: expect.stringContaining('rolls back itself'),
    });
    expect(deploymentSpec(withService(service())).progressDeadlineSeconds).toBeUndefined();
  });

  const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup';

  test('loadBalancers → an Ingress for the AWS Load Balancer Controller with target-type ip', () => {
    const td = taskDef({
      containerDefinitions: [
        container({
          portMappings: [{ containerPort: 8080 }],
          healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/ping || exit 1'] },
        }),
      ],
    });
    const conv = withService(
      service({
        loadBalancers: [
          { targetGroupArn: `${TG}/web-public/0123456789abcdef`, containerName: 'app', containerPort: 8080 },
        ],
      }),
      td,
    );
    const ing = one(conv, 'Ingress', 'web');
    expect(ing.metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/healthcheck-path': '/ping',
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
    });
    expect(ing.spec).toEqual({
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }],
          },
        },
      ],
    });
    expect(finding(conv, 'alb-scheme').severity).toBe('warning');
    expect(conv.workloads[0]!.traffic.loadBalancer).toEqual({ scheme: 'internet-facing', via: 'ingress', path: '/' });
  });

  test('a target group named internal → scheme internal, no scheme warning', () => {
    const conv = withService(
      service({
        loadBalancers: [
          { targetGroupArn: `${TG}/api-internal/0123456789abcdef`, containerName: 'app', containerPort: 8080 },
        ],
      }),
    );
    expect(one(conv, 'Ingress').metadata.annotations?.['alb.ingress.kubernetes.io/scheme']).toBe('internal');
    expect(findingsWith(conv, 'alb-scheme')).toEqual([]);
  });

  test('albMode target-group-binding → a TargetGroupBinding to the existing target group (targetType ip), no Ingress', () => {
    const conv = convert({
      taskDefinitions: [taskDef({ containerDefinitions: [container({ portMappings: [{ containerPort: 8080 }] })] })],
      services: [
        service({
          loadBalancers: [{ targetGroupArn: `${TG}/web/0123456789abcdef`, containerName: 'app', containerPort: 8080 }],
        }),
      ],
      options: { albMode: 'target-group-binding' },
    });
    expect(one(conv, 'TargetGroupBinding', 'web-tgb')).toEqual({
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: { name: 'web-tgb', namespace: 'default', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: { serviceRef: { name: 'web', port: 8080 }, targetGroupARN: `${TG}/web/0123456789abcdef`, targetType: 'ip' },
    });
    expect(conv.objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  test('serviceRegistries (Cloud Map) → an info with the cluster DNS name', () => {
    const conv = withService(
      service({
        serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1' }],
      }),
    );
    expect(finding(conv, 'cloud-map')).toMatchObject({ severity: 'info', file: 'svc0.json' });
    expect(finding(conv, 'cloud-map').message).toContain('web.default.svc.cluster.local:8080');
  });

  test('two or more replicas → a PodDisruptionBudget; one replica → none', () => {
    const conv = withService(service({ desiredCount: 4, deploymentConfiguration: { minimumHealthyPercent: 50 } }));
    expect(one(conv, 'PodDisruptionBudget', 'web').spec).toEqual({
      maxUnavailable: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    });
    const pdb100 = withService(service({ desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100 } }));
    expect((one(pdb100, 'PodDisruptionBudget').spec as Json).maxUnavailable).toBe(1);
    expect(withService(service({ desiredCount: 1 })).objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual(
      [],
    );
  });
});

describe('scaling', () => {
  const target = {
    ServiceNamespace: 'ecs',
    ResourceId: 'service/shop/web',
    ScalableDimension: 'ecs:service:DesiredCount',
    MinCapacity: 2,
    MaxCapacity: 10,
  };
  const policy = (name: string, metric: string, extra: Json = {}): Json => ({
    PolicyName: name,
    ResourceId: 'service/shop/web',
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 70,
      PredefinedMetricSpecification: { PredefinedMetricType: metric },
      ...extra,
    },
  });
  const scaled = (policies: Json[]): ReturnType<typeof convert> =>
    convert({
      taskDefinitions: [taskDef()],
      services: [service()],
      scaling: [{ ScalableTargets: [target], ScalingPolicies: policies }],
    });

  test('target tracking on CPU and memory → an HPA with both metrics, cooldowns as stabilization windows', () => {
    const conv = scaled([
      policy('cpu', 'ECSServiceAverageCPUUtilization', { ScaleInCooldown: 300, ScaleOutCooldown: 60 }),
      policy('mem', 'ECSServiceAverageMemoryUtilization', { TargetValue: 80.4 }),
    ]);
    expect(one(conv, 'HorizontalPodAutoscaler', 'web').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 }, scaleUp: { stabilizationWindowSeconds: 60 } },
    });
    // The HPA owns the replica count: a fixed one would fight it on every apply.
    expect(one(conv, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(finding(conv, 'metrics-server').severity).toBe('info');
  });

  test('DisableScaleIn → scaleDown selectPolicy Disabled', () => {
    const conv = scaled([policy('cpu', 'ECSServiceAverageCPUUtilization', { DisableScaleIn: true })]);
    expect(((one(conv, 'HorizontalPodAutoscaler').spec as Json).behavior as Json).scaleDown).toEqual({
      selectPolicy: 'Disabled',
    });
  });

  test('step scaling → a warning and no HPA; the Deployment keeps desiredCount', () => {
    const conv = scaled([
      {
        PolicyName: 'steps',
        ResourceId: 'service/shop/web',
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity' },
      },
    ]);
    expect(finding(conv, 'step-scaling')).toMatchObject({ severity: 'warning', file: 'scaling0.json' });
    expect(conv.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect((one(conv, 'Deployment').spec as Json).replicas).toBe(2);
  });

  test('ALB request count target tracking → a warning naming the metric adapter', () => {
    const conv = scaled([policy('rps', 'ALBRequestCountPerTarget')]);
    expect(finding(conv, 'custom-metric').message).toContain('ALBRequestCountPerTarget');
  });

  test('scaling of another service does not apply', () => {
    const conv = convert({
      taskDefinitions: [taskDef()],
      services: [service()],
      scaling: [
        {
          ScalableTargets: [{ ...target, ResourceId: 'service/shop/other' }],
          ScalingPolicies: [{ ...policy('c', 'ECSServiceAverageCPUUtilization'), ResourceId: 'service/shop/other' }],
        },
      ],
    });
    expect(conv.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });
});

describe('namespace', () => {
  test('a namespace other than default is emitted first and set on every namespaced object', () => {
    const conv = convert({
      taskDefinitions: [taskDef({ containerDefinitions: [container({ portMappings: [{ containerPort: 80 }] })] })],
      options: { namespace: 'shop' },
    });
    expect(conv.objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    for (const o of conv.objects.slice(1)) expect(o.metadata.namespace).toBe('shop');
  });
});

describe('task size spread with init containers', () => {
  test('init containers without a size do not take a share from the app containers', async () => {
    const { planContainerSizes } = await import('../../src/convert/workload.js');
    const defs = [
      { name: 'migrate', image: 'm:1' },
      { name: 'app', image: 'a:1', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
      { name: 'proxy', image: 'p:1' },
    ] as never[];
    const sizes = planContainerSizes(defs, 1024, 2048, (c: { name: string }) => c.name === 'migrate');
    // The two long-running containers split the task; the init container may use all of it.
    expect(sizes.containers.map((s) => ({ cpuMillis: s.cpuMillis, memoryMiB: s.memoryMiB }))).toEqual([
      { cpuMillis: 1000, memoryMiB: 2048 },
      { cpuMillis: 500, memoryMiB: 1024 },
      { cpuMillis: 500, memoryMiB: 1024 },
    ]);
    expect(sizes.remainderTo).toEqual(['app', 'proxy']);
  });
});
