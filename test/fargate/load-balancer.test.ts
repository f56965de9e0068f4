/** LoadBalancer Services on Fargate: which ones can reach a pod (IP targets) and which cannot. */
import { loadBalancerServiceFindings } from '../../src/fargate/load-balancer.js';

const svc = (annotations: Record<string, string>, spec: Record<string, unknown> = {}): unknown => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', annotations }, spec: { type: 'LoadBalancer', ...spec } });
const A = 'service.beta.kubernetes.io/';

describe('LoadBalancer Services on EKS Fargate', () => {
  test('IP targets of the AWS Load Balancer Controller pass (annotation external, class service.k8s.aws/nlb, legacy nlb-ip)', () => {
    expect(loadBalancerServiceFindings(svc({ [`${A}aws-load-balancer-type`]: 'external', [`${A}aws-load-balancer-nlb-target-type`]: 'ip' }))).toEqual([]);
    expect(loadBalancerServiceFindings(svc({ [`${A}aws-load-balancer-nlb-target-type`]: 'ip' }, { loadBalancerClass: 'service.k8s.aws/nlb' }))).toEqual([]);
    expect(loadBalancerServiceFindings(svc({ [`${A}aws-load-balancer-type`]: 'nlb-ip' }))).toEqual([]);
  });

  test('instance targets are a blocker naming the field to change', () => {
    const classic = loadBalancerServiceFindings(svc({}));
    expect(classic).toEqual([expect.objectContaining({ severity: 'blocker', code: 'lb-service-instance-targets', field: 'spec.type', message: expect.stringContaining('Classic Load Balancer with instance targets') })]);
    const inTreeNlb = loadBalancerServiceFindings(svc({ [`${A}aws-load-balancer-type`]: 'nlb', [`${A}aws-load-balancer-nlb-target-type`]: 'ip' }));
    expect(inTreeNlb[0]?.message).toContain('Network Load Balancer with instance targets');
    const lbcInstance = loadBalancerServiceFindings(svc({ [`${A}aws-load-balancer-type`]: 'external', [`${A}aws-load-balancer-nlb-target-type`]: 'instance' }));
    expect(lbcInstance).toEqual([expect.objectContaining({ field: `metadata.annotations["${A}aws-load-balancer-nlb-target-type"]`, message: expect.stringContaining('is "instance"') })]);
  });

  test('other Services and other load balancer classes are not judged', () => {
    expect(loadBalancerServiceFindings({ kind: 'Service', metadata: { name: 'x' }, spec: { type: 'ClusterIP' } })).toEqual([]);
    expect(loadBalancerServiceFindings(svc({}, { loadBalancerClass: 'example.com/lb' }))).toEqual([]);
    expect(loadBalancerServiceFindings({ kind: 'Deployment', metadata: { name: 'x' } })).toEqual([]);
  });
});
