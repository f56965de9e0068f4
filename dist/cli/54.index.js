export const id = 54;
export const ids = [54,663];
export const modules = {

/***/ 68663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultEcrClient: () => (/* binding */ defaultEcrClient),
/* harmony export */   ensureRepository: () => (/* binding */ ensureRepository),
/* harmony export */   findImageDigest: () => (/* binding */ findImageDigest),
/* harmony export */   findingsAtOrAbove: () => (/* binding */ findingsAtOrAbove),
/* harmony export */   getEcrLogin: () => (/* binding */ getEcrLogin),
/* harmony export */   lifecyclePolicyText: () => (/* binding */ lifecyclePolicyText),
/* harmony export */   severityRank: () => (/* binding */ severityRank),
/* harmony export */   tagImage: () => (/* binding */ tagImage),
/* harmony export */   waitForScan: () => (/* binding */ waitForScan)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(28249);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * The ECR calls the build needs: make sure each repository exists (created with the inputs'
 * settings, or compared with them), a registry login (GetAuthorizationToken), which digest a tag
 * points at (DescribeImages), adding a tag to an existing image (BatchGetImage + PutImage, the
 * retag AWS documents) and the scan findings of an image. Thin: the client is injected, answers
 * come back as small plain types, and "not allowed" names the IAM action that is missing.
 */


/**
 * An ECR client for the SDK's default credential chain (it honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_ECR`). Throttling is retried by the SDK's standard mode with backoff; six
 * attempts ride out the burst limits a monorepo with many images can hit. `overrides` (endpoint,
 * credentials) are for tests and private endpoints.
 */
function defaultEcrClient(region, overrides = {}) {
    return new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .ECRClient */ .S70({
        region,
        maxAttempts: 6,
        retryMode: 'standard',
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
        ...overrides,
    });
}
function errorName(err) {
    return err instanceof Error ? err.name : undefined;
}
/** "Not allowed" is a setup problem the user fixes in IAM, so it names the action. */
function denied(err, action, what) {
    const name = errorName(err);
    if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`not allowed to call ${action} on ${what} (add ${action} to the role's policy): ${err.message}`);
    }
    return err;
}
function toRepository(r, fallbackName) {
    const mutability = r.imageTagMutability ?? 'MUTABLE';
    return {
        name: r.repositoryName ?? fallbackName,
        uri: r.repositoryUri ?? '',
        registryId: r.registryId ?? '',
        tagImmutability: mutability.startsWith('IMMUTABLE'),
        scanOnPush: r.imageScanningConfiguration?.scanOnPush ?? false,
        encryption: {
            type: r.encryptionConfiguration?.encryptionType ?? 'AES256',
            ...(r.encryptionConfiguration?.kmsKey ? { kmsKey: r.encryptionConfiguration.kmsKey } : {}),
        },
    };
}
/** The lifecycle policy text for "keep the newest N images". */
function lifecyclePolicyText(keep) {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `keep the newest ${keep} images (eks-fargate-deploy)`,
                selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
                action: { type: 'expire' },
            },
        ],
    });
}
/** The `countNumber` of a policy that is exactly one "keep N images" rule, else undefined. */
function keptByPolicy(text) {
    try {
        const p = JSON.parse(text);
        const rules = p.rules ?? [];
        const sel = rules.length === 1 ? rules[0].selection : undefined;
        return sel?.tagStatus === 'any' && sel.countType === 'imageCountMoreThan' ? sel.countNumber : undefined;
    }
    catch {
        return undefined;
    }
}
async function describeRepository(client, name) {
    try {
        const { repositories } = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name] }));
        const r = repositories?.[0];
        return r ? toRepository(r, name) : undefined;
    }
    catch (err) {
        if (errorName(err) === 'RepositoryNotFoundException')
            return undefined;
        throw denied(err, 'ecr:DescribeRepositories', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(name)}`);
    }
}
/**
 * Make sure repository `name` exists. A missing one is created with the settings (scan on push,
 * tag immutability, encryption) and, when `lifecycleKeep` is set, a lifecycle policy. An existing
 * one is left alone: every setting that differs from the inputs comes back as a warning, since
 * changing a shared repository behind its owners' backs is not this tool's call.
 */
async function ensureRepository(client, name, settings) {
    const existing = await describeRepository(client, name);
    if (existing)
        return { repository: existing, created: false, warnings: await compareRepository(client, existing, settings) };
    let created;
    try {
        const { repository } = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .CreateRepositoryCommand */ .WTe({
            repositoryName: name,
            imageTagMutability: settings.tagImmutability ? 'IMMUTABLE' : 'MUTABLE',
            imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
            encryptionConfiguration: settings.encryption.type === 'KMS'
                ? { encryptionType: 'KMS', ...(settings.encryption.kmsKey ? { kmsKey: settings.encryption.kmsKey } : {}) }
                : { encryptionType: 'AES256' },
            tags: [{ Key: 'managed-by', Value: 'eks-fargate-deploy' }],
        }));
        created = toRepository(repository ?? {}, name);
    }
    catch (err) {
        // Another job of the same workflow created it between our two calls: use theirs.
        if (errorName(err) === 'RepositoryAlreadyExistsException') {
            const again = await describeRepository(client, name);
            if (again)
                return { repository: again, created: false, warnings: await compareRepository(client, again, settings) };
        }
        throw denied(err, 'ecr:CreateRepository', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(name)}`);
    }
    if (settings.lifecycleKeep !== undefined) {
        try {
            await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutLifecyclePolicyCommand */ .Rcn({
                repositoryName: name,
                lifecyclePolicyText: lifecyclePolicyText(settings.lifecycleKeep),
            }));
        }
        catch (err) {
            throw denied(err, 'ecr:PutLifecyclePolicy', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(name)}`);
        }
    }
    return { repository: created, created: true, warnings: [] };
}
async function compareRepository(client, repo, settings) {
    const warnings = [];
    const what = `ECR repository ${repo.name} exists and is left as it is`;
    if (repo.tagImmutability !== settings.tagImmutability) {
        warnings.push(`${what}: its tags are ${repo.tagImmutability ? 'immutable' : 'mutable'}, tag-immutability asks for ${settings.tagImmutability ? 'immutable' : 'mutable'}`);
    }
    if (repo.scanOnPush !== settings.scanOnPush)
        warnings.push(`${what}: scan on push is ${repo.scanOnPush ? 'on' : 'off'}, scan-on-push asks for ${settings.scanOnPush ? 'on' : 'off'}`);
    const wantKey = settings.encryption.type === 'KMS' ? settings.encryption.kmsKey : undefined;
    if (repo.encryption.type !== settings.encryption.type ||
        (wantKey !== undefined && repo.encryption.kmsKey !== wantKey)) {
        const show = (e) => (e.kmsKey ? `${e.type}:${e.kmsKey}` : e.type);
        warnings.push(`${what}: it is encrypted with ${show(repo.encryption)}, encryption asks for ${show(settings.encryption)} (encryption cannot change after creation)`);
    }
    if (settings.lifecycleKeep !== undefined) {
        let text;
        try {
            text = (await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetLifecyclePolicyCommand */ .O0C({ repositoryName: repo.name }))).lifecyclePolicyText;
        }
        catch (err) {
            if (errorName(err) !== 'LifecyclePolicyNotFoundException')
                throw denied(err, 'ecr:GetLifecyclePolicy', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repo.name)}`);
        }
        if (text === undefined)
            warnings.push(`${what}: it has no lifecycle policy, lifecycle-keep asks to keep ${settings.lifecycleKeep} images`);
        else {
            const kept = keptByPolicy(text);
            if (kept !== settings.lifecycleKeep)
                warnings.push(`${what}: its lifecycle policy ${kept === undefined ? 'has other rules' : `keeps ${kept} images`}, lifecycle-keep asks to keep ${settings.lifecycleKeep}`);
        }
    }
    return warnings;
}
/**
 * GetAuthorizationToken, decoded. The token is base64 of `AWS:<password>`; the registry host is
 * the proxy endpoint's host.
 */
