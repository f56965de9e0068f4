export const id = 915;
export const ids = [915];
export const modules = {

/***/ 44915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a9: () => (/* binding */ STS_AUDIENCE),
/* harmony export */   doctorLines: () => (/* binding */ doctorLines),
/* harmony export */   runDoctor: () => (/* binding */ runDoctor)
/* harmony export */ });
/* unused harmony exports GITHUB_OIDC_ISSUER, SHOWN_CLAIMS, decodeJwtClaims, requestOidcToken, subjectForm, trustPolicyFor, doctorMarkdown */
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71695);
/* harmony import */ var _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(24524);
/* harmony import */ var _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21104);
/* harmony import */ var _aws_eks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74192);
/* harmony import */ var _kube_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31934);
/* harmony import */ var _permissions_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(10331);
/**
 * `doctor`: inside a workflow job, say why AWS or the cluster would refuse it before a deploy
 * does. It reads the job's OIDC token (never printing it), shows its claims and the IAM trust
 * condition they need, then checks, one pass/fail line each: AssumeRoleWithWebIdentity with the
 * token, the identity STS sees, the EKS cluster, and the Kubernetes access of the command it
 * prepares for. Nothing is written anywhere.
 */






/** GitHub's OIDC issuer, the provider the IAM role trusts. */
const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks for. */
const STS_AUDIENCE = 'sts.amazonaws.com';
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
];
const clientConfig = (region, credentials) => ({
    region,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    ...(credentials ? { credentials } : {}),
});
/** The payload of a JWT, unverified (doctor only shows it; AWS verifies it). */
function decodeJwtClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts[1])
        throw new Error('the OIDC token is not a JWT (expected three dot-separated parts)');
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
        throw new Error('the OIDC token payload is not a JSON object');
    return payload;
}
/** Request the job's OIDC token as configure-aws-credentials does (needs `permissions: id-token: write`). */
async function requestOidcToken(env, audience, doFetch = fetch) {
    const url = env['ACTIONS_ID_TOKEN_REQUEST_URL'];
    const bearer = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
    if (!url || !bearer) {
        throw new Error('no OIDC token in this job: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Give the job `permissions: id-token: write` (pull requests from forks never get one)');
    }
    const u = new URL(url);
    u.searchParams.set('audience', audience);
    const res = await doFetch(u, {
        headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok)
        throw new Error(`the OIDC token request answered HTTP ${res.status}`);
    let value;
    try {
        value = JSON.parse(text).value;
    }
    catch {
        value = undefined;
    }
    if (typeof value !== 'string' || value === '')
        throw new Error('the OIDC token request answered without a token');
    return value;
}
/** `repo:OWNER@ID/REPO@ID:…` is the immutable form of repositories created or renamed on or after 2026-07-15. */
function subjectForm(sub) {
    if (/^repo:[^/@:]+@\d+\/[^/@:]+@\d+:/.test(sub))
        return 'immutable';
    if (/^repo:[^/:]+\/[^/:]+:/.test(sub))
        return 'name';
    return 'custom';
}
/** The account of a role ARN, for the provider ARN of the trust policy. */
function accountOf(roleArn) {
    return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn ?? '')?.[1] ?? 'ACCOUNT_ID';
}
/**
 * The trust policy that lets exactly this job's subject assume the role. AWS evaluates only `aud`
 * and `sub` of GitHub's token (no other claim can be a condition), so pinning the reusable
 * workflow means putting job_workflow_ref into the subject (see docs/github-workflows.md).
 */
