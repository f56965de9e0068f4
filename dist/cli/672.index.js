export const id = 672;
export const ids = [672];
export const modules = {

/***/ 75672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  en: () => (/* binding */ DeployExit),
  e_: () => (/* binding */ describeDeployer),
  Kd: () => (/* binding */ holderOf),
  wV: () => (/* binding */ lockLost),
  or: () => (/* binding */ newestFence),
  F4: () => (/* binding */ recoveryMessage),
  runDeploy: () => (/* binding */ runDeploy),
  Kn: () => (/* binding */ writeStatus)
});

// UNUSED EXPORTS: rollBack

// EXTERNAL MODULE: ./src/kube/apply.ts
var apply = __webpack_require__(89501);
// EXTERNAL MODULE: ./src/kube/lock.ts
var lock = __webpack_require__(25766);
// EXTERNAL MODULE: ./src/kube/prune.ts
var prune = __webpack_require__(1337);
// EXTERNAL MODULE: ./src/kube/release.ts
var release = __webpack_require__(74876);
// EXTERNAL MODULE: ./src/kube/rollback.ts
var rollback = __webpack_require__(48557);
// EXTERNAL MODULE: ./src/smoke/spec.ts
var spec = __webpack_require__(77302);
// EXTERNAL MODULE: ./src/commands/connect.ts
var connect = __webpack_require__(32456);
;// CONCATENATED MODULE: ./src/fargate/profiles.ts
/**
 * Which EKS Fargate profile a pod lands on. Rules from the Amazon EKS user guide
 * ("Define which Pods use AWS Fargate when launched", "Fargate profile wildcards"):
 *
 * - a selector matches when its namespace matches and every one of its labels is on the pod;
 * - `*` (none, one or more characters) and `?` (exactly one character) may appear anywhere in the
 *   namespace, label keys and label values of a selector; nothing else is a pattern;
 * - when several profiles match, the first by alphanumeric sorting of the profile name wins;
 * - the pod label `eks.amazonaws.com/fargate-profile` picks a profile, but the pod must still match
 *   one of that profile's selectors to be scheduled.
 */
/** The label EKS sets on a Fargate pod (and a user may set) naming its Fargate profile. */
const FARGATE_PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';
/**
 * Fargate-profile wildcard match of the whole `value`: `*` is any run of characters (also none),
 * `?` exactly one character, every other character (regex metacharacters included) is literal.
 * Linear backtracking, no RegExp: patterns come from users and must not be able to blow up.
 */
