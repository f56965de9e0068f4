/** LoadBalancer Services on Fargate: which ones can reach a pod (IP targets) and which cannot. */
import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { loadBalancerServiceFindings } from '../../src/fargate/load-balancer.js';

const svc = (annotations: Record<string, string>, spec: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', annotations },
  spec: { type: 'LoadBalancer', ...spec },
});
const A = 'service.beta.kubernetes.io/';

describe('LoadBalancer Services on EKS Fargate', () => {
  test('IP targets of the AWS Load Balancer Controller pass (annotation external, class service.k8s.aws/nlb, legacy nlb-ip)', () => {
    expect(
      loadBalancerServiceFindings(
        svc({ [`${A}aws-load-balancer-type`]: 'external', [`${A}aws-load-balancer-nlb-target-type`]: 'ip' }),
      ),
    ).toEqual([]);
    expect(
      loadBalancerServiceFindings(
        svc({ [`${A}aws-load-balancer-nlb-target-type`]: 'ip' }, { loadBalancerClass: 'service.k8s.aws/nlb' }),
      ),
    ).toEqual([]);
    expect(loadBalancerServiceFindings(svc({ [`${A}aws-load-balancer-type`]: 'nlb-ip' }))).toEqual([]);
  });

  test('instance targets are a blocker naming the field to change', () => {
    const classic = loadBalancerServiceFindings(svc({}));
    expect(classic).toEqual([
      expect.objectContaining({
        severity: 'blocker',
        code: 'lb-service-instance-targets',
        field: 'spec.type',
        message: expect.stringContaining('Classic Load Balancer with instance targets'),
      }),
    ]);
    const inTreeNlb = loadBalancerServiceFindings(
      svc({ [`${A}aws-load-balancer-type`]: 'nlb', [`${A}aws-load-balancer-nlb-target-type`]: 'ip' }),
    );
    expect(inTreeNlb[0]?.message).toContain('Network Load Balancer with instance targets');
    const lbcInstance = loadBalancerServiceFindings(
      svc({ [`${A}aws-load-balancer-type`]: 'external', [`${A}aws-load-balancer-nlb-target-type`]: 'instance' }),
    );
    expect(lbcInstance).toEqual([
      expect.objectContaining({
        field: `metadata.annotations["${A}aws-load-balancer-nlb-target-type"]`,
        message: expect.stringContaining('is "instance"'),
      }),
    ]);
  });

  test('other Services and other load balancer classes are not judged', () => {
    expect(
      loadBalancerServiceFindings({ kind: 'Service', metadata: { name: 'x' }, spec: { type: 'ClusterIP' } }),
    ).toEqual([]);
    expect(loadBalancerServiceFindings(svc({}, { loadBalancerClass: 'example.com/lb' }))).toEqual([]);
    expect(loadBalancerServiceFindings({ kind: 'Deployment', metadata: { name: 'x' } })).toEqual([]);
  });
});

describe('LoadBalancer Services of public manifests (test/fixtures/fargate-corpus)', () => {
  const services = (file: string): Array<{ name: string; codes: string[] }> =>
    parseAllDocuments(readFileSync(`test/fixtures/fargate-corpus/${file}`, 'utf8'))
      .map((d) => d.toJSON() as { kind?: string; metadata?: { name?: string } } | null)
      .filter((o): o is { kind: string; metadata: { name: string } } => o?.kind === 'Service')
      .map((o) => ({ name: o.metadata.name, codes: loadBalancerServiceFindings(o).map((f) => f.code) }));

  test('ingress-nginx for AWS (in-tree NLB) and Online Boutique (Classic LB) are blocked; the 2048 game (NodePort + ALB Ingress) is not', () => {
    expect(services('ingress-nginx-aws.yaml').filter((s) => s.codes.length)).toEqual([
      { name: 'ingress-nginx-controller', codes: ['lb-service-instance-targets'] },
    ]);
    expect(services('online-boutique.yaml').filter((s) => s.codes.length)).toEqual([
      { name: 'frontend-external', codes: ['lb-service-instance-targets'] },
    ]);
    expect(services('game-2048.yaml')).toEqual([{ name: 'service-2048', codes: [] }]);
  });
});
