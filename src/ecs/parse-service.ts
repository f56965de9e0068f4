/** ECS services and Application Auto Scaling documents, checked field by field. */
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import type { LoadedScaling, LoadedService } from './model.js';
import { checked, isObject, NAME_PATTERN, stripNulls, type Parsed } from './document.js';

/**
 * Read ECS services: the `describe-services` output (`{"services": [...], "failures": [...]}`),
 * the `create-service` input, or a single service object.
 */
export function parseServicesDocument(raw: unknown, source: string): Parsed<LoadedService[]> {
  const errors: UserInputError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push(new UserInputError(message, source, field));
  };
  if (!isObject(raw)) {
    throw new UserInputErrors([
      new UserInputError(
        `expected a JSON object (an ECS service or describe-services output), got ${showValue(raw)}`,
        source,
      ),
    ]);
  }
  const doc = stripNulls(raw);
  let list: unknown[];
  let prefix: string;
  if (Array.isArray(doc['services'])) {
    list = doc['services'];
    prefix = 'services';
  } else if (isObject(doc['service'])) {
    list = [doc['service']];
    prefix = 'service';
  } else if ('serviceName' in doc) {
    list = [doc];
    prefix = '';
  } else {
    throw new UserInputErrors([
      new UserInputError(
        'expected "services" (describe-services output) or a service object with "serviceName"',
        source,
      ),
    ]);
  }
  const out: LoadedService[] = [];
  list.forEach((s, i) => {
    const at = prefix === 'services' ? `services[${i}]` : prefix;
    const f = (field: string): string => (at ? `${at}.${field}` : field);
    if (!isObject(s)) {
      fail(at || '(root)', `expected a service object, got ${showValue(s)}`);
      return;
    }
    let problems = 0;
    const bad = (field: string, message: string): void => {
      problems++;
      fail(f(field), message);
    };
    checkService(s, bad);
    if (problems === 0) out.push({ source, service: checked<LoadedService['service']>(s) });
  });
  if (errors.length > 0) throw new UserInputErrors(errors);
  return { value: out, findings: [] };
}

type Bad = (field: string, message: string) => void;

/** Every field of one service the conversion reads, in the order a reader finds them. */
function checkService(s: Record<string, unknown>, bad: Bad): void {
  checkServiceIdentity(s, bad);
  checkDeploymentPercentages(s['deploymentConfiguration'], bad);
  checkLoadBalancers(s['loadBalancers'], bad);
  checkNetworkShapes(s, bad);
  checkRolloutShapes(s, bad);
}

/** serviceName, taskDefinition and desiredCount. */
function checkServiceIdentity(s: Record<string, unknown>, bad: Bad): void {
  if (typeof s['serviceName'] !== 'string' || !NAME_PATTERN.test(s['serviceName'])) {
    bad(
      'serviceName',
      s['serviceName'] === undefined
        ? 'required field is missing'
        : `${showValue(s['serviceName'])} is not a valid service name`,
    );
  }
  if (typeof s['taskDefinition'] !== 'string' || s['taskDefinition'] === '') {
    bad(
      'taskDefinition',
      s['taskDefinition'] === undefined
        ? 'required field is missing'
        : `expected a task definition family, family:revision or ARN, got ${showValue(s['taskDefinition'])}`,
    );
  }
  if (
    s['desiredCount'] !== undefined &&
    (typeof s['desiredCount'] !== 'number' || !Number.isInteger(s['desiredCount']) || s['desiredCount'] < 0)
  ) {
    bad('desiredCount', `expected a non-negative integer, got ${showValue(s['desiredCount'])}`);
  }
}

/** deploymentConfiguration's minimumHealthyPercent and maximumPercent. */
function checkDeploymentPercentages(dc: unknown, bad: Bad): void {
  if (dc !== undefined) {
    if (!isObject(dc)) bad('deploymentConfiguration', `expected an object, got ${showValue(dc)}`);
    else {
      for (const k of ['minimumHealthyPercent', 'maximumPercent'] as const) {
        const v = dc[k];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
          bad(`deploymentConfiguration.${k}`, `expected a non-negative integer percentage, got ${showValue(v)}`);
        }
      }
    }
  }
}

/** loadBalancers: a list of objects with string names and a port number. */
function checkLoadBalancers(lbs: unknown, bad: Bad): void {
  if (lbs !== undefined && !Array.isArray(lbs)) {
    bad('loadBalancers', `expected a list, got ${showValue(lbs)}`);
  } else if (Array.isArray(lbs)) {
    lbs.forEach((lb: unknown, j: number) => {
      const lf = `loadBalancers[${j}]`;
      if (!isObject(lb)) {
        bad(lf, `expected a load balancer object, got ${showValue(lb)}`);
        return;
      }
      for (const k of ['targetGroupArn', 'loadBalancerName', 'containerName'] as const) {
        if (lb[k] !== undefined && typeof lb[k] !== 'string')
          bad(`${lf}.${k}`, `expected a string, got ${showValue(lb[k])}`);
      }
      const port = lb['containerPort'];
      if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
        bad(`${lf}.containerPort`, `expected a port number 1-65535, got ${showValue(port)}`);
      }
    });
  }
}

