/**
 * `doctor`: inside a workflow job, say why AWS or the cluster would refuse it before a deploy
 * does. It reads the job's OIDC token (never printing it), shows its claims and the IAM trust
 * condition they need, then checks, one pass/fail line each: AssumeRoleWithWebIdentity with the
 * token, the identity STS sees, the EKS cluster, and the Kubernetes access of the command it
 * prepares for. Nothing is written anywhere.
 */
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { EKSClient } from '@aws-sdk/client-eks';
import { EksTokenSource } from '../aws/eks-token.js';
import { callerIdentity, describeCluster } from '../aws/eks.js';
import { KubeClient } from '../kube/client.js';
import { kubernetesAccess } from '../permissions/kubernetes.js';
import type { ClusterTarget } from '../config/deploy.js';

/** GitHub's OIDC issuer, the provider the IAM role trusts. */
const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks for. */
import { STS_AUDIENCE, type DoctorConfig } from '../config/doctor.js';

export type { DoctorConfig };

/** One line of the result. */
interface DoctorCheck {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

/** The claims doctor shows (the token's other fields are not needed to write a trust policy). */
const SHOWN_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'ref',
  'environment',
  'event_name',
  'workflow_ref',
  'job_workflow_ref',
  'runner_environment',
] as const;

/** What doctor found. */
export interface DoctorReport {
  claims?: Partial<Record<(typeof SHOWN_CLAIMS)[number], string>>;
  /** The trust policy the role needs for this job, when the claims are known. */
  trustPolicy?: unknown;
  /** Notes on the subject's form and on pinning the reusable workflow. */
  notes: string[];
  checks: DoctorCheck[];
}

/** I/O doctor needs, injectable for tests. */
export interface DoctorDeps {
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** STS client for a region, with optional credentials (default: the SDK's chain). */
  sts?: (region: string, credentials?: AwsCredentialIdentity) => STSClient;
  eks?: (region: string, credentials?: AwsCredentialIdentity) => EKSClient;
  /** Called with the token as soon as it is read, so the front door can mask it. */
  mask?: (secret: string) => void;
}

const clientConfig = (region: string, credentials?: AwsCredentialIdentity) => ({
  region,
  requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
  ...(credentials ? { credentials } : {}),
});

/** The payload of a JWT, unverified (doctor only shows it; AWS verifies it). */
export function decodeJwtClaims(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1])
    throw new Error('the OIDC token is not a JWT (expected three dot-separated parts)');
  const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new Error('the OIDC token payload is not a JSON object');
  return payload as Record<string, unknown>;
}

/** Request the job's OIDC token as configure-aws-credentials does (needs `permissions: id-token: write`). */
async function requestOidcToken(
  env: NodeJS.ProcessEnv,
  audience: string,
  doFetch: typeof fetch = fetch,
): Promise<string> {
  const url = env['ACTIONS_ID_TOKEN_REQUEST_URL'];
  const bearer = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  if (!url || !bearer) {
    throw new Error(
      'no OIDC token in this job: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Give the job `permissions: id-token: write` (pull requests from forks never get one)',
    );
  }
  const u = new URL(url);
  u.searchParams.set('audience', audience);
  const res = await doFetch(u, {
    headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/json' },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`the OIDC token request answered HTTP ${res.status}`);
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') throw new Error('the OIDC token request answered without a token');
  return value;
}

/** `repo:OWNER@ID/REPO@ID:…` is the immutable form of repositories created or renamed on or after 2026-07-15. */
export function subjectForm(sub: string): 'immutable' | 'name' | 'custom' {
  if (/^repo:[^/@:]+@\d+\/[^/@:]+@\d+:/.test(sub)) return 'immutable';
  if (/^repo:[^/:]+\/[^/:]+:/.test(sub)) return 'name';
  return 'custom';
}

/** The account of a role ARN, for the provider ARN of the trust policy. */
function accountOf(roleArn: string | undefined): string {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn ?? '')?.[1] ?? 'ACCOUNT_ID';
}

/**
 * The trust policy that lets exactly this job's subject assume the role. AWS evaluates only `aud`
 * and `sub` of GitHub's token (no other claim can be a condition), so pinning the reusable
 * workflow means putting job_workflow_ref into the subject (see docs/github-workflows.md).
 */
export function trustPolicyFor(claims: Record<string, unknown>, roleArn?: string, audience = STS_AUDIENCE): unknown {
  const partition = /^arn:(aws[a-z-]*):/.exec(roleArn ?? '')?.[1] ?? 'aws';
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:${partition}:iam::${accountOf(roleArn)}:oidc-provider/${GITHUB_OIDC_ISSUER}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_ISSUER}:aud`]: audience,
            [`${GITHUB_OIDC_ISSUER}:sub`]: claimText(claims, 'sub'),
          },
        },
      },
    ],
  };
}

/** A claim as text ('' when absent). */
function claimText(claims: Record<string, unknown>, name: string): string {
  const v = claims[name];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function notesFor(claims: Record<string, unknown>): string[] {
  const sub = claimText(claims, 'sub');
  const notes: string[] = [];
  const form = subjectForm(sub);
  if (form === 'immutable') {
    notes.push(
      `sub uses the immutable form repo:OWNER@OWNER_ID/REPO@REPO_ID (repositories created or renamed on or after 2026-07-15): a trust policy matching repo:${claimText(claims, 'repository') || 'OWNER/REPO'}:… is denied.`,
    );
  } else if (form === 'name') {
    notes.push(
      'sub uses the name form repo:OWNER/REPO:…; after a rename (or for a new repository) it becomes repo:OWNER@OWNER_ID/REPO@REPO_ID:…, so match the IDs as well if the role must survive one.',
    );
  } else {
    notes.push('sub follows a customised subject template (repository or organisation setting).');
  }
  const jwr = claims['job_workflow_ref'];
  if (typeof jwr === 'string' && jwr !== '') {
    notes.push(
      sub.includes('job_workflow_ref:')
        ? `sub includes job_workflow_ref (${jwr}): the trust policy pins the reusable workflow and its commit.`
        : `job_workflow_ref is ${jwr}, but AWS cannot use it as a condition; to pin the reusable workflow, set the repository's OIDC subject template to include_claim_keys ["repo", "context", "job_workflow_ref"] and match the new sub.`,
    );
  }
  return notes;
}