function wildcardMatch(pattern, value) {
    // Code points, so `?` stands for one character even outside the BMP.
    const p = Array.from(pattern);
    const v = Array.from(value);
    let pi = 0;
    let vi = 0;
    let starPi = -1;
    let starVi = 0;
    while (vi < v.length) {
        if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
            pi++;
            vi++;
        }
        else if (pi < p.length && p[pi] === '*') {
            starPi = pi++;
            starVi = vi;
        }
        else if (starPi >= 0) {
            pi = starPi + 1;
            vi = ++starVi;
        }
        else {
            return false;
        }
    }
    while (pi < p.length && p[pi] === '*')
        pi++;
    return pi === p.length;
}
/** Whether one selector takes a pod in `namespace` with `podLabels`. */
function selectorMatches(selector, namespace, podLabels) {
    if (!wildcardMatch(selector.namespace, namespace))
        return false;
    const labels = Object.entries(podLabels ?? {});
    return Object.entries(selector.labels ?? {}).every(([keyPattern, valuePattern]) => labels.some(([k, v]) => wildcardMatch(keyPattern, k) && wildcardMatch(valuePattern, String(v))));
}
function isActive(profile) {
    return profile.status === undefined || profile.status === 'ACTIVE';
}
function firstMatchingSelector(profile, namespace, podLabels) {
    const selectorIndex = profile.selectors.findIndex((s) => selectorMatches(s, namespace, podLabels));
    return selectorIndex >= 0 ? { profile: profile.name, selectorIndex } : undefined;
}
function byName(a, b) {
    // Plain code-unit order: "alphanumeric sorting" that does not depend on the runner's locale.
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
/**
 * Which profile a pod lands on, or undefined when it stays Pending (no Fargate node for it).
 *
 * - When the pod's `eks.amazonaws.com/fargate-profile` label names an existing ACTIVE profile, that
 *   profile decides alone: the pod lands on it if one of its selectors matches, and nowhere otherwise
 *   (the EKS guide: "The Pod must match a selector in that profile to be scheduled onto Fargate").
 * - Otherwise (no label, or it names a profile that is gone or not ACTIVE, as after a profile was
 *   replaced) ACTIVE profiles are tried in name order and the first with a matching selector wins.
 * - Profiles whose status is set and is not ACTIVE are skipped.
 */
function matchFargateProfile(profiles, namespace, podLabels) {
    const active = profiles.filter(isActive).sort(byName);
    const wanted = podLabels?.[FARGATE_PROFILE_LABEL];
    if (wanted !== undefined) {
        const named = active.find((p) => p.name === wanted);
        if (named)
            return firstMatchingSelector(named, namespace, podLabels);
    }
    for (const profile of active) {
        const match = firstMatchingSelector(profile, namespace, podLabels);
        if (match)
            return match;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(28249);
// EXTERNAL MODULE: ./src/findings.ts
var src_findings = __webpack_require__(81001);
// EXTERNAL MODULE: ./src/manifests/images.ts
var manifests_images = __webpack_require__(24026);
// EXTERNAL MODULE: ./src/image/registry.ts
var registry = __webpack_require__(43718);
;// CONCATENATED MODULE: ./src/image/exists.ts
/**
 * Before anything is applied: does every image of the release exist, for the platform its pods
 * run on? ECR images are asked through the ECR API (BatchGetImage), others through the registry's
 * v2 API with the credentials at hand (the Docker config's `auths`, else anonymous). A missing
 * tag or digest, or a manifest list / image without the pod's platform, is a blocker naming the
 * image; a registry that cannot be asked (unreachable, refused) is a notice; reserved documentation
 * names (`registry.example`) are not asked at all.
 */







/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
/** Names that never resolve (RFC 2606 / RFC 6761): nothing to ask. */
const RESERVED_HOST = /\.(example|test|invalid)(:\d+)?$|^example\.(com|net|org)(:\d+)?$/i;
const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
]);
function rec(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
const POD_SPEC_PATHS = {
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    Pod: ['spec'],
};
/** The platform a pod spec lands on: linux/amd64 unless a `kubernetes.io/arch` selector says otherwise. */
function podPlatform(podSpec) {
    const selector = rec(podSpec['nodeSelector']);
    const arch = selector['kubernetes.io/arch'] ?? selector['beta.kubernetes.io/arch'];
    let architecture = typeof arch === 'string' ? arch : 'amd64';
    // A required node affinity that allows exactly one architecture decides it as well.
    const terms = rec(rec(rec(podSpec['affinity'])['nodeAffinity'])['requiredDuringSchedulingIgnoredDuringExecution'])['nodeSelectorTerms'];
    if (typeof arch !== 'string' && Array.isArray(terms)) {
        const archs = new Set();
        for (const t of terms)
            for (const e of (Array.isArray(rec(t)['matchExpressions']) ? rec(t)['matchExpressions'] : []).map(rec)) {
                if (e['key'] === 'kubernetes.io/arch' && e['operator'] === 'In' && Array.isArray(e['values']))
                    for (const v of e['values'])
                        if (typeof v === 'string')
                            archs.add(v);
            }
        if (archs.size === 1)
            architecture = [...archs][0];
    }
    return { os: 'linux', architecture };
}
/** Every image of the release's workloads, once per platform, with the workloads that run it. */
function imageRequirements(objects) {
    const byKey = new Map();
    for (const o of objects) {
        const path = POD_SPEC_PATHS[o.kind];
        if (!path)
            continue;
        let spec = o;
        for (const p of path)
            spec = rec(spec)[p];
        const podSpec = rec(spec);
        const platform = podPlatform(podSpec);
        const workload = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
        for (const c of [
            ...(Array.isArray(podSpec['initContainers']) ? podSpec['initContainers'] : []),
            ...(Array.isArray(podSpec['containers']) ? podSpec['containers'] : []),
        ].map(rec)) {
            if (typeof c['image'] !== 'string')
                continue;
            const key = `${c['image']}|${platform.os}/${platform.architecture}`;
            const req = byKey.get(key) ?? { image: c['image'], platform, workloads: [] };
            if (!req.workloads.includes(workload))
                req.workloads.push(workload);
            byKey.set(key, req);
        }
    }
    return [...byKey.values()];
}
/** Ask every registry, in parallel per image; blockers for images that are not there for their platform. */
async function checkImagesExist(reqs, deps = {}) {
    const auths = await dockerAuths(deps.dockerConfigDir);
    const clients = new Map();
    const answers = new Map();
    const ask = (image) => {
        let a = answers.get(image);
        if (!a) {
            a = withTimeout(askRegistry(image, deps, auths, clients), deps.timeoutMs ?? 10_000, deps.signal);
            answers.set(image, a);
        }
        return a;
    };
    const findings = [];
    const results = await Promise.all(reqs.map(async (r) => ({ r, a: await ask(r.image) })));
    for (const { r, a } of results) {
        const used = `used by ${r.workloads.join(', ')}`;
        const platform = `${r.platform.os}/${r.platform.architecture}`;
        if (a.kind === 'missing') {
            findings.push({
                severity: src_findings/* Severity */.A.Blocker,
                code: 'image-missing',
                message: `image ${r.image} does not exist: ${a.why} (${used}); nothing was applied`,
                workload: r.workloads[0],
            });
        }
        else if (a.kind === 'unknown') {
            findings.push({
                severity: src_findings/* Severity */.A.Info,
                code: 'image-unchecked',
                message: `image ${r.image} was not checked: ${a.why}`,
                workload: r.workloads[0],
            });
        }
        else if (a.kind === 'found' &&
            a.platforms &&
            !a.platforms.some((p) => p.os === r.platform.os && p.architecture === r.platform.architecture)) {
            const has = a.platforms.map((p) => `${p.os}/${p.architecture}`).join(', ') || 'none';
            findings.push({
                severity: src_findings/* Severity */.A.Blocker,
                code: 'image-platform-missing',
                message: `image ${r.image} has no ${platform} variant (it has: ${has}); its pods run on ${platform} (${used}); nothing was applied`,
                workload: r.workloads[0],
            });
        }
    }
    return findings;
}
async function withTimeout(p, ms, signal) {
    let timer;
    let onAbort;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'unknown', why: `the registry did not answer within ${Math.round(ms / 1000)} s` }), ms);
        onAbort = () => resolve({ kind: 'unknown', why: 'cancelled' });
        if (signal?.aborted)
            onAbort();
        else
            signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
        return await Promise.race([p, late]);
    }
    finally {
        clearTimeout(timer);
        if (onAbort)
            signal?.removeEventListener('abort', onAbort);
    }
}
async function askRegistry(image, deps, auths, clients) {
    let ref;
    try {
        ref = (0,manifests_images/* parseImageRef */.Q)(image);
    }
    catch (err) {
        return { kind: 'unknown', why: err instanceof Error ? err.message : String(err) };
    }
    const host = ref.registry ?? 'docker.io';
    const reference = ref.digest ?? ref.tag ?? 'latest';
    // Documentation and test names (RFC 2606) never resolve: there is no registry to ask, and nothing to say.
    if (RESERVED_HOST.test(host))
        return { kind: 'skipped' };
    const ecr = ECR_HOST.exec(host);
    try {
        if (ecr)
            return await askEcr(deps, ecr[2], ecr[1], ref.repository, ref);
        const registryHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
        const repository = host === 'docker.io' && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
        let client = clients.get(registryHost);
        if (!client) {
            const auth = auths.get(host) ??
                auths.get(registryHost) ??
                (host === 'docker.io' ? auths.get('https://index.docker.io/v1/') : undefined);
            const endpoint = {
                host: registryHost,
                insecure: /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(registryHost),
                username: auth?.username ?? '',
                password: auth?.password ?? '',
            };
            client = new registry/* RegistryClient */.bP(endpoint);
            clients.set(registryHost, client);
        }
        const manifest = await client.getManifest(repository, reference);
        if (!manifest)
            return { kind: 'missing', why: `${registryHost} has no manifest ${reference} in ${repository}` };
        return {
            kind: 'found',
            ...platformsOf(manifest.body.toString('utf8'), manifest.mediaType, await configPlatform(client, repository, manifest.body.toString('utf8'))),
        };
    }
    catch (err) {
        if (err instanceof registry/* RegistryError */.gl)
            return { kind: 'unknown', why: err.message };
        // fetch fails with "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause.
        const cause = err
            ?.cause;
        const code = cause?.code ?? cause?.errors?.[0]?.code;
        const detail = typeof code === 'string'
            ? code
            : typeof cause?.message === 'string' && cause.message
                ? cause.message
                : err instanceof Error
                    ? err.message
                    : String(err);
        return { kind: 'unknown', why: `${host} cannot be asked (${detail})` };
    }
}
async function askEcr(deps, region, registryId, repositoryName, ref) {
    const client = deps.ecrClient ? deps.ecrClient(region) : (await __webpack_require__.e(/* import() */ 663).then(__webpack_require__.bind(__webpack_require__, 68663))).defaultEcrClient(region);
    const imageId = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
    try {
        const out = await client.send(new dist_cjs/* BatchGetImageCommand */.P8n({
            registryId,
            repositoryName,
            imageIds: [imageId],
            acceptedMediaTypes: [...registry/* MANIFEST_MEDIA_TYPES */.$T],
        }));
        const image = out.images?.[0];
        if (!image?.imageManifest) {
            const f = out.failures?.[0];
            if (!f ||
                f.failureCode === 'ImageNotFound' ||
                f.failureCode === 'ImageTagDoesNotMatchDigest' ||
                f.failureCode === 'MissingDigestAndTag') {
                return {
                    kind: 'missing',
                    why: `ECR repository ${repositoryName} in ${region} has no image ${ref.digest ?? ref.tag ?? 'latest'}${f?.failureReason ? ` (${f.failureReason})` : ''}`,
                };
            }
            return { kind: 'unknown', why: `ECR answered ${f.failureCode ?? 'a failure'}: ${f.failureReason ?? ''}` };
        }
        // A single-platform manifest names its platform only in its config blob, which the ECR API
        // does not serve; the pull will tell. An index lists its platforms.
        return { kind: 'found', ...platformsOf(image.imageManifest, image.imageManifestMediaType, undefined) };
    }
    catch (err) {
        const name = err instanceof Error ? err.name : '';
        if (name === 'RepositoryNotFoundException')
            return {
                kind: 'missing',
                why: `ECR repository ${repositoryName} does not exist in ${region} (registry ${registryId})`,
            };
        return {
            kind: 'unknown',
            why: `ECR cannot be asked about ${repositoryName} in ${region}: ${err instanceof Error ? err.message : String(err)}`,
        };
    }
    finally {
        if (!deps.ecrClient)
            client.destroy();
    }
}
/** Platforms of an index, or of a single image whose config was read; undefined when unknown. */
function platformsOf(text, mediaType, single) {
    let json;
    try {
        json = rec(JSON.parse(text));
    }
    catch {
        return {};
    }
    const type = mediaType ?? (typeof json['mediaType'] === 'string' ? json['mediaType'] : undefined);
    if ((type !== undefined && INDEX_TYPES.has(type)) || Array.isArray(json['manifests'])) {
        const platforms = [];
        for (const m of (Array.isArray(json['manifests']) ? json['manifests'] : []).map(rec)) {
            const p = rec(m['platform']);
            // Attestation manifests (buildx provenance) say unknown/unknown: not a platform.
            if (typeof p['os'] === 'string' && typeof p['architecture'] === 'string' && p['os'] !== 'unknown')
                platforms.push({ os: p['os'], architecture: p['architecture'] });
        }
        return { platforms };
    }
    return single ? { platforms: [single] } : {};
}
/** The platform a single-image manifest's config blob names (v2 registries serve it). */
async function configPlatform(client, repository, text) {
    let json;
    try {
        json = rec(JSON.parse(text));
    }
    catch {
        return undefined;
    }
    const digest = rec(json['config'])['digest'];
    if (typeof digest !== 'string' || Array.isArray(json['manifests']))
        return undefined;
    const blob = await client.getBlob(repository, digest).catch(() => undefined);
    if (!blob)
        return undefined;
    try {
        const config = rec(JSON.parse(blob.toString('utf8')));
        return typeof config['os'] === 'string' && typeof config['architecture'] === 'string'
            ? { os: config['os'], architecture: config['architecture'] }
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** `auths` of the Docker config: host → user and password (never logged). */
async function dockerAuths(dir) {
    const out = new Map();
    const path = (0,external_node_path_.join)(dir ?? process.env['DOCKER_CONFIG'] ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json');
    let json;
    try {
        json = rec(JSON.parse(await (0,promises_.readFile)(path, 'utf8')));
    }
    catch {
        return out;
    }
    for (const [host, v] of Object.entries(rec(json['auths']))) {
        const a = rec(v);
        let username = typeof a['username'] === 'string' ? a['username'] : '';
        let password = typeof a['password'] === 'string' ? a['password'] : '';
        if (typeof a['auth'] === 'string') {
            const decoded = Buffer.from(a['auth'], 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0) {
                username = decoded.slice(0, colon);
                password = decoded.slice(colon + 1);
            }
        }
        if (username)
            out.set(host.replace(/^https?:\/\//, '').replace(/\/.*$/, ''), { username, password });
        if (username && host.startsWith('https://index.docker.io'))
            out.set('https://index.docker.io/v1/', { username, password });
    }
    return out;
}

// EXTERNAL MODULE: ./src/kube/client.ts
var kube_client = __webpack_require__(31934);
;// CONCATENATED MODULE: ./src/commands/preflight.ts






const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);
/** The pod template labels of a workload object, or undefined for other kinds. */
function podTemplateLabels(obj) {
    if (obj.kind === 'Pod')
        return obj.metadata.labels ?? {};
    if (obj.kind === 'CronJob') {
        const spec = obj['spec'];
        return spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
    }
    if (!POD_TEMPLATE_KINDS.has(obj.kind))
        return undefined;
    const spec = obj['spec'];
    return spec?.template?.metadata?.labels ?? {};
}
/**
 * Everything checked against the cluster before anything is written: reachable, every kind
 * served, IngressClass `alb` present when an Ingress needs it, every workload's pods covered by a
 * Fargate profile, and a server-side dry-run apply of every object (schemas, admission, conflicts
 * and permissions, as the real apply will meet them). Returns blockers and infos; writes nothing.
 */
async function preflight(conn, objects, opts) {
    const findings = [];
    const blocker = (code, message, workload) => {
        findings.push({ severity: 'blocker', code, message, ...(workload ? { workload } : {}) });
    };
    const { client } = conn;
    try {
        await client.request('GET', '/version', { ...(opts.signal ? { signal: opts.signal } : {}) });
    }
    catch (err) {
        blocker('cluster-unreachable', `cannot reach the cluster (${conn.describe}): ${err instanceof Error ? err.message : String(err)}`);
        return findings;
    }
    const served = new Set();
    for (const o of objects) {
        const key = `${o.apiVersion}/${o.kind}`;
        if (served.has(key))
            continue;
        try {
            await client.resourceFor(o.apiVersion, o.kind);
            served.add(key);
        }
        catch (err) {
            if (err instanceof kube_client/* KubeApiError */.W3 && err.code === 404) {
                blocker('kind-not-served', `${(0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(o))}: the cluster does not serve ${o.kind} in ${o.apiVersion} (${(0,kube_client/* notServedAdvice */.XI)(o.apiVersion)})`, o.metadata.name);
                served.add(key);
            }
            else
                throw err;
        }
    }
    const albIngresses = objects.filter((o) => o.kind === 'Ingress' &&
        (o['spec']?.ingressClassName === 'alb' ||
            o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb'));
    if (albIngresses.length > 0 && !objects.some((o) => o.kind === 'IngressClass' && o.metadata.name === 'alb')) {
        const cls = await client.get('networking.k8s.io/v1', 'IngressClass', undefined, 'alb');
        if (!cls) {
            blocker('no-alb-ingress-class', `IngressClass alb is missing: install the AWS Load Balancer Controller before deploying ${albIngresses.map((i) => (0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(i))).join(', ')}`);
        }
    }
    if (conn.profiles) {
        const names = conn.profiles.map((p) => p.name).sort();
        for (const o of objects) {
            const labels = podTemplateLabels(o);
            if (labels === undefined)
                continue;
            const ns = o.metadata.namespace ?? 'default';
            if (!matchFargateProfile(conn.profiles, ns, labels)) {
                blocker('no-fargate-profile', `${(0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(o))}: no Fargate profile selects namespace ${ns} with pod labels ${JSON.stringify(labels)} (checked: ${names.join(', ') || 'none'}); its pods would stay Pending`, o.metadata.name);
            }
        }
    }
    else {
        findings.push({
            severity: 'info',
            code: 'fargate-profiles-unchecked',
            message: `Fargate profile coverage not checked: give the EKS cluster name and region so its profiles can be read (${conn.describe})`,
        });
    }
    // Every image there, for the platform its pods run on: a pull that cannot succeed fails here, not after apply.
    if (opts.images)
        findings.push(...(await checkImagesExist(imageRequirements(objects), {
            ...opts.images,
            ...(opts.signal ? { signal: opts.signal } : {}),
        })));
    if (findings.some((f) => f.severity === 'blocker'))
        return findings;
    // Namespaces the deploy will create (the lock creates its own namespace first): dry-run them as
    // Namespace objects so the objects inside them are checked as new rather than failing with 404.
    const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const missing = [];
    for (const ns of [...new Set(objects.map((o) => o.metadata.namespace).filter((n) => !!n))].sort()) {
        if (declared.has(ns))
            continue;
        if (!(await client.get('v1', 'Namespace', undefined, ns))) {
            missing.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
            findings.push({
                severity: 'info',
                code: 'namespace-created',
                message: `namespace ${ns} does not exist yet: the deploy creates it`,
            });
        }
    }
    try {
        const adopted = opts.ownership?.adopted ?? [];
        // Adopted objects' fields become ours; one refused as not ours is dry-run forced too, so its
        // blocker is the one reason given, not also a conflict with the fields of its real owner.
        const refused = [];
        const forceFor = (k) => adopted.some((a) => (0,rollback/* sameObject */.Qr)(a, k)) || refused.some((r) => (0,rollback/* sameObject */.Qr)(r, k));
        // Who owns each object is judged from the live state the dry run reads anyway (no extra requests).
        const own = opts.ownership;
        const onLive = own
            ? (o, live) => {
                if (!judgeOwnership(o, live, own, blocker))
                    refused.push((0,apply/* objectKey */.T5)(o));
            }
            : undefined;
        await (0,apply/* applyObjects */.r3)(client, [...missing, ...objects], {
            dryRun: true,
            force: opts.forceConflicts,
            forceFor,
            ...(onLive ? { onLive } : {}),
            ...(opts.signal ? { signal: opts.signal } : {}),
        });
    }
    catch (err) {
        // A dry run applies nothing: drop the "already applied before it" part of the message.
        const text = (e) => `dry run: ${e.message
            .split('\n')
            .filter((l) => !/^(Nothing was applied|Already applied)/.test(l))
            .join('\n')}`;
        if (err instanceof apply/* ApplyConflictError */.b1) {
            blocker('conflict', text(err), err.object.name);
        }
        else if (err instanceof apply/* ApplyInvalidError */.Ap) {
            blocker('invalid', text(err), err.object.name);
        }
        else if (err instanceof apply/* ApplyError */.d5) {
            const cause = err.cause;
            const code = cause instanceof kube_client/* KubeApiError */.W3 ? cause.code : undefined;
            blocker(code === 403 ? 'forbidden' : 'dry-run-failed', code === 403 ? `not allowed: ${text(err)}` : text(err), err.object.name);
        }
        else
            throw err;
    }
    return findings;
}
/** Server-written metadata that a restored object must not carry (or would be refused for). */
const BOOKKEEPING = [
    'managedFields',
    'resourceVersion',
    'uid',
    'creationTimestamp',
    'generation',
    'selfLink',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
];
/** An object as it was, to be put back exactly: no status, no server bookkeeping. */
function priorState(live, apiVersion, kind) {
    const { status: _status, metadata, ...rest } = live;
    const meta = { ...metadata };
    for (const f of BOOKKEEPING)
        delete meta[f];
    return { ...rest, apiVersion, kind, metadata: meta };
}
/**
 * An object that exists and that no release of this tool created (or that another release owns)
 * is a blocker naming it, unless `adopt` is set, in which case its current state is kept so a
 * rollback can put it back exactly as it was. A Namespace the deploy lock created is ours.
 * Returns whether the deploy may write the object.
 */
function judgeOwnership(o, live, own, blocker) {
    if (!live)
        return true;
    const labels = live.metadata.labels ?? {};
    const owner = labels[release/* LABEL_RELEASE */.P2];
    if (owner === own.release)
        return true;
    if (o.kind === 'Namespace' && owner === undefined && labels[release/* LABEL_MANAGED_BY */.dq] === apply/* FIELD_MANAGER */.vy)
        return true;
    if (!own.adopt) {
        const why = owner !== undefined
            ? `it belongs to release ${JSON.stringify(owner)}`
            : 'no release of eks-fargate-deploy created it';
        blocker('not-owned', `${(0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(o))} already exists and ${why}. Pass --adopt to take it over (its current state is kept in the release record and restored on rollback), or remove it from the manifests`, o.metadata.name);
        return false;
    }
    own.adopted.push(priorState(live, o.apiVersion, o.kind));
    return true;
}

// EXTERNAL MODULE: ./src/convert/index.ts
var convert = __webpack_require__(77783);
// EXTERNAL MODULE: ./src/fargate/pricing.ts
var pricing = __webpack_require__(98660);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/fargate/quantity.ts
var quantity = __webpack_require__(16665);
// EXTERNAL MODULE: ./src/fargate/sizing.ts
var sizing = __webpack_require__(62566);
;// CONCATENATED MODULE: ./src/fargate/lint.ts
/**
 * What EKS Fargate refuses to run, checked on plain Kubernetes objects before they reach a cluster.
 *
 * The fargate-scheduler reports a refused pod with a `FailedScheduling` event such as
 * `Pod not supported on Fargate: fields not supported: HostNetwork, invalid SecurityContext fields:
 * Privileged, port contains HostIP or HostPort`. The reasons below reuse the wording of the real
 * events where one is known (host network, privileged, allowPrivilegeEscalation, added
 * capabilities, host ports, unsupported volume types); GPU, architecture/OS and size reasons follow
 * the same style.
 */



function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function list(v) {
    return Array.isArray(v) ? v : [];
}
/** Reason groups in the order the fargate-scheduler lists them. */
const Category = {
    Fields: 'fields not supported',
    SecurityContext: 'invalid SecurityContext fields',
    Port: 'port contains HostIP or HostPort',
    Volumes: 'volumes not supported',
    Resources: 'resources not supported',
    NodeSelector: 'node selector not supported',
    NodeAffinity: 'node affinity not supported',
    Size: 'pod too large for Fargate',
};
const CATEGORY_ORDER = Object.values(Category);
/** Categories whose wording is taken from real fargate-scheduler events (the others are ours, in the same style). */
const KNOWN_WORDING = new Set([
    Category.Fields,
    Category.SecurityContext,
    Category.Port,
    Category.Volumes,
]);
/** Volume sources a Fargate pod may use. A PVC is allowed because EFS (static) is; its PV is not visible here. */
const SUPPORTED_VOLUME_SOURCES = new Set([
    'emptyDir',
    'configMap',
    'secret',
    'projected',
    'downwardAPI',
    'persistentVolumeClaim',
]);
const ARCH_KEYS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];
const OS_KEYS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];
const FARGATE_ARCH = 'amd64';
const FARGATE_OS = 'linux';
/** Extended resources Fargate has no devices for. */
function isAcceleratorResource(name) {
    return /(^|\/)gpu$/.test(name) || /^aws\.amazon\.com\/neuron/.test(name) || /^habana\.ai\//.test(name);
}
function containersOf(spec) {
    const out = [];
    for (const key of ['initContainers', 'containers']) {
        list(spec[key]).forEach((c, i) => {
            if (isObj(c))
                out.push({ c, path: `${key}[${i}]`, name: typeof c.name === 'string' ? c.name : undefined });
        });
    }
    return out;
}
function who(ref) {
    return ref.name ? `container "${ref.name}"` : ref.path;
}
function bracket(key) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
/** Does one nodeSelectorTerm rule out every node with `key` = `wanted` (e.g. arch = amd64)? */
function termExcludes(term, keys, wanted) {
    if (!isObj(term))
        return undefined;
    for (const expr of list(term.matchExpressions)) {
        if (!isObj(expr) || typeof expr.key !== 'string' || !keys.includes(expr.key))
            continue;
        const values = list(expr.values).map(String);
        const op = expr.operator;
        if (op === 'In' && !values.includes(wanted))
            return `${expr.key} In [${values.join(', ')}]`;
        if (op === 'NotIn' && values.includes(wanted))
            return `${expr.key} NotIn [${values.join(', ')}]`;
        if (op === 'DoesNotExist')
            return `${expr.key} DoesNotExist`;
    }
    return undefined;
}
function hostNamespaceIssues(spec) {
    const issues = [];
    for (const [field, token, code] of [
        ['hostNetwork', 'HostNetwork', 'host-network'],
        ['hostPID', 'HostPID', 'host-pid'],
        ['hostIPC', 'HostIPC', 'host-ipc'],
    ]) {
        if (spec[field] === true) {
            issues.push({
                code,
                category: Category.Fields,
                token,
                field,
                message: `${field}: true is not supported on EKS Fargate: each pod runs in its own micro-VM with no host to share`,
            });
        }
    }
    return issues;
}
function containerIssues(spec) {
    const issues = [];
    for (const ref of containersOf(spec)) {
        const sc = ref.c.securityContext;
        if (isObj(sc)) {
            if (sc.privileged === true) {
                issues.push({
                    code: 'privileged',
                    category: Category.SecurityContext,
                    token: 'Privileged',
                    field: `${ref.path}.securityContext.privileged`,
                    container: ref.name,
                    message: `${who(ref)} is privileged; EKS Fargate does not run privileged containers`,
                });
            }
            if (sc.allowPrivilegeEscalation === true) {
                issues.push({
                    code: 'allow-privilege-escalation',
                    category: Category.SecurityContext,
                    token: 'AllowPrivilegeEscalation',
                    field: `${ref.path}.securityContext.allowPrivilegeEscalation`,
                    container: ref.name,
                    message: `${who(ref)} sets allowPrivilegeEscalation: true, which EKS Fargate refuses; remove it or set it to false`,
                });
            }
            const added = isObj(sc.capabilities) ? list(sc.capabilities.add).map(String) : [];
            if (added.length > 0) {
                issues.push({
                    code: 'added-capabilities',
                    category: Category.SecurityContext,
                    token: `Capabilities added: ${added.join(', ')}`,
                    field: `${ref.path}.securityContext.capabilities.add`,
                    container: ref.name,
                    message: `${who(ref)} adds Linux capabilities (${added.join(', ')}); EKS Fargate refuses any added capability`,
                });
            }
        }
        list(ref.c.ports).forEach((port, j) => {
            if (!isObj(port))
                return;
            const hostPort = typeof port.hostPort === 'number' && port.hostPort !== 0;
            const hostIP = typeof port.hostIP === 'string' && port.hostIP !== '';
            if (!hostPort && !hostIP)
                return;
            const which = hostPort ? 'hostPort' : 'hostIP';
            issues.push({
                code: 'host-port',
                category: Category.Port,
                token: '',
                field: `${ref.path}.ports[${j}].${which}`,
                container: ref.name,
                message: `${who(ref)} binds ${which} ${String(port[which])}; EKS Fargate has no host ports, ` +
                    `reach the pod through a Service on containerPort ${String(port.containerPort)}`,
            });
        });
        const resources = isObj(ref.c.resources) ? ref.c.resources : {};
        const seen = new Set();
        for (const kind of ['requests', 'limits']) {
            const r = resources[kind];
            if (!isObj(r))
                continue;
            for (const name of Object.keys(r)) {
                if (!isAcceleratorResource(name) || seen.has(name))
                    continue;
                seen.add(name);
                issues.push({
                    code: 'gpu',
                    category: Category.Resources,
                    token: name,
                    field: `${ref.path}.resources.${kind}${bracket(name)}`,
                    container: ref.name,
                    message: `${who(ref)} requests ${name}; EKS Fargate has no GPUs or other accelerators`,
                });
            }
        }
    }
    return issues;
}
function volumeIssues(spec) {
    const issues = [];
    list(spec.volumes).forEach((vol, i) => {
        if (!isObj(vol))
            return;
        const name = typeof vol.name === 'string' ? vol.name : `volumes[${i}]`;
        // A volume with no source is an emptyDir (the API server's default).
        const source = Object.keys(vol).find((k) => k !== 'name');
        if (source === undefined || SUPPORTED_VOLUME_SOURCES.has(source))
            return;
        const code = source === 'hostPath'
            ? 'host-path-volume'
            : source === 'awsElasticBlockStore'
                ? 'ebs-volume'
                : 'unsupported-volume';
        const hint = source === 'hostPath'
            ? 'there is no host file system on Fargate; use emptyDir for scratch space or EFS for shared data'
            : source === 'awsElasticBlockStore'
                ? 'EBS volumes cannot attach to Fargate; use EFS (a statically provisioned PersistentVolume) instead'
                : 'Fargate pods support emptyDir, configMap, secret, projected, downwardAPI and persistentVolumeClaim (EFS) volumes';
        issues.push({
            code,
            category: Category.Volumes,
            token: `${name} is of an unsupported volume Type`,
            field: `volumes[${i}].${source}`,
            message: `volume "${name}" is a ${source} volume; ${hint}`,
        });
    });
    return issues;
}
/** nodeSelector or required node affinity that keeps the pod off linux/amd64, the only platform of EKS Fargate. */
function nodeSelectionIssues(spec) {
    const issues = [];
    const nodeSelector = isObj(spec.nodeSelector) ? spec.nodeSelector : {};
    for (const [keys, wanted, code, what] of [
        [ARCH_KEYS, FARGATE_ARCH, 'unsupported-arch', 'architecture'],
        [OS_KEYS, FARGATE_OS, 'unsupported-os', 'operating system'],
    ]) {
        for (const key of keys) {
            const value = nodeSelector[key];
            if (value === undefined || String(value) === wanted)
                continue;
            issues.push({
                code,
                category: Category.NodeSelector,
                token: `${key}=${String(value)}`,
                field: `nodeSelector${bracket(key)}`,
                message: `nodeSelector ${key}=${String(value)} asks for a ${what} EKS Fargate does not offer (Fargate runs ${FARGATE_OS}/${FARGATE_ARCH} pods only)`,
            });
        }
        const nodeAffinity = isObj(spec.affinity) ? spec.affinity.nodeAffinity : undefined;
        const required = isObj(nodeAffinity) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
        const terms = isObj(required) ? list(required.nodeSelectorTerms) : [];
        // Terms are ORed: the pod is kept off Fargate only when every term rules Fargate's value out.
        const exclusions = terms.map((t) => termExcludes(t, keys, wanted));
        if (terms.length > 0 && exclusions.every((e) => e !== undefined)) {
            const token = [...new Set(exclusions)].join(' or ');
            issues.push({
                code,
                category: Category.NodeAffinity,
                token,
                field: 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
                message: `required node affinity (${token}) rules out ${FARGATE_OS}/${FARGATE_ARCH}, the only ${what} EKS Fargate offers`,
            });
        }
    }
    return issues;
}
function sizeIssues(spec) {
    try {
        const size = (0,sizing/* fargatePodSize */.pw)((0,sizing/* podResourcesFromSpec */.mx)(spec));
        if (size.fits)
            return [];
        const reason = size.reason ?? '';
        return [
            {
                code: 'too-large',
                category: Category.Size,
                token: reason,
                field: 'containers',
                message: `the pod does not fit any Fargate configuration: ${reason}`,
            },
        ];
    }
    catch {
        // An unparsable quantity is reported on its own by lintWorkloadObject (and refused by the API server).
        return [];
    }
}
function inspectPodSpec(spec) {
    return [
        ...hostNamespaceIssues(spec),
        ...containerIssues(spec),
        ...volumeIssues(spec),
        ...nodeSelectionIssues(spec),
        ...sizeIssues(spec),
    ];
}
function reasonsFromIssues(issues) {
    const reasons = [];
    for (const category of CATEGORY_ORDER) {
        const tokens = [...new Set(issues.filter((i) => i.category === category).map((i) => i.token))];
        if (tokens.length === 0)
            continue;
        reasons.push(category === Category.Port ? category : `${category}: ${tokens.join(', ')}`);
    }
    return reasons;
}
/**
 * Reasons a pod spec cannot run on EKS Fargate, worded like the fargate-scheduler's
 * `FailedScheduling` event (`fields not supported: HostNetwork`, `invalid SecurityContext fields:
 * Privileged`, `port contains HostIP or HostPort`, `volumes not supported: data is of an unsupported
 * volume Type`, ...). Covers host namespaces, privileged / allowPrivilegeEscalation / added
 * capabilities, host ports, volume types other than emptyDir, configMap, secret, projected,
 * downwardAPI and PVC (EFS), GPUs and other accelerators, nodeSelector or required node affinity
 * demanding another architecture than amd64 or another OS than linux, and a pod larger than
 * 16 vCPU 120 GB or 175 GiB of ephemeral storage. Empty array = supported.
 */
function fargateUnsupportedReasons(podSpec) {
    if (!isObj(podSpec))
        return [];
    return reasonsFromIssues(inspectPodSpec(podSpec));
}
/** The fargate-scheduler's event message: `Pod not supported on Fargate: <reasons, comma separated>`. Empty reasons → `''`. */
function fargateUnsupportedMessage(reasons) {
    return reasons.length === 0 ? '' : `Pod not supported on Fargate: ${reasons.join(', ')}`;
}
/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH = {
    Pod: ['spec'],
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    ReplicationController: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
/** The pod spec of a workload object and its path (`spec.template.spec`), or undefined for other kinds. */
function podSpecOf(obj) {
    if (!isObj(obj) || typeof obj.kind !== 'string')
        return undefined;
    const path = POD_SPEC_PATH[obj.kind];
    if (!path)
        return undefined;
    let cur = obj;
    for (const key of path)
        cur = isObj(cur) ? cur[key] : undefined;
    return isObj(cur) ? { spec: cur, path: path.join('.') } : undefined;
}
function requestWarnings(spec, base, path) {
    const findings = [];
    for (const ref of containersOf(spec)) {
        const resources = isObj(ref.c.resources) ? ref.c.resources : {};
        const requests = isObj(resources.requests) ? resources.requests : {};
        const limits = isObj(resources.limits) ? resources.limits : {};
        const container = ref.name !== undefined ? { container: ref.name } : {};
        for (const [name, parse] of [
            ['cpu', quantity/* parseCpuQuantity */.J3],
            ['memory', quantity/* parseMemoryQuantity */.iR],
            ['ephemeral-storage', quantity/* parseStorageQuantityGiB */.E4],
        ]) {
            for (const [kind, q] of [
                ['requests', requests[name]],
                ['limits', limits[name]],
            ]) {
                if (q === undefined || q === null)
                    continue;
                try {
                    if (typeof q !== 'string' && typeof q !== 'number')
                        throw new Error(`expected a quantity, got ${JSON.stringify(q)}`);
                    parse(q);
                }
                catch (err) {
                    findings.push({
                        ...base,
                        ...container,
                        severity: src_findings/* Severity */.A.Blocker,
                        code: 'invalid-quantity',
                        message: `${who(ref)} resources.${kind}.${name}: ${err.message}`,
                        field: `${path}.${ref.path}.resources.${kind}${bracket(name)}`,
                    });
                }
            }
        }
        const missing = [];
        for (const [name, parse] of [
            ['cpu', quantity/* parseCpuQuantity */.J3],
            ['memory', quantity/* parseMemoryQuantity */.iR],
        ]) {
            const req = requests[name];
            const lim = limits[name];
            if (req === undefined && lim === undefined) {
                missing.push(name);
                continue;
            }
            if (req === undefined || lim === undefined)
                continue;
            let differs;
            try {
                differs = parse(req) !== parse(lim);
            }
            catch {
                continue;
            }
            if (differs) {
                findings.push({
                    ...base,
                    ...container,
                    severity: src_findings/* Severity */.A.Warning,
                    code: 'requests-not-limits',
                    message: `${who(ref)} requests ${String(req)} ${name} but is limited to ${String(lim)}; Fargate sizes (and bills) the pod ` +
                        'from requests, so capacity up to the limit is not guaranteed; set both to the same value',
                    field: `${path}.${ref.path}.resources`,
                });
            }
        }
        // Classic init containers often carry no requests on purpose: the app containers size the pod.
        const longRunning = ref.path.startsWith('containers') || ref.c.restartPolicy === 'Always';
        if (missing.length > 0 && longRunning) {
            findings.push({
                ...base,
                ...container,
                severity: src_findings/* Severity */.A.Warning,
                code: 'missing-requests',
                message: `${who(ref)} has no ${missing.join(' or ')} request; Fargate sizes pods from requests ` +
                    '(a pod with none gets 0.25vCPU 0.5GB), so set requests equal to limits',
                field: `${path}.${ref.path}.resources.requests`,
            });
        }
    }
    return findings;
}
/**
 * Lints one Kubernetes object from a manifest file for EKS Fargate. Workload kinds (Deployment,
 * StatefulSet, Job, CronJob, DaemonSet, Pod, ReplicaSet, ReplicationController) are checked; any
 * other object gives no findings. Blockers: a DaemonSet (Fargate has no nodes to run it on), every
 * reason of {@link fargateUnsupportedReasons}, and an unparsable cpu/memory quantity. Warnings:
 * requests different from limits, and a container without cpu or memory requests.
 * Each finding carries the file, the workload (`metadata.name`), the container and a field path
 * such as `spec.template.spec.containers[0].securityContext.privileged`.
 */
function lintWorkloadObject(obj, file) {
    if (!isObj(obj) || typeof obj.kind !== 'string' || !(obj.kind in POD_SPEC_PATH))
        return [];
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const base = { file };
    if (typeof meta.name === 'string')
        base.workload = meta.name;
    const findings = [];
    if (obj.kind === 'DaemonSet') {
        findings.push({
            ...base,
            severity: src_findings/* Severity */.A.Blocker,
            code: 'daemonset',
            message: 'DaemonSets do not run on EKS Fargate (there are no shared nodes); run the agent as a sidecar container of each pod that needs it',
            field: 'kind',
        });
    }
    const pod = podSpecOf(obj);
    if (!pod)
        return findings;
    const issues = inspectPodSpec(pod.spec);
    for (const issue of issues) {
        // Quote the event only where it is EKS's own wording, so users can search for it.
        const quote = KNOWN_WORDING.has(issue.category)
            ? ` (EKS: "${fargateUnsupportedMessage(reasonsFromIssues([issue]))}")`
            : '';
        const finding = {
            ...base,
            severity: src_findings/* Severity */.A.Blocker,
            code: issue.code,
            message: `${issue.message}${quote}`,
            field: `${pod.path}.${issue.field}`,
        };
        if (issue.container !== undefined)
            finding.container = issue.container;
        findings.push(finding);
    }
    findings.push(...requestWarnings(pod.spec, base, pod.path));
    return findings;
}

;// CONCATENATED MODULE: ./src/fargate/load-balancer.ts
/**
 * `type: LoadBalancer` Services on EKS Fargate. Fargate pods can only be load balancer targets by
 * IP, and only the AWS Load Balancer Controller registers IP targets: a Service it handles
 * (`spec.loadBalancerClass: service.k8s.aws/nlb`, or the annotation
 * `service.beta.kubernetes.io/aws-load-balancer-type: external`) with
 * `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip` (or the legacy type
 * `nlb-ip`). Every other LoadBalancer Service gets a load balancer with instance targets (a
 * Classic LB from the in-tree provider, or the controller's NLB in instance mode): it gets an
 * address, so a rollout waiting for one succeeds, but it can never route to a Fargate pod.
 * Pure: data in, findings out.
 */

const S = 'service.beta.kubernetes.io/';
/** The load balancer class of the AWS Load Balancer Controller's NLBs. */
const AWS_NLB_CLASS = 'service.k8s.aws/nlb';
/** The annotation that gives an NLB IP targets. */
const NLB_TARGET_TYPE_ANNOTATION = `${S}aws-load-balancer-nlb-target-type`;
const LB_TYPE_ANNOTATION = `${S}aws-load-balancer-type`;
/**
 * The Fargate blocker of a LoadBalancer Service that would get instance targets, naming the
 * field to change; none for other objects, IP-target Services, and Services of a load balancer
 * class other than the controller's (another controller decides those).
 */
function loadBalancerServiceFindings(obj) {
    const o = (obj ?? {});
    if (o.kind !== 'Service' || o.spec?.type !== 'LoadBalancer')
        return [];
    const ann = o.metadata?.annotations ?? {};
    const cls = o.spec.loadBalancerClass;
    const lbType = ann[LB_TYPE_ANNOTATION];
    if (cls !== undefined && cls !== AWS_NLB_CLASS)
        return [];
    const byController = cls === AWS_NLB_CLASS || lbType === 'external' || lbType === 'nlb-ip';
    if (lbType === 'nlb-ip' || (byController && ann[NLB_TARGET_TYPE_ANNOTATION] === 'ip'))
        return [];
    const name = JSON.stringify(o.metadata?.name ?? '');
    const fix = `set metadata.annotations["${NLB_TARGET_TYPE_ANNOTATION}"]: ip${byController ? '' : ` and spec.loadBalancerClass: ${AWS_NLB_CLASS} (AWS Load Balancer Controller)`}, or expose it through an Ingress of class alb with target-type ip`;
    const what = byController
        ? `the AWS Load Balancer Controller makes its NLB with instance targets (${NLB_TARGET_TYPE_ANNOTATION} is ${ann[NLB_TARGET_TYPE_ANNOTATION] === undefined ? 'not set' : JSON.stringify(ann[NLB_TARGET_TYPE_ANNOTATION])})`
        : `without the AWS Load Balancer Controller (spec.loadBalancerClass ${AWS_NLB_CLASS} or ${LB_TYPE_ANNOTATION}: external) the in-tree provider makes a ${lbType === 'nlb' ? 'Network' : 'Classic'} Load Balancer with instance targets`;
    return [
        {
            severity: src_findings/* Severity */.A.Blocker,
            code: 'lb-service-instance-targets',
            message: `Service ${name}: type LoadBalancer: ${what}; instance targets cannot register Fargate pods, so the load balancer gets an address but never reaches a pod. Fix: ${fix}`,
            field: byController ? `metadata.annotations["${NLB_TARGET_TYPE_ANNOTATION}"]` : 'spec.type',
        },
    ];
}

// EXTERNAL MODULE: ./src/manifests/schema.ts + 273 modules
var schema = __webpack_require__(92395);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/manifests/input-file.ts
var input_file = __webpack_require__(98317);
;// CONCATENATED MODULE: ./src/manifests/load.ts
/**
 * Load the Kubernetes objects of a release from the user's repository: files, directories, globs
 * and kustomize directories, all confined to the workspace.
 *
 * YAML is read the way kubectl reads it (sigs.k8s.io/yaml on go-yaml v2, i.e. YAML 1.1 scalars:
 * `0644` is octal, `yes`/`on` are booleans, but dates and `80:30` stay strings), so a manifest means
 * the same here and in the cluster.
 */







const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/**
 * Objects per release. Parsing is stopped once a release passes it, so memory stays bounded: a
 * YAML object costs the parser a few kilobytes, and 130,000 small objects (still under the 8 MiB
 * file limit) took 2.7–3.8 GB before. bench/memory.ts measures the largest allowed release. 5,000
 * is far above what one deploy should carry: every object is applied, watched and recorded.
 */
const MAX_RELEASE_OBJECTS = 5_000;
/** Anchors and aliases allowed per document before it counts as an entity-expansion attack. */
const MAX_ALIAS_COUNT = 100;
const MANIFEST_EXT = /\.(?:ya?ml|json)$/i;
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const GLOB_MAGIC = /[*?[\]{}]/;
/** What a size error calls manifests: each file, and each kustomize directory's output, has the limit. */
const MANIFESTS = 'manifest files and kustomize outputs';
const YAML_OPTIONS = {
    version: '1.1',
    uniqueKeys: true,
    prettyErrors: true,
    // go-yaml v2 leaves timestamps and base-60 numbers as strings when decoding into interface{}.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || !(t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')),
};
const FIELD_INDEX = new WeakMap();
/**
 * Load manifests from `sources`: files (`.yaml`, `.yml`, `.json`), directories (their manifest
 * files in name order, not recursive), globs (`k8s/**\/*.yaml`, node:fs glob) and kustomize
 * directories (holding `kustomization.yaml`, `kustomization.yml` or `Kustomization`; rendered by
 * `kubectl kustomize DIR`, no shell, with a time limit). Every path, symlink target and local
 * kustomize resource must resolve inside `workspace`. A file named by several sources is read
 * once. `kind: List` (and other `*List` kinds with `items`) are flattened; empty documents are
 * skipped. YAML is parsed strictly: duplicate keys, tabs as indentation and more than
 * {@link MAX_ALIAS_COUNT} alias expansions are errors located as `file:line:col`; a document that is not
 * a mapping with apiVersion, kind and metadata.name is an error naming file, document and line.
 * All problems of all sources are collected and thrown together as one UserInputErrors.
 */
async function loadManifests(sources, opts) {
    const errors = [];
    let ws;
    try {
        const root = external_node_path_default().resolve(opts.workspace);
        ws = { root, real: await (0,promises_.realpath)(root) };
    }
    catch (err) {
        throw new src_errors/* UserInputErrors */.fr([
            new src_errors/* UserInputError */.m2(`workspace ${(0,src_errors/* showValue */.vp)(opts.workspace)} cannot be read: ${errnoText(err)}`),
        ]);
    }
    if (sources.length === 0)
        throw new src_errors/* UserInputErrors */.fr([new src_errors/* UserInputError */.m2('no manifest paths given', undefined, 'manifests')]);
    const units = [];
    const seen = new Set();
    for (const source of sources) {
        for (const unit of await expandSource(ws, source, errors)) {
            if (seen.has(unit.real))
                continue;
            seen.add(unit.real);
            units.push(unit);
        }
    }
    const kubectl = opts.kubectl ?? 'kubectl';
    const timeout = opts.kustomizeTimeoutMs ?? 60_000;
    const budget = { limit: opts.maxObjects ?? MAX_RELEASE_OBJECTS, count: 0, exceeded: false };
    // Files are read concurrently; kubectl runs are few and each is a process, so at most 4 at a time.
    // Each unit collects its own errors so the report keeps the order of the sources.
    const results = await mapLimited(units, 4, async (u) => {
        const unitErrors = [];
        if (budget.exceeded)
            return { objects: [], errors: unitErrors };
        opts.signal?.throwIfAborted();
        const objects = u.kind === 'file'
            ? await loadFile(u, unitErrors, budget)
            : await loadKustomize(ws, u, kubectl, timeout, unitErrors, budget, opts.signal);
        return { objects, errors: unitErrors };
    });
    opts.signal?.throwIfAborted();
    for (const r of results)
        errors.push(...r.errors);
    const objects = results.flatMap((r) => r.objects);
    if (errors.length === 0 && objects.length === 0) {
        errors.push(new src_errors/* UserInputError */.m2(`no Kubernetes objects found in ${sources.map((s) => (0,src_errors/* showValue */.vp)(s)).join(', ')}`, undefined, 'manifests'));
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    return objects;
}
/**
 * The 1-based line of `field` (a path such as `spec.template.spec.containers[0].image`) in the
 * file an object was loaded from; the nearest existing ancestor when the field itself is absent.
 * Undefined for objects not loaded from a file by {@link loadManifests} (kustomize output, copies).
 */
function lineOfField(object, field) {
    const index = FIELD_INDEX.get(object);
    if (!index)
        return undefined;
    const src = index.doc;
    const doc = (src.parsed ??= (0,dist/* parseDocument */.Tp)(src.text.slice(src.start, src.end), YAML_OPTIONS));
    let node = doc.contents;
    let best;
    const lineOf = (n) => {
        const range = n?.range;
        return range ? src.lineCounter.linePos(src.start + range[0]).line : undefined;
    };
    for (const seg of [...index.prefix, ...parseFieldPath(field)]) {
        if ((0,dist/* isAlias */.Vj)(node))
            node = node.resolve(doc);
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(seg));
            if (!pair)
                break;
            best = lineOf(pair.key) ?? best;
            node = pair.value;
            if (node)
                best = lineOf(node) ?? best;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof seg === 'number') {
            node = node.items[seg];
            if (!node)
                break;
            best = lineOf(node) ?? best;
        }
        else {
            break;
        }
    }
    return best ?? lineOf(doc.contents);
}
/** `a.b[0]["x.y/z"].c` → ['a', 'b', 0, 'x.y/z', 'c']. */
function parseFieldPath(field) {
    const out = [];
    const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
    for (const m of field.matchAll(re)) {
        if (m[1] !== undefined)
            out.push(Number(m[1]));
        else if (m[2] !== undefined)
            out.push(JSON.parse(m[2]));
        else if (m[3] !== undefined)
            out.push(m[3]);
    }
    return out;
}
async function expandSource(ws, source, errors) {
    if (typeof source !== 'string' || source.trim() === '') {
        errors.push(new src_errors/* UserInputError */.m2('empty manifest path', undefined, 'manifests'));
        return [];
    }
    const abs = external_node_path_default().isAbsolute(source) ? external_node_path_default().normalize(source) : external_node_path_default().resolve(ws.root, source);
    const exists = await (0,promises_.lstat)(abs).then(() => true, () => false);
    if (!exists && GLOB_MAGIC.test(source))
        return expandGlob(ws, source, errors);
    const resolved = await resolveInside(ws, source, errors);
    if (!resolved)
        return [];
    const info = await (0,promises_.stat)(resolved.real);
    if (info.isFile()) {
        if (KUSTOMIZATION_FILES.includes(external_node_path_default().basename(resolved.abs))) {
            // Naming the kustomization file means its directory, as `kubectl apply -k` would take it.
            const dir = await resolveInside(ws, external_node_path_default().dirname(resolved.abs), errors);
            return dir && (await checkKustomizeTree(ws, dir, errors)) ? [{ kind: 'kustomize', ...dir }] : [];
        }
        if (!MANIFEST_EXT.test(resolved.abs)) {
            errors.push(new src_errors/* UserInputError */.m2('not a manifest file (expected .yaml, .yml or .json)', resolved.rel));
            return [];
        }
        return [{ kind: 'file', ...resolved }];
    }
    if (!info.isDirectory()) {
        errors.push(new src_errors/* UserInputError */.m2('not a regular file or directory', resolved.rel));
        return [];
    }
    const entries = await (0,promises_.readdir)(resolved.real);
    if (entries.some((e) => KUSTOMIZATION_FILES.includes(e))) {
        return (await checkKustomizeTree(ws, resolved, errors)) ? [{ kind: 'kustomize', ...resolved }] : [];
    }
    const units = [];
    const before = errors.length;
    for (const name of entries.filter((e) => MANIFEST_EXT.test(e)).sort(compareCodePoints)) {
        const child = await resolveInside(ws, external_node_path_default().join(resolved.abs, name), errors);
        if (child && (await (0,promises_.stat)(child.real)).isFile())
            units.push({ kind: 'file', ...child });
    }
    if (units.length === 0 && errors.length === before) {
        errors.push(new src_errors/* UserInputError */.m2('directory holds no .yaml, .yml or .json files (subdirectories are not read; name them or use a glob such as dir/**/*.yaml)', resolved.rel));
    }
    return units;
}
async function expandGlob(ws, pattern, errors) {
    // Refuse a pattern whose fixed part leaves the workspace before walking the file system there.
    const segments = pattern.split(/[\\/]/);
    const firstMagic = segments.findIndex((s) => GLOB_MAGIC.test(s));
    const fixed = segments.slice(0, firstMagic).join('/') || '.';
    const fixedAbs = external_node_path_default().isAbsolute(pattern) ? external_node_path_default().resolve(fixed === '' ? '/' : fixed) : external_node_path_default().resolve(ws.root, fixed);
    if (!isInside(fixedAbs, ws.root) && !isInside(fixedAbs, ws.real)) {
        errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} starts outside the workspace ${ws.root}`, undefined, 'manifests'));
        return [];
    }
    if (segments.slice(firstMagic).includes('..')) {
        errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} may not contain ".." after a wildcard`, undefined, 'manifests'));
        return [];
    }
    const matches = [];
    for await (const m of (0,promises_.glob)(pattern, { cwd: ws.root }))
        matches.push(external_node_path_default().isAbsolute(m) ? m : external_node_path_default().resolve(ws.root, m));
    const units = [];
    for (const m of [...new Set(matches)].sort(compareCodePoints)) {
        if (!MANIFEST_EXT.test(m))
            continue;
        if (KUSTOMIZATION_FILES.includes(external_node_path_default().basename(m))) {
            const rel = displayPath(external_node_path_default().relative(ws.root, m));
            errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} matched a kustomization file; name its directory to render it with kustomize, or narrow the glob`, rel));
            continue;
        }
        const resolved = await resolveInside(ws, m, errors);
        if (resolved && (await (0,promises_.stat)(resolved.real)).isFile())
            units.push({ kind: 'file', ...resolved });
    }
    if (units.length === 0 && !matches.some((m) => MANIFEST_EXT.test(m))) {
        errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} matched no .yaml, .yml or .json file`, undefined, 'manifests'));
    }
    return units;
}
/** Resolve a path given by the user (or found in a directory) and prove it stays inside the workspace. */
async function resolveInside(ws, input, errors, shown) {
    const abs = external_node_path_default().isAbsolute(input) ? external_node_path_default().normalize(input) : external_node_path_default().resolve(ws.root, input);
    const lexicalRoot = isInside(abs, ws.root) ? ws.root : isInside(abs, ws.real) ? ws.real : undefined;
    if (lexicalRoot === undefined) {
        errors.push(new src_errors/* UserInputError */.m2(`path is outside the workspace ${ws.root}; manifests must come from the repository`, shown ?? displayPath(input)));
        return undefined;
    }
    const rel = displayPath(external_node_path_default().relative(lexicalRoot, abs) || '.');
    let real;
    try {
        real = await (0,promises_.realpath)(abs);
    }
    catch (err) {
        errors.push(new src_errors/* UserInputError */.m2(errnoText(err), shown ?? rel));
        return undefined;
    }
    if (!isInside(real, ws.real)) {
        errors.push(new src_errors/* UserInputError */.m2(`is a symbolic link to ${real}, outside the workspace ${ws.root}`, shown ?? rel));
        return undefined;
    }
    return { abs, real, rel };
}
/**
 * kustomize refuses files outside a kustomization's own directory, but happily loads other
 * kustomization directories from anywhere (`resources: [../../../etc]`). Walk the local
 * resources/bases/components so none of them leaves the workspace, and check every other file a
 * kustomization names (generator files/envs, patches, transformer/generator/validator configs,
 * configurations, crds, openapi) the same way. Refused outright, each naming the kustomization file
 * and field: remote resources (URLs, `file://`, git), helm charts, and plugins that run a program.
 */