function trustPolicyFor(claims, roleArn, audience = STS_AUDIENCE) {
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
                        [`${GITHUB_OIDC_ISSUER}:sub`]: String(claims['sub'] ?? ''),
                    },
                },
            },
        ],
    };
}
function notesFor(claims) {
    const sub = String(claims['sub'] ?? '');
    const notes = [];
    const form = subjectForm(sub);
    if (form === 'immutable') {
        notes.push(`sub uses the immutable form repo:OWNER@OWNER_ID/REPO@REPO_ID (repositories created or renamed on or after 2026-07-15): a trust policy matching repo:${String(claims['repository'] ?? 'OWNER/REPO')}:… is denied.`);
    }
    else if (form === 'name') {
        notes.push('sub uses the name form repo:OWNER/REPO:…; after a rename (or for a new repository) it becomes repo:OWNER@OWNER_ID/REPO@REPO_ID:…, so match the IDs as well if the role must survive one.');
    }
    else {
        notes.push('sub follows a customised subject template (repository or organisation setting).');
    }
    const jwr = claims['job_workflow_ref'];
    if (typeof jwr === 'string' && jwr !== '') {
        notes.push(sub.includes('job_workflow_ref:')
            ? `sub includes job_workflow_ref (${jwr}): the trust policy pins the reusable workflow and its commit.`
            : `job_workflow_ref is ${jwr}, but AWS cannot use it as a condition; to pin the reusable workflow, set the repository's OIDC subject template to include_claim_keys ["repo", "context", "job_workflow_ref"] and match the new sub.`);
    }
    return notes;
}
async function check(checks, name, run) {
    try {
        checks.push({ name, status: 'pass', detail: await run() });
        return true;
    }
    catch (err) {
        checks.push({ name, status: 'fail', detail: err instanceof Error ? err.message : String(err) });
        return false;
    }
}
/** Run every check; a failed one does not stop the others that do not depend on it. */
async function runDoctor(config, deps) {
    const report = { notes: [], checks: [] };
    const checks = report.checks;
    let token;
    await check(checks, 'OIDC token', async () => {
        token = await requestOidcToken(deps.env, config.audience, deps.fetch);
        deps.mask?.(token);
        const claims = decodeJwtClaims(token);
        report.claims = Object.fromEntries(SHOWN_CLAIMS.filter((k) => claims[k] !== undefined).map((k) => [
            k,
            Array.isArray(claims[k]) ? claims[k].join(',') : String(claims[k]),
        ]));
        report.trustPolicy = trustPolicyFor(claims, config.roleArn, config.audience);
        report.notes.push(...notesFor(claims));
        if (claims['aud'] !== config.audience && !(Array.isArray(claims['aud']) && claims['aud'].includes(config.audience)))
            throw new Error(`the token's audience is ${String(claims['aud'])}, not ${config.audience}`);
        return `issued by ${String(claims['iss'])} for ${String(claims['sub'])}`;
    });
    const region = config.region ??
        (config.cluster && 'region' in config.cluster ? config.cluster.region : undefined) ??
        deps.env['AWS_REGION'] ??
        deps.env['AWS_DEFAULT_REGION'];
    const sts = deps.sts ?? ((r, c) => new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .STSClient */ .iM(clientConfig(r, c)));
    const eks = deps.eks ?? ((r, c) => new _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_5__/* .EKSClient */ .JQJ(clientConfig(r, c)));
    let credentials;
    if (!config.roleArn) {
        checks.push({
            name: 'AssumeRoleWithWebIdentity',
            status: 'skip',
            detail: 'no role-to-assume given: the checks below use the credentials already in the job',
        });
    }
    else if (!token || !region) {
        checks.push({
            name: 'AssumeRoleWithWebIdentity',
            status: 'fail',
            detail: !token ? 'no OIDC token (see above)' : 'no region: give aws-region (or set AWS_REGION)',
        });
    }
    else {
        await check(checks, 'AssumeRoleWithWebIdentity', async () => {
            const out = await sts(region).send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .AssumeRoleWithWebIdentityCommand */ .WH({
                RoleArn: config.roleArn,
                RoleSessionName: `eks-fargate-doctor-${deps.env['GITHUB_RUN_ID'] ?? 'local'}`,
                WebIdentityToken: token,
                DurationSeconds: 900,
            }));
            const c = out.Credentials;
            if (!c?.AccessKeyId || !c.SecretAccessKey)
                throw new Error('STS answered without credentials');
            deps.mask?.(c.SecretAccessKey);
            if (c.SessionToken)
                deps.mask?.(c.SessionToken);
            credentials = {
                accessKeyId: c.AccessKeyId,
                secretAccessKey: c.SecretAccessKey,
                ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
            };
            return `${config.roleArn} trusts this job (${out.AssumedRoleUser?.Arn ?? 'assumed'})`;
        });
        const last = checks.at(-1);
        if (last.status === 'fail' && /not authorized|AccessDenied/i.test(last.detail)) {
            last.detail += `. The role's trust policy must match sub ${report.claims?.sub ?? '(unknown)'} exactly; the policy printed above does.`;
        }
    }
    if (!region) {
        checks.push({
            name: 'STS GetCallerIdentity',
            status: 'skip',
            detail: 'no region: give aws-region (or set AWS_REGION)',
        });
    }
    else {
        await check(checks, 'STS GetCallerIdentity', async () => {
            const id = await (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .callerIdentity */ .IX)(sts(region, credentials));
            return `${id.arn} (account ${id.account})`;
        });
    }
    const cluster = config.cluster;
    if (!cluster) {
        checks.push({ name: 'cluster access', status: 'skip', detail: 'no cluster given (cluster-name or kubeconfig)' });
        return report;
    }
    let client;
    if (cluster.kind === 'eks') {
        await check(checks, 'EKS DescribeCluster', async () => {
            const info = await (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .describeCluster */ .K$)(eks(cluster.region, credentials), cluster.clusterName, cluster.region);
            const tokens = new _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__/* .EksTokenSource */ .Wl({
                clusterName: cluster.clusterName,
                region: cluster.region,
                ...(credentials ? { credentials } : {}),
            });
            client = _kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeClient */ .Bx.fromCluster({
                server: info.endpoint,
                caData: info.caData,
                token: () => tokens.token(),
                name: cluster.clusterName,
            });
            return `${cluster.clusterName} (${cluster.region}) at ${info.endpoint}`;
        });
    }
    else {
        await check(checks, 'kubeconfig', async () => {
            client = _kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeClient */ .Bx.fromKubeconfig(cluster.path, cluster.context);
            return `context ${client.kc.getCurrentContext()} (${client.server})`;
        });
    }
    if (!client)
        return report;
    const kube = client;
    const authenticated = await check(checks, 'Kubernetes API', async () => {
        const v = await kube.request('GET', '/version', { retry: false });
        // /version is public; who the cluster thinks we are needs the token accepted. SelfSubjectReview
        // (Kubernetes 1.28+) answers for every authenticated user; discovery where it is missing.
        let who = '';
        try {
            const review = await kube.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, retry: false });
            const u = review?.status?.userInfo;
            if (u?.username)
                who = `; signed in as ${u.username}${u.groups?.length ? ` (groups ${u.groups.join(', ')})` : ''}`;
        }
        catch (err) {
            if (!(err instanceof Error && /\b404\b|not found/i.test(err.message)))
                throw err;
            await kube.request('GET', '/api', { retry: false });
        }
        return `${kube.server} answers (${v?.gitVersion ?? 'version unknown'}) and accepts the identity${who}`;
    });
    if (!authenticated) {
        const last = checks.at(-1);
        if (/\b401\b|Unauthorized/i.test(last.detail))
            last.detail += '. The IAM role needs an EKS access entry on this cluster (docs/permissions.md).';
        if (/\b403\b|forbidden/i.test(last.detail))
            last.detail += `. The access entry (or RBAC) does not grant the ${config.workflow} workflow's verbs (docs/permissions.md).`;
        return report;
    }
    for (const rule of (0,_permissions_js__WEBPACK_IMPORTED_MODULE_3__/* .kubernetesAccess */ .HC)(config.workflow)) {
        for (const resource of rule.resources) {
            const verbs = rule.verbs.join(',');
            await check(checks, `can ${verbs} ${resource}${rule.apiGroup ? `.${rule.apiGroup}` : ''}`, async () => {
                const denied = [];
                for (const verb of rule.verbs) {
                    const review = await kube.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
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
                    });
                    if (!review?.status?.allowed)
                        denied.push(verb);
                }
                if (denied.length > 0)
                    throw new Error(`denied: ${denied.join(', ')}${rule.clusterScoped ? '' : ` in ${config.namespace}`}`);
                return rule.clusterScoped ? 'allowed (cluster-wide)' : `allowed in ${config.namespace}`;
            });
            const last = checks.at(-1);
            if (last.status === 'fail' && /\b404\b|not found/i.test(last.detail)) {
                last.status = 'skip';
                last.detail = 'this API server does not answer SelfSubjectAccessReview';
            }
        }
    }
    return report;
}
/** The report as log lines: claims, the trust policy, notes, then one ✓/✗/– line per check. */
function doctorLines(r) {
    const lines = [];
    if (r.claims) {
        lines.push('OIDC token claims (the token itself is never printed):');
        for (const [k, v] of Object.entries(r.claims))
            lines.push(`  ${k}: ${v}`);
    }
    if (r.trustPolicy)
        lines.push('Trust policy this job needs:', ...JSON.stringify(r.trustPolicy, null, 2)
            .split('\n')
            .map((l) => `  ${l}`));
    for (const n of r.notes)
        lines.push(`note: ${n}`);
    for (const c of r.checks)
        lines.push(`${c.status === 'pass' ? 'PASS' : c.status === 'fail' ? 'FAIL' : 'SKIP'} ${c.name}: ${c.detail}`);
    return lines;
}
/** The report as a job summary. */
function doctorMarkdown(r) {
    const cell = (t) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const failed = r.checks.filter((c) => c.status === 'fail').length;
    const out = [
        `### eks-fargate-deploy doctor: ${failed === 0 ? '✅ every check passed' : `❌ ${failed} check(s) failed`}`,
        '',
    ];
    out.push('| check | result | detail |', '|---|---|---|', ...r.checks.map((c) => `| ${cell(c.name)} | ${c.status === 'pass' ? '✅ pass' : c.status === 'fail' ? '❌ fail' : '⏭️ skip'} | ${cell(c.detail)} |`), '');
    if (r.claims)
        out.push('<details><summary>OIDC token claims</summary>', '', '| claim | value |', '|---|---|', ...Object.entries(r.claims).map(([k, v]) => `| ${k} | \`${cell(v)}\` |`), '', '</details>', '');
    if (r.trustPolicy)
        out.push('Trust policy this job needs:', '', '```json', JSON.stringify(r.trustPolicy, null, 2), '```', '');
    for (const n of r.notes)
        out.push(`- ${n}`);
    out.push('');
    return out.join('\n');
}


