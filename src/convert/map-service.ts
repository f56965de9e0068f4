import type { LoadedService } from '../ecs/model.js';
import type { WorkloadPlan } from '../report/model.js';
import { placeholderArn } from './map-container.js';
import { SERVICE_NO_KUBERNETES_MEANING } from './ledger.js';
import { joinName } from './names.js';
import type { KubeObject } from '../model/kube-object.js';
import type { WorkloadScope } from './scope.js';
import { AlbMode } from './options.js';

/** Service fields the functions below own; the rest is on the no-meaning list or reported. */
const SERVICE_FIELDS = new Set([
  'desiredCount',
  'deploymentConfiguration',
  'healthCheckGracePeriodSeconds',
  'networkConfiguration',
  'serviceRegistries',
  'serviceConnectConfiguration',
  'enableExecuteCommand',
  'loadBalancers',
  'schedulingStrategy',
  'capacityProviderStrategy',
]);

const SERVICE_NO_MEANING_KEYS: ReadonlySet<string> = new Set(
  SERVICE_NO_KUBERNETES_MEANING.filter((p) => !/[.[]/.test(p)),
);

/** Deployment strategy, replicas and service-level findings. */
export function mapServiceSettings(
  scope: WorkloadScope,
  service: LoadedService | undefined,
  firstPort: number | undefined,
): { strategy: Record<string, unknown>; progressDeadline?: number; replicas: number } {
  const strategy: Record<string, unknown> = { type: 'RollingUpdate' };
  if (!service) return { strategy, replicas: 1 };
  const rollout = mapRollout(scope, service, strategy);
  serviceWarnings(scope, service, firstPort);
  return rollout;
}

/** desiredCount, deploymentConfiguration, circuit breaker and health check grace → replicas and rollout. */
function mapRollout(
  scope: WorkloadScope,
  service: LoadedService,
  strategy: Record<string, unknown>,
): { strategy: Record<string, unknown>; progressDeadline?: number; replicas: number } {
  const svc = service.service;
  const replicas = svc.desiredCount ?? 1;
  const file = service.source;
  const name = scope.name;
  let progressDeadline: number | undefined;
  if (svc.desiredCount !== undefined) scope.mapped('desiredCount', `Deployment/${name} spec.replicas`, file);
  scope.row(`service.desiredCount = ${replicas}`, `Deployment ${name}: replicas ${replicas}`);
  const dc = svc.deploymentConfiguration;
  const minHealthy = dc?.minimumHealthyPercent ?? 100;
  const maxPercent = dc?.maximumPercent ?? 200;
  let maxUnavailable = `${Math.max(0, 100 - minHealthy)}%`;
  let maxSurge = `${Math.max(0, maxPercent - 100)}%`;
  if (maxUnavailable === '0%' && maxSurge === '0%') {
    maxSurge = '1';
    scope.add(
      'warning',
      'rolling-update',
      `minimumHealthyPercent ${minHealthy} and maximumPercent ${maxPercent} allow no rollout at all; maxSurge set to 1`,
      'deploymentConfiguration',
      undefined,
      file,
    );
  }
  if (minHealthy > 100) maxUnavailable = '0%';
  strategy['rollingUpdate'] = { maxSurge, maxUnavailable };
  if (dc)
    scope.mapped(
      'deploymentConfiguration',
      `Deployment/${name} spec.strategy.rollingUpdate, spec.progressDeadlineSeconds`,
      file,
    );
  scope.row(
    `deploymentConfiguration ${minHealthy}% / ${maxPercent}%`,
    `rollingUpdate maxUnavailable ${maxUnavailable}, maxSurge ${maxSurge}`,
  );
  const cb = dc?.deploymentCircuitBreaker;
  if (cb?.enable) {
    progressDeadline = 600 + (svc.healthCheckGracePeriodSeconds ?? 0);
    scope.row(
      `deploymentCircuitBreaker (rollback: ${cb.rollback ? 'on' : 'off'})`,
      `progressDeadlineSeconds: ${progressDeadline}`,
      'eks-fargate-deploy watches the rollout, fails fast on crash loops and bad images, and rolls back itself',
    );
  }
  if (svc.healthCheckGracePeriodSeconds) {
    scope.add(
      'info',
      'health-check-grace',
      `healthCheckGracePeriodSeconds ${svc.healthCheckGracePeriodSeconds}: probes start at once on Kubernetes; the startup probe (from the container's startPeriod) is the equivalent`,
      'healthCheckGracePeriodSeconds',
      undefined,
      file,
    );
  } else if (svc.healthCheckGracePeriodSeconds !== undefined) scope.noMeaning('healthCheckGracePeriodSeconds', file);
  return progressDeadline !== undefined ? { strategy, progressDeadline, replicas } : { strategy, replicas };
}

/** Scheduling, capacity, network, discovery and exec settings, and service fields nothing reads. */
function serviceWarnings(scope: WorkloadScope, service: LoadedService, firstPort: number | undefined): void {
  const svc = service.service;
  const file = service.source;
  const name = scope.name;
  if (svc.schedulingStrategy === 'DAEMON') {
    scope.blocker(
      'daemon',
      'schedulingStrategy DAEMON: DaemonSets do not run on EKS Fargate (there are no nodes to place them on)',
      'schedulingStrategy',
      undefined,
      false,
      file,
    );
  }
  if (svc.capacityProviderStrategy?.some((s) => s.capacityProvider === 'FARGATE_SPOT')) {
    scope.add(
      'warning',
      'fargate-spot',
      'FARGATE_SPOT capacity: EKS Fargate has no Spot; every pod is billed on demand (the cost table assumes on-demand for both)',
      'capacityProviderStrategy',
      undefined,
      file,
    );
  }
  networkWarnings(scope, service);
  if (svc.serviceRegistries && svc.serviceRegistries.length > 0) {
    scope.add(
      'info',
      'cloud-map',
      `Cloud Map service discovery becomes cluster DNS: ${name}.${scope.namespace}.svc.cluster.local${firstPort ? `:${firstPort}` : ''}; callers that used the Cloud Map name must switch`,
      'serviceRegistries',
      undefined,
      file,
    );
    scope.row('serviceRegistries (Cloud Map)', `Service DNS ${name}.${scope.namespace}.svc.cluster.local`);
  }
  const serviceConnect = (svc as { serviceConnectConfiguration?: { enabled?: boolean } }).serviceConnectConfiguration;
  if (serviceConnect?.enabled || svc.deployments?.some((d) => d.serviceConnectConfiguration?.enabled)) {
    scope.add(
      'warning',
      'service-connect',
      'Service Connect is not converted: callers reach the Service by cluster DNS',
      'serviceConnectConfiguration',
      undefined,
      file,
    );
  } else if (serviceConnect) scope.noMeaning('serviceConnectConfiguration', file);
  if (svc.enableExecuteCommand)
    scope.add(
      'info',
      'exec',
      'enableExecuteCommand: use kubectl exec (governed by RBAC)',
      'enableExecuteCommand',
      undefined,
      file,
    );
  else if (svc.enableExecuteCommand !== undefined) scope.noMeaning('enableExecuteCommand', file);
  for (const key of Object.keys(svc)) {
    if (SERVICE_FIELDS.has(key)) continue;
    if (SERVICE_NO_MEANING_KEYS.has(key)) scope.noMeaning(key, file);
    else
      scope.add(
        'info',
        'unknown-field',
        `service field ${JSON.stringify(key)} has no Kubernetes counterpart and is ignored`,
        key,
        undefined,
        file,
      );
  }
}

/** awsvpcConfiguration: public IPs and security groups work differently for Fargate pods. */
function networkWarnings(scope: WorkloadScope, service: LoadedService): void {
  const svc = service.service;
  const file = service.source;
  const vpc = svc.networkConfiguration?.awsvpcConfiguration;
  if (vpc?.assignPublicIp === 'ENABLED') {
    scope.add(
      'warning',
      'public-ip',
      'assignPublicIp ENABLED: EKS Fargate pods get private IPs only; they need private subnets with a NAT gateway or VPC endpoints to reach ECR and the internet',
      'networkConfiguration.awsvpcConfiguration.assignPublicIp',
      undefined,
      file,
    );
  } else if (vpc?.assignPublicIp !== undefined)
    scope.noMeaning('networkConfiguration.awsvpcConfiguration.assignPublicIp', file);
  if (vpc?.securityGroups?.length) {
    scope.add(
      'info',
      'security-groups',
      `security groups ${vpc.securityGroups.join(', ')}: Fargate pods use the cluster security group unless a SecurityGroupPolicy (security groups for pods) selects them`,
      'networkConfiguration.awsvpcConfiguration.securityGroups',
      undefined,
      file,
    );
  }
}

/** Load balancers → Ingress (a new ALB) or TargetGroupBinding (the existing target group). */
export function mapLoadBalancers(
  scope: WorkloadScope,
  service: LoadedService | undefined,
  ports: { firstPort?: number; hasPorts: boolean; healthPath?: string },
): { objects: KubeObject[]; traffic: WorkloadPlan['traffic']['loadBalancer'] } {
  const objects: KubeObject[] = [];
  let traffic: WorkloadPlan['traffic']['loadBalancer'];
  if (!service) return { objects, traffic };
  const file = service.source;
  (service.service.loadBalancers ?? []).forEach((lb, j) => {
    const field = `loadBalancers[${j}]`;
    if (lb.loadBalancerName && !lb.targetGroupArn) {
      scope.add(
        'warning',
        'classic-elb',
        `Classic Load Balancer ${lb.loadBalancerName} is not converted: use an ALB (Ingress) or NLB Service`,
        field,
        undefined,
        file,
      );
      return;
    }
    const port = lb.containerPort ?? ports.firstPort;
    if (port === undefined) {
      scope.add(
        'warning',
        'load-balancer-port',
        `${field} has no containerPort and the containers expose none: not converted`,
        field,
        undefined,
        file,
      );
      return;
    }
    const tgWhy = lb.targetGroupArn ? placeholderArn(lb.targetGroupArn) : undefined;
    if (tgWhy !== undefined) {
      scope.add(
        'warning',
        'placeholder-arn',
        `targetGroupArn ${lb.targetGroupArn}: ${tgWhy}`,
        `${field}.targetGroupArn`,
        undefined,
        file,
      );
    }
    const tgName = (lb.targetGroupArn ?? '').split('/')[1] ?? '';
    const internal = /(^|[-_])(int|internal|private)([-_]|$)/i.test(tgName);
    const scheme = internal ? 'internal' : 'internet-facing';
    const target: LbTarget = { field, index: j, port, scheme, tgName, file };
    const mapped =
      scope.options.albMode === AlbMode.TargetGroupBinding
        ? targetGroupBinding(scope, lb, target)
        : albIngress(scope, lb, target, ports.healthPath, internal);
    objects.push(mapped.object);
    traffic ??= mapped.traffic;
    if (!ports.hasPorts) {
      scope.add(
        'warning',
        'load-balancer-port',
        `${field} routes to port ${port} but no container exposes a port`,
        field,
        undefined,
        file,
      );
    }
  });
  return { objects, traffic };
}

type LoadBalancer = NonNullable<LoadedService['service']['loadBalancers']>[number];
type LbTraffic = NonNullable<WorkloadPlan['traffic']['loadBalancer']>;

/** Where one load balancer of the service sends traffic. */
interface LbTarget {
  field: string;
  index: number;
  port: number;
  scheme: LbTraffic['scheme'];
  tgName: string;
  file: string;
}

/** The existing target group, kept: pods register in it as IP targets. */
function targetGroupBinding(
  scope: WorkloadScope,
  lb: LoadBalancer,
  { field, index, port, scheme, tgName, file }: LbTarget,
): { object: KubeObject; traffic: LbTraffic } {
  const name = scope.name;
  const tgbName = joinName([name, 'tgb', index > 0 ? String(index) : '']);
  const object: KubeObject = {
    apiVersion: 'elbv2.k8s.aws/v1beta1',
    kind: 'TargetGroupBinding',
    metadata: scope.meta(tgbName),
    spec: { serviceRef: { name, port }, targetGroupARN: lb.targetGroupArn, targetType: 'ip' },
  };
  scope.mapped(field, `TargetGroupBinding/${tgbName}`, file);
  scope.row(
    `${field} target group ${tgName}`,
    `TargetGroupBinding ${tgbName} (targetType ip) → Service ${name}:${port}`,
    'the existing ALB keeps serving; pods register as IP targets',
  );
  return { object, traffic: { scheme, via: 'targetgroupbinding' } };
}

/** A new ALB through the AWS Load Balancer Controller: an Ingress of class alb. */
function albIngress(
  scope: WorkloadScope,
  lb: LoadBalancer,
  { field, index, port, scheme, tgName, file }: LbTarget,
  healthPath: string | undefined,
  internal: boolean,
): { object: KubeObject; traffic: LbTraffic } {
  const name = scope.name;
  const ingName = joinName([name, index > 0 ? String(index) : '']);
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': scheme,
    'alb.ingress.kubernetes.io/target-type': 'ip',
  };
  if (healthPath) annotations['alb.ingress.kubernetes.io/healthcheck-path'] = healthPath;
  const object: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...scope.meta(ingName), annotations },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: port } } } }],
          },
        },
      ],
    },
  };
  scope.mapped(field, `Ingress/${ingName}`, file);
  scope.row(
    `${field} target group ${tgName || '(unnamed)'} → ${lb.containerName}:${port}`,
    `Ingress ${ingName} (class alb, target-type ip, ${scheme})`,
    'the AWS Load Balancer Controller creates a new ALB',
  );
  if (!internal) {
    scope.add(
      'warning',
      'alb-scheme',
      `scheme assumed internet-facing for target group ${tgName || lb.targetGroupArn}; set alb.ingress.kubernetes.io/scheme: internal on Ingress ${ingName} if the ECS ALB was internal`,
      field,
      undefined,
      file,
    );
  }
  return { object, traffic: { scheme, via: 'ingress', path: '/' } };
}