async function checkKustomizeTree(ws, dir, errors, visited = new Set()) {
    if (visited.has(dir.real))
        return true;
    visited.add(dir.real);
    const before = errors.length;
    const fileName = (await (0,promises_.readdir)(dir.real)).find((e) => KUSTOMIZATION_FILES.includes(e));
    if (!fileName)
        return true;
    const file = `${dir.rel === '.' ? '' : `${dir.rel}/`}${fileName}`;
    let text;
    try {
        text = await (0,input_file/* readInputFile */.jH)(external_node_path_default().join(dir.real, fileName), file, 'kustomization files');
    }
    catch (err) {
        errors.push(err instanceof src_errors/* UserInputError */.m2 ? err : new src_errors/* UserInputError */.m2(errnoText(err), file));
        return false;
    }
    const docs = (0,dist/* parseAllDocuments */.hR)(text, YAML_OPTIONS);
    const doc = [...docs][0];
    if (!doc)
        return true;
    if (doc.errors.length > 0) {
        errors.push(...doc.errors.map((e) => yamlError(e, file)));
        return false;
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (err) {
        errors.push(new src_errors/* UserInputError */.m2(err.message, file));
        return false;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data))
        return true; // kustomize reports its own shape errors.
    const d = data;
    const refuse = (field, entry, why) => {
        errors.push(new src_errors/* UserInputError */.m2(`${why}`, `${file}: ${field}${entry ? ` ${entry}` : ''}`));
    };
    for (const key of ['resources', 'bases', 'components']) {
        const list = d[key];
        if (!Array.isArray(list))
            continue;
        for (const [i, entry] of list.entries()) {
            if (typeof entry !== 'string')
                continue;
            if (isRemoteResource(entry)) {
                refuse(`${key}[${i}]`, entry, REMOTE_REFUSED);
                continue;
            }
            const target = await resolveInside(ws, external_node_path_default().resolve(dir.abs, entry), errors, `${file}: ${key}[${i}] ${entry}`);
            if (!target)
                continue;
            if ((await (0,promises_.stat)(target.real)).isDirectory())
                await checkKustomizeTree(ws, target, errors, visited);
        }
    }
    for (const key of ['helmCharts', 'helmChartInflationGenerator', 'helmGlobals']) {
        if (d[key] !== undefined && d[key] !== null)
            refuse(key, '', 'helm charts are not rendered: kustomize would run helm and may fetch charts from the network; render the chart into the repository instead');
    }
    // Files the kustomization reads: each must stay inside the workspace, links included (kustomize's
    // own check stops at the kustomization's directory only for some of them).
    for (const { field, entry } of fileReferences(d)) {
        if (isRemoteResource(entry)) {
            refuse(field, entry, REMOTE_REFUSED);
            continue;
        }
        const target = await resolveInside(ws, external_node_path_default().resolve(dir.abs, entry), errors, `${file}: ${field} ${entry}`);
        if (target && /^(?:transformers|generators|validators)\[/.test(field) && (await (0,promises_.stat)(target.real)).isDirectory())
            await checkKustomizeTree(ws, target, errors, visited);
    }
    // Plugins that run a program or a container (exec / KRM functions): kubectl runs none without
    // --enable-alpha-plugins, which this tool never passes; say so instead of a puzzling kustomize error.
    for (const key of ['transformers', 'generators', 'validators']) {
        const list = d[key];
        if (!Array.isArray(list))
            continue;
        for (const [i, entry] of list.entries()) {
            const inline = typeof entry === 'string' ? (entry.includes('\n') ? entry : undefined) : JSON.stringify(entry);
            if (inline !== undefined &&
                /config\.(?:kubernetes\.io|k8s\.io)\/function|\bexec\b\s*:|\bcontainer\b\s*:|"(?:exec|container)"\s*:/.test(inline)) {
                refuse(`${key}[${i}]`, '', 'plugins that run a program or a container (exec, KRM functions) are not allowed');
            }
        }
    }
    return errors.length === before;
}
const REMOTE_REFUSED = 'remote resources are not loaded: a release comes from the repository (vendor the remote base into the workspace)';
/**
 * The file paths a kustomization names besides resources/bases/components: generator `files`
 * (`key=path` or `path`), `envs` and `env`, patch and replacement `path`s, strategic-merge patch
 * files, `configurations`, `crds`, `openapi.path`, and transformer/generator/validator config files.
 * Inline values (a patch written out, a plugin config as a mapping) are not paths.
 */
function fileReferences(d) {
    const out = [];
    const isPath = (v) => typeof v === 'string' && v.trim() !== '' && !v.includes('\n');
    const list = (v) => (Array.isArray(v) ? v : []);
    const record = (v) => v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
    for (const key of ['configMapGenerator', 'secretGenerator']) {
        for (const [j, g] of list(d[key]).entries()) {
            const gen = record(g);
            if (!gen)
                continue;
            for (const [k, f] of list(gen['files']).entries())
                if (isPath(f))
                    out.push({ field: `${key}[${j}].files[${k}]`, entry: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f });
            for (const [k, f] of list(gen['envs']).entries())
                if (isPath(f))
                    out.push({ field: `${key}[${j}].envs[${k}]`, entry: f });
            if (isPath(gen['env']))
                out.push({ field: `${key}[${j}].env`, entry: gen['env'] });
        }
    }
    for (const key of ['patches', 'patchesJson6902', 'replacements']) {
        for (const [j, p] of list(d[key]).entries()) {
            const v = record(p)?.['path'];
            if (isPath(v))
                out.push({ field: `${key}[${j}].path`, entry: v });
        }
    }
    for (const [j, p] of list(d['patchesStrategicMerge']).entries())
        if (isPath(p) && !/^\s*[{[]|:\s/.test(p))
            out.push({ field: `patchesStrategicMerge[${j}]`, entry: p });
    for (const key of ['configurations', 'crds', 'transformers', 'generators', 'validators']) {
        for (const [j, p] of list(d[key]).entries())
            if (isPath(p))
                out.push({ field: `${key}[${j}]`, entry: p });
    }
    const openapi = record(d['openapi'])?.['path'];
    if (isPath(openapi))
        out.push({ field: 'openapi.path', entry: openapi });
    return out;
}
/** URLs (`https://`, `file://`, `ssh://`), go-getter forms (`git::…`), `git@host:`, bare hosting paths and `?ref=`. */
function isRemoteResource(entry) {
    return (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
        /^[a-z0-9+.-]+::/i.test(entry) ||
        /^git@/.test(entry) ||
        /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
        entry.includes('?ref='));
}
async function loadFile(unit, errors, budget) {
    let text;
    try {
        text = await (0,input_file/* readInputFile */.jH)(unit.real, unit.rel, MANIFESTS);
    }
    catch (err) {
        errors.push(err instanceof src_errors/* UserInputError */.m2 ? err : new src_errors/* UserInputError */.m2(errnoText(err), unit.rel));
        return [];
    }
    return parseManifests(text, unit.rel, errors, true, budget);
}
async function loadKustomize(ws, unit, kubectl, timeout, errors, budget, signal) {
    let stdout;
    try {
        ({ stdout } = await execFileAsync(kubectl, ['kustomize', unit.real], {
            ...(signal ? { signal } : {}),
            cwd: ws.real,
            timeout,
            killSignal: 'SIGKILL',
            // kubectl is killed once its output passes the limit, so an oversized rendering is never parsed.
            maxBuffer: input_file/* MAX_INPUT_FILE_BYTES */.hu,
            encoding: 'utf8',
            windowsHide: true,
        }));
    }
    catch (err) {
        const e = err;
        if (signal?.aborted)
            throw signal.reason;
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            // Checked first: Node kills kubectl when the output passes maxBuffer, so `killed` is set too.
            errors.push((0,input_file/* inputTooLarge */.km)(`${unit.rel} (kubectl kustomize output)`, undefined, MANIFESTS));
            return [];
        }
        let why;
        if (e.code === 'ENOENT')
            why = `${(0,src_errors/* showValue */.vp)(kubectl)} was not found; install kubectl (it renders kustomize directories)`;
        else if (e.killed || e.signal)
            why = `did not finish within ${timeout % 1000 === 0 ? `${timeout / 1000} s` : `${timeout} ms`}`;
        else
            why = kubectlMessage(e.stderr ?? '') || e.message;
        errors.push(new src_errors/* UserInputError */.m2(`kubectl kustomize failed: ${why}`, unit.rel));
        return [];
    }
    if (budget.exceeded)
        return [];
    return parseManifests(stdout, unit.rel, errors, false, budget);
}
/**
 * Parse a multi-document YAML (or JSON) text into Kubernetes objects, located by file, document
 * and line. Problems are appended to `errors`; the objects of valid documents are returned.
 * Documents are composed one at a time, and parsing stops as soon as the release passes its
 * object `budget` (documents and `*List` items count; one error names the file and the limit).
 */
function parseManifests(text, file, errors, indexFields = false, budget) {
    if (budget && refusedFromText(text, file, errors, budget))
        return [];
    const lineCounter = new dist/* LineCounter */.HN();
    // Documents are handled as they are composed and then let go; errors wait for the count of
    // documents ("document 2 of 7"), which is known at the end.
    const pending = [];
    const out = [];
    let counted = 0;
    let index = -1;
    for (const doc of new dist/* Composer */.Dk(YAML_OPTIONS).compose(new dist/* Parser */.iX(lineCounter.addNewLine).parse(text))) {
        index++;
        const at = index;
        const later = (error) => {
            pending.push({ index: at, error });
        };
        const where = (offset) => `${file}:${offset === undefined ? 1 : lineCounter.linePos(offset).line}`;
        if (doc.errors.length > 0) {
            for (const e of doc.errors)
                later((label) => yamlError(e, file, label, lineCounter));
            continue;
        }
        const contents = doc.contents;
        if (contents === null || ((0,dist/* isScalar */.jn)(contents) && contents.value === null))
            continue; // empty document
        const map = (0,dist/* isMap */.jh)(contents) ? contents : undefined;
        const kind = map?.get('kind');
        const itemsNode = typeof kind === 'string' && kind.endsWith('List') ? map?.get('items', true) : undefined;
        counted += (0,dist/* isSeq */.oP)(itemsNode) ? itemsNode.items.length : 1;
        if (budget && budget.count + counted > budget.limit) {
            if (!budget.exceeded)
                errors.push(new src_errors/* UserInputError */.m2(`the release has more than ${budget.limit} objects, the limit per release; parsing stopped here. Split it into several releases`, file));
            budget.exceeded = true;
            return [];
        }
        const startOffset = contents.range?.[0];
        const line = startOffset === undefined ? 1 : lineCounter.linePos(startOffset).line;
        let data;
        try {
            data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        }
        catch (err) {
            const message = err instanceof ReferenceError && /alias/i.test(err.message)
                ? `more than ${MAX_ALIAS_COUNT} alias expansions (a YAML "billion laughs" document?)`
                : err.message;
            later((label) => new src_errors/* UserInputError */.m2(`${label}: ${message}`, where(startOffset)));
            continue;
        }
        const source = indexFields && doc.range ? { text, start: doc.range[0], end: doc.range[2], lineCounter } : undefined;
        const accept = (value, itemLine, prefix, label) => {
            const problem = objectProblem(value);
            if (problem) {
                later((docLabel) => new src_errors/* UserInputError */.m2(`${label(docLabel)}: ${problem}`, `${file}:${itemLine}`));
                return;
            }
            const object = value;
            if (source)
                FIELD_INDEX.set(object, { doc: source, prefix });
            out.push({ object, source: { file, index: at, line: itemLine } });
        };
        const v = data;
        if (v &&
            typeof v === 'object' &&
            !Array.isArray(v) &&
            typeof v.kind === 'string' &&
            v.kind.endsWith('List') &&
            Array.isArray(v.items)) {
            const listKind = v.kind;
            v.items.forEach((item, j) => {
                const node = (0,dist/* isSeq */.oP)(itemsNode) ? itemsNode.items[j] : undefined;
                const itemLine = node?.range ? lineCounter.linePos(node.range[0]).line : line;
                accept(item, itemLine, ['items', j], (docLabel) => `${docLabel}, ${listKind} item ${j + 1}`);
            });
            continue;
        }
        accept(data, line, [], (docLabel) => docLabel);
    }
    if (budget)
        budget.count += counted;
    const total = index + 1;
    for (const p of pending)
        errors.push(p.error(`document ${p.index + 1}${total > 1 ? ` of ${total}` : ''}`));
    return out;
}
/** A `kind` key in block or flow style, quoted or not: every object has one (nested references such as roleRef.kind count too). */
const KIND_KEY = /(?:^|[\s{,])["']?kind["']?[ \t]*:/gm;
/** An alias reference (`*name`) where a value or item may start. */
const ALIAS_REF = /(?:^|[\s[{,:-])\*[^\s,[\]{}]+/gm;
/** Nested `kind` keys and aliases a legitimate object may carry: a file with more than this many per allowed object is refused unparsed. */
const PER_OBJECT_ALLOWANCE = 4;
/**
 * The parser needs memory in proportion to the nodes of one document, so a single `kind: List`
 * with 130,000 items (8 MiB) would cost about 1 GB and 15 s before its items could be counted.
 * Every object has a `kind` key, so a text with far more of them than the release may hold is
 * refused from a regular-expression count, before it is parsed; so is one with as many aliases.
 */
function refusedFromText(text, file, errors, budget) {
    const most = budget.limit * PER_OBJECT_ALLOWANCE;
    let kinds = 0;
    for (KIND_KEY.lastIndex = 0; KIND_KEY.exec(text) !== null && kinds <= most;)
        kinds++;
    let aliases = 0;
    for (ALIAS_REF.lastIndex = 0; ALIAS_REF.exec(text) !== null && aliases <= most;)
        aliases++;
    if (kinds <= most && aliases <= most)
        return false;
    const what = kinds > most ? `more than ${most} \`kind\` keys` : `more than ${most} YAML aliases`;
    if (!budget.exceeded)
        errors.push(new src_errors/* UserInputError */.m2(`holds ${what}, so the release would have more than ${budget.limit} objects, the limit per release; it was not parsed. Split it into several releases`, file));
    budget.exceeded = true;
    return true;
}
function objectProblem(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return `expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), got ${Array.isArray(value) ? 'a list' : (0,src_errors/* showValue */.vp)(value)}`;
    }
    const o = value;
    const missing = [];
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '')
        missing.push('apiVersion');
    if (typeof o.kind !== 'string' || o.kind === '')
        missing.push('kind');
    const meta = o.metadata;
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta))
        missing.push('metadata');
    else if (typeof meta.name !== 'string' ||
        meta.name === '') {
        missing.push(meta.generateName !== undefined
            ? 'metadata.name (generateName cannot be applied repeatedly)'
            : 'metadata.name');
    }
    if (missing.length === 0)
        return undefined;
    const what = typeof o.kind === 'string' && o.kind !== '' ? `${o.kind} ` : '';
    return `${what}object has no ${missing.join(', ')}`;
}
function yamlError(e, file, docLabel, lineCounter) {
    const pos = e.linePos?.[0] ?? (lineCounter && e.pos[0] >= 0 ? lineCounter.linePos(e.pos[0]) : undefined);
    // prettyErrors appends " at line L, column C:" and a source excerpt; the position goes in front instead.
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return new src_errors/* UserInputError */.m2(`${docLabel ? `${docLabel}: ` : ''}${message}`, pos ? `${file}:${pos.line}:${pos.col}` : file);
}
/** kubectl logs through klog: `E1122 02:17:38.19 5453 run.go:72] "command failed" err="…"`; keep the err text. */
function kubectlMessage(stderr) {
    return stderr
        .trim()
        .split('\n')
        .slice(0, 5)
        .map((line) => {
        const m = /^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]]+\] "command failed" err=("(?:[^"\\]|\\.)*")\s*$/.exec(line);
        if (!m)
            return line;
        try {
            return JSON.parse(m[1]);
        }
        catch {
            return line;
        }
    })
        .join('\n');
}
function isInside(p, root) {
    const base = root.endsWith((external_node_path_default()).sep) ? root : root + (external_node_path_default()).sep;
    return p === root || p.startsWith(base);
}
function displayPath(p) {
    return p.split((external_node_path_default()).sep).join('/');
}
function compareCodePoints(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function errnoText(err) {
    const e = err;
    if (e.code === 'ENOENT')
        return 'no such file or directory';
    if (e.code === 'EACCES')
        return 'permission denied';
    if (e.code === 'ELOOP')
        return 'too many levels of symbolic links';
    return e.message ?? String(err);
}
async function mapLimited(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

;// CONCATENATED MODULE: ./src/manifests/lint.ts
/**
 * Preflight checks of a release's manifests that need no cluster: the Kubernetes schema of each
 * object, the Fargate lint of each workload, image references, Secret encoding. Secret values
 * never reach a message.
 */






function lint_isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Values shorter than this are not searched for in messages: they would match ordinary words. */
const MIN_REDACTED_LENGTH = 4;
/**
 * Check every object without a cluster: schema (validateObject: OpenAPI schema of the kind, name
 * rules), Fargate blockers and warnings (lintWorkloadObject), container images that are missing
 * or not valid references (the kubelet would fail with InvalidImageName), and Secret `data` that
 * is not base64. Each finding names the file, the line of the offending field (the object's first
 * line when the field is absent or the object came from kustomize) and the field path. Secret
 * `data`/`stringData` values are replaced before validation and redacted from every message as
 * `<redacted N bytes>`. Findings come in object order.
 */
function lintRelease(objects) {
    const findings = [];
    for (const { object, source } of objects) {
        const name = object.metadata?.name;
        const kind = object.kind;
        const secrets = object.kind === 'Secret' ? secretValues(object) : [];
        const locate = (field) => (field !== undefined ? lineOfField(object, field) : undefined) ?? source.line;
        const push = (f) => {
            const out = {
                ...f,
                file: source.file,
                line: locate(f.field),
                message: redact(f.message, secrets),
            };
            if (typeof name === 'string' && out.workload === undefined)
                out.workload = name;
            findings.push(out);
        };
        for (const p of (0,schema/* validateObject */.Q)(object.kind === 'Secret' ? withPlaceholderSecrets(object) : object)) {
            push({
                severity: src_findings/* Severity */.A.Blocker,
                code: 'schema',
                message: `${kind} ${JSON.stringify(name)}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`,
                field: p.path,
            });
        }
        for (const f of lintWorkloadObject(object, source.file))
            push(f);
        for (const f of loadBalancerServiceFindings(object))
            push(f);
        for (const f of imageFindings(object))
            push(f);
        if (object.kind === 'Secret' && lint_isObj(object.data)) {
            for (const [key, value] of Object.entries(object.data)) {
                if (typeof value !== 'string' || BASE64.test(value.replace(/\s+/g, '')))
                    continue;
                push({
                    severity: src_findings/* Severity */.A.Blocker,
                    code: 'secret-not-base64',
                    message: `Secret ${JSON.stringify(name)}: data[${JSON.stringify(key)}] (<redacted ${Buffer.byteLength(value)} bytes>) is not base64; put plain text under stringData instead`,
                    field: `data[${JSON.stringify(key)}]`,
                });
            }
        }
    }
    return findings;
}
function imageFindings(object) {
    const pod = podSpecOf(object);
    if (!pod)
        return [];
    const out = [];
    for (const key of ['initContainers', 'containers']) {
        const list = pod.spec[key];
        if (!Array.isArray(list))
            continue;
        list.forEach((c, i) => {
            if (!lint_isObj(c))
                return;
            const container = typeof c.name === 'string' ? c.name : undefined;
            const field = `${pod.path}.${key}[${i}].image`;
            const base = { field, workload: object.metadata.name };
            const extra = container !== undefined ? { container } : {};
            if (c.image === undefined || c.image === '') {
                out.push({
                    ...base,
                    ...extra,
                    severity: src_findings/* Severity */.A.Blocker,
                    code: 'missing-image',
                    message: `${container ? `container "${container}"` : `${key}[${i}]`} has no image`,
                });
                return;
            }
            if (typeof c.image !== 'string')
                return; // the schema check reports the type
            try {
                (0,manifests_images/* parseImageRef */.Q)(c.image);
            }
            catch (err) {
                out.push({
                    ...base,
                    ...extra,
                    severity: src_findings/* Severity */.A.Blocker,
                    code: 'invalid-image',
                    message: `${container ? `container "${container}"` : `${key}[${i}]`}: ${err.message}; the kubelet would fail with InvalidImageName`,
                });
            }
        });
    }
    return out;
}
function secretValues(object) {
    const values = [];
    for (const field of ['data', 'stringData']) {
        const map = object[field];
        if (!lint_isObj(map))
            continue;
        for (const v of Object.values(map)) {
            if (v === null || v === undefined)
                continue;
            const text = typeof v === 'string' ? v : JSON.stringify(v);
            values.push(text);
            if (field === 'data' && typeof v === 'string' && BASE64.test(v))
                values.push(Buffer.from(v, 'base64').toString('utf8'));
        }
    }
    return values.filter((v) => v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
}
/** A copy whose Secret string values are harmless stand-ins of the same type. */
function withPlaceholderSecrets(object) {
    const copy = { ...object };
    for (const field of ['data', 'stringData']) {
        const map = object[field];
        if (!lint_isObj(map))
            continue;
        copy[field] = Object.fromEntries(Object.entries(map).map(([k, v]) => [
            k,
            typeof v === 'string' ? (field === 'data' ? 'cmVkYWN0ZWQ=' : 'redacted') : v,
        ]));
    }
    return copy;
}
function redact(message, secrets) {
    let out = message;
    for (const s of secrets)
        out = out.split(s).join(`<redacted ${Buffer.byteLength(s)} bytes>`);
    return out;
}

// EXTERNAL MODULE: ./src/convert/objects.ts
var convert_objects = __webpack_require__(47519);
// EXTERNAL MODULE: ./src/convert/names.ts
var names = __webpack_require__(8431);
;// CONCATENATED MODULE: ./src/manifests/render.ts
/**
 * Turn the loaded objects of a release into what gets applied: images substituted and pinned,
 * ownership labels and provenance annotations added, namespaces defaulted, duplicates refused,
 * dependency order. Pure: same input, same output.
 */




const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'eks-fargate-deploy';
const RELEASE_LABEL = 'eks-fargate-deploy/release';
const COMMIT_ANNOTATION = 'eks-fargate-deploy/commit';
const RUN_URL_ANNOTATION = 'eks-fargate-deploy/run-url';
/** Release names become label values and Secret name parts; Helm's 53 leaves room for suffixes. */
const RELEASE_NAME_MAX = 53;
/**
 * Cluster-scoped kinds by `group/kind` (core group = ''): built-ins of Kubernetes 1.32 and the
 * cluster-scoped custom resources of add-ons an EKS cluster commonly runs. Other custom kinds
 * count as namespaced unless a CustomResourceDefinition in the same release says otherwise.
 */
const CLUSTER_SCOPED = new Set([
    '/Namespace',
    '/Node',
    '/PersistentVolume',
    '/ComponentStatus',
    'rbac.authorization.k8s.io/ClusterRole',
    'rbac.authorization.k8s.io/ClusterRoleBinding',
    'storage.k8s.io/StorageClass',
    'storage.k8s.io/CSIDriver',
    'storage.k8s.io/CSINode',
    'storage.k8s.io/VolumeAttachment',
    'networking.k8s.io/IngressClass',
    'networking.k8s.io/IPAddress',
    'networking.k8s.io/ServiceCIDR',
    'scheduling.k8s.io/PriorityClass',
    'node.k8s.io/RuntimeClass',
    'apiextensions.k8s.io/CustomResourceDefinition',
    'apiregistration.k8s.io/APIService',
    'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/MutatingAdmissionPolicy',
    'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
    'certificates.k8s.io/CertificateSigningRequest',
    'certificates.k8s.io/ClusterTrustBundle',
    'flowcontrol.apiserver.k8s.io/FlowSchema',
    'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
    'resource.k8s.io/DeviceClass',
    'resource.k8s.io/ResourceSlice',
    'cert-manager.io/ClusterIssuer',
    'external-secrets.io/ClusterSecretStore',
    'external-secrets.io/ClusterExternalSecret',
    'elbv2.k8s.aws/IngressClassParams',
    'karpenter.sh/NodePool',
    'karpenter.k8s.aws/EC2NodeClass',
]);
/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
function groupOf(apiVersion) {
    const slash = apiVersion.indexOf('/');
    return slash < 0 ? '' : apiVersion.slice(0, slash);
}
/**
 * True when objects of this apiVersion + kind have no namespace. `extra` holds further
 * `group/kind` keys (from CustomResourceDefinitions with `scope: Cluster`).
 */
function isClusterScoped(apiVersion, kind, extra) {
    const key = `${groupOf(apiVersion)}/${kind}`;
    return CLUSTER_SCOPED.has(key) || (extra?.has(key) ?? false);
}
/** Throws a UserInputError unless `release` is a DNS-1123 label of at most 53 characters. */
function validateReleaseName(release) {
    if (typeof release !== 'string' || release === '')
        throw new src_errors/* UserInputError */.m2('required (a DNS-1123 label such as "web" or "shop-prod")', undefined, 'release');
    if (release.length > RELEASE_NAME_MAX || !(0,names/* isDns1123Label */.z3)(release)) {
        throw new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(release)} is not a valid release name: lower-case letters, digits and "-", starting and ending with a letter or digit, ${RELEASE_NAME_MAX} characters at most`, undefined, 'release');
    }
}
function render_isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Where pod templates sit, per workload kind ('' = the object itself is the pod). */
const TEMPLATE_PATHS = {
    Deployment: [['spec', 'template']],
    StatefulSet: [['spec', 'template']],
    DaemonSet: [['spec', 'template']],
    ReplicaSet: [['spec', 'template']],
    ReplicationController: [['spec', 'template']],
    Job: [['spec', 'template']],
    // The job template is labelled too, so Jobs a CronJob creates carry the release.
    CronJob: [
        ['spec', 'jobTemplate'],
        ['spec', 'jobTemplate', 'spec', 'template'],
    ],
    Pod: [[]],
};
function at(obj, pathParts) {
    let cur = obj;
    for (const p of pathParts)
        cur = render_isObj(cur) ? cur[p] : undefined;
    return render_isObj(cur) ? cur : undefined;
}
/** The pod spec of a workload (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, or `spec` for a Pod). */
function podSpec(obj) {
    const paths = TEMPLATE_PATHS[String(obj.kind)];
    if (!paths)
        return undefined;
    const last = paths[paths.length - 1];
    return at(obj, [...last, 'spec']);
}
/** Every string value that is an ARN, with its path (`metadata.annotations.eks.amazonaws.com/role-arn`). */
function arnStrings(value, path) {
    if (typeof value === 'string')
        return /^arn:/.test(value) ? [[path, value]] : [];
    if (Array.isArray(value))
        return value.flatMap((v, i) => arnStrings(v, `${path}[${i}]`));
    if (render_isObj(value))
        return Object.entries(value).flatMap(([k, v]) => arnStrings(v, path ? `${path}.${k}` : k));
    return [];
}
function describe(o) {
    return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
function where(s) {
    return `${s.file}:${s.line} (document ${s.index + 1})`;
}
/**
 * Render a release (pure). Images of containers and init containers of every pod template
 * (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet, ReplicationController) are
 * substituted by repository (`web` matches `web`, `web:1` and `<registry>/web:1`; an override with a
 * registry matches only that registry), pinned as `repo@sha256:…` when a digest is known; an
 * override matching no container is an error. Every object and pod template (and CronJob job
 * template) gets the labels `app.kubernetes.io/managed-by: eks-fargate-deploy` and
 * `eks-fargate-deploy/release: <release>`; selectors are never touched. The commit and run URL
 * annotations go on object metadata, and on pod templates only with `annotatePodTemplates`, so by
 * default a deploy that changes nothing else starts no new ReplicaSet. Namespaced objects without a
 * namespace get `defaultNamespace`; a namespace on a cluster-scoped object is dropped, as kubectl
 * does. Two objects with the same group, kind, namespace and name are an error naming both sources.
 * Output objects are in {@link sortObjects} order with canonical key order. All problems are thrown
 * together as UserInputErrors.
 */
function renderRelease(objects, opts) {
    const errors = [];
    const check = (fn) => {
        try {
            fn();
        }
        catch (err) {
            if (err instanceof src_errors/* UserInputError */.m2)
                errors.push(err);
            else
                throw err;
        }
    };
    check(() => validateReleaseName(opts.release));
    check(() => {
        if (!(0,names/* isDns1123Label */.z3)(opts.defaultNamespace ?? ''))
            throw new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(opts.defaultNamespace)} is not a valid namespace (DNS-1123 label)`, undefined, 'namespace');
    });
    for (const [key, value] of [
        ['commit', opts.commit],
        ['run-url', opts.runUrl],
    ]) {
        if (value !== undefined && (typeof value !== 'string' || /[\r\n]/.test(value))) {
            errors.push(new src_errors/* UserInputError */.m2(`must be a single-line string, got ${(0,src_errors/* showValue */.vp)(value)}`, undefined, key));
        }
    }
    const overrides = [];
    // Placeholders written where an image belongs (`<IMAGE>`, `${IMAGE_URI}`), replaced where they are written.
    const exact = new Map();
    (opts.images ?? []).forEach((override, i) => {
        const label = `images[${i}]`;
        try {
            (0,manifests_images/* validateImageOverride */.Ab)(override, label);
            if ((0,manifests_images/* isPlaceholderImageName */.S0)(override.name)) {
                exact.set(override.name, { override, used: false, label });
                return;
            }
            overrides.push({ override, name: (0,manifests_images/* parseImageRef */.Q)(override.name), used: false, label });
        }
        catch (err) {
            if (err instanceof src_errors/* UserInputError */.m2)
                errors.push(err);
            else
                throw err;
        }
    });
    // Custom resources declared cluster-scoped by a CRD of this same release.
    const crdClusterScoped = new Set();
    for (const { object } of objects) {
        if (object.kind !== 'CustomResourceDefinition' || !render_isObj(object.spec))
            continue;
        const spec = object.spec;
        const kind = render_isObj(spec.names) ? spec.names.kind : undefined;
        if (spec.scope === 'Cluster' && typeof spec.group === 'string' && typeof kind === 'string')
            crdClusterScoped.add(`${spec.group}/${kind}`);
    }
    const labels = { [MANAGED_BY_LABEL]: MANAGED_BY, [RELEASE_LABEL]: opts.release };
    const annotations = {};
    if (opts.commit)
        annotations[COMMIT_ANNOTATION] = opts.commit;
    if (opts.runUrl)
        annotations[RUN_URL_ANNOTATION] = opts.runUrl;
    const rendered = [];
    const originalImages = [];
    const byKey = new Map();
    for (const { object: original, source } of objects) {
        const object = structuredClone(original);
        const meta = object.metadata;
        const here = `${source.file}:${source.line}`;
        if (!isClusterScoped(object.apiVersion, object.kind, crdClusterScoped)) {
            if (!meta.namespace)
                meta.namespace = opts.defaultNamespace;
        }
        else if (meta.namespace !== undefined) {
            // kubectl ignores a namespace on a cluster-scoped object; so do we, so keys and records agree with the cluster.
            delete meta.namespace;
        }
        const addTo = (m, field, shown, values) => {
            const current = m[field];
            if (current !== undefined && current !== null && !render_isObj(current)) {
                errors.push(new src_errors/* UserInputError */.m2(`${describe(object)}: must be a mapping, got ${(0,src_errors/* showValue */.vp)(current)}`, here, shown));
                return;
            }
            m[field] = { ...(render_isObj(current) ? current : {}), ...values };
        };
        addTo(meta, 'labels', 'metadata.labels', labels);
        if (Object.keys(annotations).length > 0)
            addTo(meta, 'annotations', 'metadata.annotations', annotations);
        for (const templatePath of TEMPLATE_PATHS[object.kind] ?? []) {
            if (templatePath.length === 0)
                continue; // a Pod's own metadata is already labelled
            const template = at(object, templatePath);
            if (!template)
                continue;
            if (template.metadata === undefined || template.metadata === null)
                template.metadata = {};
            if (!render_isObj(template.metadata)) {
                errors.push(new src_errors/* UserInputError */.m2(`${describe(object)}: must be a mapping`, here, `${templatePath.join('.')}.metadata`));
                continue;
            }
            addTo(template.metadata, 'labels', `${templatePath.join('.')}.metadata.labels`, labels);
            if (opts.annotatePodTemplates && Object.keys(annotations).length > 0)
                addTo(template.metadata, 'annotations', `${templatePath.join('.')}.metadata.annotations`, annotations);
        }
        const spec = podSpec(object);
        if (spec) {
            const specPath = [...(TEMPLATE_PATHS[object.kind] ?? [[]]).at(-1), 'spec'].join('.');
            for (const key of ['initContainers', 'containers']) {
                const list = spec[key];
                if (!Array.isArray(list))
                    continue;
                list.forEach((c, i) => {
                    if (!render_isObj(c) || typeof c.image !== 'string')
                        return;
                    originalImages.push(c.image);
                    const placeholder = exact.get(c.image);
                    if (placeholder) {
                        placeholder.used = true;
                        const ref = (0,manifests_images/* parseImageRef */.Q)(placeholder.override.ref);
                        c.image = (0,manifests_images/* substituteImage */.gA)(ref, placeholder.override);
                        return;
                    }
                    let current;
                    try {
                        current = (0,manifests_images/* parseImageRef */.Q)(c.image);
                    }
                    catch {
                        // lintRelease reports an invalid reference with its line; a placeholder is refused below.
                    }
                    let best;
                    if (current) {
                        for (const o of overrides) {
                            if ((0,manifests_images/* overrideMatches */._T)(o.name, current) &&
                                (!best || (0,manifests_images/* overrideSpecificity */.$y)(o.name) > (0,manifests_images/* overrideSpecificity */.$y)(best.name)))
                                best = o;
                        }
                    }
                    if (best && current) {
                        best.used = true;
                        c.image = (0,manifests_images/* substituteImage */.gA)(current, best.override);
                        return;
                    }
                    const placeholderOf = (0,manifests_images/* placeholderReason */.E6)(c.image);
                    // A placeholder is also replaced by an override named after its container (`--image web=repo/web:1`).
                    const byContainer = placeholderOf && !current
                        ? overrides.find((o) => o.override.name === c.name && o.override.ref !== undefined)
                        : undefined;
                    if (byContainer) {
                        byContainer.used = true;
                        c.image = (0,manifests_images/* substituteImage */.gA)((0,manifests_images/* parseImageRef */.Q)(byContainer.override.ref), byContainer.override);
                        return;
                    }
                    // An image no --image override replaced must be one that can be pulled.
                    const reason = opts.refusePlaceholders ? placeholderOf : undefined;
                    if (reason) {
                        const name = typeof c.name === 'string' ? c.name : `#${i + 1}`;
                        const suggestion = current ? (0,manifests_images/* imageName */.tO)(current) : name;
                        errors.push(new src_errors/* UserInputError */.m2(`${describe(object)}: ${key === 'initContainers' ? 'init container' : 'container'} ${name}: image ${(0,src_errors/* showValue */.vp)(c.image)} cannot run (${reason}); replace it in the file or give --image ${suggestion}=REF`, here, `${specPath ? `${specPath}.` : ''}${key}[${i}].image`));
                    }
                });
            }
        }
        if (opts.refusePlaceholders && object.kind !== 'Secret') {
            // Never quote Secret values; elsewhere an ARN naming no one's account or a template variable cannot work.
            for (const [path, value] of arnStrings(object, '')) {
                const reason = (0,manifests_images/* placeholderReason */.E6)(value, 'arn');
                if (reason)
                    errors.push(new src_errors/* UserInputError */.m2(`${describe(object)}: ARN ${(0,src_errors/* showValue */.vp)(value)} cannot work (${reason}); put the real ARN in the file`, here, path));
            }
        }
        const key = [groupOf(object.apiVersion), object.kind, meta.namespace ?? '', meta.name].join('\u0000');
        const first = byKey.get(key);
        if (first) {
            errors.push(new src_errors/* UserInputError */.m2(`${describe(object)} is defined twice: at ${where(first)} and at ${where(source)}`, source.file));
            continue;
        }
        byKey.set(key, source);
        rendered.push({ object, source });
    }
    for (const o of exact.values()) {
        if (!o.used)
            errors.push(new src_errors/* UserInputError */.m2(`placeholder ${(0,src_errors/* showValue */.vp)(o.override.name)} is the image of no container or init container`, undefined, o.label));
    }
    for (const o of overrides) {
        if (o.used)
            continue;
        const inRelease = [...new Set(originalImages)].sort();
        // `envoy` does not select `platform/envoy`: repositories match whole, but say which one was probably meant.
        const near = inRelease.filter((image) => {
            try {
                const ref = (0,manifests_images/* parseImageRef */.Q)(image);
                return (ref.repository.endsWith(`/${o.name.repository}`) &&
                    (o.name.registry === undefined || o.name.registry === ref.registry));
            }
            catch {
                return false;
            }
        });
        errors.push(new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(o.override.name)} matches no container or init container image (images in the release: ${inRelease.length > 0 ? inRelease.join(', ') : 'none'})` +
            (near.length > 0
                ? `; repositories match whole, did you mean ${near.map((n) => (0,src_errors/* showValue */.vp)((0,manifests_images/* imageName */.tO)((0,manifests_images/* parseImageRef */.Q)(n)))).join(' or ')}?`
                : ''), undefined, o.label));
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    const sorted = (0,convert_objects/* sortObjects */.HU)(rendered.map((r) => r.object)).map((o) => (0,convert_objects/* canonicalObject */.e3)(o));
    const namespaces = [
        ...new Set(sorted.map((o) => o.metadata.namespace).filter((n) => typeof n === 'string' && n !== '')),
    ].sort();
    return { objects: sorted, images: imagesOf(sorted), namespaces };
}
/** Every container and init container image of the workloads among `objects`, in order. */
function imagesOf(objects) {
    const out = [];
    for (const o of objects) {
        const spec = podSpec(o);
        if (!spec)
            continue;
        for (const key of ['initContainers', 'containers']) {
            const list = spec[key];
            if (!Array.isArray(list))
                continue;
            for (const c of list) {
                if (render_isObj(c) && typeof c.image === 'string')
                    out.push({ container: typeof c.name === 'string' ? c.name : '', workload: describe(o), image: c.image });
            }
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/manifests/ownership.ts




/** Names of release-record Secrets: `eks-fargate-deploy.<release>.v<n>`. */
const RECORD_NAME = /^eks-fargate-deploy\.[^.]+\.v\d+$/;
function ownership_rec(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
function ownership_describe(o, namespace) {
    return `${o.kind} ${namespace ? `${namespace}/` : ''}${o.metadata.name}`;
}
/** Why `o` is the tool's own object (its lock or a release record), or undefined. */
function ownKindReason(o) {
    const group = groupOf(o.apiVersion);
    if (group === 'coordination.k8s.io' && o.kind === 'Lease' && o.metadata.name === lock/* LOCK_NAME */.Sy) {
        return `${lock/* LOCK_NAME */.Sy} is the deploy lock of eks-fargate-deploy; a release must not carry it`;
    }
    if (group === '' && o.kind === 'Secret') {
        const labels = o.metadata.labels ?? {};
        if (o.type === release/* RELEASE_SECRET_TYPE */.Uj)
            return `type ${release/* RELEASE_SECRET_TYPE */.Uj} is a release record of eks-fargate-deploy; a release must not carry one`;
        if (RECORD_NAME.test(o.metadata.name))
            return `the name is that of a release record of eks-fargate-deploy (eks-fargate-deploy.<release>.v<n>); a release must not carry one`;
        for (const l of [release/* LABEL_RELEASE_VERSION */.Qh, release/* LABEL_STATUS */.A1])
            if (l in labels)
                return `label ${l} marks a release record of eks-fargate-deploy; a release must not carry one`;
    }
    return undefined;
}
/**
 * Every object of the input that the release may not write, as errors naming the file, line,
 * field and value, and the flag that would allow it (none for the tool's own objects).
 */
function checkWriteScope(objects, scope) {
    const errors = [];
    const allowed = new Set([scope.namespace, ...scope.allowNamespaces]);
    const crdClusterScoped = new Set();
    for (const { object } of objects) {
        const spec = ownership_rec(object['spec']);
        const kind = ownership_rec(spec['names'])['kind'];
        if (object.kind === 'CustomResourceDefinition' &&
            spec['scope'] === 'Cluster' &&
            typeof spec['group'] === 'string' &&
            typeof kind === 'string')
            crdClusterScoped.add(`${spec['group']}/${kind}`);
    }
    for (const { object, source } of objects) {
        const here = `${source.file}:${source.line}`;
        const own = ownKindReason(object);
        if (own) {
            errors.push(new src_errors/* UserInputError */.m2(`${ownership_describe(object, object.metadata.namespace)}: ${own}`, here, object.kind === 'Secret' ? 'metadata' : 'metadata.name'));
            continue;
        }
        if (isClusterScoped(object.apiVersion, object.kind, crdClusterScoped)) {
            // A Namespace the release may write in is the release's own, not a cluster-wide object.
            if (object.kind === 'Namespace' && groupOf(object.apiVersion) === '' && allowed.has(object.metadata.name))
                continue;
            if (!scope.allowClusterScoped) {
                errors.push(new src_errors/* UserInputError */.m2(`${ownership_describe(object)} is cluster-scoped: it would change the whole cluster, not the release's namespace ${scope.namespace}; pass ${scope.flag('allow-cluster-scoped')} to apply cluster-scoped objects`, here, 'kind'));
            }
            continue;
        }
        const ns = object.metadata.namespace ?? scope.namespace;
        if (!allowed.has(ns)) {
            errors.push(new src_errors/* UserInputError */.m2(`${ownership_describe(object, ns)}: namespace ${JSON.stringify(ns)} is outside the release's namespace ${scope.namespace}${scope.allowNamespaces.length ? ` and the allowed ${scope.allowNamespaces.join(', ')}` : ''}; pass ${scope.flag('allow-namespace')} ${ns} to write there`, here, 'metadata.namespace'));
            continue;
        }
        if (object.kind === 'Secret' && groupOf(object.apiVersion) === '' && ns !== scope.namespace) {
            errors.push(new src_errors/* UserInputError */.m2(`${ownership_describe(object, ns)}: a Secret may only be deployed in the release's namespace ${scope.namespace}, because the release record there keeps a copy of every object it applies; deploy it as a release of namespace ${ns}`, here, 'metadata.namespace'));
        }
    }
    return errors;
}

