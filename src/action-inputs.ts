/**
 * The GitHub Action's inputs: name, description, default, required. action.yml must say exactly
 * this (test/readme.test.ts checks names, descriptions, defaults and required both ways); the
 * command model (src/command-model.ts) names, per flag, the input that carries it in the action.
 */
export interface ActionInputDecl {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  readonly required: boolean;
}

export const ACTION_INPUT_DECLS = [
  {
    name: 'command',
    description:
      "What to run: `plan` (ECS → EKS Fargate manifests with a report), `deploy` (build-images first when given, then render, apply, watch, verify, smoke test, roll back on failure), `rollback` (restore an earlier release), `build` (build and push images to ECR), `parity` (compare the ECS and EKS services), `cutover` (parity, then Route 53 weights step by step) or `doctor` (the job's OIDC claims, the trust policy they need, and a pass/fail line for the AWS role and the cluster access).",
    default: 'plan',
    required: false,
  },
  {
    name: 'ecs-task-definitions',
    description:
      'ECS task definition JSON files or directories (one per line or comma-separated); any of the three shapes (register input, describe output, console export).',
    required: false,
  },
  {
    name: 'ecs-services',
    description: 'ECS service JSON files (describe-services output or a service object).',
    required: false,
  },
  {
    name: 'ecs-scaling',
    description: 'Application Auto Scaling JSON files (describe-scalable-targets / describe-scaling-policies output).',
    required: false,
  },
  {
    name: 'ecs-cluster',
    description:
      "plan: read services live from this ECS cluster (with ecs-service-names), using the runner's AWS credentials. cutover: the ECS cluster of the service being retired (with ecs-service).",
    required: false,
  },
  {
    name: 'ecs-service-names',
    description: 'Services of ecs-cluster to plan (one per line or comma-separated).',
    required: false,
  },
  {
    name: 'aws-region',
    description:
      'AWS region for live ECS reads, cluster-name, ECR (build), CloudWatch and ECS (cutover); default from the environment (AWS_REGION).',
    required: false,
  },
  {
    name: 'namespace',
    description:
      'Kubernetes namespace of the rendered objects (plan) or the release (deploy, rollback, parity, cutover).',
    default: 'default',
    required: false,
  },
  {
    name: 'out-dir',
    description: 'Write rendered manifests here (one YAML per workload plus kustomization.yaml).',
    required: false,
  },
  {
    name: 'report-json',
    description:
      'plan: write the JSON report (version 1) here; default a file in RUNNER_TEMP (see output plan-json). parity/cutover: write the JSON report here.',
    required: false,
  },
  {
    name: 'report-md',
    description: 'plan, parity, cutover - also write the markdown report here (it is always added to the job summary).',
    required: false,
  },
  {
    name: 'drop-unsupported',
    description:
      'Emit workloads with Fargate blockers anyway, with the offending fields removed (each removal a warning).',
    default: 'false',
    required: false,
  },
  {
    name: 'alb-mode',
    description:
      "`ingress` (a new ALB via the AWS Load Balancer Controller) or `target-group-binding` (bind pods to the ECS service's existing target groups).",
    default: 'ingress',
    required: false,
  },
  {
    name: 'rates',
    description:
      'Price overrides as NAME=USD (vcpuHour, gbHour, ephemeralGbHour, controlPlaneHour, hoursPerMonth; ec2VcpuHour, ec2GbHour price ECS tasks on EC2), one per line.',
    required: false,
  },
  {
    name: 'cluster-name',
    description:
      "EKS cluster to deploy to, for plan to diff against, for parity/cutover to read the new target from the release's Ingress (with aws-region); its endpoint, CA and Fargate profiles come from the EKS API and the bearer token is made from the runner's AWS credentials.",
    required: false,
  },
  {
    name: 'kubeconfig',
    description:
      'Path of a kubeconfig to use instead of cluster-name (with cluster-name too, Fargate profiles are still read from EKS).',
    required: false,
  },
  {
    name: 'context',
    description: 'kubeconfig context (default the current one).',
    required: false,
  },
  {
    name: 'manifests',
    description:
      'Kubernetes manifests to deploy - files, directories, globs or kustomize directories, one per line. Or give ecs-task-definitions to deploy their conversion.',
    required: false,
  },
  {
    name: 'images',
    description:
      'Images to substitute, one per line: `NAME=REF` or `NAME=REF@sha256:...` (NAME is the repository in the manifests), or a YAML list of {name, ref, digest}. Images in build-images are added here pinned to their pushed digests; do not list them twice.',
    required: false,
  },
  {
    name: 'release',
    description:
      'Release name (records, lock, labels; parity/cutover - whose Ingress is the new target); default the namespace.',
    required: false,
  },
  {
    name: 'smoke-tests',
    description:
      'Smoke tests after the rollout (deploy, rollback) or against the new target at every cutover step - a YAML file path, or an inline YAML list (see README).',
    required: false,
  },
  {
    name: 'timeout',
    description: 'Overall limit of the deploy from apply to verified (seconds, or 90s / 10m / 1h).',
    default: '10m',
    required: false,
  },
  {
    name: 'grace',
    description:
      'How long a pod problem (ImagePullBackOff, CrashLoopBackOff, ...) must persist before the rollout fails.',
    default: '20s',
    required: false,
  },
  {
    name: 'settle',
    description:
      'Settle window - a rollout whose pods have a container without a readiness probe counts only after no container of a new pod restarted or exited for this long (seconds, 0 = off; default the larger of grace and 10s).',
    required: false,
  },
  {
    name: 'lock-wait',
    description: "How long to wait for another deploy's lock on the namespace.",
    default: '5m',
    required: false,
  },
  {
    name: 'auto-rollback',
    description: 'Restore the previous release when anything fails after apply.',
    default: 'true',
    required: false,
  },
  {
    name: 'force-conflicts',
    description: 'Take over fields that other field managers own (server-side apply force).',
    default: 'false',
    required: false,
  },
  {
    name: 'prune',
    description:
      "Delete objects the previous release of this tool applied and this one lacks (inside the release's namespaces).",
    default: 'false',
    required: false,
  },
  {
    name: 'allow-namespace',
    description:
      "Namespaces besides the release's namespace that deploy may write in, one per line (objects in any other namespace are refused before anything is applied).",
    required: false,
  },
  {
    name: 'allow-cluster-scoped',
    description: 'Allow cluster-scoped objects (ClusterRole, IngressClass, other Namespaces, ...) in the manifests.',
    default: 'false',
    required: false,
  },
  {
    name: 'adopt',
    description:
      'Take over existing objects that no release of this tool created (their prior state is kept in the release record and restored on rollback).',
    default: 'false',
    required: false,
  },
  {
    name: 'history-limit',
    description: 'Release records kept per release.',
    default: '10',
    required: false,
  },
  {
    name: 'to-release',
    description: 'For rollback, the release number to restore (default the one before the current).',
    required: false,
  },
  {
    name: 'github-token',
    description:
      'Token for the pull-request comment and the GitHub Deployment (the job needs `pull-requests: write` and `deployments: write`). Empty - no comment and no Deployment; the job summary is still written.',
    default: '${{ github.token }}',
    required: false,
  },
  {
    name: 'comment',
    description:
      'plan on a pull request: post the report as one sticky comment per comment-key, updated in place on every run.',
    default: 'true',
    required: false,
  },
  {
    name: 'comment-key',
    description:
      "The sticky comment's key (one comment per key on the pull request); default the environment, else the namespace.",
    required: false,
  },
  {
    name: 'environment',
    description:
      'deploy/rollback: the GitHub Deployment environment (statuses in_progress, then success with the ingress URL or failure with the run link). Empty - no Deployment.',
    required: false,
  },
  {
    name: 'build-images',
    description:
      'build, and deploy (which then builds first): the images to build and push - a YAML list of {name, repository, context, dockerfile, target, build-args, secrets, labels, tags}, or the path of a file holding it.',
    required: false,
  },
  {
    name: 'builder',
    description:
      '`docker` (buildx), `buildah` (no daemon needed, for runner pods) or `auto` (docker when a daemon answers, else buildah; the log says which and why).',
    default: 'auto',
    required: false,
  },
  {
    name: 'registry',
    description:
      'Push to this registry host[:port] instead of the one GetAuthorizationToken names (mirrors, private endpoints); `http://host:port` for a plain-HTTP local registry.',
    required: false,
  },
  {
    name: 'platform',
    description: 'Image platform; EKS on Fargate runs linux/amd64 only, anything else is refused.',
    default: 'linux/amd64',
    required: false,
  },
  {
    name: 'tag',
    description:
      'The main image tag; default the commit SHA (GITHUB_SHA). An image whose tag the registry already has is not rebuilt.',
    required: false,
  },
  {
    name: 'force-build',
    description:
      "Build and push even when the tag is already in the registry (refused when the repository's tags are immutable).",
    default: 'false',
    required: false,
  },
  {
    name: 'tag-immutability',
    description: 'Repositories created by build get immutable tags.',
    default: 'true',
    required: false,
  },
  {
    name: 'scan-on-push',
    description: 'Repositories created by build scan every pushed image.',
    default: 'true',
    required: false,
  },
  {
    name: 'encryption',
    description: 'Encryption of repositories created by build: `AES256`, `KMS` or `KMS:<key ARN, id or alias>`.',
    default: 'AES256',
    required: false,
  },
  {
    name: 'lifecycle-keep',
    description:
      'Repositories created by build get a lifecycle policy that keeps the newest N images (empty - no policy).',
    required: false,
  },
  {
    name: 'scan-gate-severity',
    description:
      'Wait for the ECR scan of each image and fail at or above this severity: LOW, MEDIUM, HIGH, CRITICAL, or `none` (no gate). A deploy does not start when the gate fails.',
    default: 'none',
    required: false,
  },
  {
    name: 'scan-gate-timeout',
    description: 'How long the scan gate waits for a scan to finish (600, 90s, 10m).',
    default: '10m',
    required: false,
  },
  {
    name: 'cache',
    description:
      'docker buildx layer cache: `gha` (the GitHub Actions cache), `registry` (a buildcache tag in the repository), `none`, or `auto` (gha when the runner offers it).',
    default: 'auto',
    required: false,
  },
  {
    name: 'buildah-isolation',
    description: 'buildah RUN isolation: `chroot` (works in unprivileged runner pods), `oci` or `rootless`.',
    default: 'chroot',
    required: false,
  },
  {
    name: 'buildah-storage-driver',
    description: "buildah storage driver (`vfs` where overlay mounts are not allowed); default buildah's own.",
    required: false,
  },
  {
    name: 'buildah-root',
    description: "buildah storage root (for example a volume of the runner pod); default buildah's own.",
    required: false,
  },
  {
    name: 'buildah-runroot',
    description: "buildah run root; default buildah's own.",
    required: false,
  },
  {
    name: 'ingress',
    description:
      "parity/cutover: the release's Ingress whose address is the new target; default the first ALB Ingress of the release.",
    required: false,
  },
  {
    name: 'old-url',
    description: 'parity/cutover: base URL of the ECS service (its load balancer or DNS name).',
    required: false,
  },
  {
    name: 'new-url',
    description:
      'parity/cutover: base URL of the EKS service; default the release Ingress address (needs cluster-name or kubeconfig).',
    required: false,
  },
  {
    name: 'requests',
    description:
      'parity/cutover: the requests to compare - a YAML file or an inline list (smoke-test format plus safe, compare, ignore). Writes are refused unless marked safe.',
    required: false,
  },
  {
    name: 'access-log',
    description:
      'parity/cutover: ECS ALB access-log files to replay reads from, one per line (writes are never replayed).',
    required: false,
  },
  {
    name: 'access-log-limit',
    description: 'parity/cutover: distinct recorded requests sent, most frequent first.',
    default: '50',
    required: false,
  },
  {
    name: 'repeat',
    description: 'parity/cutover: times each request goes to each side.',
    default: '5',
    required: false,
  },
  {
    name: 'latency-ratio',
    description: 'parity/cutover: the new p50/p95 may be at most this times the old one (plus latency-slack).',
    default: '1.5',
    required: false,
  },
  {
    name: 'latency-slack',
    description: 'parity/cutover: latency allowed on top of the ratio (25ms; a bare number is milliseconds).',
    default: '25ms',
    required: false,
  },
  {
    name: 'ignore',
    description:
      'parity/cutover: JSON paths whose values are not compared (timestamps, ids), like `$.updatedAt` or `$.items[*].id`, one per line or comma-separated.',
    required: false,
  },
  {
    name: 'concurrency',
    description: 'parity/cutover: requests in flight at once.',
    default: '4',
    required: false,
  },
  {
    name: 'request-timeout',
    description: 'parity/cutover: limit of each request (10s, 500ms).',
    default: '10s',
    required: false,
  },
  {
    name: 'hosted-zone-id',
    description: 'cutover: the Route 53 hosted zone holding the record.',
    required: false,
  },
  {
    name: 'record-name',
    description: 'cutover: the DNS name whose traffic moves (like api.example.com).',
    required: false,
  },
  {
    name: 'record-type',
    description: 'cutover: `A` or `AAAA` (alias records to the load balancers) or `CNAME`.',
    default: 'A',
    required: false,
  },
  {
    name: 'ttl',
    description: 'cutover: TTL of CNAME records, seconds.',
    default: '60',
    required: false,
  },
  {
    name: 'old-alb',
    description: "cutover: DNS name of the ECS service's load balancer.",
    required: false,
  },
  {
    name: 'old-alb-zone-id',
    description:
      'cutover: canonical hosted zone of the old load balancer (alias records); default the load-balancer zone of the region in its DNS name.',
    required: false,
  },
  {
    name: 'new-alb',
    description: 'cutover: DNS name of the EKS load balancer; default the Ingress status hostname.',
    required: false,
  },
  {
    name: 'new-alb-zone-id',
    description:
      'cutover: canonical hosted zone of the new load balancer (alias records); default the load-balancer zone of the region in its DNS name.',
    required: false,
  },
  {
    name: 'old-set-id',
    description: "cutover: set identifier of the old target's weighted record.",
    default: 'ecs',
    required: false,
  },
  {
    name: 'new-set-id',
    description: "cutover: set identifier of the new target's weighted record.",
    default: 'eks',
    required: false,
  },
  {
    name: 'evaluate-target-health',
    description: "cutover: alias records follow the load balancer's health.",
    default: 'true',
    required: false,
  },
  {
    name: 'steps',
    description: 'cutover: percent on the new target per step, ascending, ending at 100.',
    default: '10,50,100',
    required: false,
  },
  {
    name: 'bake-time',
    description: 'cutover: time at each step before its gate (30s, 5m).',
    default: '5m',
    required: false,
  },
  {
    name: 'alb-metrics',
    description:
      'cutover: the new ALB as app/NAME/ID (or its ARN), to gate each step on its CloudWatch metrics (with max-5xx-percent and/or max-latency).',
    required: false,
  },
  {
    name: 'max-5xx-percent',
    description: 'cutover: gate - highest share of 5xx answers of the new ALB over the bake time.',
    required: false,
  },
  {
    name: 'max-latency',
    description: 'cutover: gate - highest TargetResponseTime of the new ALB (500ms, 2s).',
    required: false,
  },
  {
    name: 'latency-statistic',
    description:
      'cutover: the TargetResponseTime statistic max-latency is compared with (p50, p90, p95, p99, Average, Maximum).',
    default: 'p95',
    required: false,
  },
  {
    name: 'revert',
    description: 'cutover: only put all weight back on the old target.',
    default: 'false',
    required: false,
  },
  {
    name: 'scale-ecs-to-zero',
    description:
      "cutover: after a finished cutover, set the ECS service's desired count to 0 (needs ecs-cluster and ecs-service).",
    default: 'false',
    required: false,
  },
  {
    name: 'ecs-service',
    description: 'cutover: the ECS service being retired (with ecs-cluster); named in the retirement steps.',
    required: false,
  },
  {
    name: 'ecs-drain',
    description:
      'cutover: wait this long after the last step before scaling ECS to zero, so resolvers holding the old answer stop sending to it.',
    default: '1m',
    required: false,
  },
  {
    name: 'wait-dns',
    description: 'cutover: wait for Route 53 to report each change INSYNC before baking.',
    default: 'true',
    required: false,
  },
  {
    name: 'run-url',
    description: 'cutover: the link recorded with every change; default this run.',
    required: false,
  },
  {
    name: 'role-to-assume',
    description:
      "doctor: the IAM role the workflow assumes; checked with AssumeRoleWithWebIdentity and the job's OIDC token (needs `permissions: id-token: write`).",
    required: false,
  },
  {
    name: 'check-workflow',
    description:
      'doctor: whose Kubernetes access to check: plan, deploy, rollback, build or cutover (docs/permissions.md).',
    default: 'deploy',
    required: false,
  },
] as const satisfies readonly ActionInputDecl[];

/** The name of an action input. */
export type ActionInputName = (typeof ACTION_INPUT_DECLS)[number]['name'];
