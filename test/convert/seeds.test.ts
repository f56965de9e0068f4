/**
 * The seeds (/work/shared/seeds) show ECS task definitions next to the Kubernetes their authors
 * wrote by hand. The fixtures in test/fixtures/ecs/seeds/ rebuild those ECS inputs; these tests
 * check that the conversion yields the equivalent Deployment / Service / ConfigMap / secret /
 * HPA / Ingress fields. Where this tool deliberately differs from a seed (names, secretKeyRef
 * per variable instead of secretRef, ClusterIP instead of a LoadBalancer Service) the test says so.
 */
import { convertFiles, finding, findingsWith, one, SEEDS, type Json } from './ecs-builders.js';

const conv = convertFiles(SEEDS);
const pod = (name: string): Json => ((one(conv, 'Deployment', name).spec as Json).template as Json).spec as Json;
const containerOf = (workload: string, name: string): Json =>
  (pod(workload).containers as Json[]).find((c) => c.name === name)!;

describe('seed 000: fastapi-task (Stage3-v4 ECS → Stage4-v1 EKS)', () => {
  test('Deployment: 2 replicas, container fastapi, image ecr-uri:latest, containerPort 8000', () => {
    expect((one(conv, 'Deployment', 'fastapi').spec as Json).replicas).toBeUndefined(); // the HPA (seed 001) owns it
    const c = containerOf('fastapi', 'fastapi');
    expect(c.image).toBe('ecr-uri:latest');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(one(conv, 'Deployment', 'nodejs').spec).toMatchObject({ replicas: 2 });
  });

  test('environment → ConfigMap fastapi-config loaded with envFrom (the seed’s own name)', () => {
    expect(containerOf('fastapi', 'fastapi').envFrom).toEqual([{ configMapRef: { name: 'fastapi-config' } }]);
    expect(one(conv, 'ConfigMap', 'fastapi-config').data).toEqual({
      DATABASE_HOST: 'stage3-v4-db.c9akciq32xyz.us-east-1.rds.amazonaws.com',
      DATABASE_NAME: 'app',
    });
  });

  test('secrets → a Secret synced from Secrets Manager (the seed’s secretRef, here one secretKeyRef per variable)', () => {
    expect(containerOf('fastapi', 'fastapi').env).toEqual([
      { name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'fastapi-secrets', key: 'DATABASE_PASSWORD' } } },
      { name: 'DATABASE_USERNAME', valueFrom: { secretKeyRef: { name: 'fastapi-secrets', key: 'DATABASE_USERNAME' } } },
    ]);
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:stage3-v4-db-credentials-Xy12Za';
    expect((one(conv, 'ExternalSecret', 'fastapi-secrets').spec as Json).data).toEqual([
      { secretKey: 'DATABASE_PASSWORD', remoteRef: { key: arn, property: 'password' } },
      { secretKey: 'DATABASE_USERNAME', remoteRef: { key: arn, property: 'username' } },
    ]);
  });

  test('Kubernetes Services replace the target groups: fastapi:8000 and nodejs:3000', () => {
    expect((one(conv, 'Service', 'fastapi').spec as Json).ports).toEqual([
      { name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP' },
    ]);
    expect((one(conv, 'Service', 'nodejs').spec as Json).ports).toEqual([
      { name: 'http', port: 3000, targetPort: 3000, protocol: 'TCP' },
    ]);
  });

  test('FASTAPI_URL pointing at the internal ALB → use the Service DNS name instead (seed: http://fastapi-service)', () => {
    const hints = findingsWith(conv, 'endpoint-reference').filter((f) => f.workload === 'nodejs');
    expect(hints.map((f) => f.message)).toEqual([
      'an environment value points at load balancer internal-stage3-v4-internal-1234567890.us-east-1.elb.amazonaws.com: inside the cluster call the Service by its DNS name instead',
    ]);
  });

  test('traffic path: Internet → ALB → Ingress → nodejs; fastapi behind an internal ALB → RDS', () => {
    const nodejs = conv.workloads.find((w) => w.name === 'nodejs')!;
    const fastapi = conv.workloads.find((w) => w.name === 'fastapi')!;
    expect(nodejs.traffic.loadBalancer).toEqual({ scheme: 'internet-facing', via: 'ingress', path: '/' });
    expect(fastapi.traffic.loadBalancer).toEqual({ scheme: 'internal', via: 'ingress', path: '/' });
    expect(fastapi.traffic.dataStores).toEqual([{ name: 'RDS stage3-v4-db', kind: 'rds' }]);
  });

  test('securityContext: runAsUser 1000 and capabilities drop ALL (the seed’s pod security)', () => {
    expect(containerOf('nodejs', 'nodejs').securityContext).toEqual({
      runAsUser: 1000,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('ServiceAccount with the IAM role (IRSA) for AWS access', () => {
    expect(one(conv, 'ServiceAccount', 'fastapi').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/stage3-v4-fastapi-task',
    });
  });
});

describe('seed 001: ECS scalable target → HorizontalPodAutoscaler; Cloud Map → cluster DNS', () => {
  test('MinCapacity 1 / MaxCapacity 4 → HPA on the Deployment with minReplicas 1, maxReplicas 4', () => {
    expect(one(conv, 'HorizontalPodAutoscaler', 'fastapi').spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi' },
      minReplicas: 1,
      maxReplicas: 4,
    });
  });

  test('weaviate.angel-backend-dev.local (Cloud Map) → weaviate.<namespace>.svc.cluster.local', () => {
    const f = findingsWith(conv, 'endpoint-reference').find((x) => x.workload === 'medrobotics-api')!;
    expect(f.message).toBe(
      'an environment value points at weaviate.angel-backend-dev.local (Cloud Map): on EKS use weaviate.<namespace>.svc.cluster.local',
    );
  });
});

describe('seed 002: DukanX backend', () => {
  test('Deployment: 2 replicas, container backend, containerPort 8000, DATABASE_URL from a secretKeyRef', () => {
    expect(one(conv, 'Deployment', 'dukanx-backend').spec).toMatchObject({ replicas: 2 });
    expect(containerOf('dukanx-backend', 'backend')).toMatchObject({
      image: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/dukanx-backend:latest',
      ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }],
      env: [
        {
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'dukanx-backend-parameters', key: 'DATABASE_URL' } },
        },
      ],
    });
    expect((one(conv, 'ExternalSecret', 'dukanx-backend-parameters').spec as Json).data).toEqual([
      { secretKey: 'DATABASE_URL', remoteRef: { key: '/dukanx/database_url' } },
    ]);
  });

  test('Service selecting the pods on targetPort 8000 (ClusterIP: the ECS service has no load balancer)', () => {
    expect(one(conv, 'Service', 'dukanx-backend').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'dukanx-backend' },
      ports: [{ name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP' }],
    });
    expect(conv.objects.filter((o) => o.kind === 'Ingress' && o.metadata.name === 'dukanx-backend')).toEqual([]);
  });

  test('0.5 vCPU / 1 GB on ECS becomes 0.5 vCPU / 2 GB on EKS Fargate (the 256 MB overhead)', () => {
    const w = conv.workloads.find((x) => x.name === 'dukanx-backend')!;
    expect(w.ecs).toMatchObject({ vcpu: 0.5, memoryGb: 1 });
    expect(w.fargate).toMatchObject({ requested: { cpu: '500m', memory: '1Gi' }, capacityProvisioned: '0.5vCPU 2GB' });
  });
});

describe('seed 003: External Secrets Operator and HPA on CPU 70% / memory 80%', () => {
  test('password property of the RDS secret → ExternalSecret remoteRef with property password', () => {
    expect((one(conv, 'ExternalSecret', 'medrobotics-api-secrets').spec as Json).data).toEqual([
      {
        secretKey: 'DB_PASSWORD',
        remoteRef: {
          key: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:medrobotics-rds-secret-Qw3Er5',
          property: 'password',
        },
      },
    ]);
    expect(conv.workloads.find((w) => w.name === 'medrobotics-api')!.traffic.dataStores).toEqual([
      { name: 'database (secret medrobotics-rds-secret)', kind: 'database' },
    ]);
  });

  test('HPA metrics: cpu 70, memory 80', () => {
    expect((one(conv, 'HorizontalPodAutoscaler', 'fastapi').spec as Json).metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });
});

describe('seed 004: ALB annotations for Fargate', () => {
  test('internet-facing Ingress with target-type ip (required for Fargate)', () => {
    const ing = one(conv, 'Ingress', 'nodejs');
    expect(ing.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
    });
    expect((ing.spec as Json).ingressClassName).toBe('alb');
    expect(finding(conv, 'alb-scheme').workload).toBe('nodejs');
  });
});