// EXTERNAL MODULE: ./src/commands/plan.ts + 4 modules
var plan = __webpack_require__(78416);
// EXTERNAL MODULE: ./src/report/paths.ts
var paths = __webpack_require__(4278);
;// CONCATENATED MODULE: ./src/commands/release-input.ts











/**
 * Everything that can be checked without a cluster, in one pass: the images list, the smoke
 * tests, the manifests (or the ECS conversion), schema and Fargate lint, and rendering. Every
 * input problem is collected and thrown once as `UserInputErrors`; blockers come back as findings.
 * For a deploy, placeholder images and ARNs no `--image` replaced are input errors; a preview (the
 * plan's live diff) shows the release as written. `signal` stops a running `kubectl kustomize`
 * (its reason is thrown).
 */
async function prepareRelease(config, purpose = 'deploy', signal) {
    const errors = [];
    const collect = (err) => {
        if (!(0,src_errors/* isUserError */.iU)(err))
            throw err;
        errors.push(...(err instanceof src_errors/* UserInputErrors */.fr ? err.errors : [err]));
    };
    let images = [];
    try {
        images = config.images.trim() === '' ? [] : (0,manifests_images/* parseImageOverrides */.Y0)(config.images, 'images');
    }
    catch (err) {
        collect(err);
    }
    let checks = [];
    if (config.smokeTests) {
        try {
            checks = await (0,spec/* loadSmokeSpec */.N)(config.smokeTests);
        }
        catch (err) {
            collect(err);
        }
    }
    const sourced = [];
    const findings = [];
    if (config.manifests.length > 0) {
        try {
            sourced.push(...(await loadManifests(config.manifests, { workspace: config.workspace, ...(signal ? { signal } : {}) })));
        }
        catch (err) {
            collect(err);
        }
    }
    if (config.ecsTaskDefinitions.length > 0) {
        const ecs = await (0,plan/* readEcsFiles */.Ns)(config.ecsTaskDefinitions, config.ecsServices, config.ecsScaling, config.workspace);
        // Messages and findings name ECS files relative to the working directory, as the plan report does.
        for (const e of ecs.errors)
            errors.push(new src_errors/* UserInputError */.m2(e.message, (0,paths/* displayPath */.Gt)(e.file, process.cwd())));
        const conversion = (0,convert/* convertEcs */.d)(ecs.inputs, {
            namespace: config.namespace,
            dropUnsupported: false,
            albMode: 'ingress',
            rates: pricing/* DEFAULT_RATES */.ap,
            secretStores: { secretsManager: 'aws-secrets-manager', parameterStore: 'aws-parameter-store' },
        });
        findings.push(...conversion.findings
            .filter((f) => f.severity === 'blocker')
            .map((f) => (0,paths/* findingWithDisplayPath */.ni)(f, process.cwd())));
        conversion.objects.forEach((object, index) => {
            const workload = conversion.workloads.find((w) => w.name === object.metadata.labels?.['app.kubernetes.io/name']);
            sourced.push({
                object,
                source: { file: workload ? (0,paths/* displayPath */.Gt)(workload.source, process.cwd()) : 'ecs', index, line: 1 },
            });
        });
    }
    // What the release may write (own kinds, namespaces, cluster scope) is known from the input alone.
    errors.push(...checkWriteScope(sourced, {
        namespace: config.namespace,
        allowNamespaces: config.allowNamespaces,
        allowClusterScoped: config.allowClusterScoped,
        flag: (n) => `--${n}`,
    }));
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    findings.push(...lintRelease(sourced));
    let rendered;
    try {
        rendered = renderRelease(sourced, {
            release: config.release,
            images,
            defaultNamespace: config.namespace,
            refusePlaceholders: purpose === 'deploy',
            ...(config.commit ? { commit: config.commit } : {}),
            ...(config.runUrl ? { runUrl: config.runUrl } : {}),
        });
    }
    catch (err) {
        collect(err);
        throw new src_errors/* UserInputErrors */.fr(errors);
    }
    return { rendered, images, checks, findings };
}

