/** `doctor`'s settings, from the action's inputs or the CLI's flags (validated once). */
import { UserInputError, UserInputErrors } from '../errors.js';
import { WORKFLOWS, type WorkflowName } from '../permissions.js';
import type { ActionInputName as ActionInput } from '../action-inputs.js';
import type { ClusterTarget } from './deploy.js';
import { validated } from './validated.js';

/** The audience of the job's OIDC token that AWS STS accepts. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** What doctor checks. */
export interface DoctorConfig {
  /** The workflow whose access is checked (its Kubernetes verbs come from src/permissions.ts). */
  workflow: WorkflowName;
  /** The IAM role the workflow assumes; checked with AssumeRoleWithWebIdentity when given. */
  roleArn?: string;
  region?: string;
  cluster?: ClusterTarget;
  namespace: string;
  audience: string;
}

/** `command: doctor`: the role, region, cluster and namespace the workflow will use. */
export function doctorConfig(get: (name: ActionInput) => string, env: NodeJS.ProcessEnv): DoctorConfig {
  const errors: UserInputError[] = [];
  const workflow = (get('check-workflow') || 'deploy') as WorkflowName;
  if (!(WORKFLOWS as readonly string[]).includes(workflow))
    errors.push(
      new UserInputError(
        `expected one of ${WORKFLOWS.join(', ')}, got ${JSON.stringify(workflow)}`,
        undefined,
        'input check-workflow',
      ),
    );
  const roleArn = get('role-to-assume') || undefined;
  if (roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleArn))
    errors.push(
      new UserInputError(
        `${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`,
        undefined,
        'input role-to-assume',
      ),
    );
  const region = get('aws-region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    errors.push(new UserInputError(`${JSON.stringify(region)} is not an AWS region`, undefined, 'input aws-region'));
  const namespace = get('namespace') || 'default';
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
    errors.push(
      new UserInputError(
        `${JSON.stringify(namespace)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`,
        undefined,
        'input namespace',
      ),
    );
  const clusterName = get('cluster-name');
  const kubeconfig = get('kubeconfig');
  if (clusterName !== '' && !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(clusterName))
    errors.push(
      new UserInputError(
        `${JSON.stringify(clusterName)} is not a valid EKS cluster name`,
        undefined,
        'input cluster-name',
      ),
    );
  if (clusterName !== '' && kubeconfig === '' && region === undefined)
    errors.push(
      new UserInputError('required with the cluster name (or set AWS_REGION)', undefined, 'input aws-region'),
    );
  if (errors.length > 0) throw new UserInputErrors(errors);
  const cluster: ClusterTarget | undefined =
    kubeconfig !== ''
      ? { kind: 'kubeconfig', path: kubeconfig, ...(get('context') ? { context: get('context') } : {}) }
      : clusterName !== ''
        ? { kind: 'eks', clusterName, region: validated(region, 'the region') }
        : undefined;
  return {
    workflow,
    namespace,
    audience: STS_AUDIENCE,
    ...(roleArn ? { roleArn } : {}),
    ...(region ? { region } : {}),
    ...(cluster ? { cluster } : {}),
  };
}
