/**
 * The command model: every command's flags, defaults, help text, examples and exit codes, declared
 * once. Flag parsing (src/config/args.ts), `--help` and `help <command>` (src/command-help.ts),
 * shell completion (src/completion.ts), the README's flag tables and the link to the action's
 * inputs (src/action-inputs.ts, checked against action.yml by test/readme.test.ts) all come from it.
 *
 * Data only: it imports nothing, so the CLI's help and the action's first input error load it
 * without anything heavy.
 */

/** How a flag takes values: `boolean` none; `single` one; `multi` one or more (`--f a b`, or repeated). */
export type FlagType = 'boolean' | 'single' | 'multi';

export interface FlagDecl {
  readonly name: string;
  readonly type: FlagType;
  readonly help: string;
  /** The value's name in help and usage (FILE, NAME, …); booleans have none. */
  readonly value?: string;
  /** The default, as the user would write it (shown in help; the config module applies it). */
  readonly default?: string;
  /** The action input that carries the same setting (when the command also runs in the action). */
  readonly input?: string;
}

export interface CommandDecl {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** The usage line after `eks-fargate-deploy <name>`. */
  readonly usage: string;
  readonly description?: string;
  readonly flags: readonly FlagDecl[];
  readonly examples: readonly string[];
  readonly exitCodes: readonly (readonly [number, string])[];
  /** Runs in the GitHub Action as `command: <name>`. */
  readonly action: boolean;
  /** Positional arguments completion offers (e.g. the shells of `completion`). */
  readonly positionals?: readonly string[];
}

const f = (
  name: string,
  type: FlagType,
  help: string,
  extra: { value?: string; default?: string; input?: string } = {},
): FlagDecl => ({ name, type, help, ...extra });

// ---- Shared flag groups ------------------------------------------------------------------------

const CLUSTER: readonly FlagDecl[] = [
  f('cluster-name', 'single', 'EKS cluster (with a region); its endpoint and CA come from the EKS API', {
    value: 'NAME',
    input: 'cluster-name',
  }),
  f('region', 'single', 'AWS region (default AWS_REGION, then AWS_DEFAULT_REGION)', {
    value: 'REGION',
    input: 'aws-region',
  }),
  f('kubeconfig', 'single', 'a kubeconfig to use instead of --cluster-name (default KUBECONFIG)', {
    value: 'FILE',
    input: 'kubeconfig',
  }),
  f('context', 'single', 'kubeconfig context (default the current one)', { value: 'CTX', input: 'context' }),
];

const RELEASE: readonly FlagDecl[] = [
  f('namespace', 'single', "the release's namespace", { value: 'NS', default: 'default', input: 'namespace' }),
  f('release', 'single', 'release name (records, lock, labels); default the namespace', {
    value: 'NAME',
    input: 'release',
  }),
];

const ROLLOUT: readonly FlagDecl[] = [
  f('timeout', 'single', 'overall limit from apply to verified (seconds, or 90s / 10m / 1h)', {
    value: 'DURATION',
    default: '10m',
    input: 'timeout',
  }),
  f(
    'grace',
    'single',
    'how long a pod problem (ImagePullBackOff, CrashLoopBackOff, …) must last before the rollout fails',
    {
      value: 'DURATION',
      default: '20s',
      input: 'grace',
    },
  ),
  f(
    'settle',
    'single',
    'pods with a container without a readiness probe count only after no restart or exit for this long (0 = off; default the larger of --grace and 10s)',
    { value: 'DURATION', input: 'settle' },
  ),
  f('lock-wait', 'single', "how long to wait for another deploy's lock on the namespace", {
    value: 'DURATION',
    default: '5m',
    input: 'lock-wait',
  }),
  f('lock-lease', 'single', 'lease of the deploy lock: how long a dead runner blocks the namespace', {
    value: 'DURATION',
    default: '60s',
  }),
];