// EXTERNAL MODULE: ./src/commands/steps.ts + 4 modules
var steps = __webpack_require__(53220);
;// CONCATENATED MODULE: ./src/commands/deploy.ts










/** Exit codes of deploy and rollback (documented in README.md). */
const DeployExit = {
    Ok: 0,
    /** Invalid input, or a preflight check failed: nothing was applied. */
    Rejected: 1,
    /** Fargate blockers in the manifests: nothing was applied. */
    Blockers: 2,
    /** The deploy failed after apply and the previous release was restored and verified. */
    RolledBack: 3,
    /** The deploy failed and the cluster was NOT restored (auto-rollback off, or the rollback failed). */
    Failed: 4,
    /**
     * The deploy lock was lost (another deploy took it over, or it could not be renewed in time): from
     * then on this deploy wrote nothing, not even a rollback; the message names the new holder.
     */
    LockLost: 5,
    /** Cancelled (SIGINT/SIGTERM): before apply nothing was applied; after, the previous release was restored. */
    Cancelled: 130,
};
/**
 * deploy: validate and render (nothing touches the cluster), preflight (reads and dry runs only),
 * lock, record, apply, prune, watch every rollout at once, verify Fargate, smoke test, record.
 * Any failure after apply restores the previous release, waits for it and smoke-tests it.
 */
