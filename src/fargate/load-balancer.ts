/**
 * `type: LoadBalancer` Services on EKS Fargate. Fargate pods can only be load balancer targets by
 * IP, and only the AWS Load Balancer Controller registers IP targets: a Service it handles
 * (`spec.loadBalancerClass: service.k8s.aws/nlb`, or the annotation
 * `service.beta.kubernetes.io/aws-load-balancer-type: external`) with
 * `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip` (or the legacy type
 * `nlb-ip`). Every other LoadBalancer Service gets a load balancer with instance targets (a
 * Classic LB from the in-tree provider, or the controller's NLB in instance mode): it gets an
 * address, so a rollout waiting for one succeeds, but it can never route to a Fargate pod.
 * Pure: data in, findings out.
 */
import { Severity, type Finding } from '../findings.js';

const S = 'service.beta.kubernetes.io/';
/** The load balancer class of the AWS Load Balancer Controller's NLBs. */
const AWS_NLB_CLASS = 'service.k8s.aws/nlb';
/** The annotation that gives an NLB IP targets. */
const NLB_TARGET_TYPE_ANNOTATION = `${S}aws-load-balancer-nlb-target-type`;
const LB_TYPE_ANNOTATION = `${S}aws-load-balancer-type`;

interface ServiceView {
  kind?: unknown;
  metadata?: { name?: unknown; annotations?: Record<string, unknown> };
  spec?: { type?: unknown; loadBalancerClass?: unknown };
}

/**
 * The Fargate blocker of a LoadBalancer Service that would get instance targets, naming the
 * field to change; none for other objects, IP-target Services, and Services of a load balancer
 * class other than the controller's (another controller decides those).
 */
export function loadBalancerServiceFindings(obj: unknown): Finding[] {
  const o = (obj ?? {}) as ServiceView;
  if (o.kind !== 'Service' || o.spec?.type !== 'LoadBalancer') return [];
  const ann = o.metadata?.annotations ?? {};
  const cls = o.spec.loadBalancerClass;
  const lbType = ann[LB_TYPE_ANNOTATION];
  if (cls !== undefined && cls !== AWS_NLB_CLASS) return [];
  const byController = cls === AWS_NLB_CLASS || lbType === 'external' || lbType === 'nlb-ip';
  if (lbType === 'nlb-ip' || (byController && ann[NLB_TARGET_TYPE_ANNOTATION] === 'ip')) return [];
  const name = JSON.stringify(o.metadata?.name ?? '');
  const fix = `set metadata.annotations["${NLB_TARGET_TYPE_ANNOTATION}"]: ip${byController ? '' : ` and spec.loadBalancerClass: ${AWS_NLB_CLASS} (AWS Load Balancer Controller)`}, or expose it through an Ingress of class alb with target-type ip`;
  const what = byController
    ? `the AWS Load Balancer Controller makes its NLB with instance targets (${NLB_TARGET_TYPE_ANNOTATION} is ${ann[NLB_TARGET_TYPE_ANNOTATION] === undefined ? 'not set' : JSON.stringify(ann[NLB_TARGET_TYPE_ANNOTATION])})`
    : `without the AWS Load Balancer Controller (spec.loadBalancerClass ${AWS_NLB_CLASS} or ${LB_TYPE_ANNOTATION}: external) the in-tree provider makes a ${lbType === 'nlb' ? 'Network' : 'Classic'} Load Balancer with instance targets`;
  return [
    {
      severity: Severity.Blocker,
      code: 'lb-service-instance-targets',
      message: `Service ${name}: type LoadBalancer: ${what}; instance targets cannot register Fargate pods, so the load balancer gets an address but never reaches a pod. Fix: ${fix}`,
      field: byController ? `metadata.annotations["${NLB_TARGET_TYPE_ANNOTATION}"]` : 'spec.type',
    },
  ];
}