async function check(checks: DoctorCheck[], name: string, run: () => Promise<string>): Promise<DoctorCheck> {
  let done: DoctorCheck;
  try {
    done = { name, status: 'pass', detail: await run() };
  } catch (err) {
    done = { name, status: 'fail', detail: err instanceof Error ? err.message : String(err) };
  }
  checks.push(done);
  return done;
}

/** What runDoctor's checks share. */
interface DoctorRun {
  config: DoctorConfig;
  deps: DoctorDeps;
  report: DoctorReport;
  sts: NonNullable<DoctorDeps['sts']>;
  eks: NonNullable<DoctorDeps['eks']>;
}

/** Run every check; a failed one does not stop the others that do not depend on it. */
export async function runDoctor(config: DoctorConfig, deps: DoctorDeps): Promise<DoctorReport> {
  const report: DoctorReport = { notes: [], checks: [] };
  const run: DoctorRun = {
    config,
    deps,
    report,
    sts: deps.sts ?? ((r, c) => new STSClient(clientConfig(r, c))),
    eks: deps.eks ?? ((r, c) => new EKSClient(clientConfig(r, c))),
  };
  const token = await checkOidcToken(run);
  const region =
    config.region ??
    (config.cluster && 'region' in config.cluster ? config.cluster.region : undefined) ??
    deps.env['AWS_REGION'] ??
    deps.env['AWS_DEFAULT_REGION'];
  const credentials = await checkRole(run, token, region);
  await checkIdentity(run, region, credentials);
  const cluster = config.cluster;
  if (!cluster) {
    report.checks.push({
      name: 'cluster access',
      status: 'skip',
      detail: 'no cluster given (cluster-name or kubeconfig)',
    });
    return report;
  }
  const client = await connectCluster(run, cluster, credentials);
  if (!client) return report;
  if (!(await checkKubernetesApi(run, client))) return report;
  await checkAccess(run, client);
  return report;
}

/** The job's OIDC token: its claims, the trust policy they need, and its audience. */
async function checkOidcToken({ config, deps, report }: DoctorRun): Promise<string | undefined> {
  const checks = report.checks;
  let token: string | undefined;
  await check(checks, 'OIDC token', async () => {
    token = await requestOidcToken(deps.env, config.audience, deps.fetch);
    deps.mask?.(token);
    const claims = decodeJwtClaims(token);
    report.claims = Object.fromEntries(
      SHOWN_CLAIMS.filter((k) => claims[k] !== undefined).map((k) => [
        k,
        Array.isArray(claims[k]) ? (claims[k] as unknown[]).join(',') : String(claims[k]),
      ]),
    );
    report.trustPolicy = trustPolicyFor(claims, config.roleArn, config.audience);
    report.notes.push(...notesFor(claims));
    if (claims['aud'] !== config.audience && !(Array.isArray(claims['aud']) && claims['aud'].includes(config.audience)))
      throw new Error(`the token's audience is ${String(claims['aud'])}, not ${config.audience}`);
    return `issued by ${String(claims['iss'])} for ${String(claims['sub'])}`;
  });
  return token;
}