async function runDeploy(config, deps) {
    const { log } = deps;
    const out = {
        status: 'rejected',
        exitCode: DeployExit.Rejected,
        message: '',
        images: [],
        urls: [],
        rolledBack: false,
        findings: [],
        phases: [],
        applied: [],
        smoke: [],
    };
    const phase = timer(out);
    let prepared;
    try {
        prepared = await phase('render', () => prepareRelease(config, 'deploy', deps.signal));
    }
    catch (err) {
        if (deps.signal?.aborted)
            return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled while rendering the manifests; nothing was applied');
        throw err;
    }
    for (const secret of (0,spec/* secretHeaderValues */.o4)(prepared.checks))
        deps.mask?.(secret);
    out.images = prepared.rendered.images;
    out.findings.push(...prepared.findings);
    if (prepared.findings.some((f) => f.severity === 'blocker')) {
        return reject(out, DeployExit.Blockers, `${count(prepared.findings)} Fargate/schema blocker(s) in the manifests; nothing was applied`);
    }
    const objects = prepared.rendered.objects;
    // Before apply, a cancel or `--timeout` ends every call at once: an endpoint that never answers cannot hang the deploy.
    const beforeApply = AbortSignal.any([
        ...(deps.signal ? [deps.signal] : []),
        AbortSignal.timeout(config.timeoutSeconds * 1000),
    ]);
    let conn;
    try {
        conn = deps.connection ?? (await phase('connect', () => (0,connect/* connect */.N)(config.cluster, deps.eksClients, beforeApply)));
    }
    catch (err) {
        if (deps.signal?.aborted)
            return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled while connecting to the cluster; nothing was applied');
        if (beforeApply.aborted)
            return reject(out, DeployExit.Rejected, `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`);
        if (isNoAnswer(err))
            return reject(out, DeployExit.Rejected, `could not connect to the cluster: ${err.message}; nothing was applied`);
        throw err;
    }
    log(`connected to ${conn.describe}${conn.identity ? ` as ${conn.identity}` : ''}`);
    const ownership = { release: config.release, adopt: config.adopt, adopted: [] };
    const checks = await phase('preflight', () => preflight({ ...conn, client: conn.client.scoped(beforeApply) }, objects, {
        forceConflicts: config.forceConflicts,
        ownership,
        images: deps.images ?? {},
        signal: beforeApply,
    }));
    // Checks cut short by the cancel fail with it ("cannot reach the cluster: cancelled by SIGTERM"): not findings.
    if (deps.signal?.aborted)
        return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled during preflight; nothing was applied');
    out.findings.push(...checks);
    if (checks.some((f) => f.severity === 'blocker'))
        return reject(out, DeployExit.Rejected, `preflight failed: ${count(checks)} blocker(s); nothing was applied`);
    const namespaces = [...new Set([config.namespace, ...prepared.rendered.namespaces])].sort();
    const locks = [];
    const lockOptions = {
        waitSeconds: config.lockWaitSeconds,
        leaseSeconds: config.lockLeaseSeconds,
        log,
        ...(config.runUrl ? { runUrl: config.runUrl } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
    };
    try {
        for (const ns of namespaces) {
            locks.push(await phase(`lock ${ns}`, () => lock/* DeployLock */.Fc.acquire(conn.client, ns, config.holder, lockOptions)));
        }
    }
    catch (err) {
        // Not every namespace could be locked: let go of the ones that were, or they stay held (and renewed).
        for (const l of locks.reverse())
            await l.release().catch(() => false);
        if (deps.signal?.aborted)
            return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled before the deploy lock was taken; nothing was applied');
        throw err;
    }
    /** Fencing: every lock still ours, read from the API right now. Throws LockLostError naming the new holder. */
    const fenced = async () => {
        for (const l of locks)
            await l.assertHeld();
    };
    const primary = locks.find((l) => l.namespace === config.namespace);
    // Known once something was written to the cluster: what a later failure must name.
    let record;
    let applyStarted = false;
    let recovered;
    try {
        const probe = new release/* ReleaseStore */.T(conn.client, config.namespace, config.release, {
            historyLimit: config.historyLimit,
        });
        // A Lease deleted and created again counts from 0: never look older than a record already written.
        await primary.raiseGeneration((await newestFence(probe)) + 1);
        const store = new release/* ReleaseStore */.T(conn.client, config.namespace, config.release, {
            historyLimit: config.historyLimit,
            fence: { holder: config.holder, generation: primary.generation },
            guard: fenced,
        });
        // Timed as a phase only when there was something to recover (most deploys have nothing).
        const recoverStarted = Date.now();
        recovered = await (0,rollback/* recoverInterrupted */.js)(conn.client, store, { by: describeDeployer(config), log }).catch((err) => {
            if (err instanceof lock/* LockLostError */.yx)
                throw err;
            throw new RecoveryError(`restoring the last deployed release over an interrupted one failed: ${errorText(err)}; the cluster may run part of each. Run rollback to retry`);
        });
        if (recovered) {
            out.phases.push({ name: 'recover', durationMs: Date.now() - recoverStarted });
            out.findings.push({
                severity: 'warning',
                code: 'interrupted-release',
                message: recoveryMessage(config.release, recovered),
            });
        }
        const previous = await store.lastDeployed();
        if (previous)
            out.previousRelease = previous.number;
        const adopted = (0,rollback/* carryAdopted */.zm)(previous, objects, ownership.adopted);
        for (const a of ownership.adopted)
            log(`adopting ${(0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(a))} (its current state is kept in the release record)`);
        record = await store.create({
            objects,
            images: prepared.images,
            ...(adopted.length > 0 ? { adopted } : {}),
            ...(config.commit ? { commit: config.commit } : {}),
            ...(config.runUrl ? { runUrl: config.runUrl } : {}),
        });
        out.release = record.number;
        log(`release ${config.release} v${record.number}${previous ? ` (previous: v${previous.number})` : ' (first release)'}`);
        const deadline = Date.now() + config.timeoutSeconds * 1000;
        const work = AbortSignal.any([
            ...(deps.signal ? [deps.signal] : []),
            AbortSignal.timeout(config.timeoutSeconds * 1000),
            ...locks.map((l) => l.lost),
        ]);
        let failure;
        try {
            await fenced();
            applyStarted = true;
            out.applied = await phase('apply', () => (0,apply/* applyObjects */.r3)(conn.client, objects, {
                force: config.forceConflicts,
                forceFor: (k) => ownership.adopted.some((a) => (0,rollback/* sameObject */.Qr)(a, k)),
                signal: work,
                beforeWrite: () => locks.forEach((l) => l.checkLocal()),
                onResult: (r) => log(`${r.action.padEnd(10)} ${r.key.kind} ${r.key.namespace ? `${r.key.namespace}/` : ''}${r.key.name}`),
            }));
            if (config.prune) {
                const candidates = (0,prune/* planPrune */.w)(previous, objects);
                if (candidates.length > 0) {
                    await fenced();
                    await phase('prune', () => (0,prune/* prune */.R)(conn.client, candidates, {
                        signal: work,
                        onResult: (k, what, why) => log(`prune: ${what} ${k.kind} ${k.namespace ?? ''}/${k.name}${why ? ` (${why})` : ''}`),
                    }));
                }
            }
            const targets = (0,steps/* releaseTargets */.yo)(objects);
            out.rollouts = await phase('rollout', () => (0,steps/* trackRollouts */.mr)(conn.client, targets, {
                graceSeconds: config.graceSeconds,
                settleSeconds: config.settleSeconds,
                deadline,
                signal: work,
                log,
            }));
            if (!out.rollouts.ok)
                failure = firstFailure(out.rollouts);
            if (!failure) {
                out.verification = await phase('verify', () => (0,steps/* verifyPods */.Qp)(conn.client, targets, log));
                out.findings.push(...out.verification.findings);
                if (!out.verification.ok)
                    failure = `Fargate verification failed: ${out.verification.findings
                        .filter((f) => f.severity === 'blocker')
                        .map((f) => f.message)
                        .join('; ')}`;
            }
            if (!failure && prepared.checks.length > 0) {
                out.smoke = await phase('smoke', () => (0,steps/* smokeTest */.KH)(conn.client, prepared.checks, config.namespace, work, log));
                const bad = out.smoke.filter((r) => !r.ok);
                if (bad.length > 0)
                    failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
            }
            out.urls = await (0,steps/* ingressUrls */.Wp)(conn.client, objects);
        }
        catch (err) {
            if (err instanceof lock/* LockLostError */.yx)
                throw err;
            if (err instanceof apply/* ApplyError */.d5)
                out.applied = [...err.applied];
            failure = err instanceof Error ? err.message : String(err);
        }
        // A lost lock stops everything, whatever else went wrong: the new holder owns the cluster now.
        throwIfLost(locks);
        if (!failure && work.aborted)
            failure = abortReason(work, deps.signal);
        if (!failure) {
            const written = await writeStatus(store, record.number, 'deployed', [`deployed by ${describeDeployer(config)}`], log);
            if (written === true) {
                await store.enforceHistoryLimit().catch((err) => {
                    if (err instanceof lock/* LockLostError */.yx)
                        throw err;
                    log(`could not trim the release history: ${errorText(err)}`);
                });
                out.status = 'deployed';
                out.exitCode = DeployExit.Ok;
                out.message = `release ${config.release} v${record.number} deployed${out.urls.length > 0 ? ` (${out.urls.join(', ')})` : ''}`;
                return out;
            }
            // Applied and running, but unrecorded: a later deploy or rollback would not know it. Undo it.
            failure = `release ${config.release} v${record.number} was applied and passed its checks, but its record could not be marked deployed: ${errorText(written)}`;
            if (!config.autoRollback) {
                return finish(out, 'failed', DeployExit.Failed, `${failure}; auto-rollback is off: the cluster runs v${record.number}, whose record still says pending`);
            }
        }
        const cancelled = deps.signal?.aborted === true;
        if (deps.signal?.aborted || work.aborted)
            failure = `${failure}${failure.includes(abortReason(work, deps.signal)) ? '' : ` (${abortReason(work, deps.signal)})`}`;
        log(`deploy failed: ${failure}`);
        if (!config.autoRollback) {
            const written = await writeStatus(store, record.number, 'failed', [failure, 'auto-rollback is off: the cluster is left on this release'], log);
            return finish(out, 'failed', DeployExit.Failed, `${failure}; auto-rollback is off, the failed release stays applied${written === true ? '' : ` (and its record could not be marked failed: ${errorText(written)})`}`);
        }
        const marked = await writeStatus(store, record.number, 'rolling-back', [failure], log);
        await fenced();
        const rb = await phase('rollback', () => rollBack(conn, previous, { objects, results: out.applied, adopted }, prepared.checks, config, log, locks.map((l) => l.lost)));
        throwIfLost(locks);
        out.rollback = rb;
        out.rolledBack = rb.ok;
        const final = await writeStatus(store, record.number, rb.ok ? 'rolled-back' : 'failed', [rb.message], log);
        const unrecorded = final === true
            ? ''
            : `; the release record v${record.number} could not be updated (${errorText(final)}) and still says ${marked === true ? 'rolling-back' : 'pending'}`;
        if (!rb.ok)
            return finish(out, 'failed', DeployExit.Failed, `${failure}; rollback failed: ${rb.message}${unrecorded}`);
        if (unrecorded) {
            return finish(out, 'failed', DeployExit.Failed, `${failure}; ${rb.message}${unrecorded}: the next deploy or rollback restores v${previous?.number ?? '?'} again and marks it`);
        }
        return finish(out, cancelled ? 'cancelled' : 'rolled-back', cancelled ? DeployExit.Cancelled : DeployExit.RolledBack, `${failure}; ${rb.message}`);
    }
    catch (err) {
        if (err instanceof lock/* LockLostError */.yx)
            return lockLost(out, err, config.release, record?.number, applyStarted, log, 'deploy', await holderOf(locks, err));
        if (err instanceof RecoveryError)
            return finish(out, 'failed', DeployExit.Failed, err.message);
        // Anything else after the first write to the cluster must not read as "nothing applied".
        if (applyStarted && record) {
            return finish(out, 'failed', DeployExit.Failed, `${errorText(err)}; release ${config.release} v${record.number} was being applied and is not restored: the cluster may run part of it (record: v${record.number})`);
        }
        if (recovered) {
            return finish(out, 'failed', DeployExit.Failed, `${errorText(err)}; before that, ${recoveryMessage(config.release, recovered)}: the cluster runs ${recovered.restored ? `v${recovered.restored}` : 'what it ran before the interrupted release'}, and this release was not applied`);
        }
        throw err;
    }
    finally {
        for (const l of locks.reverse())
            await l.release().catch(() => false);
    }
}
/** Recovering from an interrupted release wrote to the cluster and then failed. */
class RecoveryError extends Error {
    name = 'RecoveryError';
}
/** Attempts of a release-record write after apply (0.2 s, 0.4 s, 0.8 s between them: bounded, ~1.4 s of waiting). */
const RECORD_WRITE_ATTEMPTS = 4;
/**
 * Write a record status after apply, retrying what may pass (errors from the API); true when
 * written, else the last error. A lost lock is thrown at once: nothing more may be written.
 */
async function writeStatus(store, n, status, notes, log) {
    let last;
    for (let attempt = 1; attempt <= RECORD_WRITE_ATTEMPTS; attempt++) {
        try {
            await store.setStatus(n, status, notes);
            return true;
        }
        catch (err) {
            if (err instanceof lock/* LockLostError */.yx)
                throw err;
            if (err instanceof release/* ReleaseRecordFencedError */.S1)
                throw new lock/* LockLostError */.yx(store.namespace, err.message);
            last = err;
            log(`could not mark release ${store.release} v${n} ${status} (attempt ${attempt} of ${RECORD_WRITE_ATTEMPTS}): ${errorText(err)}`);
            if (attempt < RECORD_WRITE_ATTEMPTS)
                await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
        }
    }
    return last;
}
/** The highest lock generation any of the newest records of the release was written under (-1: none). */
async function newestFence(store) {
    let max = -1;
    for (const e of (await store.list()).slice(-5)) {
        try {
            max = Math.max(max, e.record().fence?.generation ?? 0);
        }
        catch {
            // An unreadable record has no say in the generation; reading it fails elsewhere with its name.
        }
    }
    return max;
}
/**
 * Who holds the lost lock now: as the loss was seen, else read once more (a renewal that ran out
 * is noticed before anyone takes over; by the time a stalled deploy wakes up, someone may have).
 */
async function holderOf(locks, err) {
    if (err.newHolder)
        return `${err.newHolder} holds it now`;
    return locks.find((l) => l.namespace === err.namespace)?.holderNow();
}
function throwIfLost(locks) {
    for (const l of locks)
        if (l.lost.aborted)
            throw l.lost.reason;
}
function errorText(err) {
    return err instanceof Error ? err.message : String(err);
}
function describeDeployer(config) {
    return config.runUrl ? `${config.holder} (${config.runUrl})` : config.holder;
}
/** What recovery from an interrupted release did, in one line. */
function recoveryMessage(release, r) {
    const what = r.interrupted.map((i) => `v${i.number} (${i.status})`).join(', ');
    return `release ${release} ${what} had been interrupted; ${r.restored ? `restored v${r.restored}` : 'removed what it created'} before going on${r.outcome.deleted.length > 0 ? ` (deleted ${r.outcome.deleted.join(', ')})` : ''}`;
}
/** The lock was lost: no more writes. Say who holds it now and what the cluster may be left with. */
function lockLost(out, err, release, n, applyStarted, log, command = 'deploy', holderNow) {
    const holder = holderNow ?? 'no other deploy holds it now';
    const state = n === undefined
        ? 'nothing was applied'
        : applyStarted
            ? `release ${release} v${n} may be partly applied and its record stays pending; the next deploy or rollback restores the last deployed release first`
            : `nothing was applied; the record of v${n} stays pending`;
    log(`${command} stopped: ${err.message}`);
    return finish(out, 'failed', DeployExit.LockLost, `${err.message}; ${holder}. This ${command} wrote nothing more (${command === 'deploy' ? 'no apply, no rollback, no record update' : 'no restore, no record update'}): ${state}`);
}
/**
 * Put the previous release back (or remove what a first release created), wait for it, and
 * smoke-test it. Bounded by the deploy timeout; not cancellable, because stopping half way would
 * leave the cluster on neither release.
 */
async function rollBack(conn, previous, failed, checks, config, log, 
/** The deploy locks' `lost` signals: a rollback stops writing once another deploy holds the lock. */
lost = []) {
    const rb = { smoke: [], ok: false, message: '' };
    if (previous)
        rb.restored = previous.number;
    const deadline = Date.now() + config.timeoutSeconds * 1000;
    const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutSeconds * 1000), ...lost]);
    try {
        rb.outcome = await (0,rollback/* restoreRelease */.E8)(conn.client, previous, failed, { signal, log });
        const targets = (0,steps/* releaseTargets */.yo)(previous?.objects ?? []).filter((t) => t.kind !== 'Ingress' && t.kind !== 'Service');
        rb.rollouts = await (0,steps/* trackRollouts */.mr)(conn.client, targets, {
            graceSeconds: config.graceSeconds,
            settleSeconds: config.settleSeconds,
            deadline,
            signal,
            log,
        });
        if (!rb.rollouts.ok) {
            rb.message = `the restored release did not become ready: ${firstFailure(rb.rollouts)}`;
            return rb;
        }
        if (previous && checks.length > 0) {
            rb.smoke = await (0,steps/* smokeTest */.KH)(conn.client, checks, config.namespace, signal, log);
            const bad = rb.smoke.filter((r) => !r.ok);
            if (bad.length > 0) {
                rb.message = `the restored release fails its smoke tests: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
                return rb;
            }
        }
        rb.ok = true;
        rb.message = previous
            ? `rolled back to v${previous.number}, which is serving again`
            : 'no previous release: the objects the failed release created were removed';
    }
    catch (err) {
        rb.message = err instanceof Error ? err.message : String(err);
    }
    return rb;
}
function timer(out) {
    return async (name, fn) => {
        const started = Date.now();
        try {
            return await fn();
        }
        finally {
            out.phases.push({ name, durationMs: Date.now() - started });
        }
    };
}
function reject(out, exitCode, message) {
    out.status = 'rejected';
    out.exitCode = exitCode;
    out.message = message;
    return out;
}
function finish(out, status, exitCode, message) {
    out.status = status;
    out.exitCode = exitCode;
    out.message = message;
    return out;
}
/** An AWS or Kubernetes endpoint that did not answer in time (SDK request timeout, socket timeout, KubeTimeoutError). */
function isNoAnswer(err) {
    if (!(err instanceof Error))
        return false;
    const code = err.code;
    return (err.name === 'TimeoutError' ||
        err.name === 'KubeTimeoutError' ||
        code === 'ETIMEDOUT' ||
        code === 'ECONNRESET' ||
        code === 'ECONNREFUSED');
}
function count(findings) {
    return findings.filter((f) => f.severity === 'blocker').length;
}
function firstFailure(o) {
    const bad = o.results.filter((r) => r.status !== 'ready');
    return (bad.map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`).join('; ') ||
        'rollout failed');
}
function abortReason(work, user) {
    if (user?.aborted)
        return 'cancelled';
    const reason = work.reason;
    if (reason instanceof lock/* LockLostError */.yx)
        return reason.message;
    if (reason instanceof DOMException && reason.name === 'TimeoutError')
        return 'the deploy timed out';
    return reason instanceof Error ? reason.message : 'aborted';
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


/***/ }),

