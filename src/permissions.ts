/**
 * What each workflow is allowed to do, derived from the calls the code makes: every AWS API call
 * (the SDK commands of src/aws, src/ecs and src/commands) with the IAM action it needs and the
 * workflows that make it; the Kubernetes verbs per resource are in permissions/kubernetes.ts.
 * docs/permissions.md is checked against both (permissions/markdown.ts), and the adoption tests
 * run the workflows against moto and the sandbox and compare the calls they made with them: none
 * missing, none unused.
 * Pure data and functions; no I/O.
 */

/** The reusable workflows (and `doctor`, which checks the access of one of them). */
export const WORKFLOWS = ['plan', 'deploy', 'rollback', 'build', 'cutover'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

/** One AWS API call the code makes. */
export interface AwsCall {
  /** The IAM action (`service:Action`). */
  action: string;
  /** Where the call is made. */
  source: string;
  /** The workflows that make it, and when (`always` or the input that turns it on). */
  workflows: Partial<Record<WorkflowName, string>>;
  /** Scoped to this resource ARN pattern (`*` when the API has no resource-level permission). */
  resource: string;
}

const EKS_CLUSTER = 'arn:aws:eks:REGION:ACCOUNT_ID:cluster/CLUSTER';
const EKS_PROFILE = 'arn:aws:eks:REGION:ACCOUNT_ID:fargateprofile/CLUSTER/*';
const ECR_REPO = 'arn:aws:ecr:REGION:ACCOUNT_ID:repository/REPOSITORY';

/** Every AWS call, in the order a deploy makes them. */
export const AWS_CALLS: readonly AwsCall[] = [
  {
    action: 'eks:DescribeCluster',
    source: 'src/aws/eks.ts describeCluster',
    resource: EKS_CLUSTER,
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  {
    action: 'eks:ListFargateProfiles',
    source: 'src/aws/eks.ts listFargateProfiles',
    resource: EKS_CLUSTER,
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  {
    action: 'eks:DescribeFargateProfile',
    source: 'src/aws/eks.ts listFargateProfiles',
    resource: EKS_PROFILE,
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  // GetCallerIdentity needs no permission (it cannot be denied); it is listed so the log comparison is complete.
  {
    action: 'sts:GetCallerIdentity',
    source: 'src/aws/eks.ts callerIdentity, src/aws/eks-token.ts (the EKS token)',
    resource: '*',
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  {
    action: 'ecr:GetAuthorizationToken',
    source: 'src/aws/ecr.ts getEcrLogin',
    resource: '*',
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:DescribeRepositories',
    source: 'src/aws/ecr.ts ensureRepository',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:CreateRepository',
    source: 'src/aws/ecr.ts ensureRepository (first build of an image)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:PutLifecyclePolicy',
    source: 'src/aws/ecr.ts ensureRepository',
    resource: ECR_REPO,
    workflows: { deploy: 'lifecycle-keep', build: 'lifecycle-keep' },
  },
  {
    action: 'ecr:GetLifecyclePolicy',
    source: 'src/aws/ecr.ts repository drift check',
    resource: ECR_REPO,
    workflows: { deploy: 'lifecycle-keep', build: 'lifecycle-keep' },
  },
  {
    action: 'ecr:DescribeImages',
    source: 'src/aws/ecr.ts findImageDigest (skip what is pushed)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:BatchGetImage',
    source: 'src/aws/ecr.ts tagImage; docker/buildah pull of cache and base layers',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:PutImage',
    source: 'src/aws/ecr.ts tagImage; docker/buildah push',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:StartImageScan',
    source: 'src/aws/ecr.ts waitForScan',
    resource: ECR_REPO,
    workflows: { deploy: 'scan-gate-severity', build: 'scan-gate-severity' },
  },
  {
    action: 'ecr:DescribeImageScanFindings',
    source: 'src/aws/ecr.ts waitForScan',
    resource: ECR_REPO,
    workflows: { deploy: 'scan-gate-severity', build: 'scan-gate-severity' },
  },
  // The registry protocol of a push (docker buildx / buildah), not SDK calls.
  {
    action: 'ecr:BatchCheckLayerAvailability',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:InitiateLayerUpload',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:UploadLayerPart',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:CompleteLayerUpload',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:GetDownloadUrlForLayer',
    source: 'image build (registry protocol: cache and base layers)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecs:DescribeServices',
    source: 'src/ecs/live.ts readLiveEcs; src/commands/cutover.ts',
    resource: 'arn:aws:ecs:REGION:ACCOUNT_ID:service/ECS_CLUSTER/*',
    workflows: { plan: 'ecs-cluster', cutover: 'scale-ecs-to-zero' },
  },
  {
    action: 'ecs:DescribeTaskDefinition',
    source: 'src/ecs/live.ts readLiveEcs',
    resource: '*',
    workflows: { plan: 'ecs-cluster' },
  },
  {
    action: 'application-autoscaling:DescribeScalableTargets',
    source: 'src/ecs/live.ts readLiveEcs',
    resource: '*',
    workflows: { plan: 'ecs-cluster' },
  },
  {
    action: 'application-autoscaling:DescribeScalingPolicies',
    source: 'src/ecs/live.ts readLiveEcs',
    resource: '*',
    workflows: { plan: 'ecs-cluster' },
  },
  {
    action: 'route53:ListResourceRecordSets',
    source: 'src/aws/route53.ts',
    resource: 'arn:aws:route53:::hostedzone/HOSTED_ZONE_ID',
    workflows: { cutover: 'always' },
  },
  {
    action: 'route53:ChangeResourceRecordSets',
    source: 'src/aws/route53.ts',
    resource: 'arn:aws:route53:::hostedzone/HOSTED_ZONE_ID',
    workflows: { cutover: 'always' },
  },
  // Only while a change is PENDING (wait-dns, on by default); moto answers INSYNC at once.
  {
    action: 'route53:GetChange',
    source: 'src/aws/route53.ts (wait-dns)',
    resource: 'arn:aws:route53:::change/*',
    workflows: { cutover: 'wait-dns' },
  },
  {
    action: 'cloudwatch:GetMetricData',
    source: 'src/aws/cloudwatch.ts (alb-metrics gates)',
    resource: '*',
    workflows: { cutover: 'alb-metrics' },
  },
  {
    action: 'ecs:UpdateService',
    source: 'src/commands/cutover.ts (scale-ecs-to-zero)',
    resource: 'arn:aws:ecs:REGION:ACCOUNT_ID:service/ECS_CLUSTER/*',
    workflows: { cutover: 'scale-ecs-to-zero' },
  },
];

/** The IAM actions a workflow needs with these inputs turned on (`always` ones included). */
export function iamActions(workflow: WorkflowName, on: readonly string[] = []): string[] {
  return [
    ...new Set(
      AWS_CALLS.filter((c) => {
        const when = c.workflows[workflow];
        return when !== undefined && (when === 'always' || on.includes(when));
      }).map((c) => c.action),
    ),
  ].sort();
}

/** The identity policy of a workflow's role: one statement per resource pattern. */
export function iamPolicy(
  workflow: WorkflowName,
  on: readonly string[] = [],
): { Version: string; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[] } {
  const actions = new Set(iamActions(workflow, on));
  const byResource = new Map<string, string[]>();
  for (const c of AWS_CALLS) {
    if (!actions.has(c.action)) continue;
    const list = byResource.get(c.resource) ?? [];
    if (!list.includes(c.action)) list.push(c.action);
    byResource.set(c.resource, list);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byResource].map(([resource, list], i) => ({
      Sid: `${workflow.replace(/[^A-Za-z0-9]/g, '')}${i + 1}`,
      Effect: 'Allow',
      Action: list.sort(),
      Resource: resource,
    })),
  };
}