/** Shapes of capacity providers, registries, deployments, Service Connect and the network configuration. */
function checkNetworkShapes(s: Record<string, unknown>, bad: Bad): void {
  // Shapes of the optional fields the conversion reads: a wrong type is an input error, not a crash.
  const listOfObjects = (field: string, v: unknown): void => {
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => !isObject(x))))
      bad(field, `expected a list of objects, got ${showValue(v)}`);
  };
  listOfObjects('capacityProviderStrategy', s['capacityProviderStrategy']);
  listOfObjects('serviceRegistries', s['serviceRegistries']);
  listOfObjects('deployments', s['deployments']);
  if (Array.isArray(s['deployments'])) {
    s['deployments'].forEach((d: unknown, j: number) => {
      if (
        isObject(d) &&
        d['serviceConnectConfiguration'] !== undefined &&
        !isObject(d['serviceConnectConfiguration'])
      ) {
        bad(
          `deployments[${j}].serviceConnectConfiguration`,
          `expected an object, got ${showValue(d['serviceConnectConfiguration'])}`,
        );
      }
    });
  }
  for (const k of ['serviceConnectConfiguration', 'networkConfiguration'] as const) {
    if (s[k] !== undefined && !isObject(s[k])) bad(k, `expected an object, got ${showValue(s[k])}`);
  }
  const vpc = isObject(s['networkConfiguration']) ? s['networkConfiguration']['awsvpcConfiguration'] : undefined;
  if (vpc !== undefined) {
    if (!isObject(vpc)) bad('networkConfiguration.awsvpcConfiguration', `expected an object, got ${showValue(vpc)}`);
    else
      for (const k of ['subnets', 'securityGroups'] as const) {
        const v = vpc[k];
        if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string')))
          bad(`networkConfiguration.awsvpcConfiguration.${k}`, `expected a list of strings, got ${showValue(v)}`);
      }
  }
}

/** The circuit breaker and the health check grace period. */
function checkRolloutShapes(s: Record<string, unknown>, bad: Bad): void {
  const dc = s['deploymentConfiguration'];
  if (isObject(dc) && dc['deploymentCircuitBreaker'] !== undefined && !isObject(dc['deploymentCircuitBreaker'])) {
    bad(
      'deploymentConfiguration.deploymentCircuitBreaker',
      `expected an object, got ${showValue(dc['deploymentCircuitBreaker'])}`,
    );
  }
  if (
    s['healthCheckGracePeriodSeconds'] !== undefined &&
    (typeof s['healthCheckGracePeriodSeconds'] !== 'number' || s['healthCheckGracePeriodSeconds'] < 0)
  ) {
    bad(
      'healthCheckGracePeriodSeconds',
      `expected a non-negative number, got ${showValue(s['healthCheckGracePeriodSeconds'])}`,
    );
  }
}

/**
 * Read Application Auto Scaling documents: `describe-scalable-targets` output (`ScalableTargets`),
 * `describe-scaling-policies` output (`ScalingPolicies`), or one file holding both keys.
 */
export function parseScalingDocument(raw: unknown, source: string): Parsed<LoadedScaling> {
  if (!isObject(raw)) {
    throw new UserInputErrors([
      new UserInputError(
        `expected a JSON object (describe-scalable-targets or describe-scaling-policies output), got ${showValue(raw)}`,
        source,
      ),
    ]);
  }
  const doc = stripNulls(raw);
  const errors: UserInputError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push(new UserInputError(message, source, field));
  };
  if (!('ScalableTargets' in doc) && !('ScalingPolicies' in doc)) {
    throw new UserInputErrors([
      new UserInputError('expected "ScalableTargets" or "ScalingPolicies" (Application Auto Scaling output)', source),
    ]);
  }
  const targets: ScalableTarget[] = [];
  const policies: ScalingPolicy[] = [];
  const rawTargets = doc['ScalableTargets'];
  if (rawTargets !== undefined) {
    if (!Array.isArray(rawTargets)) fail('ScalableTargets', `expected a list, got ${showValue(rawTargets)}`);
    else
      rawTargets.forEach((t, i) => {
        const at = `ScalableTargets[${i}]`;
        if (!isObject(t)) {
          fail(at, `expected an object, got ${showValue(t)}`);
          return;
        }
        if (typeof t['ResourceId'] !== 'string') {
          fail(`${at}.ResourceId`, `expected "service/CLUSTER/SERVICE", got ${showValue(t['ResourceId'])}`);
          return;
        }
        for (const k of ['MinCapacity', 'MaxCapacity'] as const) {
          if (typeof t[k] !== 'number' || !Number.isInteger(t[k]) || t[k] < 0) {
            fail(`${at}.${k}`, `expected a non-negative integer, got ${showValue(t[k])}`);
            return;
          }
        }
        const min = t['MinCapacity'];
        const max = t['MaxCapacity'];
        if (typeof min === 'number' && typeof max === 'number' && min > max) {
          fail(`${at}.MinCapacity`, `MinCapacity ${min} is above MaxCapacity ${max}`);
          return;
        }
        targets.push(checked<ScalableTarget>(t));
      });
  }
  const rawPolicies = doc['ScalingPolicies'];
  if (rawPolicies !== undefined) {
    if (!Array.isArray(rawPolicies)) fail('ScalingPolicies', `expected a list, got ${showValue(rawPolicies)}`);
    else
      rawPolicies.forEach((p, i) => {
        const at = `ScalingPolicies[${i}]`;
        if (!isObject(p)) {
          fail(at, `expected an object, got ${showValue(p)}`);
          return;
        }
        if (typeof p['ResourceId'] !== 'string') {
          fail(`${at}.ResourceId`, `expected "service/CLUSTER/SERVICE", got ${showValue(p['ResourceId'])}`);
          return;
        }
        const tt = p['TargetTrackingScalingPolicyConfiguration'];
        if (tt !== undefined && (!isObject(tt) || typeof tt['TargetValue'] !== 'number')) {
          fail(
            `${at}.TargetTrackingScalingPolicyConfiguration.TargetValue`,
            `expected a number, got ${showValue(isObject(tt) ? tt['TargetValue'] : tt)}`,
          );
          return;
        }
        policies.push(checked<ScalingPolicy>(p));
      });
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
  return { value: { source, targets, policies }, findings: [] };
}