const SMOKE = f('smoke-tests', 'single', 'smoke tests after the rollout: a YAML file, or an inline YAML list', {
  value: 'FILE|YAML',
  input: 'smoke-tests',
});
const RUN_URL = f('run-url', 'single', 'the CI run, recorded on every object and release', {
  value: 'URL',
});
const WORKSPACE = f(
  'workspace',
  'single',
  'input files must resolve inside this directory, symbolic links included (the action uses GITHUB_WORKSPACE)',
  { value: 'DIR' },
);
const ECS_FILES: readonly FlagDecl[] = [
  f(
    'ecs-task-definition',
    'multi',
    'ECS task definition JSON files or directories (register input, describe output or console export)',
    {
      value: 'FILE',
      input: 'ecs-task-definitions',
    },
  ),
  f(
    'ecs-service',
    'multi',
    'ECS service JSON files (describe-services output, create-service input or a service object)',
    {
      value: 'FILE',
      input: 'ecs-services',
    },
  ),
  f(
    'ecs-scaling',
    'multi',
    'Application Auto Scaling JSON (describe-scalable-targets / describe-scaling-policies output)',
    {
      value: 'FILE',
      input: 'ecs-scaling',
    },
  ),
];

const PARITY_ONLY: readonly FlagDecl[] = [
  f('ingress', 'single', "the Ingress whose address is the new target (default the release's first ALB Ingress)", {
    value: 'NAME',
    input: 'ingress',
  }),
  f('old-url', 'single', 'base URL of the ECS service', { value: 'URL', input: 'old-url' }),
  f('new-url', 'single', 'base URL of the EKS service (default the Ingress address)', {
    value: 'URL',
    input: 'new-url',
  }),
  f('requests', 'single', 'request list: a file or inline YAML (smoke-test format plus safe, compare, ignore)', {
    value: 'FILE|YAML',
    input: 'requests',
  }),
  f('access-log', 'multi', 'ECS ALB access-log files to replay read requests from', {
    value: 'FILE',
    input: 'access-log',
  }),
  f('access-log-limit', 'single', 'distinct recorded requests sent', {
    value: 'N',
    default: '50',
    input: 'access-log-limit',
  }),
  f('repeat', 'single', 'times each request goes to each side', { value: 'N', default: '5', input: 'repeat' }),
  f('latency-ratio', 'single', 'new p50/p95 at most this × old (plus --latency-slack)', {
    value: 'X',
    default: '1.5',
    input: 'latency-ratio',
  }),
  f('latency-slack', 'single', 'latency allowed on top of the ratio', {
    value: 'DURATION',
    default: '25ms',
    input: 'latency-slack',
  }),
  f('ignore', 'multi', 'JSON paths not compared by value ($.updatedAt, $.items[*].id)', {
    value: 'PATH',
    input: 'ignore',
  }),
  f('concurrency', 'single', 'requests in flight', { value: 'N', default: '4', input: 'concurrency' }),
  f('request-timeout', 'single', 'limit per request', { value: 'DURATION', default: '10s', input: 'request-timeout' }),
  f('report-json', 'single', 'write the JSON report here', { value: 'FILE', input: 'report-json' }),
  f('report-md', 'single', 'write the markdown report here', { value: 'FILE', input: 'report-md' }),
];

const PARITY_FLAGS: readonly FlagDecl[] = [...CLUSTER, ...RELEASE, ...PARITY_ONLY];