/** AssumeRoleWithWebIdentity with the token, when a role is given: the credentials for the rest. */
async function checkRole(
  { config, deps, report, sts }: DoctorRun,
  token: string | undefined,
  region: string | undefined,
): Promise<AwsCredentialIdentity | undefined> {
  const checks = report.checks;
  let credentials: AwsCredentialIdentity | undefined;
  if (!config.roleArn) {
    checks.push({
      name: 'AssumeRoleWithWebIdentity',
      status: 'skip',
      detail: 'no role-to-assume given: the checks below use the credentials already in the job',
    });
  } else if (!token || !region) {
    checks.push({
      name: 'AssumeRoleWithWebIdentity',
      status: 'fail',
      detail: !token ? 'no OIDC token (see above)' : 'no region: give aws-region (or set AWS_REGION)',
    });
  } else {
    const last = await check(checks, 'AssumeRoleWithWebIdentity', async () => {
      const out = await sts(region).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: config.roleArn,
          RoleSessionName: `eks-fargate-doctor-${deps.env['GITHUB_RUN_ID'] ?? 'local'}`,
          WebIdentityToken: token,
          DurationSeconds: 900,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials');
      deps.mask?.(c.SecretAccessKey);
      if (c.SessionToken) deps.mask?.(c.SessionToken);
      credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      };
      return `${config.roleArn} trusts this job (${out.AssumedRoleUser?.Arn ?? 'assumed'})`;
    });
    if (last.status === 'fail' && /not authorized|AccessDenied/i.test(last.detail)) {
      last.detail += `. The role's trust policy must match sub ${report.claims?.sub ?? '(unknown)'} exactly; the policy printed above does.`;
    }
  }
  return credentials;
}

/** Who AWS thinks the job is. */
async function checkIdentity(
  { report, sts }: DoctorRun,
  region: string | undefined,
  credentials: AwsCredentialIdentity | undefined,
): Promise<void> {
  const checks = report.checks;
  if (!region) {
    checks.push({
      name: 'STS GetCallerIdentity',
      status: 'skip',
      detail: 'no region: give aws-region (or set AWS_REGION)',
    });
  } else {
    await check(checks, 'STS GetCallerIdentity', async () => {
      const id = await callerIdentity(sts(region, credentials));
      return `${id.arn} (account ${id.account})`;
    });
  }
}

/** The cluster's endpoint (EKS) or the kubeconfig: a client, or undefined when it cannot be had. */
async function connectCluster(
  { report, eks }: DoctorRun,
  cluster: ClusterTarget,
  credentials: AwsCredentialIdentity | undefined,
): Promise<KubeClient | undefined> {
  const checks = report.checks;
  let client: KubeClient | undefined;
  if (cluster.kind === 'eks') {
    await check(checks, 'EKS DescribeCluster', async () => {
      const info = await describeCluster(eks(cluster.region, credentials), cluster.clusterName, cluster.region);
      const tokens = new EksTokenSource({
        clusterName: cluster.clusterName,
        region: cluster.region,
        ...(credentials ? { credentials } : {}),
      });
      client = KubeClient.fromCluster({
        server: info.endpoint,
        caData: info.caData,
        token: () => tokens.token(),
        name: cluster.clusterName,
      });
      return `${cluster.clusterName} (${cluster.region}) at ${info.endpoint}`;
    });
  } else {
    await check(checks, 'kubeconfig', () => {
      const c = KubeClient.fromKubeconfig(cluster.path, cluster.context);
      client = c;
      return Promise.resolve(`context ${c.kc.getCurrentContext()} (${c.server})`);
    });
  }
  return client;
}

