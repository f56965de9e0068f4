export const id = 663;
export const ids = [663];
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


/***/ })

};