/***/ 25766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fc: () => (/* binding */ DeployLock),
/* harmony export */   Sy: () => (/* binding */ LOCK_NAME),
/* harmony export */   yx: () => (/* binding */ LockLostError)
/* harmony export */ });
/* unused harmony exports ANNOTATION_RUN_URL, ANNOTATION_LAST_HOLDER, LockTimeoutError, describeHolder */
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31934);
/**
 * The deploy lock: one deploy per namespace at a time, as a `coordination.k8s.io/v1` Lease (the
 * object Kubernetes leader election uses). The holder renews it while the deploy runs; another
 * deploy takes it over only once it has seen the Lease unchanged for `leaseDurationSeconds` by its
 * own monotonic clock (as client-go's leader election judges it: no clock of another machine, and
 * no `renewTime` in the Lease, is trusted), so a runner that died cannot block deploys for longer
 * than one lease past the moment the waiter first looked. While held, the Lease is also watched (one
 * watch, that one object), so a Lease deleted or taken over is noticed within a second rather than
 * at the next renewal, up to a third of the lease later.
 *
 * Fencing: every acquisition by a new holder increments `leaseTransitions`; that number is the
 * lock's generation. `assertHeld()` re-reads the Lease and throws `LockLostError` (naming the new
 * holder) unless it still names this holder at this generation; deploy and rollback call it right
 * before every write phase, and release records carry holder + generation, so a deploy that lost
 * its lock writes nothing more.
 */


/** The Lease's name in each namespace. */
const LOCK_NAME = 'eks-fargate-deploy-lock';
/** Annotation on the Lease: the holder's run URL (for humans; the identity is `holderIdentity`). */
const ANNOTATION_RUN_URL = 'eks-fargate-deploy/run-url';
/** Annotation on a released Lease: who held it last (a deploy that lost it can still name who took over). */
const ANNOTATION_LAST_HOLDER = 'eks-fargate-deploy/last-holder';
const LEASES = '/apis/coordination.k8s.io/v1';
/** Waiting for the lock took longer than allowed. */
class LockTimeoutError extends Error {
    namespace;
    holder;
    since;
    waitedSeconds;
    name = 'LockTimeoutError';
    constructor(namespace, holder, since, waitedSeconds) {
        super(`the deploy lock of namespace ${namespace} (Lease ${LOCK_NAME}) is held by ${holder}${since ? ` since ${since}` : ''}; ` +
            `gave up after waiting ${waitedSeconds} s. Wait for that deploy to finish, or raise the lock wait time.`);
        this.namespace = namespace;
        this.holder = holder;
        this.since = since;
        this.waitedSeconds = waitedSeconds;
    }
}
/** The lock was lost while held: someone else took it, or it could not be renewed in time. */
class LockLostError extends Error {
    namespace;
    newHolder;
    name = 'LockLostError';
    constructor(namespace, message, 
    /** Who holds the Lease now (with its run URL when known); undefined when nobody does. */
    newHolder) {
        super(`lost the deploy lock of namespace ${namespace}: ${message}`);
        this.namespace = namespace;
        this.newHolder = newHolder;
    }
}
/** `holder (run URL)` as people read it; the run URL comes from the Lease's annotation. */
function describeHolder(lease) {
    const id = lease?.spec?.holderIdentity;
    if (!id)
        return undefined;
    const url = lease?.metadata?.annotations?.[ANNOTATION_RUN_URL];
    return url && url !== id ? `${id} (${url})` : id;
}
/** MicroTime, as the API server writes Lease times: RFC 3339 with microseconds. */
function microTime(ms) {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
const monotonic = () => performance.now();
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
/**
 * Backoff between watches of the Lease that failed or ended at once (ms): first, cap. Each retry
 * re-reads the Lease, so the cap bounds how late a loss is noticed while watching does not work.
 */
const WATCH_BACKOFF = { firstMs: 250, maxMs: 2_000 };
/** Statuses that mean the Lease cannot be watched at all (RBAC without `watch`): renewals alone must do. */
const WATCH_REFUSED = new Set([401, 403, 405]);
/** A held deploy lock. Renews (and watches) itself until `release()`; `lost` fires if it stops being ours. */
class DeployLock {
    client;
    namespace;
    holder;
    lease;
    leaseSeconds;
    log;
    now;
    lostCtrl = new AbortController();
    stopCtrl = new AbortController();
    /** Stops the renewal and the watch: released, or lost (nothing left to keep). */
    halt = AbortSignal.any([this.stopCtrl.signal, this.lostCtrl.signal]);
    renewing;
    watching;
    released = false;
    constructor(client, namespace, holder, lease, leaseSeconds, log, now, 
    /** Monotonic time the write that took the lease was sent (a waiter's count starts later, when it sees it). */
    takenAt) {
        this.client = client;
        this.namespace = namespace;
        this.holder = holder;
        this.lease = lease;
        this.leaseSeconds = leaseSeconds;
        this.log = log;
        this.now = now;
        this.renewedAt = takenAt;
        this.armExpiry();
        this.renewing = this.renewLoop();
        this.watching = this.watchLoop();
    }
    /** Monotonic time when the last renewal that succeeded was sent. */
    renewedAt;
    expiryTimer;
    lastRenewError;
    expiredMessage() {
        const e = this.lastRenewError;
        return `could not renew the lease for ${this.leaseSeconds} s (its lease duration), so another deploy may take it${e ? ` (last error: ${e instanceof Error ? e.message : String(e)})` : ''}`;
    }
    /**
     * Lose the lock on our own once the lease has run out since the last renewal that succeeded:
     * a renewal held up (a slow API server, a stalled runner) must not let us write after a waiter
     * may have taken over, even before any answer or watch event says so.
     */
    armExpiry() {
        if (this.expiryTimer)
            clearTimeout(this.expiryTimer);
        if (this.halt.aborted)
            return;
        const left = this.renewedAt + this.leaseSeconds * 1000 - this.now();
        this.expiryTimer = setTimeout(() => {
            if (this.now() - this.renewedAt >= this.leaseSeconds * 1000) {
                this.lose(this.expiredMessage());
            }
            else
                this.armExpiry();
        }, Math.max(0, left));
    }
    /** Aborted when the lock is no longer ours; its `reason` is a `LockLostError`. */
    get lost() {
        return this.lostCtrl.signal;
    }
    /** The Lease as last written by us. */
    get current() {
        return this.lease;
    }
    /**
     * Take the deploy lock of `namespace` for `holder` (unique per deploy: run id, attempt, job and a
     * random part), waiting while another holder has a live lease. Throws `LockTimeoutError` naming
     * the holder after `waitSeconds`. A lease is live until this process has seen it unchanged (same
     * resourceVersion) for its `leaseDurationSeconds`, measured by this process's monotonic clock
     * from the first time it saw that version: neither our wall clock nor the holder's `renewTime`
     * decides (a `renewTime` in 2099 expires like any other). A lease already naming `holder` is
     * taken at once.
     */
    static async acquire(client, namespace, holder, options = {}) {
        const leaseSeconds = options.leaseSeconds ?? 60;
        const waitSeconds = options.waitSeconds ?? 300;
        const pollMs = options.pollMs ?? 2000;
        const log = options.log ?? (() => undefined);
        const now = options.now ?? monotonic;
        if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1)
            throw new RangeError(`lock lease seconds must be a whole number ≥ 1 (Lease leaseDurationSeconds is an integer), got ${leaseSeconds}`);
        if (!holder)
            throw new RangeError('the deploy lock needs a holder identity');
        const itemPath = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases/${LOCK_NAME}`;
        const start = now();
        const deadline = start + waitSeconds * 1000;
        let announced;
        // The version of the Lease last seen, and when (monotonic) it was first seen: client-go's observedTime.
        let observed;
        for (;;) {
            options.signal?.throwIfAborted();
            const live = await getLease(client, itemPath, options.signal);
            const t = now();
            let written;
            if (!live) {
                written = await createLease(client, namespace, holder, leaseSeconds, options);
            }
            else {
                const spec = live.spec ?? {};
                const rv = resourceVersionOf(live);
                if (!observed || observed.rv !== rv)
                    observed = { rv, at: t };
                const other = spec.holderIdentity && spec.holderIdentity !== holder ? spec.holderIdentity : undefined;
                // A Lease with no duration (hand-made) is judged with ours.
                const expiresAt = observed.at + (spec.leaseDurationSeconds ?? leaseSeconds) * 1000;
                if (!other || expiresAt <= t) {
                    written = await takeLease(client, itemPath, live, holder, leaseSeconds, options.runUrl, options.signal);
                    if (written && other)
                        log(`took over the deploy lock from ${describeHolder(live)}: its Lease did not change for ${spec.leaseDurationSeconds ?? leaseSeconds} s (its lease duration)`);
                }
                else {
                    const since = spec.acquireTime ?? spec.renewTime;
                    const who = describeHolder(live) ?? other;
                    if (announced !== other) {
                        log(`waiting for the deploy lock held by ${who} since ${since ?? 'an unknown time'}`);
                        announced = other;
                    }
                    if (t >= deadline)
                        throw new LockTimeoutError(namespace, who, since, Math.round((t - start) / 1000));
                    // Wake up at the poll interval, when the lease would expire, or at the deadline, whichever is first.
                    await sleep(Math.max(10, Math.min(pollMs, expiresAt - t + 10, deadline - t)), options.signal);
                    continue;
                }
            }
            // undefined: another writer won the race for the same resourceVersion or name; look again.
            if (written)
                return new DeployLock(client, namespace, holder, written, leaseSeconds, log, now, t);
        }
    }
    /** The fencing generation: the Lease's `leaseTransitions` when this holder took it. */
    get generation() {
        return this.lease.spec?.leaseTransitions ?? 0;
    }
    /**
     * Who else holds the Lease now, read from the API (a read, allowed after the lock is lost), as a
     * phrase: `X holds it now`, or `X took it over and has released it since`; undefined: nobody
     * else, or unknown.
     */
    async holderNow() {
        try {
            const live = await getLease(this.client, this.itemPath());
            if (live?.spec?.holderIdentity === this.holder)
                return undefined;
            const last = live?.metadata.annotations?.[ANNOTATION_LAST_HOLDER];
            if (!live?.spec?.holderIdentity &&
                last &&
                last !== this.holder &&
                (live.spec?.leaseTransitions ?? 0) > this.generation) {
                return `${describeHolder({ ...live, spec: { holderIdentity: last } })} took it over and has released it since`;
            }
            const who = describeHolder(live);
            return who ? `${who} holds it now` : undefined;
        }
        catch {
            return undefined;
        }
    }
    /**
     * Make the generation at least `min` (conditional on the Lease's resourceVersion, while ours).
     * A Lease that was deleted and created again starts counting at 0; records written under the old
     * one carry higher generations, and a newer holder must not look older than them.
     */
    async raiseGeneration(min, signal) {
        while (this.generation < min) {
            await this.assertHeld(signal);
            const body = { ...this.lease, spec: { ...this.lease.spec, leaseTransitions: min } };
            try {
                this.lease = await this.client.request('PUT', this.itemPath(), {
                    body,
                    query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy },
                    ...(signal ? { signal } : {}),
                });
            }
            catch (err) {
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409))
                    throw err;
                const live = await getLease(this.client, this.itemPath(), signal);
                const why = this.notOurs(live);
                if (why) {
                    this.lose(why, describeHolder(live));
                    throw this.lost.reason;
                }
                this.lease = live;
            }
        }
    }
    /**
     * Fencing check by our own monotonic clock alone (no request), right before each single write:
     * throws `LockLostError` once the lease has run out since the last renewal that succeeded. A
     * process resumed after a stall gets here before its watchdog timer has had a chance to run.
     */
    checkLocal() {
        if (this.lost.aborted)
            throw this.lost.reason;
        if (this.now() - this.renewedAt >= this.leaseSeconds * 1000) {
            this.lose(this.expiredMessage());
            throw this.lost.reason;
        }
    }
    /**
     * Fencing check, right before a write phase: throws `LockLostError` (and fires `lost`) unless the
     * Lease, read now, still names this holder at this generation and the lease has not run out by
     * our own clock since the last renewal that succeeded.
     */
    async assertHeld(signal) {
        if (this.lost.aborted)
            throw this.lost.reason;
        if (this.released)
            throw new LockLostError(this.namespace, 'the lock was already released');
        if (this.now() - this.renewedAt >= this.leaseSeconds * 1000) {
            this.lose(this.expiredMessage());
            throw this.lost.reason;
        }
        const live = await getLease(this.client, this.itemPath(), signal);
        const why = this.notOurs(live);
        if (why) {
            this.lose(why, describeHolder(live));
            throw this.lost.reason;
        }
    }
    /**
     * Stop renewing and clear the holder, if the lease is still ours. Idempotent. Returns true when
     * this call released it.
     */
    async release() {
        if (this.released)
            return false;
        this.released = true;
        if (this.expiryTimer)
            clearTimeout(this.expiryTimer);
        this.stopCtrl.abort();
        await Promise.all([this.renewing?.catch(() => undefined), this.watching?.catch(() => undefined)]);
        if (this.lost.aborted)
            return false;
        const path = this.itemPath();
        for (let attempt = 0; attempt < 5; attempt++) {
            const live = await getLease(this.client, path);
            if (!live || live.spec?.holderIdentity !== this.holder)
                return false;
            const { holderIdentity: _h, ...spec } = live.spec ?? {};
            const metadata = {
                ...live.metadata,
                annotations: { ...(live.metadata.annotations ?? {}), [ANNOTATION_LAST_HOLDER]: this.holder },
            };
            try {
                await this.client.request('PUT', path, {
                    body: { ...live, metadata, spec: { ...spec, renewTime: microTime(Date.now()) } },
                });
                return true;
            }
            catch (err) {
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409))
                    throw err;
            }
        }
        return false;
    }
    itemPath() {
        return `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases/${LOCK_NAME}`;
    }
    lose(message, newHolder) {
        // After release() starts, its own write clears the holder: that is not a loss.
        if (this.expiryTimer)
            clearTimeout(this.expiryTimer);
        if (!this.lostCtrl.signal.aborted && !this.stopCtrl.signal.aborted) {
            const err = new LockLostError(this.namespace, message, newHolder);
            this.log(err.message);
            this.lostCtrl.abort(err);
        }
    }
    /** Renew every third of the lease; a failed renewal is retried until the lease would expire. */
    async renewLoop() {
        const interval = (this.leaseSeconds * 1000) / 3;
        const stop = this.halt;
        let lastRenewed = Date.now();
        let lastError;
        let wait = interval;
        while (!stop.aborted) {
            try {
                await sleep(wait, stop);
            }
            catch {
                return;
            }
            const now = Date.now();
            try {
                const outcome = await this.renewOnce(stop);
                if (outcome === 'stopped')
                    return;
                if (typeof outcome === 'string')
                    return this.lose(outcome);
                lastRenewed = now;
                lastError = undefined;
                wait = interval;
            }
            catch (err) {
                if (stop.aborted)
                    return;
                lastError = err;
                this.lastRenewError = err;
                if (Date.now() >= lastRenewed + this.leaseSeconds * 1000) {
                    return this.lose(`could not renew the lease for ${this.leaseSeconds} s, so another deploy may take it (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`);
                }
                wait = Math.min(interval, 1000);
            }
        }
    }
    /** One renewal: true when renewed, 'stopped' on release, a message when the lease is not ours any more. */
    async renewOnce(stop) {
        const path = this.itemPath();
        for (;;) {
            if (stop.aborted)
                return 'stopped';
            const body = { ...this.lease, spec: { ...this.lease.spec, renewTime: microTime(Date.now()) } };
            const sentAt = this.now();
            try {
                // No client-level retries: the loop retries on its own schedule and must notice expiry.
                const renewed = await this.client.request('PUT', path, { body, signal: stop, retry: false });
                // Answered after the watchdog gave the lock up: too late, another deploy may hold it now.
                if (this.lost.aborted)
                    return 'stopped';
                this.lease = renewed;
                this.renewedAt = sentAt;
                this.armExpiry();
                return true;
            }
            catch (err) {
                if (stop.aborted)
                    return 'stopped';
                if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404)
                    return 'the Lease was deleted';
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409))
                    throw err;
            }
            // Someone else wrote the Lease: still ours (e.g. a label added) → retry on the new version.
            const live = await getLease(this.client, path, stop);
            const lostBecause = this.notOurs(live);
            if (lostBecause) {
                this.lose(lostBecause, describeHolder(live));
                return 'stopped';
            }
            this.lease = live;
        }
    }
    /** Why the Lease as read (undefined: it does not exist) is not ours any more; undefined while it is. */
    notOurs(live) {
        if (!live)
            return 'the Lease was deleted';
        const generation = live.spec?.leaseTransitions ?? 0;
        // Higher with our name: our own raiseGeneration, answered after this read was sent.
        if (live.spec?.holderIdentity === this.holder && generation >= this.generation)
            return undefined;
        const who = describeHolder(live);
        return `${who ? `${who} took it over` : 'its holder was cleared'} at ${live.spec?.acquireTime ?? 'an unknown time'} (lock generation ${generation}, ours ${this.generation})`;
    }
    /**
     * Watch the Lease (fieldSelector on its name, from the resourceVersion we wrote, so no event is
     * missed) and lose the lock on the first event that shows it deleted or held by someone else. A
     * watch that ends is resumed; one that fails, or misses history (410), is resumed after a GET
     * that re-checks the Lease. A cluster that refuses the watch (RBAC without `watch`) leaves the
     * renewals to notice, as before.
     */
    async watchLoop() {
        const halt = this.halt;
        let resourceVersion = resourceVersionOf(this.lease);
        let backoffMs = WATCH_BACKOFF.firstMs;
        while (!halt.aborted) {
            const started = Date.now();
            const end = await this.watchOnce(resourceVersion);
            if (halt.aborted)
                return;
            const code = statusCodeOf(end.err);
            if (code !== undefined && WATCH_REFUSED.has(code)) {
                this.log(`cannot watch the deploy lock Lease (HTTP ${code}); a lost lock is noticed at the next renewal instead`);
                return;
            }
            resourceVersion = end.resourceVersion ?? resourceVersion;
            // A watch the server closed after a while or after events (its timeout, the client's inactivity
            // timeout, a proxy cutting streams) is simply resumed; one that failed or ended at once waits,
            // longer each time.
            const clean = (!end.err || isTimeout(end.err)) && !end.gone && (end.events > 0 || Date.now() - started >= 1000);
            if (clean) {
                backoffMs = WATCH_BACKOFF.firstMs;
                continue;
            }
            try {
                await sleep(backoffMs, halt);
            }
            catch {
                return;
            }
            backoffMs = Math.min(WATCH_BACKOFF.maxMs, backoffMs * 2);
            try {
                const live = await getLease(this.client, this.itemPath(), halt);
                const lostBecause = this.notOurs(live);
                if (lostBecause)
                    return this.lose(lostBecause, describeHolder(live));
                resourceVersion = resourceVersionOf(live);
            }
            catch {
                // The API is unreachable: the renewals decide when that costs the lock; keep trying to watch.
            }
        }
    }
    /** One watch of the Lease until it ends; the last resourceVersion seen, and why it ended. */
    watchOnce(resourceVersion) {
        const halt = this.halt;
        const path = `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases`;
        // The server ends the watch itself before client-node's 30 s inactivity timeout would.
        const query = {
            fieldSelector: `metadata.name=${LOCK_NAME}`,
            resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: 25,
        };
        return new Promise((resolve) => {
            let lastRv = resourceVersion;
            let gone = false;
            let events = 0;
            let finished = false;
            let ctrl;
            const finish = (err) => {
                if (finished)
                    return;
                finished = true;
                halt.removeEventListener('abort', onHalt);
                ctrl?.abort();
                resolve({
                    ...(err ? { err } : {}),
                    gone: gone || statusCodeOf(err) === 410,
                    events,
                    ...(lastRv ? { resourceVersion: lastRv } : {}),
                });
            };
            const onHalt = () => finish(undefined);
            halt.addEventListener('abort', onHalt, { once: true });
            this.client
                .watch(path, query, (type, obj) => {
                if (finished || halt.aborted)
                    return;
                if (type === 'ERROR') {
                    const status = obj;
                    if (status.code === 410)
                        gone = true;
                    finish(new _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3(`watch ${path}: ${status.message ?? 'error event'}`, status.code ?? 500));
                    return;
                }
                events++;
                lastRv = (obj && resourceVersionOf(obj)) ?? lastRv;
                if (type === 'BOOKMARK' || obj?.metadata?.name !== LOCK_NAME)
                    return;
                const seen = type === 'DELETED' ? undefined : obj;
                const lostBecause = this.notOurs(seen);
                if (lostBecause) {
                    this.lose(lostBecause, describeHolder(seen));
                    finish(undefined);
                }
            }, (err) => finish(err ?? undefined))
                .then((c) => {
                ctrl = c;
                if (finished)
                    c.abort();
            }, (err) => finish(err));
            if (halt.aborted)
                finish(undefined);
        });
    }
}
function resourceVersionOf(o) {
    const rv = o.metadata.resourceVersion;
    return typeof rv === 'string' && rv !== '' ? rv : undefined;
}
function statusCodeOf(err) {
    if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3)
        return err.code;
    // client-node puts the HTTP status of a refused watch in `statusCode` (DOMExceptions use `code` for other things).
    const code = err?.statusCode;
    return typeof code === 'number' ? code : undefined;
}
function isTimeout(err) {
    return (err instanceof Error || err instanceof DOMException) && err.name === 'TimeoutError';
}
async function getLease(client, path, signal) {
    try {
        return await client.request('GET', path, signal ? { signal } : {});
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404)
            return undefined;
        throw err;
    }
}
function leaseSpec(holder, leaseSeconds, transitions) {
    const now = microTime(Date.now());
    return {
        holderIdentity: holder,
        leaseDurationSeconds: leaseSeconds,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: transitions,
    };
}
/** Create the Lease; undefined when someone else created it first. */
async function createLease(client, namespace, holder, leaseSeconds, options) {
    const body = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
            name: LOCK_NAME,
            namespace,
            labels: { 'app.kubernetes.io/managed-by': _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy },
            ...(options.runUrl ? { annotations: { [ANNOTATION_RUN_URL]: options.runUrl } } : {}),
        },
        spec: leaseSpec(holder, leaseSeconds, 0),
    };
    const path = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases`;
    const query = { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy };
    const signal = options.signal ? { signal: options.signal } : {};
    try {
        return await client.request('POST', path, { body, query, ...signal });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409)
            return undefined;
        const missingNamespace = err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404 && err.status?.details?.kind === 'namespaces';
        if (!missingNamespace || options.createNamespace === false)
            throw err;
    }
    await client.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy } },
    }, { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy, ...signal });
    return undefined;
}
/** Write ourselves as holder on top of `live`; undefined when another writer got there first. */
async function takeLease(client, path, live, holder, leaseSeconds, runUrl, signal) {
    const previous = live.spec ?? {};
    const sameHolder = previous.holderIdentity === holder;
    // Every new holder (after a release too) gets a new generation: the fencing token.
    const spec = leaseSpec(holder, leaseSeconds, (previous.leaseTransitions ?? 0) + (sameHolder ? 0 : 1));
    if (sameHolder && previous.acquireTime)
        spec.acquireTime = previous.acquireTime;
    const annotations = { ...(live.metadata.annotations ?? {}) };
    delete annotations[ANNOTATION_RUN_URL];
    if (runUrl)
        annotations[ANNOTATION_RUN_URL] = runUrl;
    const metadata = { ...live.metadata, annotations };
    try {
        // live carries its resourceVersion: the PUT only succeeds if nobody wrote in between.
        return await client.request('PUT', path, {
            body: { ...live, metadata, spec },
            query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy },
            ...(signal ? { signal } : {}),
        });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409)
            return undefined;
        throw err;
    }
}