/** The API server answers and accepts the identity; says what to fix when it does not. */
async function checkKubernetesApi({ config, report }: DoctorRun, kube: KubeClient): Promise<boolean> {
  const checks = report.checks;
  const api = await check(checks, 'Kubernetes API', async () => {
    const v = await kube.request<{ gitVersion?: string } | undefined>('GET', '/version', { retry: false });
    // /version is public; who the cluster thinks we are needs the token accepted. SelfSubjectReview
    // (Kubernetes 1.28+) answers for every authenticated user; discovery where it is missing.
    let who = '';
    try {
      const review = await kube.request<
        { status?: { userInfo?: { username?: string; groups?: string[] } } } | undefined
      >('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        retry: false,
      });
      const u = review?.status?.userInfo;
      if (u?.username)
        who = `; signed in as ${u.username}${u.groups?.length ? ` (groups ${u.groups.join(', ')})` : ''}`;
    } catch (err) {
      if (!(err instanceof Error && /\b404\b|not found/i.test(err.message))) throw err;
      await kube.request('GET', '/api', { retry: false });
    }
    return `${kube.server} answers (${v?.gitVersion ?? 'version unknown'}) and accepts the identity${who}`;
  });
  if (api.status !== 'pass') {
    if (/\b401\b|Unauthorized/i.test(api.detail))
      api.detail += '. The IAM role needs an EKS access entry on this cluster (docs/permissions.md).';
    if (/\b403\b|forbidden/i.test(api.detail))
      api.detail += `. The access entry (or RBAC) does not grant the ${config.workflow} workflow's verbs (docs/permissions.md).`;
    return false;
  }
  return true;
}

/** The workflow's Kubernetes verbs, one SelfSubjectAccessReview per verb. */
async function checkAccess({ config, report }: DoctorRun, kube: KubeClient): Promise<void> {
  const checks = report.checks;
  for (const rule of kubernetesAccess(config.workflow)) {
    for (const resource of rule.resources) {
      const verbs = rule.verbs.join(',');
      const last = await check(
        checks,
        `can ${verbs} ${resource}${rule.apiGroup ? `.${rule.apiGroup}` : ''}`,
        async () => {
          const denied: string[] = [];
          for (const verb of rule.verbs) {
            const review = await kube.request<{ status?: { allowed?: boolean; reason?: string } } | undefined>(
              'POST',
              '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
              {
                body: {
                  apiVersion: 'authorization.k8s.io/v1',
                  kind: 'SelfSubjectAccessReview',
                  spec: {
                    resourceAttributes: {
                      group: rule.apiGroup,
                      resource,
                      verb,
                      ...(rule.clusterScoped ? {} : { namespace: config.namespace }),
                    },
                  },
                },
                retry: false,
              },
            );
            if (!review?.status?.allowed) denied.push(verb);
          }
          if (denied.length > 0)
            throw new Error(`denied: ${denied.join(', ')}${rule.clusterScoped ? '' : ` in ${config.namespace}`}`);
          return rule.clusterScoped ? 'allowed (cluster-wide)' : `allowed in ${config.namespace}`;
        },
      );
      if (last.status === 'fail' && /\b404\b|not found/i.test(last.detail)) {
        last.status = 'skip';
        last.detail = 'this API server does not answer SelfSubjectAccessReview';
      }
    }
  }
}

/** The report as log lines: claims, the trust policy, notes, then one ✓/✗/– line per check. */
export function doctorLines(r: DoctorReport): string[] {
  const lines: string[] = [];
  if (r.claims) {
    lines.push('OIDC token claims (the token itself is never printed):');
    for (const [k, v] of Object.entries(r.claims)) lines.push(`  ${k}: ${v}`);
  }
  if (r.trustPolicy)
    lines.push(
      'Trust policy this job needs:',
      ...JSON.stringify(r.trustPolicy, null, 2)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  for (const n of r.notes) lines.push(`note: ${n}`);
  for (const c of r.checks)
    lines.push(`${c.status === 'pass' ? 'PASS' : c.status === 'fail' ? 'FAIL' : 'SKIP'} ${c.name}: ${c.detail}`);
  return lines;
}

/** The report as a job summary. */
export function doctorMarkdown(r: DoctorReport): string {
  const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  const out = [
    `### eks-fargate-deploy doctor: ${failed === 0 ? '✅ every check passed' : `❌ ${failed} check(s) failed`}`,
    '',
  ];
  out.push(
    '| check | result | detail |',
    '|---|---|---|',
    ...r.checks.map(
      (c) =>
        `| ${cell(c.name)} | ${c.status === 'pass' ? '✅ pass' : c.status === 'fail' ? '❌ fail' : '⏭️ skip'} | ${cell(c.detail)} |`,
    ),
    '',
  );
  if (r.claims)
    out.push(
      '<details><summary>OIDC token claims</summary>',
      '',
      '| claim | value |',
      '|---|---|',
      ...Object.entries(r.claims).map(([k, v]) => `| ${k} | \`${cell(v)}\` |`),
      '',
      '</details>',
      '',
    );
  if (r.trustPolicy)
    out.push('Trust policy this job needs:', '', '```json', JSON.stringify(r.trustPolicy, null, 2), '```', '');
  for (const n of r.notes) out.push(`- ${n}`);
  out.push('');
  return out.join('\n');
}