const CUTOVER_ONLY: readonly FlagDecl[] = [
  f('hosted-zone-id', 'single', 'the Route 53 hosted zone', { value: 'ZONE', input: 'hosted-zone-id' }),
  f('record-name', 'single', 'the DNS name whose traffic moves', { value: 'NAME', input: 'record-name' }),
  f('record-type', 'single', 'A/AAAA (alias) or CNAME', { value: 'TYPE', default: 'A', input: 'record-type' }),
  f('ttl', 'single', 'TTL of CNAME records', { value: 'SECONDS', default: '60', input: 'ttl' }),
  f('old-alb', 'single', 'DNS name of the ECS load balancer', { value: 'DNS', input: 'old-alb' }),
  f('old-alb-zone-id', 'single', 'its canonical hosted zone (default from the region)', {
    value: 'ZONE',
    input: 'old-alb-zone-id',
  }),
  f('new-alb', 'single', 'DNS name of the EKS load balancer (default the Ingress hostname)', {
    value: 'DNS',
    input: 'new-alb',
  }),
  f('new-alb-zone-id', 'single', 'its canonical hosted zone (default from the region)', {
    value: 'ZONE',
    input: 'new-alb-zone-id',
  }),
  f('old-set-id', 'single', 'set identifier of the old weighted record', {
    value: 'ID',
    default: 'ecs',
    input: 'old-set-id',
  }),
  f('new-set-id', 'single', 'set identifier of the new weighted record', {
    value: 'ID',
    default: 'eks',
    input: 'new-set-id',
  }),
  f('evaluate-target-health', 'single', "alias records follow the load balancer's health", {
    value: 'true|false',
    default: 'true',
    input: 'evaluate-target-health',
  }),
  f('steps', 'single', 'percent on EKS per step, ending at 100', {
    value: 'LIST',
    default: '10,50,100',
    input: 'steps',
  }),
  f('bake-time', 'single', 'time at each step before its gate', {
    value: 'DURATION',
    default: '5m',
    input: 'bake-time',
  }),
  f('smoke-tests', 'single', 'smoke tests against the new target at every step: a YAML file or inline list', {
    value: 'FILE|YAML',
    input: 'smoke-tests',
  }),
  f('alb-metrics', 'single', 'the new ALB (app/NAME/ID or ARN) for the CloudWatch gate', {
    value: 'ALB',
    input: 'alb-metrics',
  }),
  f('max-5xx-percent', 'single', "gate on the new ALB's 5xx share", { value: 'PERCENT', input: 'max-5xx-percent' }),
  f('max-latency', 'single', "gate on the new ALB's TargetResponseTime", { value: 'DURATION', input: 'max-latency' }),
  f('latency-statistic', 'single', 'the statistic --max-latency is compared with', {
    value: 'STAT',
    default: 'p95',
    input: 'latency-statistic',
  }),
  f('revert', 'boolean', 'only put all weight back on ECS', { input: 'revert' }),
  f(
    'scale-ecs-to-zero',
    'boolean',
    'after a finished cutover, ECS desired count 0 (with --ecs-cluster, --ecs-service)',
    {
      input: 'scale-ecs-to-zero',
    },
  ),
  f('ecs-cluster', 'single', 'the ECS cluster of the service being retired', { value: 'NAME', input: 'ecs-cluster' }),
  f('ecs-service', 'single', 'the ECS service being retired', { value: 'NAME', input: 'ecs-service' }),
  f('ecs-drain', 'single', 'wait before scaling ECS to zero', { value: 'DURATION', default: '1m', input: 'ecs-drain' }),
  f('wait-dns', 'single', 'wait for Route 53 INSYNC before baking', {
    value: 'true|false',
    default: 'true',
    input: 'wait-dns',
  }),
  f('run-url', 'single', 'the link recorded with every change', { value: 'URL', input: 'run-url' }),
];

const DEPLOY_EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, 'deployed'],
  [1, 'invalid input or preflight failed (nothing applied)'],
  [2, 'Fargate blockers (nothing applied)'],
  [3, 'failed and rolled back (previous release serving)'],
  [4, 'failed and not restored'],
  [5, 'lost the deploy lock to another deploy (wrote nothing more; the next deploy or rollback restores)'],
  [130, 'cancelled (before apply: nothing applied; after: previous release restored)'],
];

// ---- The commands --------------------------------------------------------------------------------