async function getEcrLogin(client) {
    let data;
    try {
        ({ authorizationData: data } = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetAuthorizationTokenCommand */ .Eu6({})));
    }
    catch (err) {
        throw denied(err, 'ecr:GetAuthorizationToken', 'the registry');
    }
    const first = data?.[0];
    if (!first?.authorizationToken || !first.proxyEndpoint)
        throw new Error('GetAuthorizationToken returned no token');
    const decoded = Buffer.from(first.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new Error('GetAuthorizationToken returned a token that is not user:password');
    return {
        registry: new URL(first.proxyEndpoint).host,
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        ...(first.expiresAt ? { expiresAt: first.expiresAt } : {}),
    };
}
/** The digest tag `tag` of `repository` points at, or undefined when ECR has no such tag. */
async function findImageDigest(client, repository, tag) {
    try {
        const { imageDetails } = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeImagesCommand */ .ji5({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
        return imageDetails?.[0]?.imageDigest;
    }
    catch (err) {
        if (errorName(err) === 'ImageNotFoundException')
            return undefined;
        throw denied(err, 'ecr:DescribeImages', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repository)}`);
    }
}
/**
 * Point `tag` at the image `digest` without pulling or pushing layers (BatchGetImage, then PutImage
 * with the same manifest bytes, so the digest does not change). A tag that already points there
 * is left alone.
 */
async function tagImage(client, repository, digest, tag) {
    let images;
    try {
        ({ images } = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .BatchGetImageCommand */ .P8n({
            repositoryName: repository,
            imageIds: [{ imageDigest: digest }],
            acceptedMediaTypes: [
                'application/vnd.oci.image.manifest.v1+json',
                'application/vnd.docker.distribution.manifest.v2+json',
                'application/vnd.oci.image.index.v1+json',
                'application/vnd.docker.distribution.manifest.list.v2+json',
            ],
        })));
    }
    catch (err) {
        throw denied(err, 'ecr:BatchGetImage', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repository)}`);
    }
    const manifest = images?.[0]?.imageManifest;
    if (!manifest)
        throw new Error(`image ${digest} not found in ECR repository ${repository}`);
    try {
        await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutImageCommand */ .SUU({
            repositoryName: repository,
            imageManifest: manifest,
            imageTag: tag,
            imageDigest: digest,
            ...(images?.[0]?.imageManifestMediaType ? { imageManifestMediaType: images[0].imageManifestMediaType } : {}),
        }));
    }
    catch (err) {
        if (errorName(err) === 'ImageAlreadyExistsException')
            return;
        if (errorName(err) === 'ImageTagAlreadyExistsException') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`tag ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(tag)} already exists in ECR repository ${repository} on another image and the repository's tags are immutable`);
        }
        throw denied(err, 'ecr:PutImage', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repository)}`);
    }
}
/** Severity order for the gate; UNDEFINED/UNTRIAGED findings rank as INFORMATIONAL. */
function severityRank(severity) {
    const order = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
    const i = order.indexOf(severity.toUpperCase());
    return i < 0 ? 0 : i;
}
/**
 * Wait for the basic scan of `digest` and return its findings. When the image has no scan (scan on
 * push off, or a skipped image pushed before), one is started. Fails when the scan fails or the
 * timeout passes.
 */
async function waitForScan(client, repository, digest, options) {
    const deadline = Date.now() + options.timeoutMs;
    const pollMs = options.pollMs ?? 5000;
    let started = false;
    for (;;) {
        options.signal?.throwIfAborted();
        let answer;
        try {
            answer = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeImageScanFindingsCommand */ .TQ0({ repositoryName: repository, imageId: { imageDigest: digest } }));
        }
        catch (err) {
            if (errorName(err) === 'ScanNotFoundException' && !started) {
                try {
                    await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .StartImageScanCommand */ .Qc9({ repositoryName: repository, imageId: { imageDigest: digest } }));
                }
                catch (startErr) {
                    throw denied(startErr, 'ecr:StartImageScan', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repository)}`);
                }
                started = true;
                continue;
            }
            if (errorName(err) === 'ImageNotFoundException' || errorName(err) === 'RepositoryNotFoundException') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`the scan gate needs the image in ECR, but ECR repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repository)} has no image ${digest} (was it pushed to another registry with the registry input?)`);
            }
            if (errorName(err) !== 'ScanNotFoundException')
                throw denied(err, 'ecr:DescribeImageScanFindings', `repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(repository)}`);
        }
        const status = answer?.imageScanStatus?.status ?? 'PENDING';
        if (status === 'COMPLETE') {
            const f = answer?.imageScanFindings;
            const findings = [
                ...(f?.findings ?? []).map((x) => {
                    const attr = (k) => x.attributes?.find((a) => a.key === k)?.value;
                    const pkg = attr('package_name');
                    const version = attr('package_version');
                    return {
                        name: x.name ?? 'unnamed',
                        severity: x.severity ?? 'UNDEFINED',
                        ...(x.uri ? { uri: x.uri } : {}),
                        ...(pkg ? { package: pkg } : {}),
                        ...(version ? { packageVersion: version } : {}),
                    };
                }),
                ...(f?.enhancedFindings ?? []).map((x) => ({
                    name: x.title ?? x.packageVulnerabilityDetails?.vulnerabilityId ?? 'unnamed',
                    severity: x.severity ?? 'UNDEFINED',
                    ...(x.packageVulnerabilityDetails?.sourceUrl ? { uri: x.packageVulnerabilityDetails.sourceUrl } : {}),
                    ...(x.packageVulnerabilityDetails?.vulnerablePackages?.[0]?.name
                        ? { package: x.packageVulnerabilityDetails.vulnerablePackages[0].name }
                        : {}),
                })),
            ];
            return { status, findings, severityCounts: { ...(f?.findingSeverityCounts ?? {}) } };
        }
        if (status !== 'IN_PROGRESS' && status !== 'PENDING' && answer !== undefined) {
            throw new Error(`the ECR scan of ${repository}@${digest} ended ${status}${answer.imageScanStatus?.description ? `: ${answer.imageScanStatus.description}` : ''}`);
        }
        if (Date.now() + pollMs > deadline)
            throw new Error(`the ECR scan of ${repository}@${digest} did not complete within ${Math.round(options.timeoutMs / 1000)} s (last status ${status})`);
        await new Promise((r) => setTimeout(r, pollMs));
    }
}
/** The findings at or above `threshold`, worst first. */
function findingsAtOrAbove(findings, threshold) {
    const min = severityRank(threshold);
    return findings
        .filter((f) => severityRank(f.severity) >= min && f.severity.toUpperCase() !== 'UNDEFINED')
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.name < b.name ? -1 : 1));
}


/***/ }),

/***/ 12054:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBuildCommand: () => (/* binding */ runBuildCommand)
});