/***/ }),

/***/ 10331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HC: () => (/* binding */ kubernetesAccess),
/* harmony export */   v1: () => (/* binding */ WORKFLOWS)
/* harmony export */ });
/* unused harmony exports AWS_CALLS, iamActions, iamPolicy, TYPICAL_RELEASE, accessTriples, rbacObjects, permissionsMarkdown */
/**
 * What each workflow is allowed to do, derived from the calls the code makes: every AWS API call
 * (the SDK commands of src/aws, src/ecs and src/commands) with the IAM action it needs and the
 * workflows that make it, and the Kubernetes verbs per resource. docs/permissions.md is checked
 * against this module, and test/adoption/permissions.test.ts runs the workflows against moto and
 * the sandbox and compares the calls they made with it: none missing, none unused.
 * Pure data and functions; no I/O.
 */
/** The reusable workflows (and `doctor`, which checks the access of one of them). */
const WORKFLOWS = ['plan', 'deploy', 'rollback', 'build', 'cutover'];
const EKS_CLUSTER = 'arn:aws:eks:REGION:ACCOUNT_ID:cluster/CLUSTER';
const EKS_PROFILE = 'arn:aws:eks:REGION:ACCOUNT_ID:fargateprofile/CLUSTER/*';
const ECR_REPO = 'arn:aws:ecr:REGION:ACCOUNT_ID:repository/REPOSITORY';
/** Every AWS call, in the order a deploy makes them. */
const AWS_CALLS = [
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
function iamActions(workflow, on = []) {
    return [
        ...new Set(AWS_CALLS.filter((c) => {
            const when = c.workflows[workflow];
            return when !== undefined && (when === 'always' || on.includes(when));
        }).map((c) => c.action)),
    ].sort();
}
/** The identity policy of a workflow's role: one statement per resource pattern. */
function iamPolicy(workflow, on = []) {
    const actions = new Set(iamActions(workflow, on));
    const byResource = new Map();
    for (const c of AWS_CALLS) {
        if (!actions.has(c.action))
            continue;
        const list = byResource.get(c.resource) ?? [];
        if (!list.includes(c.action))
            list.push(c.action);
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
/** The resources the starter manifests hold (Namespace aside); a release with other kinds adds them. */
const TYPICAL_RELEASE = [
    { apiGroup: '', resource: 'configmaps' },
    { apiGroup: '', resource: 'secrets' },
    { apiGroup: '', resource: 'services' },
    { apiGroup: 'apps', resource: 'deployments' },
    { apiGroup: 'networking.k8s.io', resource: 'ingresses' },
];
/**
 * The Kubernetes access of a workflow. `release`: the resources of the release's manifests; every
 * one is read and server-side applied (`patch`; for plan with dryRun=All, which RBAC authorizes
 * as the same verb) and, with prune, deleted.
 */
function kubernetesAccess(workflow, release = TYPICAL_RELEASE, opts = {}) {
    if (workflow === 'build')
        return [];
    const rules = [];
    const groups = new Map();
    // The plan gets no Secrets at all: a dry-run patch answers with the stored object and a list
    // returns every value, so either right is the right to read them. Without it the live diff
    // shows each Secret as not readable and goes on without release records (a notice says so).
    const kinds = workflow === 'plan' ? release.filter((r) => !(r.apiGroup === '' && r.resource === 'secrets')) : release;
    for (const r of kinds)
        groups.set(r.apiGroup, [...(groups.get(r.apiGroup) ?? []), r.resource]);
    if (workflow === 'cutover') {
        rules.push({
            apiGroup: 'networking.k8s.io',
            resources: ['ingresses'],
            verbs: ['get'],
            why: 'the new target: the ALB address of the release Ingress',
        });
        return rules;
    }
    const applyVerbs = workflow === 'plan' ? ['get', 'patch'] : opts.prune ? ['get', 'patch', 'delete'] : ['get', 'patch'];
    for (const [group, resources] of groups) {
        rules.push({
            apiGroup: group,
            resources: [...resources].sort(),
            verbs: applyVerbs,
            why: workflow === 'plan'
                ? 'live diff: read each object, server-side apply it with dryRun=All'
                : 'server-side apply of the release (get, patch), prune (delete)',
        });
    }
    // Release records are Secrets labelled with the release; the plan reads them for the prune preview.
    if (workflow !== 'plan')
        rules.push({
            apiGroup: '',
            resources: ['secrets'],
            verbs: ['get', 'list', 'create', 'update'],
            why: 'release records (Helm-style Secrets): history, the release to restore',
        });
    if (workflow !== 'plan')
        rules.push({
            apiGroup: '',
            resources: ['secrets'],
            verbs: ['delete'],
            why: 'release records beyond history-limit are deleted',
            when: 'more releases than history-limit',
        });
    if (workflow === 'rollback')
        rules.push({
            apiGroup: 'coordination.k8s.io',
            resources: ['leases'],
            verbs: ['create'],
            why: 'the deploy lock, when no deploy ever took it in this namespace',
            when: 'the first change of the namespace',
        });
    if (workflow === 'plan') {
        // A namespace-scoped plan reads the Namespace object when the manifests hold one.
        if (opts.namespace ?? true)
            rules.push({
                apiGroup: '',
                resources: ['namespaces'],
                verbs: ['get'],
                clusterScoped: true,
                why: 'live diff: whether the release namespace exists',
            });
        return mergeRules(rules);
    }
    rules.push({
        apiGroup: 'coordination.k8s.io',
        resources: ['leases'],
        verbs: workflow === 'deploy' ? ['get', 'create', 'update', 'watch'] : ['get', 'update', 'watch'],
        why: 'the deploy lock of the namespace (waiting for a holder to leave)',
    }, {
        apiGroup: '',
        resources: ['pods', 'events'],
        verbs: ['list', 'watch'],
        why: 'rollout watch: pod problems (ImagePullBackOff, CrashLoopBackOff, Unschedulable) and their events',
    }, {
        apiGroup: 'apps',
        resources: ['deployments', 'replicasets'],
        verbs: ['list', 'watch'],
        why: 'rollout watch of every workload at once',
    }, {
        apiGroup: 'networking.k8s.io',
        resources: ['ingresses'],
        verbs: ['list', 'watch'],
        why: 'the ALB address for the smoke tests and the environment URL',
    });
    if (workflow === 'deploy') {
        rules.push({
            apiGroup: '',
            resources: ['namespaces'],
            verbs: ['get', 'patch'],
            clusterScoped: true,
            why: 'preflight (the namespace exists or is created by the release) and its apply',
        }, {
            apiGroup: '',
            resources: ['nodes'],
            verbs: ['list'],
            clusterScoped: true,
            why: 'verify: the pods run on Fargate nodes',
        }, {
            apiGroup: 'networking.k8s.io',
            resources: ['ingressclasses'],
            verbs: ['get'],
            clusterScoped: true,
            why: 'preflight: IngressClass alb exists',
        });
    }
    return mergeRules(rules);
}
/** Rules with the same group, scope and resources merged (verbs united, in a stable order). */
function mergeRules(rules) {
    const order = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    const out = [];
    for (const r of rules) {
        for (const resource of r.resources) {
            const same = out.find((o) => o.apiGroup === r.apiGroup &&
                !!o.clusterScoped === !!r.clusterScoped &&
                o.resources.length === 1 &&
                o.resources[0] === resource);
            if (same && !!same.when === !!r.when) {
                same.verbs = order.filter((v) => same.verbs.includes(v) || r.verbs.includes(v));
                if (!same.why.includes(r.why))
                    same.why = `${same.why}; ${r.why}`;
            }
            else {
                out.push({
                    apiGroup: r.apiGroup,
                    resources: [resource],
                    verbs: order.filter((v) => r.verbs.includes(v)),
                    why: r.why,
                    ...(r.clusterScoped ? { clusterScoped: true } : {}),
                    ...(r.when ? { when: r.when } : {}),
                });
            }
        }
    }
    return out;
}
/** The (verb, group, resource) triples of a workflow's access, for comparison with an audit log. */
function accessTriples(rules) {
    return [
        ...new Set(rules.flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${r.apiGroup ? `${res}.${r.apiGroup}` : res}`)))),
    ].sort();
}
/** The namespaced Role and the ClusterRole of a workflow, as Kubernetes objects. */
function rbacObjects(workflow, namespace, release = TYPICAL_RELEASE, opts = {}) {
    const rules = kubernetesAccess(workflow, release, opts);
    const name = `eks-fargate-${workflow}`;
    const toRule = (r) => ({ apiGroups: [r.apiGroup], resources: r.resources, verbs: r.verbs });
    const out = [];
    const ns = rules.filter((r) => !r.clusterScoped);
    const cluster = rules.filter((r) => r.clusterScoped);
    if (ns.length > 0) {
        out.push({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'Role',
            metadata: { name, namespace },
            rules: ns.map(toRule),
        });
        out.push({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { name, namespace },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name }],
        });
    }
    if (cluster.length > 0) {
        out.push({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name },
            rules: cluster.map(toRule),
        });
        out.push({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name }],
        });
    }
    return out;
}
/** Inputs that turn on optional calls, per workflow, for the documented policies. */
const DOCUMENTED_OPTIONS = {
    plan: ['cluster', 'ecs-cluster'],
    deploy: ['build-images', 'lifecycle-keep', 'scan-gate-severity'],
    rollback: [],
    build: ['lifecycle-keep', 'scan-gate-severity'],
    cutover: ['cluster', 'alb-metrics', 'scale-ecs-to-zero', 'wait-dns'],
};
/**
 * The generated part of docs/permissions.md: per workflow, the IAM policy (every optional call
 * included, each marked with the input that turns it on) and the Kubernetes Role/ClusterRole for
 * the typical release (configmaps, secrets, services, deployments, ingresses). A test keeps the
 * file equal to this.
 */
function permissionsMarkdown() {
    const out = [];
    for (const w of WORKFLOWS) {
        out.push(`## ${w}`, '');
        const calls = AWS_CALLS.filter((c) => c.workflows[w] !== undefined);
        out.push('| IAM action | when | made by |', '|---|---|---|');
        for (const c of calls)
            out.push(`| \`${c.action}\` | ${c.workflows[w] === 'always' ? 'always' : `\`${c.workflows[w]}\` given`} | ${c.source} |`);
        out.push('', 'Identity policy of the role (replace REGION, ACCOUNT_ID, CLUSTER, REPOSITORY, …; drop the actions of inputs you do not use):', '', '```json', JSON.stringify(iamPolicy(w, DOCUMENTED_OPTIONS[w]), null, 2), '```', '');
        const rules = kubernetesAccess(w, TYPICAL_RELEASE, { prune: w === 'deploy' });
        if (rules.length === 0) {
            out.push('No Kubernetes access.', '');
            continue;
        }
        out.push('| API group | resource | verbs | scope | why |', '|---|---|---|---|---|');
        for (const r of rules)
            out.push(`| \`${r.apiGroup || 'core'}\` | ${r.resources.join(', ')} | ${r.verbs.join(', ')} | ${r.clusterScoped ? 'cluster' : 'namespace'} | ${r.why}${r.when ? ` (only when: ${r.when})` : ''} |`);
        out.push('', "RBAC (namespace `my-app`; bind the role's access entry to the group with `--kubernetes-groups eks-fargate-" +
            w +
            '`):', '', '```yaml');
        out.push(rbacObjects(w, 'my-app', TYPICAL_RELEASE, { prune: w === 'deploy' })
            .map((o) => toYaml(o))
            .join('---\n')
            .trimEnd(), '```', '');
    }
    return out.join('\n');
}
/** A small YAML writer for the RBAC objects (maps, lists of maps, lists of strings, strings). */
function toYaml(v, indent = '') {
    if (Array.isArray(v)) {
        return v
            .map((item) => {
            if (item !== null && typeof item === 'object') {
                const body = toYaml(item, `${indent}  `);
                return `${indent}- ${body.slice(indent.length + 2)}`;
            }
            return `${indent}- ${scalar(item)}\n`;
        })
            .join('');
    }
    if (v !== null && typeof v === 'object') {
        return Object.entries(v)
            .map(([k, val]) => {
            if (Array.isArray(val))
                return val.length === 0
                    ? `${indent}${k}: []\n`
                    : val.every((x) => typeof x !== 'object')
                        ? `${indent}${k}: [${val.map(scalar).join(', ')}]\n`
                        : `${indent}${k}:\n${toYaml(val, `${indent}  `)}`;
            if (val !== null && typeof val === 'object')
                return `${indent}${k}:\n${toYaml(val, `${indent}  `)}`;
            return `${indent}${k}: ${scalar(val)}\n`;
        })
            .join('');
    }
    return `${indent}${scalar(v)}\n`;
}
function scalar(v) {
    const s = String(v);
    return s === '' || /^[\s*&!|>'"%@`#,[\]{}:-]|: | #|^(true|false|null|yes|no)$/i.test(s) ? JSON.stringify(s) : s;
}


/***/ })

};