export const COMMANDS: readonly CommandDecl[] = [
  {
    name: 'plan',
    summary: 'convert ECS services to EKS Fargate manifests, with blockers, sizing and cost',
    usage: '--ecs-task-definition FILE... [--ecs-service FILE...] [--ecs-scaling FILE...] [flags]',
    description:
      'Reads ECS task definitions, services and scaling (files, or live with --ecs-cluster) and writes Kubernetes manifests for EKS on Fargate, a report of what could not move (blockers), pod sizes and the monthly cost before and after.',
    action: true,
    flags: [
      ...ECS_FILES,
      f('ecs-cluster', 'single', 'read the services live from this ECS cluster (with --ecs-service-name)', {
        value: 'NAME',
        input: 'ecs-cluster',
      }),
      f('ecs-service-name', 'multi', 'services of --ecs-cluster to plan', {
        value: 'NAME',
        input: 'ecs-service-names',
      }),
      f('region', 'single', 'AWS region for live reads (default from the environment)', {
        value: 'REGION',
        input: 'aws-region',
      }),
      f('namespace', 'single', 'namespace of the rendered objects', {
        value: 'NS',
        default: 'default',
        input: 'namespace',
      }),
      f('out', 'single', 'write one YAML per workload, namespace.yaml and a kustomization.yaml here', {
        value: 'DIR',
        input: 'out-dir',
      }),
      f('report-json', 'single', 'write the JSON report here', { value: 'FILE', input: 'report-json' }),
      f('report-md', 'single', 'write the markdown report here', { value: 'FILE', input: 'report-md' }),
      f(
        'comment-md',
        'single',
        'write the markdown a pull request would get as the sticky plan comment (same size limit and marker)',
        { value: 'FILE' },
      ),
      f(
        'comment-key',
        'single',
        "the sticky comment's key, in its marker (default the namespace; the action's default is the environment, else the namespace)",
        { value: 'KEY', input: 'comment-key' },
      ),
      f('drop-unsupported', 'boolean', 'emit workloads with Fargate blockers anyway, the offending fields removed', {
        input: 'drop-unsupported',
      }),
      f('alb-mode', 'single', 'ingress (a new ALB) or target-group-binding (the ECS target groups)', {
        value: 'MODE',
        default: 'ingress',
        input: 'alb-mode',
      }),
      f(
        'rate',
        'multi',
        'price override: vcpuHour, gbHour, ephemeralGbHour, controlPlaneHour, hoursPerMonth, ec2VcpuHour, ec2GbHour',
        {
          value: 'NAME=USD',
          input: 'rates',
        },
      ),
      f('secret-store', 'single', 'ClusterSecretStore for Secrets Manager references', {
        value: 'NAME',
        default: 'aws-secrets-manager',
      }),
      f('parameter-store', 'single', 'ClusterSecretStore for SSM Parameter Store references', {
        value: 'NAME',
        default: 'aws-parameter-store',
      }),
      WORKSPACE,
    ],
    examples: [
      'eks-fargate-deploy plan --ecs-task-definition ecs/taskdefs/ --ecs-service ecs/services.json --out k8s/',
      'eks-fargate-deploy plan --ecs-cluster prod --ecs-service-name web api --region us-east-1 --report-md plan.md',
      'eks-fargate-deploy plan --ecs-task-definition ecs/ --comment-md comment.md',
    ],
    exitCodes: [
      [0, 'no blockers'],
      [1, 'invalid input or failure'],
      [2, 'blockers found (reports still written)'],
    ],
  },
  {
    name: 'deploy',
    summary: 'render, apply, watch, verify and smoke test a release; roll back on failure',
    usage:
      '(--cluster-name NAME --region REGION | --kubeconfig FILE) (--manifests PATH... | --ecs-task-definition FILE...) [flags]',
    action: true,
    flags: [
      ...CLUSTER,
      f('manifests', 'multi', 'manifest files, directories, globs or kustomize directories', {
        value: 'PATH',
        input: 'manifests',
      }),
      ...ECS_FILES,
      ...RELEASE,
      f('image', 'multi', 'image to substitute by repository name: NAME=REF or NAME=REF@sha256:…', {
        value: 'NAME=REF',
        input: 'images',
      }),
      SMOKE,
      ...ROLLOUT,
      f('auto-rollback', 'single', 'restore the previous release when anything fails after apply', {
        value: 'true|false',
        default: 'true',
        input: 'auto-rollback',
      }),
      f('force-conflicts', 'boolean', 'take over fields other field managers own (server-side apply force)', {
        input: 'force-conflicts',
      }),
      f('prune', 'boolean', 'delete what the previous release applied and this one lacks', { input: 'prune' }),
      f('allow-namespace', 'multi', 'namespaces besides --namespace the release may write in', {
        value: 'NS',
        input: 'allow-namespace',
      }),
      f('allow-cluster-scoped', 'boolean', 'allow cluster-scoped objects (ClusterRole, IngressClass, …)', {
        input: 'allow-cluster-scoped',
      }),
      f('adopt', 'boolean', 'take over existing objects no release created (prior state restored on rollback)', {
        input: 'adopt',
      }),
      f('history-limit', 'single', 'release records kept', { value: 'N', default: '10', input: 'history-limit' }),
      f('commit', 'single', 'the commit recorded on every object and release (the action uses GITHUB_SHA)', {
        value: 'SHA',
      }),
      RUN_URL,
      WORKSPACE,
    ],
    examples: [
      'eks-fargate-deploy deploy --cluster-name shop --region us-east-1 --namespace shop --manifests k8s/ --image web=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.3',
      'eks-fargate-deploy deploy --kubeconfig ~/.kube/config --manifests k8s/ --smoke-tests smoke.yaml --prune',
    ],
    exitCodes: DEPLOY_EXIT_CODES,
  },
  {
    name: 'rollback',
    summary: 'restore an earlier release',
    usage:
      '(--cluster-name NAME --region REGION | --kubeconfig FILE) [--namespace NS] [--release NAME] [--to-release N]',
    description: 'A cancel stops a rollback only before its restore starts; a signal after that does not stop it.',
    action: true,
    flags: [
      ...CLUSTER,
      ...RELEASE,
      f('to-release', 'single', 'the release number to restore (default the one before the current)', {
        value: 'N',
        input: 'to-release',
      }),
      SMOKE,
      ...ROLLOUT,
      RUN_URL,
      WORKSPACE,
    ],
    examples: ['eks-fargate-deploy rollback --cluster-name shop --region us-east-1 --namespace shop --to-release 7'],
    exitCodes: DEPLOY_EXIT_CODES,
  },
  {
    name: 'history',
    summary: "list a release's records",
    usage:
      '(--cluster-name NAME --region REGION | --kubeconfig FILE) [--namespace NS] [--release NAME] [--output table|json]',
    action: false,
    flags: [...CLUSTER, ...RELEASE, f('output', 'single', 'table or json', { value: 'FORMAT', default: 'table' })],
    examples: ['eks-fargate-deploy history --kubeconfig ~/.kube/config --namespace shop --output json'],
    exitCodes: [
      [0, 'listed'],
      [1, 'invalid input or failure'],
    ],
  },
  {
    name: 'build',
    summary: 'build images and push them to ECR',
    usage: '--images FILE|YAML [--tag TAG | --commit SHA] [--region REGION] [flags]',
    description:
      'Builds and pushes each image to ECR (creating the repository when missing), skipping images whose tag ECR already has. Prints the images with their digests as JSON on stdout; progress on stderr.',
    action: true,
    flags: [
      f(
        'images',
        'single',
        'a YAML list (or a file of one) of {name, context, dockerfile, target, buildArgs, secrets, labels, tags}',
        {
          value: 'FILE|YAML',
          input: 'build-images',
        },
      ),
      f('builder', 'single', 'docker (buildx), buildah (no daemon) or auto (docker when a daemon answers)', {
        value: 'BUILDER',
        default: 'auto',
        input: 'builder',
      }),
      f('region', 'single', 'AWS region of ECR (default AWS_REGION)', { value: 'REGION', input: 'aws-region' }),
      f('registry', 'single', "push here instead of ECR's registry", { value: 'HOST[:PORT]', input: 'registry' }),
      f('platform', 'single', 'the only platform EKS Fargate runs', {
        value: 'PLATFORM',
        default: 'linux/amd64',
        input: 'platform',
      }),
      f('tag', 'single', 'main image tag (default the commit)', { value: 'TAG', input: 'tag' }),
      f('commit', 'single', 'the commit (default GITHUB_SHA)', { value: 'SHA' }),
      f('force-build', 'boolean', 'rebuild even when the tag exists (refused for immutable tags)', {
        input: 'force-build',
      }),
      f('tag-immutability', 'single', 'repositories created by build: immutable tags', {
        value: 'true|false',
        default: 'true',
        input: 'tag-immutability',
      }),
      f('scan-on-push', 'single', 'repositories created by build: scan every push', {
        value: 'true|false',
        default: 'true',
        input: 'scan-on-push',
      }),
      f('encryption', 'single', 'repositories created by build: AES256, KMS or KMS:<key>', {
        value: 'KIND',
        default: 'AES256',
        input: 'encryption',
      }),
      f('lifecycle-keep', 'single', 'repositories created by build: keep the newest N images', {
        value: 'N',
        input: 'lifecycle-keep',
      }),
      f('scan-gate-severity', 'single', 'wait for the ECR scan, fail at or above LOW/MEDIUM/HIGH/CRITICAL', {
        value: 'SEVERITY',
        default: 'none',
        input: 'scan-gate-severity',
      }),
      f('scan-gate-timeout', 'single', 'how long the scan gate waits', {
        value: 'DURATION',
        default: '10m',
        input: 'scan-gate-timeout',
      }),
      f('cache', 'single', 'buildx layer cache: gha, registry, none or auto', {
        value: 'CACHE',
        default: 'auto',
        input: 'cache',
      }),
      f('buildah-isolation', 'single', 'buildah RUN isolation', {
        value: 'ISOLATION',
        default: 'chroot',
        input: 'buildah-isolation',
      }),
      f('buildah-storage-driver', 'single', 'buildah storage driver (e.g. vfs)', {
        value: 'DRIVER',
        input: 'buildah-storage-driver',
      }),
      f('buildah-root', 'single', 'buildah storage root', { value: 'DIR', input: 'buildah-root' }),
      f('buildah-runroot', 'single', 'buildah run root', { value: 'DIR', input: 'buildah-runroot' }),
      WORKSPACE,
    ],
    examples: ['eks-fargate-deploy build --images images.yaml --region us-east-1 --tag 1.2.3'],
    exitCodes: [
      [0, 'pushed or already there'],
      [1, 'invalid input or a failed build/push'],
      [2, 'the scan gate found vulnerabilities'],
    ],
  },
  {
    name: 'parity',
    summary: 'compare the ECS and EKS services with the same requests',
    usage: '--old-url URL (--new-url URL | cluster flags [--ingress NAME]) --requests FILE|YAML [flags]',
    action: true,
    flags: PARITY_FLAGS,
    examples: [
      'eks-fargate-deploy parity --old-url https://ecs.example.com --new-url https://eks.example.com --requests requests.yaml',
    ],
    exitCodes: [
      [0, 'passed'],
      [1, 'invalid input or differences found'],
      [130, 'cancelled'],
    ],
  },
  {
    name: 'cutover',
    summary: 'parity, then Route 53 weights from ECS to EKS step by step',
    usage: '(parity flags) --hosted-zone-id ZONE --record-name NAME [--steps 10,50,100] [flags]',
    description:
      'A failed gate, or a cancellation, puts all weight back on the old target at once. Scaling the ECS service to zero is a separate, explicit step.',
    action: true,
    flags: [...PARITY_FLAGS, ...CUTOVER_ONLY],
    examples: [
      'eks-fargate-deploy cutover --old-url https://ecs.example.com --kubeconfig k.yaml --namespace shop --requests requests.yaml --hosted-zone-id Z123 --record-name shop.example.com --old-alb ecs-alb.example.com',
    ],
    exitCodes: [
      [0, 'completed (or reverted when asked)'],
      [1, 'invalid input, or a gate failed and the weights were put back'],
      [130, 'cancelled (the weights were put back)'],
    ],
  },
  {
    name: 'doctor',
    summary: "check the job's OIDC claims, the role's trust policy and the cluster access",
    usage: '[--role-to-assume ARN] [--region REGION] [--cluster-name NAME | --kubeconfig FILE [--context CTX]]',
    description: 'Inside a workflow job: the OIDC claims, the trust policy they need, and a pass/fail line per check.',
    action: true,
    flags: [
      f('role-to-assume', 'single', 'the IAM role to check with AssumeRoleWithWebIdentity', {
        value: 'ARN',
        input: 'role-to-assume',
      }),
      ...CLUSTER,
      f('namespace', 'single', 'the namespace whose access is checked', {
        value: 'NS',
        default: 'default',
        input: 'namespace',
      }),
      f('workflow', 'single', 'whose Kubernetes access to check: plan, deploy, rollback, build or cutover', {
        value: 'WORKFLOW',
        default: 'deploy',
        input: 'check-workflow',
      }),
    ],
    examples: ['eks-fargate-deploy doctor --role-to-assume arn:aws:iam::123456789012:role/deploy --cluster-name shop'],
    exitCodes: [
      [0, 'every check passed'],
      [1, 'a check failed, or invalid input'],
    ],
  },
  {
    name: 'token',
    summary: 'print an ExecCredential for a kubeconfig exec entry',
    usage: '--cluster-name NAME [--region REGION]',
    description:
      "Prints an ExecCredential (client.authentication.k8s.io) holding an EKS bearer token, for use as a kubeconfig exec plugin. Credentials come from the AWS SDK's default chain; the region from --region, else AWS_REGION, else AWS_DEFAULT_REGION.",
    action: false,
    flags: [
      f('cluster-name', 'single', 'the EKS cluster the token is for', { value: 'NAME' }),
      f('region', 'single', 'AWS region (default AWS_REGION, then AWS_DEFAULT_REGION)', { value: 'REGION' }),
    ],
    examples: ['eks-fargate-deploy token --cluster-name shop --region us-east-1'],
    exitCodes: [
      [0, 'the ExecCredential JSON is on stdout'],
      [1, 'invalid flags or no credentials'],
    ],
  },
  {
    name: 'sandbox',
    summary: 'run the emulated EKS-on-Fargate cluster in the foreground',
    usage: '[--port N] [--kubeconfig FILE] [--config FILE]',
    description: 'Starts the sandbox, writes a kubeconfig, prints how to use it, and stops cleanly on SIGINT/SIGTERM.',
    action: false,
    flags: [
      f('port', 'single', 'port to listen on (0: any free port)', { value: 'N' }),
      f('kubeconfig', 'single', 'where to write the kubeconfig', {
        value: 'FILE',
        default: '~/.kube/eks-fargate-sandbox.yaml',
      }),
      f('config', 'single', 'a sandbox configuration file (profiles, timing, faults)', { value: 'FILE' }),
    ],
    examples: ['eks-fargate-deploy sandbox --port 8443 --kubeconfig /tmp/sandbox.yaml'],
    exitCodes: [
      [0, 'stopped by SIGINT/SIGTERM'],
      [1, 'invalid flags or configuration'],
    ],
  },
  {
    name: 'completion',
    summary: 'print a shell completion script (bash or zsh)',
    usage: 'bash|zsh',
    description:
      'bash: add `source <(eks-fargate-deploy completion bash)` to ~/.bashrc. zsh: add `source <(eks-fargate-deploy completion zsh)` to ~/.zshrc.',
    action: false,
    flags: [],
    positionals: ['bash', 'zsh'],
    examples: ['eks-fargate-deploy completion bash > /etc/bash_completion.d/eks-fargate-deploy'],
    exitCodes: [
      [0, 'printed'],
      [1, 'unknown shell'],
    ],
  },
  {
    name: 'help',
    summary: 'show the commands, or one command’s flags',
    usage: '[COMMAND]',
    action: false,
    flags: [],
    examples: ['eks-fargate-deploy help deploy'],
    exitCodes: [
      [0, 'printed'],
      [1, 'unknown command'],
    ],
  },
  {
    name: 'version',
    summary: 'print the version',
    usage: '',
    action: false,
    flags: [],
    examples: [],
    exitCodes: [[0, 'printed']],
  },
];

/** The command of this name, if there is one. */
export function findCommand(name: string): CommandDecl | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The command of this name; throws for a name no command has (a bug, not a user error). */
export function command(name: string): CommandDecl {
  const c = findCommand(name);
  if (c === undefined) throw new Error(`no command ${name} in the command model`);
  return c;
}

/** The flag specs of a command, as the parser takes them. */
export function flagSpecs(name: string): Record<string, { type: FlagType }> {
  return Object.fromEntries(command(name).flags.map((fl) => [fl.name, { type: fl.type }]));
}