// UNUSED EXPORTS: BUILD_USAGE, BuildExit, buildOutputJson, ghaCache, imageOverridesFromBuild, runBuild

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/aws/ecr.ts
var aws_ecr = __webpack_require__(68663);
// EXTERNAL MODULE: ./src/config/build.ts
var build = __webpack_require__(14814);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(83916);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/image/failure.ts
/**
 * Turning a builder's failed output into a message a person can act on: which image, which step
 * of the Dockerfile failed (buildah `STEP 2/4: COPY …`, buildx `#7 [2/4] COPY …`), the builder's
 * last lines, and for a refused push, which ECR permission is missing.
 */
/** A build, push or login that failed; the message holds the step and the builder's last lines. */
class ImageBuildError extends Error {
    image;
    phase;
    name = 'ImageBuildError';
    constructor(message, image, phase) {
        super(message);
        this.image = image;
        this.phase = phase;
    }
}
/** Lines of builder output shown with a failure. */
const FAILURE_TAIL = 20;
/** The permissions `docker push` needs on an ECR repository, in the order a push uses them. */
const ECR_PUSH_PERMISSIONS = [
    'ecr:BatchCheckLayerAvailability',
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
    'ecr:PutImage',
];
/** The Dockerfile step that was running when the build stopped, as the builder printed it. */
function failedStep(lines) {
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i];
        // buildah: "STEP 3/4: COPY …", prefixed "[1/2] " by stage in multi-stage builds.
        const buildah = /^(?:\[(\d+\/\d+)\] )?STEP (\d+\/\d+): (.+)$/.exec(line);
        if (buildah)
            return `${buildah[1] ? `stage ${buildah[1]} ` : ''}STEP ${buildah[2]}: ${buildah[3]}`;
        // buildx plain progress: "#7 [2/4] COPY app /app" or "#9 [build 3/5] RUN make"; "[internal] …" steps are its own.
        const buildx = /^#\d+ \[([^\]]*\d+\/\d+)\] (.+)$/.exec(line);
        if (buildx && !buildx[1].startsWith('internal'))
            return `[${buildx[1]}] ${buildx[2]}`;
        const dockerfileParse = /^(?:ERROR: )?failed to solve: (?:failed to read dockerfile|dockerfile parse error)(.*)$/i.exec(line);
        if (dockerfileParse)
            return 'reading the Dockerfile';
    }
    return undefined;
}
/** What the output says about a refused push or login, or undefined when it says nothing of the kind. */
function pushDenial(lines) {
    const text = lines.join('\n');
    const action = /not authorized to perform:?\s*(ecr:[A-Za-z]+)/.exec(text);
    if (action)
        return `ECR denied the push: the role lacks ${action[1]} on the repository (a push needs ${ECR_PUSH_PERMISSIONS.join(', ')})`;
    if (/requested access to the resource is denied|denied: |403 Forbidden|status 403/i.test(text)) {
        return `ECR denied the push: the role needs ${ECR_PUSH_PERMISSIONS.join(', ')} on the repository`;
    }
    if (/unauthorized|authentication required|status 401|401 Unauthorized|no basic auth credentials/i.test(text)) {
        return 'the registry refused the login: the credentials from ecr:GetAuthorizationToken were not accepted (wrong registry host or account, or an expired token)';
    }
    return undefined;
}
/** The last `n` non-blank lines, indented for a message. */
function lastLines(lines, n = FAILURE_TAIL) {
    return lines
        .filter((l) => l.trim() !== '')
        .slice(-n)
        .map((l) => `  | ${l}`)
        .join('\n');
}
/** The message of a failed builder command. */
function describeFailure(opts) {
    const how = opts.signal ? `killed by ${opts.signal}` : `exit code ${opts.code}`;
    const parts = [];
    if (opts.phase === 'build') {
        const step = failedStep(opts.lines);
        parts.push(`image ${JSON.stringify(opts.image)}: ${opts.builder} build failed${step ? ` at ${step}` : ''} (${opts.command}, ${how})`);
    }
    else {
        const denial = pushDenial(opts.lines);
        parts.push(`image ${JSON.stringify(opts.image)}: ${opts.phase} with ${opts.builder} failed (${opts.command}, ${how})${denial ? `: ${denial}` : ''}`);
    }
    const tail = lastLines(opts.lines);
    if (tail)
        parts.push(`last lines of ${opts.builder}:\n${tail}`);
    return parts.join('\n');
}

;// CONCATENATED MODULE: ./src/image/buildah.ts
/**
 * buildah: the daemonless builder, for self-hosted runners without Docker (runner pods on
 * Kubernetes). Login is an auth file (mode 0600) in a private temp directory, handed to buildah
 * with `--authfile` and deleted at the end; the image is built with chroot isolation (no
 * privileges needed) and pushed with `--digestfile`, which is where the digest is read.
 */