/***/ }),

/***/ 1337:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ prune),
/* harmony export */   w: () => (/* binding */ planPrune)
/* harmony export */ });
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31934);
/* harmony import */ var _release_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(74876);
/* harmony import */ var _rollback_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48557);




/** apps/v1 and apps/v1beta2 name the same object: identity is group + kind + namespace + name. */
function identity(k) {
    const group = k.apiVersion.includes('/') ? k.apiVersion.slice(0, k.apiVersion.lastIndexOf('/')) : '';
    return `${group}\u0000${k.kind}\u0000${k.namespace ?? ''}\u0000${k.name}`;
}
/**
 * The objects of `previous` absent from `next`, inside the namespaces of `next` (those its
 * namespaced objects live in, and those it declares as Namespace objects). Namespaces and
 * cluster-scoped objects are never candidates. Returned in reverse apply order, so dependents
 * (Ingress, Deployment) go before what they depend on (Service, ConfigMap).
 */
function planPrune(previous, next) {
    if (!previous)
        return [];
    const namespaces = new Set();
    for (const o of next) {
        if (o.kind === 'Namespace' && o.apiVersion === 'v1')
            namespaces.add(o.metadata.name);
        else if (o.metadata.namespace)
            namespaces.add(o.metadata.namespace);
    }
    const kept = new Set(next.map((o) => identity((0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(o))));
    const out = [];
    for (const o of [...previous.objects].reverse()) {
        const key = (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(o);
        if (o.kind === 'Namespace' || !key.namespace || !namespaces.has(key.namespace) || kept.has(identity(key)))
            continue;
        const prior = previous.adopted?.find((a) => identity((0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(a)) === identity(key));
        out.push({ key, release: previous.release, ...(prior ? { prior } : {}) });
    }
    return out;
}
/**
 * Delete the candidates (propagation Background, guarded by the uid read back so an object
 * recreated meanwhile is not deleted), skipping any that are gone or no longer labelled with
 * their release. With `dryRun` the server checks each delete and nothing is removed.
 */
async function prune(client, candidates, options = {}) {
    const result = { deleted: [], skipped: [], returned: [] };
    const skip = (key, reason) => {
        result.skipped.push({ key, reason });
        options.onResult?.(key, 'skipped', reason);
    };
    for (const { key, release, prior } of candidates) {
        options.signal?.throwIfAborted();
        const live = await client.get(key.apiVersion, key.kind, key.namespace, key.name);
        if (!live) {
            skip(key, 'already gone');
            continue;
        }
        const label = live.metadata.labels?.[_release_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RELEASE */ .P2];
        if (label !== release) {
            skip(key, label === undefined
                ? `no longer labelled ${_release_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RELEASE */ .P2}=${release}`
                : `labelled ${_release_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RELEASE */ .P2}=${label}, not ${release}`);
            continue;
        }
        if (live.metadata['deletionTimestamp']) {
            skip(key, 'already being deleted');
            continue;
        }
        if (prior) {
            if (!options.dryRun)
                await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_3__/* .restorePriorState */ .sV)(client, prior);
            result.returned.push(key);
            options.onResult?.(key, 'returned', 'it existed before the release adopted it: restored as it was');
            continue;
        }
        try {
            await client.request('DELETE', await client.pathFor(key.apiVersion, key.kind, key.namespace, key.name), {
                body: {
                    kind: 'DeleteOptions',
                    apiVersion: 'v1',
                    propagationPolicy: 'Background',
                    preconditions: { uid: live.metadata['uid'] },
                    ...(options.dryRun ? { dryRun: ['All'] } : {}),
                },
                ...(options.dryRun ? { query: { dryRun: 'All' } } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
            });
        }
        catch (err) {
            if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404) {
                skip(key, 'already gone');
                continue;
            }
            if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409) {
                skip(key, 'replaced by a new object of the same name while pruning');
                continue;
            }
            throw new Error(`prune of ${(0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .describeObject */ .v8)(key)} failed: ${err instanceof Error ? err.message : String(err)}`, {
                cause: err,
            });
        }
        result.deleted.push(key);
        options.onResult?.(key, 'deleted');
    }
    return result;
}


/***/ }),

/***/ 48557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E8: () => (/* binding */ restoreRelease),
/* harmony export */   Qr: () => (/* binding */ sameObject),
/* harmony export */   js: () => (/* binding */ recoverInterrupted),
/* harmony export */   sV: () => (/* binding */ restorePriorState),
/* harmony export */   zm: () => (/* binding */ carryAdopted)
/* harmony export */ });
/* unused harmony export undoDeployment */
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31934);


const REVISION = 'deployment.kubernetes.io/revision';
/** Same object (group, kind, namespace, name), whatever the API version. */
function sameObject(a, b) {
    return sameKey(a, b);
}
function sameKey(a, b) {
    const ka = 'metadata' in a ? (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(a) : a;
    const kb = 'metadata' in b ? (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(b) : b;
    const group = (v) => (v.includes('/') ? v.split('/')[0] : '');
    return (group(ka.apiVersion) === group(kb.apiVersion) &&
        ka.kind === kb.kind &&
        (ka.namespace ?? '') === (kb.namespace ?? '') &&
        ka.name === kb.name);
}
/**
 * Put the cluster back on `previous`: re-apply its objects as recorded (forcing: they are ours);
 * delete what the failed deploy created that `previous` does not have; and for Deployments the
 * failed deploy changed but no record covers, go back to their previous ReplicaSet the way
 * `kubectl rollout undo` does. With no previous release at all, everything the failed deploy
 * created is deleted and changed Deployments are undone.
 */
async function restoreRelease(client, previous, failed, opts = {}) {
    const log = opts.log ?? (() => { });
    const outcome = { applied: [], deleted: [], undone: [], notes: [], returned: [] };
    if (previous) {
        log(`restoring release ${previous.release} v${previous.number} (${previous.objects.length} objects)`);
        outcome.applied = await (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .applyObjects */ .r3)(client, previous.objects, {
            fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy,
            force: true,
            ...(opts.signal ? { signal: opts.signal } : {}),
        });
    }
    const keep = previous?.objects ?? [];
    // Reverse apply order: dependents before what they depend on.
    for (const r of [...failed.results].reverse()) {
        if (keep.some((o) => sameKey(o, r.key)))
            continue;
        const what = (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .describeObject */ .v8)(r.key);
        const prior = failed.adopted?.find((a) => sameKey(a, r.key));
        if (prior) {
            await restorePriorState(client, prior);
            outcome.returned.push(what);
            log(`restored ${what} as it was before the failed release adopted it`);
        }
        else if (r.action === 'created') {
            if (await client.delete(r.key.apiVersion, r.key.kind, r.key.namespace, r.key.name, 'Background')) {
                outcome.deleted.push(what);
                log(`deleted ${what} (created by the failed release)`);
            }
        }
        else if (r.action === 'configured' && r.key.kind === 'Deployment') {
            const undone = await undoDeployment(client, r.key.namespace ?? 'default', r.key.name);
            if (undone) {
                outcome.undone.push(what);
                log(`rolled back ${what} to revision ${undone} (no release record: rollout undo)`);
            }
            else {
                outcome.notes.push(`${what}: no earlier revision to return to`);
            }
        }
        else if (r.action === 'configured') {
            outcome.notes.push(`${what} was changed by the failed release and no earlier release record holds it; left as is`);
        }
    }
    return outcome;
}
/**
 * `kubectl rollout undo`: put the Deployment's pod template back to the one of its newest
 * ReplicaSet older than the current revision. Returns the revision restored, or undefined when
 * there is none.
 */
async function undoDeployment(client, namespace, name, attempt = 1) {
    const deploy = await client.get('apps/v1', 'Deployment', namespace, name);
    if (!deploy)
        return undefined;
    const current = Number(deploy.metadata.annotations?.[REVISION] ?? '0');
    const uid = deploy.metadata['uid'];
    const { items } = await client.list('apps/v1', 'ReplicaSet', namespace);
    const owned = items
        .filter((rs) => (rs.metadata['ownerReferences'] ?? []).some((o) => o.uid === uid))
        .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? '0') }))
        .filter((x) => x.revision > 0 && x.revision < current)
        .sort((a, b) => b.revision - a.revision);
    const target = owned[0];
    if (!target)
        return undefined;
    const template = structuredClone(target.rs['spec'].template);
    if (template.metadata?.labels)
        delete template.metadata.labels['pod-template-hash'];
    const path = await client.pathFor('apps/v1', 'Deployment', namespace, name);
    try {
        await client.request('PATCH', path, {
            body: [
                { op: 'test', path: '/metadata/resourceVersion', value: deploy.metadata['resourceVersion'] },
                { op: 'replace', path: '/spec/template', value: template },
            ],
            contentType: 'application/json-patch+json',
            query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy },
        });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && (err.code === 409 || err.code === 422) && attempt < 3) {
            // Someone changed it between our read and the patch (the test op failed): read again.
            return undoDeployment(client, namespace, name, attempt + 1);
        }
        throw err;
    }
    return target.revision;
}
/**
 * The prior states a new release records: those taken over now, plus those the previous release
 * carried for objects this one still applies (so a later rollback can still put them back).
 */
function carryAdopted(previous, objects, adoptedNow) {
    const out = [...adoptedNow];
    for (const a of previous?.adopted ?? []) {
        if (objects.some((o) => sameKey(o, a)) && !out.some((o) => sameKey(o, a)))
            out.push(a);
    }
    return out;
}
/**
 * Put an adopted object back exactly as it was before this tool took it over: a full replace
 * (PUT) of the recorded state, so labels, annotations and fields this tool added go away;
 * recreated if it was deleted since. Retried when someone wrote it between our read and write.
 */
async function restorePriorState(client, prior, attempt = 1) {
    const ns = prior.metadata.namespace;
    const path = await client.pathFor(prior.apiVersion, prior.kind, ns, prior.metadata.name);
    const live = await client.get(prior.apiVersion, prior.kind, ns, prior.metadata.name);
    try {
        if (!live) {
            await client.request('POST', await client.pathFor(prior.apiVersion, prior.kind, ns), {
                body: prior,
                query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy },
            });
            return;
        }
        const body = { ...prior, metadata: { ...prior.metadata, resourceVersion: live.metadata['resourceVersion'] } };
        await client.request('PUT', path, { body, query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy } });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409 && attempt < 3)
            return restorePriorState(client, prior, attempt + 1);
        throw err;
    }
}
/**
 * Crash recovery, under the deploy lock: a deploy or rollback killed mid-way (SIGKILL, a runner
 * that vanished, a deploy that lost its lock) leaves its record `pending` or `rolling-back` and
 * maybe objects of its own. Restore the last `deployed` release over them — objects the
 * interrupted release created (that the restored one lacks) are deleted; Deployments it changed
 * that no record covers are undone — and mark each interrupted record `rolled-back`, naming who
 * recovered it. An object counts as created by the interrupted release when the API server
 * created it no earlier than that release's record (both times from the API server's clock).
 * Returns undefined when nothing was interrupted.
 */
async function recoverInterrupted(client, store, opts) {
    const log = opts.log ?? (() => { });
    const entries = await store.list();
    const lastDeployed = entries.filter((e) => e.status === 'deployed').at(-1);
    const interrupted = entries.filter((e) => e.number > (lastDeployed?.number ?? 0) && (e.status === 'pending' || e.status === 'rolling-back'));
    if (interrupted.length === 0)
        return undefined;
    const previous = lastDeployed?.record();
    const names = interrupted.map((e) => `v${e.number} (${e.status})`).join(', ');
    log(`release ${store.release} ${names} was interrupted (its deploy was killed or lost its lock); restoring ${previous ? `the last deployed release, v${previous.number}` : 'the state before it (no release was deployed)'} first`);
    const objects = [];
    const results = [];
    const seen = new Set();
    for (const e of interrupted) {
        const since = e.createdAt ? Date.parse(e.createdAt) : NaN;
        for (const o of e.record().objects) {
            const key = (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(o);
            const id = (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .describeObject */ .v8)(key);
            if (seen.has(id) || previous?.objects.some((p) => sameKey(p, o)))
                continue;
            seen.add(id);
            objects.push(o);
            const live = await client.get(key.apiVersion, key.kind, key.namespace, key.name);
            if (!live)
                continue;
            const created = Date.parse(String(live.metadata['creationTimestamp'] ?? ''));
            const action = !Number.isNaN(since) && !Number.isNaN(created) && created >= since ? 'created' : 'configured';
            results.push({ key, action, resourceVersion: String(live.metadata['resourceVersion'] ?? '') });
        }
    }
    const outcome = await restoreRelease(client, previous, { objects, results }, { ...(opts.signal ? { signal: opts.signal } : {}), log });
    for (const e of interrupted) {
        await store.setStatus(e.number, 'rolled-back', [
            `interrupted while ${e.status}; ${previous ? `v${previous.number} restored` : 'what it created removed'} by ${opts.by}`,
        ]);
    }
    return {
        interrupted: interrupted.map((e) => ({ number: e.number, status: e.status })),
        ...(previous ? { restored: previous.number } : {}),
        outcome,
    };
}


/***/ })

};