/** Arguments before the subcommand: where buildah keeps its images. */
function buildahGlobalArgs(options) {
    const args = [];
    if (options.root)
        args.push('--root', options.root);
    if (options.runroot)
        args.push('--runroot', options.runroot);
    if (options.storageDriver)
        args.push('--storage-driver', options.storageDriver);
    return args;
}
/** The exact `buildah build` arguments of one image (the auth file lets `FROM` pull private base images). */
function buildahBuildArgs(job, options, files) {
    const { image } = job;
    const args = [
        ...buildahGlobalArgs(options),
        'build',
        '--isolation',
        options.isolation,
        '--platform',
        job.platform,
        '--file',
        image.dockerfile,
        '--authfile',
        files.authFile,
    ];
    if (image.target)
        args.push('--target', image.target);
    for (const [k, v] of Object.entries(image.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of Object.entries(image.labels))
        args.push('--label', `${k}=${v}`);
    for (const s of image.secrets)
        args.push('--secret', 'src' in s ? `id=${s.id},src=${s.src}` : `id=${s.id},env=${s.env}`);
    args.push('--layers', '--iidfile', files.iidFile, '--tag', `${job.destination}:${job.tags[0]}`, image.context);
    return args;
}
/** The exact `buildah push` arguments of the main tag. */
function buildahPushArgs(job, options, files) {
    const args = [...buildahGlobalArgs(options), 'push', '--authfile', files.authFile, '--digestfile', files.digestFile];
    if (files.insecure)
        args.push('--tls-verify=false');
    args.push(files.imageId, `docker://${job.destination}:${job.tags[0]}`);
    return args;
}
/** The containers auth file (`auth.json`) for one registry. */
function authFileContent(endpoint) {
    return `${JSON.stringify({ auths: { [endpoint.host]: { auth: Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64') } } })}\n`;
}
/** buildah as an {@link ImageBuilder}. */
class BuildahBuilder {
    ctx;
    options;
    name = 'buildah';
    tempDir;
    authFile;
    insecure = false;
    secrets = [];
    constructor(ctx, options) {
        this.ctx = ctx;
        this.options = options;
    }
    get command() {
        return this.ctx.command ?? 'buildah';
    }
    async login(endpoint) {
        this.secrets = [endpoint.password, Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')];
        this.insecure = endpoint.insecure;
        this.tempDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(this.ctx.tempBase, 'eks-fargate-deploy-buildah-'));
        await (0,promises_.chmod)(this.tempDir, 0o700);
        const authFile = (0,external_node_path_.join)(this.tempDir, 'auth.json');
        await (0,promises_.writeFile)(authFile, authFileContent(endpoint), { mode: 0o600 });
        this.authFile = authFile;
    }
    async buildAndPush(job) {
        if (!this.tempDir || !this.authFile)
            throw new Error('BuildahBuilder.buildAndPush before login');
        const base = (0,external_node_path_.join)(this.tempDir, job.image.name.replace(/[^\w.-]/g, '_'));
        const iidFile = `${base}.iid`;
        const digestFile = `${base}.digest`;
        const run = (args) => this.ctx.runner.run(this.command, args, {
            env: this.ctx.env,
            secrets: this.secrets,
            onLine: job.log,
            ...(job.signal ? { signal: job.signal } : {}),
        });
        const built = await run(buildahBuildArgs(job, this.options, { iidFile, authFile: this.authFile }));
        if (built.code !== 0) {
            throw new ImageBuildError(describeFailure({
                image: job.image.name,
                phase: 'build',
                builder: 'buildah',
                command: 'buildah build',
                code: built.code,
                signal: built.signal,
                lines: built.lines,
            }), job.image.name, 'build');
        }
        const imageId = (await (0,promises_.readFile)(iidFile, 'utf8')).trim().replace(/^sha256:/, '');
        const pushed = await run(buildahPushArgs(job, this.options, { imageId, authFile: this.authFile, digestFile, insecure: this.insecure }));
        if (pushed.code !== 0) {
            throw new ImageBuildError(describeFailure({
                image: job.image.name,
                phase: 'push',
                builder: 'buildah',
                command: 'buildah push',
                code: pushed.code,
                signal: pushed.signal,
                lines: pushed.lines,
            }), job.image.name, 'push');
        }
        const digest = (await (0,promises_.readFile)(digestFile, 'utf8')).trim();
        if (!/^sha256:[0-9a-f]{64}$/.test(digest))
            throw new Error(`image ${JSON.stringify(job.image.name)}: buildah push wrote no digest (got ${JSON.stringify(digest.slice(0, 80))})`);
        return { digest, pushedTags: [job.tags[0]] };
    }
    async logout() {
        if (this.tempDir)
            await (0,promises_.rm)(this.tempDir, { recursive: true, force: true });
        this.tempDir = undefined;
        this.authFile = undefined;
    }
}

;// CONCATENATED MODULE: ./src/image/builder.ts
async function probe(runner, command, args, env) {
    const r = await runner.run(command, args, { env });
    const last = r.lines.filter((l) => l.trim() !== '').at(-1) ?? '';
    return {
        ok: r.code === 0,
        why: r.code === 0 ? last : `${[command, ...args].join(' ')}: ${last || `exit code ${r.code}`}`,
    };
}
/**
 * Resolve `builder` to a concrete one. `auto`: docker when `docker buildx` exists and the daemon
 * answers, else buildah when installed. An explicit choice is checked the same way, so a missing
 * tool is reported before any AWS call, not halfway through a build.
 */
async function pickBuilder(choice, runner, env, commands = {}) {
    const docker = commands.docker ?? 'docker';
    const buildah = commands.buildah ?? 'buildah';
    const dockerUsable = async () => {
        const bx = await probe(runner, docker, ['buildx', 'version'], env);
        if (!bx.ok)
            return { ok: false, why: `docker buildx is not available (${bx.why})` };
        const daemon = await probe(runner, docker, ['info', '--format', '{{.ServerVersion}}'], env);
        if (!daemon.ok)
            return { ok: false, why: `no Docker daemon answers (${daemon.why})` };
        return { ok: true, why: `docker buildx with Docker ${daemon.why}` };
    };
    const buildahUsable = async () => {
        const v = await probe(runner, buildah, ['--version'], env);
        return v.ok ? { ok: true, why: v.why } : { ok: false, why: `buildah is not available (${v.why})` };
    };
    if (choice === 'docker') {
        const d = await dockerUsable();
        if (!d.ok)
            throw new Error(`builder docker: ${d.why}; use builder buildah (daemonless) or auto`);
        return { name: 'docker', reason: `asked for (${d.why})` };
    }
    if (choice === 'buildah') {
        const b = await buildahUsable();
        if (!b.ok)
            throw new Error(`builder buildah: ${b.why}; install it (apt-get install buildah) or use builder docker`);
        return { name: 'buildah', reason: `asked for (${b.why})` };
    }
    const d = await dockerUsable();
    if (d.ok)
        return { name: 'docker', reason: `auto: ${d.why}` };
    const b = await buildahUsable();
    if (b.ok)
        return { name: 'buildah', reason: `auto: ${d.why}; ${b.why}` };
    throw new Error(`builder auto: neither docker nor buildah can build here: ${d.why}; ${b.why}`);
}

;// CONCATENATED MODULE: ./src/image/docker.ts
/**
 * docker buildx: the builder of GitHub-hosted runners. Login is `docker login --password-stdin`
 * (the password never on a command line) and `docker logout` at the end; the build pushes every
 * tag at once and writes the pushed digest to a metadata file, which is where the digest is read.
 */



/**
 * The exact `docker` arguments of one build and push. No shell: each value is one argument. The
 * provenance attestation is off so the pushed digest is the image manifest itself (what Fargate
 * pulls and the render pins), not an index wrapping it.
 */
function dockerBuildArgs(job, metadataFile) {
    const { image } = job;
    const args = ['buildx', 'build', '--platform', job.platform, '--file', image.dockerfile];
    if (image.target)
        args.push('--target', image.target);
    for (const [k, v] of Object.entries(image.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of Object.entries(image.labels))
        args.push('--label', `${k}=${v}`);
    for (const s of image.secrets)
        args.push('--secret', 'src' in s ? `id=${s.id},src=${s.src}` : `id=${s.id},env=${s.env}`);
    for (const tag of job.tags)
        args.push('--tag', `${job.destination}:${tag}`);
    if (job.cache.kind === 'gha') {
        for (const scope of job.cache.readScopes ?? [job.cache.scope])
            args.push('--cache-from', `type=gha,scope=${scope}`);
        if (job.cache.write !== false)
            args.push('--cache-to', `type=gha,mode=max,scope=${job.cache.scope}`);
    }
    else if (job.cache.kind === 'registry') {
        args.push('--cache-from', `type=registry,ref=${job.cache.ref}`);
        // ECR takes a cache only as an image manifest (it refuses buildx's default cache manifest list).
        if (job.cache.write)
            args.push('--cache-to', `type=registry,ref=${job.cache.ref},mode=max,image-manifest=true,oci-mediatypes=true`);
    }
    args.push('--provenance=false', '--metadata-file', metadataFile, '--progress', 'plain', '--push', image.context);
    return args;
}
/** `docker login` arguments: the password comes on stdin. */
function dockerLoginArgs(endpoint) {
    return ['login', '--username', endpoint.username, '--password-stdin', endpoint.host];
}
/** docker buildx as an {@link ImageBuilder}. */
class DockerBuilder {
    ctx;
    name = 'docker';
    endpoint;
    secrets = [];
    tempDir;
    driver;
    constructor(ctx) {
        this.ctx = ctx;
    }
    /**
     * The driver of the current buildx builder (`docker buildx inspect`). The runner's default
     * builder uses the `docker` driver, which can neither export nor import the GitHub Actions
     * cache; docker/setup-buildx-action makes a `docker-container` one that can.
     */
    currentDriver() {
        this.driver ??= this.ctx.runner.run(this.command, ['buildx', 'inspect'], { env: this.ctx.env }).then((r) => (r.code === 0 ? /^Driver:\s*(\S+)/m.exec(r.lines.join('\n'))?.[1] : undefined), () => undefined);
        return this.driver;
    }
    get command() {
        return this.ctx.command ?? 'docker';
    }
    async login(endpoint) {
        this.secrets = [endpoint.password, Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')];
        this.tempDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(this.ctx.tempBase, 'eks-fargate-deploy-docker-'));
        const r = await this.ctx.runner.run(this.command, dockerLoginArgs(endpoint), {
            stdin: endpoint.password,
            env: this.ctx.env,
            secrets: this.secrets,
        });
        if (r.code !== 0) {
            throw new ImageBuildError(describeFailure({
                image: endpoint.host,
                phase: 'login',
                builder: 'docker',
                command: 'docker login',
                code: r.code,
                signal: r.signal,
                lines: r.lines,
            }), endpoint.host, 'login');
        }
        this.endpoint = endpoint;
    }
    async buildAndPush(job) {
        if (!this.tempDir)
            throw new Error('DockerBuilder.buildAndPush before login');
        const metadataFile = (0,external_node_path_.join)(this.tempDir, `${job.image.name.replace(/[^\w.-]/g, '_')}-metadata.json`);
        if (job.cache.kind === 'gha' && (await this.currentDriver()) === 'docker') {
            job.log(`cache gha: the buildx builder uses the docker driver, which cannot use the GitHub Actions cache; building without it (set up a docker-container builder with docker/setup-buildx-action, as deploy.yml does)`);
            job = { ...job, cache: { kind: 'none' } };
        }
        const r = await this.ctx.runner.run(this.command, dockerBuildArgs(job, metadataFile), {
            env: this.ctx.env,
            secrets: this.secrets,
            onLine: job.log,
            ...(job.signal ? { signal: job.signal } : {}),
        });
        if (r.code !== 0) {
            // buildx builds and pushes in one command: a failure after the last step is the push.
            const pushed = r.lines.some((l) => /pushing layers|exporting to image|pushing manifest/i.test(l)) &&
                !r.lines.some((l) => /^ERROR: failed to solve: process|failed to compute cache key|dockerfile parse error/i.test(l));
            const phase = pushed ? 'push' : 'build';
            throw new ImageBuildError(describeFailure({
                image: job.image.name,
                phase,
                builder: 'docker',
                command: 'docker buildx build',
                code: r.code,
                signal: r.signal,
                lines: r.lines,
            }), job.image.name, phase);
        }
        let digest;
        try {
            const meta = JSON.parse(await (0,promises_.readFile)(metadataFile, 'utf8'));
            digest = typeof meta['containerimage.digest'] === 'string' ? meta['containerimage.digest'] : undefined;
        }
        catch (err) {
            throw new Error(`image ${JSON.stringify(job.image.name)}: docker buildx wrote no readable metadata file (${err.message})`);
        }
        if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest))
            throw new Error(`image ${JSON.stringify(job.image.name)}: docker buildx reported no pushed digest`);
        return { digest, pushedTags: [...job.tags] };
    }
    async logout() {
        const endpoint = this.endpoint;
        this.endpoint = undefined;
        if (endpoint)
            await this.ctx.runner.run(this.command, ['logout', endpoint.host], { env: this.ctx.env, secrets: this.secrets });
        if (this.tempDir)
            await (0,promises_.rm)(this.tempDir, { recursive: true, force: true });
        this.tempDir = undefined;
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/image/process.ts
/**
 * Running a builder's command: arguments as an array (never a shell string), secrets only on
 * stdin, output streamed line by line to the log with every known secret redacted, and the last
 * lines kept for the error message when the command fails.
 */

/** Lines kept for error messages; a build prints thousands, the cause is near the end. */
const TAIL_LINES = 200;
/** Replace every occurrence of each secret (at least 4 characters, so nothing trivial) with `***`. */
function redact(text, secrets = []) {
    let out = text;
    for (const s of secrets)
        if (s.length >= 4)
            out = out.split(s).join('***');
    return out;
}
/** The real runner: `child_process.spawn`, no shell. A missing executable resolves with code 127, like a shell. */
const spawnRunner = {
    run(command, args, options = {}) {
        return new Promise((resolveRun) => {
            const lines = [];
            const secrets = options.secrets ?? [];
            const keep = (raw) => {
                const line = redact(raw.replace(/\r$/, ''), secrets);
                lines.push(line);
                if (lines.length > TAIL_LINES)
                    lines.shift();
                options.onLine?.(line);
            };
            let child;
            try {
                child = (0,external_node_child_process_.spawn)(command, [...args], {
                    cwd: options.cwd,
                    env: options.env ?? process.env,
                    stdio: ['pipe', 'pipe', 'pipe'],
                    ...(options.signal ? { signal: options.signal, killSignal: 'SIGTERM' } : {}),
                });
            }
            catch (err) {
                resolveRun({ code: 127, signal: null, lines: [`${command}: ${err.message}`] });
                return;
            }
            const partial = { out: '', err: '' };
            const onData = (key) => (chunk) => {
                const text = partial[key] + chunk.toString('utf8');
                const parts = text.split('\n');
                partial[key] = parts.pop() ?? '';
                for (const p of parts)
                    keep(p);
            };
            child.stdout.on('data', onData('out'));
            child.stderr.on('data', onData('err'));
            let failed;
            child.on('error', (err) => {
                failed = err.code === 'ENOENT' ? `${command}: command not found` : `${command}: ${err.message}`;
            });
            child.stdin.on('error', () => {
                // The command exited before reading stdin; its exit status tells what happened.
            });
            child.stdin.end(options.stdin ?? '');
            child.on('close', (code, signal) => {
                for (const key of ['out', 'err'])
                    if (partial[key] !== '')
                        keep(partial[key]);
                if (failed !== undefined) {
                    lines.push(failed);
                    // Node reports a failed spawn as a negative errno on 'close'; callers expect a shell's 127.
                    resolveRun({ code: 127, signal, lines });
                    return;
                }
                resolveRun({ code, signal, lines });
            });
        });
    },
};

// EXTERNAL MODULE: ./src/image/registry.ts
var registry = __webpack_require__(43718);
;// CONCATENATED MODULE: ./src/commands/build.ts
/**
 * build: the first step of every deploy. For each image: make sure its ECR repository exists,
 * skip it when the tag is already there (idempotent re-runs reuse the digest), else build and push
 * it with docker buildx or buildah, add the extra tags, read the digest back from the registry,
 * and optionally gate on the ECR scan. Credentials are masked, handed over by stdin or a private
 * auth file, and removed at the end whatever happened.
 */











/** Exit codes of `build`. */
const BuildExit = {
    Ok: 0,
    /** Invalid input, or a build, push or AWS call failed. */
    Failed: 1,
    /** Images pushed, but the scan gate found vulnerabilities at or above its threshold. */
    ScanGate: 2,
};
function ecrTagStore(ecr) {
    return {
        digestOf: (repo, tag) => (0,aws_ecr.findImageDigest)(ecr, repo, tag),
        addTag: (repo, digest, tag) => (0,aws_ecr.tagImage)(ecr, repo, digest, tag),
    };
}
function registryTagStore(client) {
    return {
        digestOf: (repo, tag) => client.manifestDigest(repo, tag),
        addTag: async (repo, digest, tag) => {
            const manifest = await client.getManifest(repo, digest);
            if (!manifest)
                throw new registry/* RegistryError */.gl(`manifest ${digest} of ${repo} vanished before it could be tagged ${tag}`, 404);
            await client.putManifest(repo, tag, manifest);
        },
    };
}
/** Everything the user names must exist before anything is sent to AWS: one error per problem. */
function checkInputsOnDisk(images, env) {
    const errors = [];
    for (const img of images) {
        const contextMissing = !(0,external_node_fs_.existsSync)(img.context) || !(0,external_node_fs_.statSync)(img.context).isDirectory();
        if (contextMissing) {
            errors.push(new src_errors/* UserInputError */.m2(`build context ${img.context} of image ${(0,src_errors/* showValue */.vp)(img.name)} is not a directory`, undefined, `${img.where}.context`));
        }
        // A Dockerfile inside a missing context is the same mistake: one message is enough.
        const dockerfileInContext = img.dockerfile.startsWith(`${img.context}/`);
        if (!(contextMissing && dockerfileInContext) &&
            (!(0,external_node_fs_.existsSync)(img.dockerfile) || !(0,external_node_fs_.statSync)(img.dockerfile).isFile())) {
            errors.push(new src_errors/* UserInputError */.m2(`Dockerfile ${img.dockerfile} of image ${(0,src_errors/* showValue */.vp)(img.name)} not found`, undefined, `${img.where}.dockerfile`));
        }
        img.secrets.forEach((s, i) => {
            if ('src' in s && !(0,external_node_fs_.existsSync)(s.src))
                errors.push(new src_errors/* UserInputError */.m2(`secret ${(0,src_errors/* showValue */.vp)(s.id)}: file ${s.src} not found`, undefined, `${img.where}.secrets[${i}].src`));
            if ('env' in s && env[s.env] === undefined)
                errors.push(new src_errors/* UserInputError */.m2(`secret ${(0,src_errors/* showValue */.vp)(s.id)}: environment variable ${s.env} is not set`, undefined, `${img.where}.secrets[${i}].env`));
        });
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
}
/**
 * The GitHub Actions cache of one image, scoped by branch: a build reads its branch's scope, then
 * the default branch's (GITHUB_BASE_REF on a pull request, else DEFAULT_BRANCH, else `main`), and
 * writes only its own branch's. A pull_request run never writes, so a pull request cannot put
 * layers into a cache that a later main build reads.
 */
function ghaCache(image, env) {
    const event = env['GITHUB_EVENT_NAME'] ?? '';
    const pullRequest = event === 'pull_request' || event === 'pull_request_target';
    const safe = (ref) => ref.replace(/[^A-Za-z0-9._-]/g, '-');
    const branch = safe(pullRequest ? env['GITHUB_HEAD_REF'] || 'pr' : env['GITHUB_REF_NAME'] || 'main');
    const base = safe(env['GITHUB_BASE_REF'] || env['DEFAULT_BRANCH'] || 'main');
    const scope = `${image}-${branch}`;
    const readScopes = [...new Set([scope, `${image}-${base}`])];
    return { kind: 'gha', scope, readScopes, write: !pullRequest };
}
/** buildx cache for one image (buildah keeps its layers locally and ignores this). */
function cacheFor(config, image, destination, repo, env, warnings) {
    const ghaAvailable = Boolean(env['ACTIONS_RUNTIME_TOKEN'] && (env['ACTIONS_CACHE_URL'] || env['ACTIONS_RESULTS_URL']));
    const choice = config.cache;
    if (choice === 'none')
        return { kind: 'none' };
    if (choice === 'gha' || (choice === 'auto' && ghaAvailable)) {
        if (!ghaAvailable)
            warnings.push(`cache gha: the GitHub Actions cache service is not available here (ACTIONS_RUNTIME_TOKEN/ACTIONS_CACHE_URL unset); building without a cache`);
        return ghaAvailable ? ghaCache(image.name, env) : { kind: 'none' };
    }
    if (choice === 'registry') {
        // An immutable repository refuses to move the cache tag after the first write.
        if (repo.tagImmutability)
            warnings.push(`cache registry: repository ${repo.name} has immutable tags, so the cache is read but not written`);
        return { kind: 'registry', ref: `${destination}:buildcache`, write: !repo.tagImmutability };
    }
    return { kind: 'none' };
}
function elapsed(start) {
    return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
/**
 * Build and push every image of `config`. Throws UserInputErrors for inputs (before any AWS call),
 * ImageBuildError for a failed build/push/login (with the failing step and the builder's last lines),
 * RegistryError/UserInputError for refused registry or ECR calls. The scan gate does not throw: its
 * findings come back with status `failed-scan-gate`.
 */
async function runBuild(config, deps) {
    const started = Date.now();
    const env = deps.env ?? process.env;
    const runner = deps.runner ?? spawnRunner;
    const tempBase = deps.tempBase ?? env['RUNNER_TEMP'] ?? (0,external_node_os_.tmpdir)();
    const ecr = deps.ecr ?? (0,aws_ecr.defaultEcrClient)(config.region);
    const secrets = [];
    const log = (line) => deps.log(redact(line, secrets));
    const outcome = { status: 'ok', images: [], warnings: [], findings: [], durationMs: 0 };
    const warn = (w) => {
        outcome.warnings.push(w);
        log(`warning: ${w}`);
    };
    checkInputsOnDisk(config.images, env);
    const repos = new Map();
    for (const image of config.images) {
        const ensured = await (0,aws_ecr.ensureRepository)(ecr, image.repository, config.repository);
        repos.set(image.name, ensured.repository);
        log(ensured.created
            ? `ECR repository ${image.repository} created (tags ${config.repository.tagImmutability ? 'immutable' : 'mutable'}, scan on push ${config.repository.scanOnPush ? 'on' : 'off'}, ${config.repository.encryption.type}${config.repository.lifecycleKeep ? `, keeps ${config.repository.lifecycleKeep} images` : ''})`
            : `ECR repository ${image.repository} exists`);
        ensured.warnings.forEach(warn);
    }
    const login = await (0,aws_ecr.getEcrLogin)(ecr);
    const authString = Buffer.from(`${login.username}:${login.password}`).toString('base64');
    secrets.push(login.password, authString);
    deps.mask?.(login.password);
    deps.mask?.(authString);
    const endpoint = {
        host: config.registry?.host ?? login.registry,
        insecure: config.registry?.insecure ?? false,
        username: login.username,
        password: login.password,
    };
    log(`registry ${endpoint.host}${config.registry ? ` (registry input; ECR's is ${login.registry})` : ''}: credentials for ${login.username} from GetAuthorizationToken (masked)`);
    const store = config.registry ? registryTagStore(new registry/* RegistryClient */.bP(endpoint)) : ecrTagStore(ecr);
    let builder;
    try {
        for (const image of config.images) {
            const imageStart = Date.now();
            const repo = repos.get(image.name);
            const destination = `${endpoint.host}/${image.repository}`;
            const tags = [config.tag, ...image.tags.filter((t) => t !== config.tag)];
            const existing = new Map();
            for (const tag of tags)
                existing.set(tag, await store.digestOf(image.repository, tag));
            const current = existing.get(config.tag);
            let digest;
            let status;
            if (current && !config.forceBuild) {
                digest = current;
                status = 'skipped';
                log(`${image.name}: ${destination}:${config.tag} already exists (${digest}); skipping the build (force-build to rebuild)`);
            }
            else {
                if (current && repo.tagImmutability) {
                    throw new src_errors/* UserInputError */.m2(`image ${(0,src_errors/* showValue */.vp)(image.name)}: tag ${config.tag} already exists in ${destination} (${current}) and the repository's tags are immutable, so force-build cannot replace it; use a new tag, or drop force-build to reuse the image`);
                }
                if (repo.tagImmutability) {
                    const taken = tags.slice(1).filter((t) => existing.get(t) !== undefined);
                    if (taken.length > 0) {
                        throw new src_errors/* UserInputError */.m2(`image ${(0,src_errors/* showValue */.vp)(image.name)}: tag${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already exist${taken.length > 1 ? '' : 's'} in ${destination} and the repository's tags are immutable, so the new image cannot take ${taken.length > 1 ? 'them' : 'it'}; drop ${taken.length > 1 ? 'them' : 'it'} from the image's tags or make the repository's tags mutable`);
                    }
                }
                if (!builder) {
                    const pick = await pickBuilder(config.builder, runner, env, deps.commands ?? {});
                    outcome.builder = pick;
                    log(`builder: ${pick.name} (${pick.reason})`);
                    const ctx = {
                        runner,
                        tempBase,
                        env,
                        ...(deps.commands?.[pick.name] ? { command: deps.commands[pick.name] } : {}),
                    };
                    builder = pick.name === 'docker' ? new DockerBuilder(ctx) : new BuildahBuilder(ctx, config.buildah);
                    if (pick.name === 'buildah' && (config.cache === 'gha' || config.cache === 'registry'))
                        warn(`cache ${config.cache} applies to docker buildx only; buildah reuses its local layers`);
                    await builder.login(endpoint);
                }
                log(`${image.name}: building ${destination}:${config.tag} for ${config.platform} with ${builder.name}${current ? ' (force-build)' : ''}`);
                const job = {
                    image,
                    destination,
                    tags,
                    platform: config.platform,
                    cache: builder.name === 'docker'
                        ? cacheFor(config, image, destination, repo, env, outcome.warnings)
                        : { kind: 'none' },
                    log: (line) => log(`  ${image.name} | ${line}`),
                    ...(deps.signal ? { signal: deps.signal } : {}),
                };
                const result = await builder.buildAndPush(job);
                digest = result.digest;
                status = 'built';
                for (const tag of tags.filter((t) => !result.pushedTags.includes(t))) {
                    if (existing.get(tag) === digest)
                        continue;
                    await store.addTag(image.repository, digest, tag);
                }
                // Read back what the registry holds: the output must name what a pull of the tag gets.
                const stored = await store.digestOf(image.repository, config.tag);
                if (stored !== digest) {
                    throw new ImageBuildError(`image ${(0,src_errors/* showValue */.vp)(image.name)}: ${builder.name} reported ${digest}, but ${destination}:${config.tag} resolves to ${stored ?? 'nothing'}`, image.name, 'push');
                }
            }
            if (status === 'skipped') {
                for (const tag of tags.slice(1)) {
                    const at = existing.get(tag);
                    if (at === digest)
                        continue;
                    if (at !== undefined && repo.tagImmutability) {
                        warn(`${image.name}: tag ${tag} points at ${at}, not at ${digest}, and the repository's tags are immutable; it is left as it is`);
                        continue;
                    }
                    await store.addTag(image.repository, digest, tag);
                    log(`${image.name}: tagged ${digest} as ${tag}`);
                }
            }
            const built = {
                name: image.name,
                repository: image.repository,
                registry: endpoint.host,
                tag: config.tag,
                tags,
                digest,
                ref: `${destination}@${digest}`,
                status,
                ...(status === 'built' && builder ? { builder: builder.name } : {}),
                durationMs: Date.now() - imageStart,
            };
            outcome.images.push(built);
            log(`${image.name}: ${status} ${built.ref} (tags ${tags.join(', ')}) in ${elapsed(imageStart)}`);
        }
    }
    finally {
        await builder?.logout();
    }
    if (config.scanGate) {
        const gate = config.scanGate;
        for (const img of outcome.images) {
            log(`${img.name}: waiting for the ECR scan of ${img.digest} (gate: ${gate.severity} and above)`);
            const scan = await (0,aws_ecr.waitForScan)(ecr, img.repository, img.digest, {
                timeoutMs: gate.timeoutSeconds * 1000,
                pollMs: deps.scanPollMs ?? 5000,
                ...(deps.signal ? { signal: deps.signal } : {}),
            });
            const over = (0,aws_ecr.findingsAtOrAbove)(scan.findings, gate.severity);
            const counts = Object.entries(scan.severityCounts)
                .map(([k, v]) => `${v} ${k}`)
                .join(', ') || 'no findings';
            log(`${img.name}: scan complete (${counts})`);
            for (const f of over) {
                outcome.findings.push(scanFinding(img, f));
                log(`  ${img.name}: ${f.severity} ${f.name}${f.package ? ` in ${f.package}${f.packageVersion ? ` ${f.packageVersion}` : ''}` : ''}${f.uri ? ` ${f.uri}` : ''}`);
            }
        }
        if (outcome.findings.length > 0) {
            outcome.status = 'failed-scan-gate';
            log(`scan gate: ${outcome.findings.length} finding(s) at ${gate.severity} or above`);
        }
    }
    outcome.durationMs = Date.now() - started;
    return outcome;
}
function scanFinding(img, f) {
    return {
        severity: 'blocker',
        code: 'image-vulnerability',
        message: `${f.severity} ${f.name}${f.package ? ` in ${f.package}${f.packageVersion ? ` ${f.packageVersion}` : ''}` : ''} (${img.ref})${f.uri ? ` ${f.uri}` : ''}`,
        workload: img.name,
    };
}
/**
 * The `images` input of the deploy for what was built: `repository=registry/repository:tag@digest`
 * lines, so the render pins every container of those repositories to the pushed digest.
 */
function imageOverridesFromBuild(outcome) {
    return outcome.images.map((i) => `${i.repository}=${i.registry}/${i.repository}:${i.tag}@${i.digest}`).join('\n');
}
/** What the CLI prints on stdout: the images with their digests. */
function buildOutputJson(outcome) {
    return `${JSON.stringify({ status: outcome.status, images: outcome.images, findings: outcome.findings, warnings: outcome.warnings }, null, 2)}\n`;
}
const BUILD_USAGE = `Usage: eks-fargate-deploy build --images FILE|YAML [--tag TAG | --commit SHA] [--region REGION]
       [--builder auto|docker|buildah] [--registry HOST[:PORT] | http://HOST:PORT] [--platform linux/amd64]
       [--force-build] [--tag-immutability true|false] [--scan-on-push true|false]
       [--encryption AES256|KMS[:KEY]] [--lifecycle-keep N] [--scan-gate-severity none|LOW|MEDIUM|HIGH|CRITICAL]
       [--scan-gate-timeout 10m] [--cache auto|gha|registry|none] [--workspace DIR]
       [--buildah-isolation chroot|oci|rootless] [--buildah-storage-driver vfs|overlay] [--buildah-root DIR] [--buildah-runroot DIR]

Builds and pushes each image to ECR (creating the repository when missing), skipping images whose
tag ECR already has. Prints the images with their digests as JSON on stdout; progress on stderr.
Exit codes: 0 pushed (or already there), 1 invalid input or a failed build/push, 2 the scan gate
found vulnerabilities at or above its threshold.
`;
/**
 * `eks-fargate-deploy build …`: parse flags, run the build, print the JSON outcome on `io.out` and
 * progress on `io.err`. Returns the exit code ({@link BuildExit}).
 */
async function runBuildCommand(args, io, deps = {}) {
    if (args.includes('--help') || args.includes('-h')) {
        io.out(BUILD_USAGE);
        return BuildExit.Ok;
    }
    try {
        const config = (0,build/* buildConfigFromArgs */.Av)(args, deps.env ?? process.env);
        const outcome = await runBuild(config, { ...deps, log: deps.log ?? ((line) => io.err(`${line}\n`)) });
        io.out(buildOutputJson(outcome));
        return outcome.status === 'ok' ? BuildExit.Ok : BuildExit.ScanGate;
    }
    catch (err) {
        if ((0,src_errors/* isUserError */.iU)(err))
            io.err(`error: ${err.message.split('\n').join('\nerror: ')}\n`);
        else if (err instanceof ImageBuildError || err instanceof registry/* RegistryError */.gl)
            io.err(`error: ${err.message}\n`);
        else
            io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        return BuildExit.Failed;
    }
}


/***/ }),

/***/ 43718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $T: () => (/* binding */ MANIFEST_MEDIA_TYPES),
/* harmony export */   bP: () => (/* binding */ RegistryClient),
/* harmony export */   gl: () => (/* binding */ RegistryError)
/* harmony export */ });
/* unused harmony export sha256Digest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * A small client of the OCI distribution API (`/v2/…`), the one ECR, the Debian `docker-registry`
 * and every mirror speak: which digest a tag points at (HEAD manifest), the manifest bytes, and a
 * new tag for an existing manifest (PUT the same bytes, so the digest stays). Basic auth as ECR
 * takes it (`AWS:<password>`), and the Bearer token dance for registries that ask for it.
 */

/** Manifest media types we read and tag: single-platform images and indexes, OCI and Docker. */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
];
/** A registry answer that is not what the protocol promises (refused login, denied, server error). */
class RegistryError extends Error {
    status;
    name = 'RegistryError';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/** The sha256 digest of some bytes, as registries write it. */
function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** Per-request limit: registries answer manifest calls in milliseconds; a hung one must not hang the build. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Talks to one registry; keeps a Bearer token per scope once it has one. */
class RegistryClient {
    endpoint;
    base;
    basic;
    bearer = new Map();
    constructor(endpoint) {
        this.endpoint = endpoint;
        this.base = `${endpoint.insecure ? 'http' : 'https'}://${endpoint.host}`;
        this.basic = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}`;
    }
    /** The digest `reference` (tag or digest) of `repository` resolves to, or undefined when there is none. */
    async manifestDigest(repository, reference) {
        const res = await this.request('HEAD', repository, `/v2/${repository}/manifests/${reference}`, {
            accept: MANIFEST_MEDIA_TYPES.join(', '),
        });
        if (res.status === 404)
            return undefined;
        await this.expectOk(res, 'read', repository, reference);
        const digest = res.headers.get('docker-content-digest');
        if (digest)
            return digest;
        // Some registries omit the header on HEAD; the body's hash is the digest by definition.
        return (await this.getManifest(repository, reference))?.digest;
    }
    /** The manifest `reference` of `repository`, or undefined when there is none. */
    async getManifest(repository, reference) {
        const res = await this.request('GET', repository, `/v2/${repository}/manifests/${reference}`, {
            accept: MANIFEST_MEDIA_TYPES.join(', '),
        });
        if (res.status === 404) {
            await res.arrayBuffer();
            return undefined;
        }
        await this.expectOk(res, 'read', repository, reference);
        const body = Buffer.from(await res.arrayBuffer());
        const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim() ||
            JSON.parse(body.toString('utf8')).mediaType ||
            MANIFEST_MEDIA_TYPES[0];
        return { body, mediaType, digest: sha256Digest(body) };
    }
    /** A blob of `repository` (e.g. an image config), or undefined when there is none. */
    async getBlob(repository, digest) {
        const res = await this.request('GET', repository, `/v2/${repository}/blobs/${digest}`, {});
        if (res.status === 404) {
            await res.arrayBuffer();
            return undefined;
        }
        await this.expectOk(res, 'read', repository, digest);
        return Buffer.from(await res.arrayBuffer());
    }
    /** Store `manifest` under `tag` (same bytes, same digest). Returns the digest the registry reports. */
    async putManifest(repository, tag, manifest) {
        const res = await this.request('PUT', repository, `/v2/${repository}/manifests/${tag}`, { 'content-type': manifest.mediaType }, manifest.body);
        await this.expectOk(res, 'write', repository, tag);
        await res.arrayBuffer();
        return res.headers.get('docker-content-digest') ?? manifest.digest;
    }
    async request(method, repository, path, headers, body) {
        const scope = `repository:${repository}:${method === 'PUT' ? 'pull,push' : 'pull'}`;
        const send = (authorization) => fetch(`${this.base}${path}`, {
            method,
            headers: { ...headers, authorization },
            ...(body ? { body } : {}),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const res = await send(this.bearer.get(scope) ?? this.basic);
        const challenge = res.headers.get('www-authenticate') ?? '';
        // Basic was sent up front (ECR and htpasswd registries take it): only a Bearer challenge needs another round.
        if (res.status !== 401 || !/^bearer\s/i.test(challenge))
            return res;
        await res.arrayBuffer();
        const token = await this.fetchBearer(challenge, scope);
        this.bearer.set(scope, `Bearer ${token}`);
        return send(`Bearer ${token}`);
    }
    /** The token endpoint of a `Bearer realm="…",service="…"` challenge, asked with Basic auth. */
    async fetchBearer(challenge, scope) {
        const params = new Map();
        for (const m of challenge.replace(/^bearer\s+/i, '').matchAll(/(\w+)="([^"]*)"/g))
            params.set(m[1].toLowerCase(), m[2]);
        const realm = params.get('realm');
        if (!realm)
            throw new RegistryError(`registry ${this.endpoint.host} asked for a Bearer token without a realm`, 401);
        const url = new URL(realm);
        if (params.get('service'))
            url.searchParams.set('service', params.get('service'));
        url.searchParams.set('scope', params.get('scope') ?? scope);
        const res = await fetch(url, {
            headers: { authorization: this.basic },
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        if (!res.ok) {
            await res.arrayBuffer();
            throw new RegistryError(`registry ${this.endpoint.host} refused the login as ${this.endpoint.username} (token endpoint answered HTTP ${res.status})`, res.status);
        }
        const json = (await res.json());
        const token = json.token ?? json.access_token;
        if (!token)
            throw new RegistryError(`registry ${this.endpoint.host} token endpoint returned no token`, 502);
        return token;
    }
    async expectOk(res, what, repository, reference) {
        if (res.ok)
            return;
        const text = (await res.text().catch(() => '')).slice(0, 300).trim();
        const target = `${this.endpoint.host}/${repository}:${reference}`;
        if (res.status === 401) {
            throw new RegistryError(`registry ${this.endpoint.host} refused the login as ${this.endpoint.username} (HTTP 401) while trying to ${what} ${target}: the credentials from ecr:GetAuthorizationToken were not accepted (wrong registry or account?)${text ? ` — ${text}` : ''}`, 401);
        }
        if (res.status === 403) {
            const perm = what === 'read' ? 'ecr:BatchGetImage' : 'ecr:PutImage';
            throw new RegistryError(`registry ${this.endpoint.host} denied ${what === 'read' ? 'reading' : 'writing'} ${target} (HTTP 403): the role needs ${perm} on the repository${text ? ` — ${text}` : ''}`, 403);
        }
        throw new RegistryError(`registry ${this.endpoint.host} answered HTTP ${res.status} to ${what === 'read' ? 'reading' : 'writing'} ${target}${text ? `: ${text}` : ''}`, res.status);
    }
}


/***/ })

};
