export const id = 65;
export const ids = [65];
export const modules = {

/***/ 2065:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSandboxCommand: () => (/* binding */ runSandboxCommand)
});

// UNUSED EXPORTS: parseSandboxArgs

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/sandbox/app.ts

/** Defaults of {@link SandboxAppConfig}. */
function defaultAppConfig() {
    return { slowResponseMs: 2000, echoHeaders: true };
}
/** Headers that never reach a pod's echo (credentials), as an API server or ALB would not show them. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
/** What a pod answers to `req` (pure; the caller applies `delayMs` and writes the response). */
function appRespond(target, req, cfg) {
    const name = target.pod.metadata.name ?? '';
    const ns = target.pod.metadata.namespace ?? '';
    if (target.behaviour === 'crashloop' || target.behaviour === 'oomkilled') {
        return { kind: 'reset', delayMs: 0, reason: `container ${target.container} of pod ${ns}/${name} (${target.behaviour}) dropped the connection` };
    }
    const body = { pod: name, namespace: ns, image: target.image, path: req.path, method: req.method };
    if (cfg.echoHeaders) {
        const headers = {};
        for (const [k, v] of Object.entries(req.headers)) {
            if (v === undefined || HIDDEN_HEADERS.has(k))
                continue;
            headers[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        body.headers = headers;
    }
    let status = 200;
    if (target.behaviour === 'http-500') {
        status = 500;
        body.error = 'Internal Server Error';
    }
    const json = `${JSON.stringify(body)}\n`;
    return {
        kind: 'response',
        status,
        headers: { 'Content-Type': 'application/json', 'X-Sandbox-Pod': name },
        body: json,
        delayMs: target.behaviour === 'slow' ? cfg.slowResponseMs : 0,
    };
}
/**
 * The READY targets of `service` on `port` (a port number, a port name, or undefined for the
 * Service's only unnamed port), in Endpoints order. Ports are matched like the API server's
 * service proxy: a number picks the Service port with that number, whose name selects the
 * Endpoints port.
 */
function serviceTargets(store, registry, images, namespace, service, port) {
    const svc = store.get(registry.get('', 'services'), namespace, service);
    if (!svc)
        return { ok: false, code: 404, message: `services "${service}" not found` };
    const ports = (svc.spec?.ports ?? []);
    let portName;
    if (typeof port === 'number') {
        const hit = ports.find((p) => p.port === port);
        if (!hit)
            return { ok: false, code: 503, message: `no service port ${port} found for service "${service}"` };
        portName = hit.name ?? '';
    }
    else {
        portName = port ?? '';
    }
    const ep = store.get(registry.get('', 'endpoints'), namespace, service);
    const subsets = (ep?.subsets ?? []);
    const podType = registry.get('', 'pods');
    const targets = [];
    for (const ss of subsets) {
        const epPort = (ss.ports ?? []).find((p) => (p.name ?? '') === portName);
        if (!epPort)
            continue;
        for (const a of ss.addresses ?? []) {
            const podName = a.targetRef?.kind === 'Pod' ? a.targetRef.name : undefined;
            const pod = podName ? store.get(podType, namespace, podName) : undefined;
            if (!pod)
                continue;
            const containers = pod.spec?.containers ?? [];
            const c = containers.find((x) => (x.ports ?? []).some((p) => p.containerPort === epPort.port)) ?? containers[0];
            if (!c)
                continue;
            const image = c.image ?? '';
            targets.push({ pod, ip: a.ip, port: epPort.port, container: c.name, image, behaviour: behaviourOf(images, image) });
        }
    }
    if (targets.length === 0)
        return { ok: false, code: 503, message: `no endpoints available for service "${service}"` };
    return { ok: true, targets };
}
/** Round-robin position per key (a Service port, a target group): deterministic, unlike kube-proxy's random pick. */
class RoundRobin {
    next = new Map();
    /** Picks the next of `items` for `key`. */
    pick(key, items) {
        const i = this.next.get(key) ?? 0;
        this.next.set(key, (i + 1) % Math.max(1, items.length));
        return items[i % items.length];
    }
}

// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/checksum/index.js
var checksum = __webpack_require__(9542);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/protocols/index.js
var protocols = __webpack_require__(3422);
// EXTERNAL MODULE: ./node_modules/@smithy/signature-v4/dist-cjs/index.js
var dist_cjs = __webpack_require__(5118);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/sandbox/artefacts.ts
/**
 * The secret scan's recorder. When `EFD_ARTEFACT_DIR` names a directory (the test suite sets it),
 * every process of the suite appends what the tool produced — log lines, outputs, summaries,
 * report files, GitHub request bodies, objects written to the sandbox — and every secret value it
 * met (canaries) to `<dir>/<pid>.jsonl`; after the suite, a test scans all of it for every canary.
 * The sandbox uses it to record the writes it receives and the bearer tokens it accepts; the
 * tool itself never does. Without the variable, nothing is recorded.
 */


const dir = () => process.env['EFD_ARTEFACT_DIR'] || undefined;
let buffer = [];
let size = 0;
let hooked = false;
const seenCanaries = new Set();
/** Write what is buffered to this process's file (also done at exit and past 1 MiB). */
function flushArtefacts() {
    const d = dir();
    if (!d || buffer.length === 0)
        return;
    const out = buffer.join('');
    buffer = [];
    size = 0;
    try {
        // open/write/close rather than appendFileSync: the suite's capture wraps the latter.
        const fd = (0,external_node_fs_.openSync)((0,external_node_path_.join)(d, `${process.pid}.jsonl`), 'a');
        try {
            (0,external_node_fs_.writeSync)(fd, out);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    catch {
        // The directory is gone (the suite ended): nothing left to scan.
    }
}
/** True when artefacts are being recorded. */
function recording() {
    return dir() !== undefined;
}
/** Record one artefact (no-op unless `EFD_ARTEFACT_DIR` is set). */
function recordArtefact(channel, where, text) {
    if (!dir() || text.length === 0)
        return;
    if (!hooked) {
        hooked = true;
        process.on('exit', flushArtefacts);
    }
    const line = `${JSON.stringify({ channel, where, text })}\n`;
    buffer.push(line);
    size += line.length;
    if (size > 1 << 20)
        flushArtefacts();
}
/** Record a secret value the scan must never find in an artefact (once per value per process). */
function registerCanary(label, value) {
    if (!value || value.length < 8 || seenCanaries.has(value))
        return;
    seenCanaries.add(value);
    recordArtefact('canary', label, value);
}
/**
 * A write to `secrets` with its payload taken out: `data`/`stringData` of objects (and of list
 * items), and the values of JSON-patch operations.
 */
function withoutSecretPayload(body) {
    if (Array.isArray(body))
        return body.map((op) => (op && typeof op === 'object' && 'op' in op ? { ...op, value: '(secret payload)' } : withoutSecretPayload(op)));
    if (!body || typeof body !== 'object')
        return body;
    const { data: _d, stringData: _s, ...rest } = body;
    if (Array.isArray(rest['items']))
        rest['items'] = rest['items'].map(withoutSecretPayload);
    return rest;
}

// EXTERNAL MODULE: ./src/aws/eks-token.ts
var eks_token = __webpack_require__(1104);
// EXTERNAL MODULE: ./src/fargate/profiles.ts
var profiles = __webpack_require__(2110);
;// CONCATENATED MODULE: ./src/sandbox/auth.ts

/** The bearer token of a request, if any. */
function bearerToken(req) {
    const h = req.headers.authorization;
    if (!h)
        return undefined;
    const m = h.match(/^Bearer\s+(.+)$/i);
    return m ? m[1].trim() : undefined;
}
function sameSecret(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && (0,external_node_crypto_.timingSafeEqual)(x, y);
}
/**
 * Static bearer tokens. Tokens that look like EKS tokens are left to the EKS authenticator;
 * any other unknown bearer token is a 401.
 */
class StaticTokenAuthenticator {
    name = 'static-token';
    users;
    constructor(users) {
        this.users = users;
    }
    async authenticate(req) {
        const token = bearerToken(req);
        if (!token || token.startsWith('k8s-aws-v1.'))
            return undefined;
        const user = this.users.find((u) => sameSecret(u.token, token));
        if (!user)
            return { error: 401, message: 'Unauthorized' };
        return { user: { username: user.username, groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } };
    }
}
/** Paths anyone may read (EKS's system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
/**
 * The default authorizer: `system:masters` may do everything; members of
 * `sandbox:read-only` may only get/list/watch; anonymous users only the public paths.
 */
class SandboxAuthorizer {
    authorize(user, attrs) {
        if (user.username === 'system:anonymous')
            return PUBLIC_PATHS.has(attrs.path) ? { allowed: true } : { allowed: false };
        if (user.groups.includes('system:masters'))
            return { allowed: true };
        if (user.groups.includes('sandbox:read-only') && ['get', 'list', 'watch'].includes(attrs.verb))
            return { allowed: true };
        return { allowed: false };
    }
}
/** The 403 message the API server writes for a denied request. */
function forbiddenMessage(user, a) {
    if (!a.isResourceRequest)
        return `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`;
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const target = a.name ? `${a.resource} "${a.name}"` : a.resource;
    const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
    return `${target} is forbidden: User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group ?? ''}"${scope}`;
}

;// CONCATENATED MODULE: ./src/sandbox/eks-auth.ts
/**
 * EKS token authentication for the sandbox, the way EKS's authenticator (aws-iam-authenticator)
 * checks a `k8s-aws-v1.` bearer token:
 *
 * 1. decode it to the presigned STS GetCallerIdentity URL; the URL must point at the configured
 *    STS endpoint (never call a host the token names: that would be a server-side request forgery),
 *    path `/`, only the SigV4 query parameters, each once, `Action=GetCallerIdentity`;
 * 2. `x-k8s-aws-id` must be among `X-Amz-SignedHeaders`; `X-Amz-Expires` within 0–900 s; the token
 *    is accepted for 15 minutes after `X-Amz-Date`, whatever `X-Amz-Expires` says (EKS's rule);
 * 3. call the URL with `x-k8s-aws-id: <cluster name>` — STS verifies the signature, and with it that
 *    the token was made for this cluster — and read the caller's ARN from the answer;
 * 4. map the ARN (assumed-role ARNs canonicalised to the role ARN) to a username and groups, like
 *    an EKS access entry / aws-auth mapping. Unmapped callers are not authenticated.
 *
 * moto does not verify signatures, so against moto step 3 proves nothing about the cluster name.
 * For that case the sandbox can verify signatures itself when it knows the secret key
 * (`signingKeys`, e.g. moto's `testing` keys): it re-signs the same request with its own cluster
 * name and compares. Every failure is a 401 `Unauthorized` Status, as EKS answers; the reason is
 * kept in `rejections` (never the token).
 */









/** Validates the `eks` config section; errors name the field. */
function parseEksConfig(input, field = 'eks') {
    const bad = (f, m) => {
        throw new errors/* UserInputError */.m2(`sandbox config ${f} ${m}`);
    };
    if (typeof input !== 'object' || input === null || Array.isArray(input))
        bad(field, 'must be a mapping');
    const o = input;
    const known = ['region', 'readProfiles', 'stsEndpoint', 'eksEndpoint', 'principals', 'signingKeys', 'motoCompat'];
    for (const k of Object.keys(o))
        if (!known.includes(k))
            bad(`${field}.${k}`, `is not an eks setting (expected ${known.join(', ')})`);
    if (typeof o.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(o.region))
        bad(`${field}.region`, `must be an AWS region like us-east-1, got ${JSON.stringify(o.region)}`);
    for (const k of ['readProfiles', 'motoCompat'])
        if (o[k] !== undefined && typeof o[k] !== 'boolean')
            bad(`${field}.${k}`, 'must be true or false');
    for (const k of ['stsEndpoint', 'eksEndpoint']) {
        if (o[k] === undefined)
            continue;
        let ok = typeof o[k] === 'string';
        try {
            if (ok)
                ok = /^https?:$/.test(new URL(o[k]).protocol);
        }
        catch {
            ok = false;
        }
        if (!ok)
            bad(`${field}.${k}`, `must be an http(s) URL, got ${JSON.stringify(o[k])}`);
    }
    const principals = o.principals ?? [];
    if (!Array.isArray(principals))
        bad(`${field}.principals`, 'must be a list of {arn, username, groups}');
    principals.forEach((p, i) => {
        const f = `${field}.principals[${i}]`;
        if (typeof p !== 'object' || p === null)
            bad(f, 'must be a mapping with arn, username, groups');
        const r = p;
        if (typeof r.arn !== 'string' || !r.arn.startsWith('arn:'))
            bad(`${f}.arn`, `must be an IAM ARN pattern, got ${JSON.stringify(r.arn)}`);
        if (r.username !== undefined && (typeof r.username !== 'string' || !r.username))
            bad(`${f}.username`, 'must be a non-empty string');
        if (r.groups !== undefined && (!Array.isArray(r.groups) || r.groups.some((g) => typeof g !== 'string')))
            bad(`${f}.groups`, 'must be a list of strings');
    });
    const keys = o.signingKeys ?? [];
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'object' || k === null || typeof k.accessKeyId !== 'string' || typeof k.secretAccessKey !== 'string')) {
        bad(`${field}.signingKeys`, 'must be a list of {accessKeyId, secretAccessKey}');
    }
    return o;
}
/**
 * Canonical form of a caller ARN, as aws-iam-authenticator computes it: an assumed-role session
 * becomes its role (path dropped), users/root/federated users stay as they are.
 */
function canonicalizeArn(arn) {
    const m = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
    if (!m)
        throw new Error(`arn "${arn}" is not an IAM/STS ARN`);
    const [, partition, service, account, resource] = m;
    if (service === 'sts' && resource.startsWith('assumed-role/')) {
        const parts = resource.split('/');
        if (parts.length < 3)
            throw new Error(`assumed-role arn "${arn}" has no session name`);
        return { canonical: `arn:${partition}:iam::${account}:role/${parts[1]}`, kind: 'role', sessionName: parts.slice(2).join('/') };
    }
    if (service === 'sts' && resource.startsWith('federated-user/'))
        return { canonical: arn, kind: 'federated-user' };
    if (service === 'iam' && resource === 'root')
        return { canonical: arn, kind: 'root' };
    if (service === 'iam' && resource.startsWith('user/'))
        return { canonical: arn, kind: 'user' };
    if (service === 'iam' && resource.startsWith('role/'))
        return { canonical: `arn:${partition}:iam::${account}:role/${resource.split('/').pop()}`, kind: 'role' };
    throw new Error(`arn "${arn}" is not a user, role, root or federated user`);
}
const ALLOWED_PARAMS = new Set(['action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders']);
/** EKS accepts a token this long after its X-Amz-Date, whatever X-Amz-Expires says. */
const EKS_TOKEN_VALIDITY_MS = 15 * 60_000;
const MAX_TOKEN_BYTES = 4096;
/** How long a verified token is trusted without asking STS again (the API server's token webhook cache). */
const CACHE_TTL_MS = 2 * 60_000;
class Rejected extends Error {
}
function reject(message) {
    throw new Rejected(message);
}
/** The `k8s-aws-v1.` token authenticator. */
class EksTokenAuthenticator {
    name = 'eks-token';
    /** Why recent tokens were refused (newest last, at most 100). */
    rejections = [];
    /** Number of STS calls made (cache misses). */
    stsCalls = 0;
    opts;
    endpoint;
    cache = new Map();
    constructor(opts) {
        this.opts = opts;
        this.endpoint = (0,eks_token/* resolveStsEndpoint */.MX)(opts.region, opts.stsEndpoint, opts.env).url;
    }
    now() {
        return this.opts.now?.() ?? new Date();
    }
    async authenticate(req) {
        const token = bearerToken(req);
        if (!token?.startsWith(eks_token/* EKS_TOKEN_PREFIX */.tS))
            return undefined;
        registerCanary('EKS bearer token seen by the sandbox', token);
        const key = (0,external_node_crypto_.createHash)('sha256').update(token).digest('hex');
        const hit = this.cache.get(key);
        if (hit && hit.until > this.now().getTime())
            return { user: hit.user };
        try {
            const { user, expiresAt } = await this.verify(token);
            if (this.cache.size > 1000)
                this.cache.clear();
            this.cache.set(key, { user, until: Math.min(expiresAt, this.now().getTime() + CACHE_TTL_MS) });
            return { user };
        }
        catch (err) {
            const reason = err instanceof Rejected ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
            this.rejections.push({ time: this.now().toISOString(), reason });
            if (this.rejections.length > 100)
                this.rejections.shift();
            return { error: 401, message: 'Unauthorized' };
        }
    }
    /** Checks a token and resolves its user; throws with the reason EKS's authenticator would log. */
    async verify(token) {
        if (token.length > MAX_TOKEN_BYTES)
            reject('token is too large');
        let decoded;
        try {
            decoded = (0,eks_token/* decodeEksToken */.vD)(token);
        }
        catch (err) {
            reject(err.message);
        }
        const { url } = decoded;
        const ep = this.endpoint;
        if (url.protocol !== ep.protocol)
            reject(`unexpected scheme "${url.protocol.replace(':', '')}" in pre-signed URL`);
        if (url.host !== ep.host)
            reject(`unexpected hostname "${url.host}" in pre-signed URL`);
        const epPath = ep.pathname || '/';
        if ((url.pathname || '/') !== epPath)
            reject('unexpected path in pre-signed URL');
        const lower = new Map();
        for (const [k, v] of url.searchParams) {
            const l = k.toLowerCase();
            if (lower.has(l))
                reject(`duplicate query parameter found: "${k}"`);
            if (!ALLOWED_PARAMS.has(l))
                reject(`non-whitelisted query parameter "${k}"`);
            lower.set(l, v);
        }
        if (lower.get('action') !== 'GetCallerIdentity')
            reject('unexpected action parameter in pre-signed URL');
        const signed = (lower.get('x-amz-signedheaders') ?? '').split(';').map((s) => s.toLowerCase());
        if (!signed.includes(eks_token/* CLUSTER_ID_HEADER */.F6))
            reject(`client did not sign the ${eks_token/* CLUSTER_ID_HEADER */.F6} header in the pre-signed URL`);
        const expiresRaw = lower.get('x-amz-expires') ?? '';
        const expires = /^\d+$/.test(expiresRaw) ? Number(expiresRaw) : NaN;
        if (!(expires >= 0 && expires <= 900))
            reject(`invalid X-Amz-Expires parameter in pre-signed URL: ${expiresRaw || 0}`);
        const dateRaw = lower.get('x-amz-date');
        if (!dateRaw)
            reject('X-Amz-Date parameter must be present in pre-signed URL');
        const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(dateRaw);
        if (!dm)
            reject(`error parsing X-Amz-Date parameter ${dateRaw} into format 20060102T150405Z`);
        const signedAt = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(dm[4]), Number(dm[5]), Number(dm[6]));
        const expiresAt = signedAt + EKS_TOKEN_VALIDITY_MS;
        if (this.now().getTime() > expiresAt)
            reject(`X-Amz-Date parameter is expired (15 minute expiration) ${new Date(signedAt).toISOString()}`);
        const credential = lower.get('x-amz-credential') ?? '';
        const [accessKeyId = '', , credRegion = ''] = credential.split('/');
        const known = this.opts.signingKeys?.find((k) => k.accessKeyId === accessKeyId);
        if (known)
            await this.checkSignature(url, lower, known, credRegion, new Date(signedAt), expires, signed);
        const identity = await this.callSts(url, lower, accessKeyId);
        const mapping = (this.opts.principals ?? []).find((p) => (0,profiles/* wildcardMatch */.UF)(p.arn, identity.canonicalArn) || (0,profiles/* wildcardMatch */.UF)(p.arn, identity.arn));
        if (!mapping)
            reject(`ARN is not mapped: ${identity.canonicalArn}`);
        const defaultName = identity.kind === 'role' ? `arn:aws:sts::{{AccountID}}:assumed-role/${identity.canonicalArn.split('/').pop()}/{{SessionName}}` : identity.canonicalArn;
        const username = (mapping.username ?? defaultName)
            .replaceAll('{{AccountID}}', identity.accountId)
            .replaceAll('{{SessionName}}', (identity.sessionName ?? '').replace(/@/g, '-'))
            .replaceAll('{{SessionNameRaw}}', identity.sessionName ?? '')
            .replaceAll('{{AccessKeyID}}', identity.accessKeyId)
            .replaceAll('{{ARN}}', identity.arn);
        const user = {
            username,
            groups: [...new Set([...(mapping.groups ?? []), 'system:authenticated'])],
            extra: {
                arn: [identity.arn],
                canonicalArn: [identity.canonicalArn],
                accessKeyId: [identity.accessKeyId],
                principalId: [identity.userId],
                ...(identity.sessionName ? { sessionName: [identity.sessionName] } : {}),
            },
        };
        return { user, identity, expiresAt };
    }
    /** Re-signs the request with this cluster's name and a known secret; a different signature means another cluster or key. */
    async checkSignature(url, lower, key, region, signedAt, expires, signedHeaders) {
        if (signedHeaders.some((hd) => hd !== 'host' && hd !== eks_token/* CLUSTER_ID_HEADER */.F6))
            reject(`pre-signed URL signs headers the API server cannot send: ${signedHeaders.join(';')}`);
        const query = {};
        for (const [k, v] of url.searchParams)
            if (!k.toLowerCase().startsWith('x-amz-'))
                query[k] = v;
        const signer = new dist_cjs.SignatureV4({
            service: 'sts',
            region,
            credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, ...(lower.has('x-amz-security-token') ? { sessionToken: lower.get('x-amz-security-token') } : {}) },
            sha256: checksum.Sha256,
            uriEscapePath: true,
            applyChecksum: false,
        });
        const request = new protocols.HttpRequest({
            method: 'GET',
            protocol: url.protocol,
            hostname: url.hostname,
            ...(url.port ? { port: Number(url.port) } : {}),
            path: url.pathname || '/',
            query,
            headers: { host: url.host, [eks_token/* CLUSTER_ID_HEADER */.F6]: this.opts.clusterName },
        });
        const presigned = await signer.presign(request, { expiresIn: expires, signingDate: signedAt });
        const want = Buffer.from(String(presigned.query?.['X-Amz-Signature'] ?? ''));
        const got = Buffer.from(lower.get('x-amz-signature') ?? '');
        if (want.length !== got.length || !(0,external_node_crypto_.timingSafeEqual)(want, got)) {
            reject(`SignatureDoesNotMatch: the token was not signed for cluster "${this.opts.clusterName}" with the key ${key.accessKeyId}`);
        }
    }
    async callSts(url, lower, accessKeyId) {
        const headers = { [eks_token/* CLUSTER_ID_HEADER */.F6]: this.opts.clusterName, accept: 'application/json' };
        if (this.opts.motoCompat ?? this.endpoint.protocol === 'http:') {
            headers.authorization = `AWS4-HMAC-SHA256 Credential=${lower.get('x-amz-credential') ?? ''}, SignedHeaders=${lower.get('x-amz-signedheaders') ?? ''}, Signature=${lower.get('x-amz-signature') ?? ''}`;
        }
        this.stsCalls++;
        let res;
        try {
            res = await fetch(url, { headers, signal: AbortSignal.timeout(this.opts.stsTimeoutMs ?? 10_000), redirect: 'error' });
        }
        catch (err) {
            reject(`error during GET: ${err.message} on ${this.endpoint.host} endpoint`);
        }
        const body = await res.text();
        if (res.status !== 200)
            reject(`error from AWS (expected 200, got ${res.status}) on ${this.endpoint.host} endpoint. Body: ${body.slice(0, 300)}`);
        let arn;
        let account;
        let userId;
        if ((res.headers.get('content-type') ?? '').includes('json')) {
            try {
                const r = JSON.parse(body).GetCallerIdentityResponse?.GetCallerIdentityResult;
                ({ Arn: arn, Account: account, UserId: userId } = r ?? {});
            }
            catch {
                reject('STS answered with invalid JSON');
            }
        }
        else {
            // moto answers XML whatever Accept says.
            const tag = (n) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(body)?.[1];
            arn = tag('Arn');
            account = tag('Account');
            userId = tag('UserId');
        }
        if (!arn || !account || !userId)
            reject('STS GetCallerIdentity answered without Arn, Account or UserId');
        let c;
        try {
            c = canonicalizeArn(arn);
        }
        catch (err) {
            reject(err.message);
        }
        let sessionName = c.sessionName;
        if (c.kind === 'role' && !sessionName && userId.includes(':'))
            sessionName = userId.split(':')[1];
        return { arn, canonicalArn: c.canonical, accountId: account, userId: c.kind === 'role' ? userId.split(':')[0] : userId, accessKeyId, kind: c.kind, ...(sessionName ? { sessionName } : {}) };
    }
}

;// CONCATENATED MODULE: ./src/sandbox/registry.ts
/**
 * The resource registry: one table row per kind the sandbox serves. Discovery, OpenAPI, routing,
 * the store and the controllers all read this table, so adding a kind is one entry here.
 */
/** `apiVersion` string (`v1`, `apps/v1`). */
function apiVersionOf(t) {
    return t.group ? `${t.group}/${t.version}` : t.version;
}
/** The map key the store uses for a resource type. */
function resourceKey(t) {
    return t.group ? `${t.resource}.${t.group}` : t.resource;
}
const core = (resource, kind, namespaced, extra = {}) => ({
    group: '',
    version: 'v1',
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    ...extra,
});
const grouped = (group, version, resource, kind, namespaced, extra = {}) => ({
    group,
    version,
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    ...extra,
});
/** Every kind the sandbox serves. */
const RESOURCE_TYPES = [
    core('namespaces', 'Namespace', false, { shortNames: ['ns'], subresources: ['status'], hasStatus: true }),
    core('pods', 'Pod', true, { shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'], hasStatus: true }),
    core('services', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'], hasStatus: true }),
    core('endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
    core('configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
    core('secrets', 'Secret', true),
    core('serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
    core('events', 'Event', true, { shortNames: ['ev'] }),
    core('nodes', 'Node', false, { shortNames: ['no'], subresources: ['status'], hasStatus: true }),
    core('persistentvolumes', 'PersistentVolume', false, { shortNames: ['pv'], subresources: ['status'], hasStatus: true, storedOnly: true }),
    core('persistentvolumeclaims', 'PersistentVolumeClaim', true, { shortNames: ['pvc'], subresources: ['status'], hasStatus: true, storedOnly: true }),
    grouped('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], hasStatus: true }),
    grouped('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], hasStatus: true }),
    grouped('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, { shortNames: ['ing'], subresources: ['status'], hasStatus: true }),
    grouped('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
    grouped('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'], subresources: ['status'], hasStatus: true }),
    grouped('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, { shortNames: ['pdb'], subresources: ['status'], hasStatus: true }),
    grouped('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
    grouped('batch', 'v1', 'jobs', 'Job', true, { categories: ['all'], subresources: ['status'], hasStatus: true, storedOnly: true }),
    // External Secrets Operator serves v1 (current) and v1beta1 (older manifests) of the same resource.
    grouped('external-secrets.io', 'v1', 'externalsecrets', 'ExternalSecret', true, { shortNames: ['es'], subresources: ['status'], hasStatus: true, storedOnly: true }),
    grouped('external-secrets.io', 'v1beta1', 'externalsecrets', 'ExternalSecret', true, { shortNames: ['es'], subresources: ['status'], hasStatus: true, storedOnly: true }),
    grouped('elbv2.k8s.aws', 'v1beta1', 'targetgroupbindings', 'TargetGroupBinding', true, { subresources: ['status'], hasStatus: true, storedOnly: true }),
];
/** Lookup helpers over a list of resource types. */
class ResourceRegistry {
    types;
    byKey = new Map();
    byGvr = new Map();
    byGvk = new Map();
    constructor(types = RESOURCE_TYPES) {
        this.types = types;
        for (const t of types) {
            this.byKey.set(resourceKey(t), t);
            this.byGvr.set(`${t.group}/${t.version}/${t.resource}`, t);
            this.byGvk.set(`${apiVersionOf(t)}/${t.kind}`, t);
        }
    }
    /** By group + version + plural resource (URL form). */
    byResource(group, version, resource) {
        return this.byGvr.get(`${group}/${version}/${resource}`);
    }
    /** By `apiVersion` + `kind` (object form). */
    byKind(apiVersion, kind) {
        return this.byGvk.get(`${apiVersion}/${kind}`);
    }
    /** By store key (`deployments.apps`). */
    byStoreKey(key) {
        return this.byKey.get(key);
    }
    /** Shorthand for controllers: `get('apps', 'deployments')`. */
    get(group, resource) {
        const t = this.byKey.get(group ? `${resource}.${group}` : resource);
        if (!t)
            throw new Error(`sandbox registry has no resource ${resource} in group "${group}"`);
        return t;
    }
    /** Distinct group/versions, core first, in registration order. */
    groupVersions() {
        const seen = new Set();
        const out = [];
        for (const t of this.types) {
            const k = `${t.group}/${t.version}`;
            if (!seen.has(k)) {
                seen.add(k);
                out.push({ group: t.group, version: t.version });
            }
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/status.ts
/**
 * Kubernetes `Status` objects: every error the sandbox returns is one, with the reason and code
 * the real API server uses, so clients (kubectl, our own kube layer) parse them as they would EKS's.
 */
/** The `reason` strings of `metav1.StatusReason` the sandbox uses. */
const StatusReason = {
    BadRequest: 'BadRequest',
    Unauthorized: 'Unauthorized',
    Forbidden: 'Forbidden',
    NotFound: 'NotFound',
    AlreadyExists: 'AlreadyExists',
    Conflict: 'Conflict',
    Gone: 'Expired',
    Invalid: 'Invalid',
    MethodNotAllowed: 'MethodNotAllowed',
    NotAcceptable: 'NotAcceptable',
    UnsupportedMediaType: 'UnsupportedMediaType',
    TooManyRequests: 'TooManyRequests',
    InternalError: 'InternalError',
    ServiceUnavailable: 'ServiceUnavailable',
    Timeout: 'Timeout',
};
/** An error that the HTTP layer turns into a `Status` response with `code`. */
class StatusError extends Error {
    code;
    reason;
    details;
    headers;
    constructor(code, reason, message, details, headers = {}) {
        super(message);
        this.name = 'StatusError';
        this.code = code;
        this.reason = reason;
        this.details = details;
        this.headers = headers;
    }
    /** The wire body. */
    toStatus() {
        const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
        if (this.details)
            body.details = this.details;
        return body;
    }
}
function qualified(t) {
    return t.group ? `${t.resource}.${t.group}` : t.resource;
}
/** 404 `deployments.apps "web" not found`. */
function notFound(t) {
    return new StatusError(404, StatusReason.NotFound, `${qualified(t)} "${t.name}" not found`, { name: t.name, group: t.group || undefined, kind: t.resource });
}
/** 409 AlreadyExists. */
function alreadyExists(t) {
    return new StatusError(409, StatusReason.AlreadyExists, `${qualified(t)} "${t.name}" already exists`, { name: t.name, group: t.group || undefined, kind: t.resource });
}
/** 409 Conflict for a stale resourceVersion (optimistic concurrency). */
function staleConflict(t) {
    return new StatusError(409, StatusReason.Conflict, `Operation cannot be fulfilled on ${qualified(t)} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: t.name, group: t.group || undefined, kind: t.resource });
}
/** 422 Invalid with one cause per field error, formatted like `Deployment.apps "web" is invalid: spec.x: Required value`. */
function invalid(t, causes) {
    const kindQ = t.group ? `${t.kind}.${t.group}` : t.kind;
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    const message = `${kindQ} "${t.name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
    return new StatusError(422, StatusReason.Invalid, message, { name: t.name, group: t.group || undefined, kind: t.kind, causes });
}
/** 400 BadRequest. */
function badRequest(message, causes) {
    return new StatusError(400, StatusReason.BadRequest, message, causes ? { causes } : undefined);
}
/** 410 Gone for an expired watch/list resourceVersion. */
function gone(message) {
    return new StatusError(410, StatusReason.Gone, message);
}

;// CONCATENATED MODULE: ./src/sandbox/faults.ts
/**
 * Fault injection for the sandbox API server: the ways EKS goes wrong, on purpose and
 * reproducibly. Rules select requests (verbs, resources as RBAC writes them, namespaces, names,
 * non-resource paths) and inject errors (429 with Retry-After, 500, 503, 504 — real `Status`
 * bodies), added latency (fixed or a random range), connection resets, watch streams cut after N
 * events or T ms, expired resourceVersions (410 on resume), and slow or stuck controllers.
 *
 * Deterministic by seed: every rule draws from its own seeded PRNG, so the n-th request a rule
 * matches gets the same decision in every run with the same seed and the same request order,
 * whatever the other rules do. Switchable at run time (`set`, `clear`); what was injected is
 * counted (`stats`) and named in the audit log (`AuditRecord.fault`).
 */



/** Error status codes a rule can inject. */
const FaultErrorCodes = [429, 500, 503, 504];
/** mulberry32: a tiny, good-enough seeded PRNG (the decisions only need to be reproducible). */
function seededRandom(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
function fail(field, message) {
    throw new errors/* UserInputError */.m2(`sandbox config ${field} ${message}`);
}
function stringList(v, field) {
    if (v === undefined)
        return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))
        fail(field, `must be a list of non-empty strings, got ${JSON.stringify(v)}`);
    return v;
}
function nonNegative(v, field, integer = false) {
    if (v === undefined)
        return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)))
        fail(field, `must be a non-negative ${integer ? 'integer' : 'number'}, got ${JSON.stringify(v)}`);
    return v;
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const RULE_KEYS = new Set(['name', 'verbs', 'resources', 'namespaces', 'names', 'paths', 'probability', 'after', 'times', 'error', 'latencyMs', 'reset', 'watch', 'expireResourceVersion']);
/**
 * Validates a fault config (from a file or code); throws a UserInputError naming the field
 * (`faults.rules[1].error.code`). An array is taken as the rules.
 */
function parseFaultConfig(input, field = 'faults') {
    const raw = Array.isArray(input) ? { rules: input } : input;
    if (!isRecord(raw))
        fail(field, `must be a mapping with seed, rules and controllers, got ${JSON.stringify(input)}`);
    for (const k of Object.keys(raw))
        if (!['seed', 'rules', 'controllers'].includes(k))
            fail(`${field}.${k}`, 'is not a fault setting (expected seed, rules, controllers)');
    const out = {};
    if (raw.seed !== undefined)
        out.seed = nonNegative(raw.seed, `${field}.seed`, true);
    if (raw.controllers !== undefined) {
        const c = raw.controllers;
        if (!isRecord(c))
            fail(`${field}.controllers`, 'must be a mapping with paused and drainDelayMs');
        if (c.paused !== undefined && typeof c.paused !== 'boolean')
            fail(`${field}.controllers.paused`, `must be true or false, got ${JSON.stringify(c.paused)}`);
        out.controllers = { ...(c.paused !== undefined ? { paused: c.paused } : {}), ...(c.drainDelayMs !== undefined ? { drainDelayMs: nonNegative(c.drainDelayMs, `${field}.controllers.drainDelayMs`) } : {}) };
    }
    if (raw.rules !== undefined) {
        if (!Array.isArray(raw.rules))
            fail(`${field}.rules`, 'must be a list');
        out.rules = raw.rules.map((r, i) => parseRule(r, `${field}.rules[${i}]`));
    }
    return out;
}
function parseRule(r, f) {
    if (!isRecord(r))
        fail(f, 'must be a mapping');
    for (const k of Object.keys(r))
        if (!RULE_KEYS.has(k))
            fail(`${f}.${k}`, `is not a rule field (expected one of ${[...RULE_KEYS].join(', ')})`);
    const rule = {};
    if (r.name !== undefined) {
        if (typeof r.name !== 'string' || !r.name)
            fail(`${f}.name`, 'must be a non-empty string');
        rule.name = r.name;
    }
    for (const k of ['verbs', 'resources', 'namespaces', 'names', 'paths']) {
        const v = stringList(r[k], `${f}.${k}`);
        if (v)
            rule[k] = v;
    }
    if (r.probability !== undefined) {
        const p = nonNegative(r.probability, `${f}.probability`);
        if (p > 1)
            fail(`${f}.probability`, `must be between 0 and 1, got ${p}`);
        rule.probability = p;
    }
    if (r.after !== undefined)
        rule.after = nonNegative(r.after, `${f}.after`, true);
    if (r.times !== undefined)
        rule.times = nonNegative(r.times, `${f}.times`, true);
    if (r.error !== undefined) {
        const e = r.error;
        if (!isRecord(e))
            fail(`${f}.error`, 'must be a mapping with code (429, 500, 503, 504), retryAfterSeconds, message');
        if (!FaultErrorCodes.includes(e.code))
            fail(`${f}.error.code`, `must be one of ${FaultErrorCodes.join(', ')}, got ${JSON.stringify(e.code)}`);
        if (e.message !== undefined && typeof e.message !== 'string')
            fail(`${f}.error.message`, 'must be a string');
        rule.error = { code: e.code, ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: nonNegative(e.retryAfterSeconds, `${f}.error.retryAfterSeconds`, true) } : {}), ...(e.message !== undefined ? { message: e.message } : {}) };
    }
    if (r.latencyMs !== undefined) {
        const l = r.latencyMs;
        if (Array.isArray(l)) {
            if (l.length !== 2)
                fail(`${f}.latencyMs`, `must be a number or [min, max], got ${JSON.stringify(l)}`);
            const min = nonNegative(l[0], `${f}.latencyMs[0]`);
            const max = nonNegative(l[1], `${f}.latencyMs[1]`);
            if (max < min)
                fail(`${f}.latencyMs`, `range [${min}, ${max}] has max below min`);
            rule.latencyMs = [min, max];
        }
        else
            rule.latencyMs = nonNegative(l, `${f}.latencyMs`);
    }
    if (r.reset !== undefined) {
        if (typeof r.reset !== 'boolean')
            fail(`${f}.reset`, 'must be true or false');
        rule.reset = r.reset;
    }
    if (r.watch !== undefined) {
        const w = r.watch;
        if (!isRecord(w) || (w.maxEvents === undefined && w.maxDurationMs === undefined))
            fail(`${f}.watch`, 'must be a mapping with maxEvents and/or maxDurationMs');
        rule.watch = { ...(w.maxEvents !== undefined ? { maxEvents: nonNegative(w.maxEvents, `${f}.watch.maxEvents`, true) } : {}), ...(w.maxDurationMs !== undefined ? { maxDurationMs: nonNegative(w.maxDurationMs, `${f}.watch.maxDurationMs`) } : {}) };
    }
    if (r.expireResourceVersion !== undefined) {
        if (typeof r.expireResourceVersion !== 'boolean')
            fail(`${f}.expireResourceVersion`, 'must be true or false');
        rule.expireResourceVersion = r.expireResourceVersion;
    }
    if (!rule.error && rule.latencyMs === undefined && !rule.reset && !rule.watch && !rule.expireResourceVersion) {
        fail(f, 'has no effect: set error, latencyMs, reset, watch or expireResourceVersion');
    }
    return rule;
}
function listMatches(list, value) {
    return !list || list.includes('*') || list.includes(value);
}
function resourceMatches(list, resource, sub) {
    if (!list)
        return true;
    return list.some((r) => r === '*' || (sub ? r === `${resource}/${sub}` || r === `${resource}/*` || r === `*/${sub}` : r === resource));
}
function pathMatches(list, path) {
    if (!list)
        return true;
    return list.some((p) => p === '*' || p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))));
}
/** The fault injector: a {@link Middleware} plus run-time switches. */
class FaultInjector {
    deps;
    rules = [];
    seed = 1;
    counts = { injected: 0, byRule: {}, byEffect: {} };
    constructor(deps, initial) {
        this.deps = deps;
        if (initial)
            this.set(initial);
    }
    /**
     * Replaces the active faults (rules restart their PRNG streams and counts of matched requests;
     * `stats()` keeps counting). Controller faults not given are switched off.
     */
    set(config) {
        const c = parseFaultConfig(config);
        this.seed = c.seed ?? 1;
        this.rules = (c.rules ?? []).map((rule, i) => ({ rule, name: rule.name ?? `rule-${i}`, rng: seededRandom((this.seed * 0x9e3779b1 + i * 0x85ebca6b) >>> 0), matched: 0, injected: 0 }));
        this.deps.runner.paused = c.controllers?.paused ?? false;
        this.deps.runner.drainDelayMs = c.controllers?.drainDelayMs ?? 0;
    }
    /** Switches every fault off (requests and controllers). */
    clear() {
        this.set({});
    }
    /** What was injected since start (or {@link resetStats}). */
    stats() {
        return { injected: this.counts.injected, byRule: { ...this.counts.byRule }, byEffect: { ...this.counts.byEffect } };
    }
    /** Zeroes the counters. */
    resetStats() {
        this.counts = { injected: 0, byRule: {}, byEffect: {} };
    }
    count(ctx, rule, effect) {
        this.counts.byEffect[effect] = (this.counts.byEffect[effect] ?? 0) + 1;
        (ctx.faults ??= []).push(`${rule}:${effect}`);
    }
    matches(s, ctx) {
        const { rule } = s;
        const { info } = ctx;
        if (!listMatches(rule.verbs, info.verb))
            return false;
        if (info.isResourceRequest) {
            if (rule.paths && !rule.resources)
                return false;
            if (!resourceMatches(rule.resources, info.resource, info.subresource))
                return false;
            if (!listMatches(rule.namespaces, info.namespace))
                return false;
            if (!listMatches(rule.names, info.name))
                return false;
        }
        else {
            if (rule.resources || rule.namespaces || rule.names)
                return false;
            if (!pathMatches(rule.paths, info.path))
                return false;
        }
        // Watch-only effects make a rule without other effects a watch rule.
        const watchOnly = !rule.error && rule.latencyMs === undefined && !rule.reset;
        if (watchOnly && info.verb !== 'watch')
            return false;
        return true;
    }
    /** The middleware to install with `sb.http.use(...)`. */
    middleware = async (ctx, next) => {
        for (const s of this.rules) {
            if (!this.matches(s, ctx))
                continue;
            s.matched++;
            if (s.rule.after !== undefined && s.matched <= s.rule.after)
                continue;
            if (s.rule.times !== undefined && s.injected >= s.rule.times)
                continue;
            if (s.rng() >= (s.rule.probability ?? 1))
                continue;
            s.injected++;
            this.counts.injected++;
            this.counts.byRule[s.name] = (this.counts.byRule[s.name] ?? 0) + 1;
            const { rule } = s;
            if (rule.latencyMs !== undefined) {
                const ms = Array.isArray(rule.latencyMs) ? rule.latencyMs[0] + s.rng() * (rule.latencyMs[1] - rule.latencyMs[0]) : rule.latencyMs;
                this.count(ctx, s.name, 'latency');
                await new Promise((r) => setTimeout(r, ms));
            }
            if (rule.reset) {
                this.count(ctx, s.name, 'reset');
                ctx.req.socket.destroy();
                return;
            }
            if (rule.error) {
                this.count(ctx, s.name, `error${rule.error.code}`);
                throw faultError(rule.error);
            }
            if (ctx.info.verb === 'watch') {
                if (rule.expireResourceVersion) {
                    const rv = Number(ctx.url.searchParams.get('resourceVersion') ?? '0');
                    const t = this.deps.registry.byResource(ctx.info.group, ctx.info.version, ctx.info.resource);
                    if (t && Number.isFinite(rv) && rv > 0) {
                        // Compacting past the resume point is what etcd compaction does to a slow watcher.
                        this.deps.hub.compact(resourceKey(t), rv + 1);
                        this.count(ctx, s.name, 'expired');
                    }
                }
                if (rule.watch) {
                    ctx.watchLimits = { ...(ctx.watchLimits ?? {}), ...rule.watch };
                    this.count(ctx, s.name, 'watch-cut');
                }
            }
        }
        await next();
    };
}
/** The Status error the real API server returns for each injected code. */
function faultError(e) {
    const retry = e.retryAfterSeconds;
    const retryHeaders = retry !== undefined ? { 'Retry-After': String(retry) } : {};
    switch (e.code) {
        case 429: {
            const seconds = retry ?? 1;
            return new StatusError(429, StatusReason.TooManyRequests, e.message ?? 'Too many requests, please try again later.', { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
        }
        case 500: {
            const cause = e.message ?? 'injected fault';
            return new StatusError(500, StatusReason.InternalError, `Internal error occurred: ${cause}`, { causes: [{ message: cause }], ...(retry !== undefined ? { retryAfterSeconds: retry } : {}) }, retryHeaders);
        }
        case 503:
            return new StatusError(503, StatusReason.ServiceUnavailable, e.message ?? 'the server is currently unable to handle the request', retry !== undefined ? { retryAfterSeconds: retry } : undefined, retryHeaders);
        case 504:
            return new StatusError(504, StatusReason.Timeout, `Timeout: ${e.message ?? 'request did not complete within the allotted timeout'}`, { retryAfterSeconds: retry ?? 0 }, retryHeaders);
    }
}

;// CONCATENATED MODULE: ./src/sandbox/config.ts
/**
 * Sandbox configuration: cluster name, Fargate profiles, timing (scaled by one factor), the images
 * the "registry" has and how each image behaves once running.
 */







/** How an emulated container behaves once started. */
const ImageBehaviours = ['healthy', 'crashloop', 'never-ready', 'slow-start', 'http-500', 'oomkilled', 'slow'];
/** Defaults: a realistic-feeling cluster with one profile for `default` and `kube-system`. */
function defaultSandboxConfig() {
    return {
        clusterName: 'sandbox',
        port: 0,
        token: '',
        fargateProfiles: [{ name: 'default', selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }] }],
        timing: {
            timeFactor: 1,
            podProvisioningMs: 30_000,
            imagePullMs: 6_000,
            containerStartMs: 2_000,
            crashAfterMs: 5_000,
            slowStartMs: 60_000,
            backOffBaseMs: 10_000,
            backOffMaxMs: 300_000,
        },
        images: {},
        watchHistory: 5000,
        bookmarkIntervalMs: 10_000,
        kubernetesVersion: 'v1.32.3-eks-sandbox',
        app: defaultAppConfig(),
        alb: {},
    };
}
/** Fills a partial config with defaults (timing merged field by field) and generates a token. */
function resolveSandboxConfig(partial = {}) {
    const d = defaultSandboxConfig();
    const cfg = { ...d, ...partial, timing: { ...d.timing, ...(partial.timing ?? {}) }, images: { ...d.images, ...(partial.images ?? {}) }, app: { ...d.app, ...(partial.app ?? {}) }, alb: { ...d.alb, ...(partial.alb ?? {}) } };
    if (!(cfg.app.slowResponseMs >= 0))
        throw new errors/* UserInputError */.m2(`sandbox config app.slowResponseMs must be a non-negative number of milliseconds, got ${JSON.stringify(cfg.app.slowResponseMs)}`);
    if (cfg.faults !== undefined)
        cfg.faults = parseFaultConfig(cfg.faults, 'faults');
    if (cfg.eks !== undefined)
        cfg.eks = parseEksConfig(cfg.eks, 'eks');
    if (!cfg.token)
        cfg.token = `sandbox-${(0,external_node_crypto_.randomBytes)(24).toString('base64url')}`;
    if (!(cfg.timing.timeFactor > 0))
        throw new errors/* UserInputError */.m2(`sandbox config timing.timeFactor must be a positive number, got ${cfg.timing.timeFactor}`);
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(cfg.clusterName))
        throw new errors/* UserInputError */.m2(`sandbox config clusterName "${cfg.clusterName}" is not a valid EKS cluster name`);
    for (const [ref, b] of Object.entries(cfg.images.behaviours ?? {})) {
        if (!ImageBehaviours.includes(b)) {
            throw new errors/* UserInputError */.m2(`sandbox config images.behaviours["${ref}"] is "${b}"; expected one of ${ImageBehaviours.join(', ')}`);
        }
    }
    return cfg;
}
/** Reads a YAML or JSON sandbox config file (same field names as {@link SandboxConfig}). */
async function loadSandboxConfigFile(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new errors/* UserInputError */.m2(`cannot read sandbox config ${path}: ${err.message}`);
    }
    let data;
    try {
        data = (0,dist/* parse */.qg)(text);
    }
    catch (err) {
        throw new errors/* UserInputError */.m2(`sandbox config ${path} is not valid YAML/JSON: ${err.message}`);
    }
    if (data === null || data === undefined)
        data = {};
    if (typeof data !== 'object' || Array.isArray(data))
        throw new errors/* UserInputError */.m2(`sandbox config ${path} must be a mapping`);
    try {
        return resolveSandboxConfig(data);
    }
    catch (err) {
        throw new errors/* UserInputError */.m2(`${path}: ${err.message}`);
    }
}
/** Repository part of an image reference (`reg:5000/team/web:1.2@sha256:..` → `reg:5000/team/web`). */
function imageRepository(image) {
    const noDigest = image.split('@')[0];
    const lastSlash = noDigest.lastIndexOf('/');
    const lastColon = noDigest.lastIndexOf(':');
    return lastColon > lastSlash ? noDigest.slice(0, lastColon) : noDigest;
}
/**
 * The behaviour of an image: exact reference, then repository, then a repository whose last
 * path segment names a behaviour (`example/crashloop:1`), then the default.
 */
function behaviourOf(images, image) {
    const b = images.behaviours ?? {};
    const repo = imageRepository(image);
    if (b[image])
        return b[image];
    if (b[repo])
        return b[repo];
    const last = repo.split('/').pop();
    if (ImageBehaviours.includes(last))
        return last;
    return images.defaultBehaviour ?? 'healthy';
}
/** Whether the configured registry has an image. */
async function imageExists(images, image) {
    const e = images.exists;
    if (e === undefined)
        return true;
    if (typeof e === 'function')
        return e(image);
    return e.includes(image) || e.includes(imageRepository(image));
}

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/sandbox/object.ts
/**
 * The object shape the sandbox stores: any Kubernetes object with `apiVersion`, `kind` and
 * `metadata`. Controllers narrow it to the kubernetes-models interfaces (`IPod`, `IDeployment`).
 */
/** Plain-object test that excludes arrays and null. */
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Freezes an object graph so stored objects cannot be mutated by accident (callers clone to edit). */
function deepFreeze(v) {
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
        Object.freeze(v);
        for (const child of Object.values(v))
            deepFreeze(child);
    }
    return v;
}
/** Mutable deep copy (drops the freeze). */
function clone(v) {
    return structuredClone(v);
}
/** Deep equality for JSON values. */
function jsonEqual(a, b) {
    if (a === b)
        return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object')
        return false;
    if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length)
            return false;
        return a.every((x, i) => jsonEqual(x, b[i]));
    }
    if (Array.isArray(b))
        return false;
    const ao = a;
    const bo = b;
    const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
    const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
    if (ak.length !== bk.length)
        return false;
    return ak.every((k) => jsonEqual(ao[k], bo[k]));
}
/** `ns/name` or `name` for cluster-scoped objects. */
function objectKey(namespace, name) {
    return namespace ? `${namespace}/${name}` : name;
}

;// CONCATENATED MODULE: ./src/sandbox/alb.ts
/**
 * The emulated AWS Load Balancer Controller + Application Load Balancer. Every Ingress of class
 * `alb` (spec.ingressClassName naming an IngressClass of controller `ingress.k8s.aws/alb`, the
 * `kubernetes.io/ingress.class: alb` annotation, or a default IngressClass of that controller)
 * gets a load balancer: a DNS name in `status.loadBalancer.ingress[0].hostname` named the way the
 * controller names it, and a real HTTP listener on 127.0.0.1 (one per load balancer, as each ALB
 * has its own address). Ingresses with the same `alb.ingress.kubernetes.io/group.name` share one.
 *
 * The listener evaluates rules like the ALB the controller programs: in Ingress order (groups by
 * `group.order`, then namespace/name), host conditions case-insensitive with `*`/`?` wildcards,
 * paths Exact / Prefix (element-wise) / ImplementationSpecific (ALB wildcards when the path has
 * `*` or `?`, else prefix), then `spec.defaultBackend`, then a 404 fixed response. Targets are the
 * backend Service's READY endpoints only, round robin; none → 503 with the ALB's HTML body.
 *
 * Where the URL is: `sb.alb.urlFor(ns, name)` and the Ingress annotation
 * `sandbox.eks-fargate-deploy/url` (for tools outside the process).
 */





/** Annotation where the sandbox writes the listener URL of an Ingress's load balancer. */
const ALB_URL_ANNOTATION = 'sandbox.eks-fargate-deploy/url';
/** The controller name of the AWS Load Balancer Controller's IngressClass. */
const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
const A = 'alb.ingress.kubernetes.io/';
function h(s) {
    return (0,external_node_crypto_.createHash)('sha256').update(s).digest('hex');
}
function ingressKey(o) {
    return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
/** The ALB error page (nginx-style HTML the ALB itself serves for 5xx). */
function albErrorPage(status, text) {
    return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n</body>\r\n</html>\r\n`;
}
/**
 * The load balancer name the AWS Load Balancer Controller gives an Ingress (group): `k8s-` + the
 * first 8 alphanumerics of namespace and name (or 17 of an explicit group name) + 10 hex of
 * sha256(cluster name, group id, scheme).
 */
function albName(clusterName, group, scheme) {
    const id = group.explicit ? group.name : `${group.namespace}/${group.name}`;
    const uuid = h(clusterName + id + scheme);
    const clean = (s) => s.replace(/[^A-Za-z0-9]/g, '');
    return group.explicit ? `k8s-${clean(group.name).slice(0, 17)}-${uuid.slice(0, 10)}` : `k8s-${clean(group.namespace).slice(0, 8)}-${clean(group.name).slice(0, 8)}-${uuid.slice(0, 10)}`;
}
/** The DNS name AWS gives a load balancer: `[internal-]<name>-<number>.<region>.elb.amazonaws.com` (the number derived, not random). */
function albDnsName(lbName, scheme, region) {
    const n = parseInt(h(`dns:${lbName}`).slice(0, 8), 16);
    return `${scheme === 'internal' ? 'internal-' : ''}${lbName}-${n}.${region}.elb.amazonaws.com`;
}
/** Whether a request path matches an Ingress path of a path type, as the ALB rules the controller writes do. */
function albPathMatches(pathType, pattern, path) {
    if (pattern === undefined || pattern === '')
        return true;
    const prefix = () => {
        if (pattern === '/')
            return true;
        const p = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
        return path === p || path.startsWith(`${p}/`);
    };
    switch (pathType) {
        case 'Exact':
            return path === pattern;
        case 'Prefix':
            return prefix();
        default:
            return /[*?]/.test(pattern) ? (0,profiles/* wildcardMatch */.UF)(pattern, path) : prefix();
    }
}
/** Whether an ALB host condition matches a Host header (case-insensitive, `*`/`?` wildcards, port ignored). */
function albHostMatches(pattern, hostHeader) {
    if (!pattern)
        return true;
    const host = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
    return (0,profiles/* wildcardMatch */.UF)(pattern.toLowerCase(), host);
}
/** The emulated AWS Load Balancer Controller and its ALBs. */
class AlbController {
    /** Newest ALB access log lines (bounded to 10 000). */
    accessLog = [];
    /** Listener/reconcile failures (a port that could not be bound, a status write that failed). */
    errors = [];
    deps;
    lbs = new Map();
    memberOf = new Map();
    rr = new RoundRobin();
    pending = new Set();
    warned = new Set();
    chain = Promise.resolve();
    stopped = false;
    unsubscribe = () => undefined;
    constructor(deps) {
        this.deps = deps;
    }
    /** Subscribes to Ingress/IngressClass changes and reconciles the Ingresses that already exist. */
    start() {
        const { api } = this.deps;
        this.unsubscribe = api.store.onEvent((e) => this.onEvent(e));
        for (const o of api.store.list(this.ingressType).items)
            this.enqueue(ingressKey(o));
    }
    get ingressType() {
        return this.deps.api.registry.get('networking.k8s.io', 'ingresses');
    }
    onEvent(e) {
        if (e.resourceKey === 'ingresses.networking.k8s.io')
            this.enqueue(ingressKey(e.object));
        else if (e.resourceKey === 'ingressclasses.networking.k8s.io')
            for (const o of this.deps.api.store.list(this.ingressType).items)
                this.enqueue(ingressKey(o));
    }
    enqueue(key) {
        if (this.stopped || this.pending.has(key))
            return;
        this.pending.add(key);
        this.chain = this.chain
            .then(() => {
            this.pending.delete(key);
            return this.reconcile(key);
        })
            .catch((err) => {
            this.errors.push(`ingress ${key}: ${err instanceof Error ? err.message : String(err)}`);
        });
    }
    /** Resolves when every queued Ingress change has been reconciled (tests, benchmarks). */
    async idle() {
        let seen;
        do {
            seen = this.chain;
            await seen;
        } while (seen !== this.chain);
    }
    /** Whether an Ingress is handled by the (emulated) AWS Load Balancer Controller. */
    isAlbIngress(ing) {
        const ann = ing.metadata.annotations ?? {};
        const legacy = ann['kubernetes.io/ingress.class'];
        if (legacy !== undefined)
            return legacy === 'alb';
        const classes = this.deps.api.store.list(this.deps.api.registry.get('networking.k8s.io', 'ingressclasses')).items;
        const controllerOf = (c) => c.spec?.controller;
        const className = ing.spec?.ingressClassName;
        if (className) {
            const cls = classes.find((c) => c.metadata.name === className);
            return cls !== undefined && controllerOf(cls) === ALB_CONTROLLER;
        }
        return classes.some((c) => controllerOf(c) === ALB_CONTROLLER && c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
    }
    groupOf(ing) {
        const g = ing.metadata.annotations?.[`${A}group.name`];
        if (g)
            return { key: `group:${g}`, explicit: true, namespace: '', name: g };
        return { key: `ingress:${ingressKey(ing)}`, explicit: false, namespace: ing.metadata.namespace ?? '', name: ing.metadata.name ?? '' };
    }
    async reconcile(key) {
        if (this.stopped)
            return;
        const [ns, name] = key.split('/');
        const ing = this.deps.api.store.get(this.ingressType, ns, name);
        const desired = ing && !ing.metadata.deletionTimestamp && this.isAlbIngress(ing) ? this.groupOf(ing) : undefined;
        const current = this.memberOf.get(key);
        if (current && current !== desired?.key) {
            this.memberOf.delete(key);
            const lb = this.lbs.get(current);
            lb?.members.delete(key);
            if (lb && lb.members.size === 0)
                await this.closeLb(lb);
        }
        if (!ing || !desired)
            return;
        let lb = this.lbs.get(desired.key);
        if (!lb) {
            const scheme = ing.metadata.annotations?.[`${A}scheme`] === 'internet-facing' ? 'internet-facing' : 'internal';
            const provisioning = this.deps.alb.provisioningMs ?? 0;
            if (provisioning > 0 && !this.memberOf.has(key)) {
                await new Promise((resolve) => this.deps.clock.after(provisioning, resolve));
                if (this.stopped)
                    return;
            }
            lb = await this.openLb(desired.key, albName(this.deps.clusterName, desired, scheme), scheme);
            if (!lb)
                return;
        }
        lb.members.add(key);
        this.memberOf.set(key, desired.key);
        this.publish(ns, name, lb);
    }
    /** Writes hostname (status) and URL (annotation) when they differ, plus the controller's events. */
    publish(ns, name, lb) {
        const { api, events } = this.deps;
        const t = this.ingressType;
        let ing = api.store.get(t, ns, name);
        if (!ing)
            return;
        const url = `http://127.0.0.1:${lb.port}`;
        if (ing.metadata.annotations?.[ALB_URL_ANNOTATION] !== url) {
            const next = clone(ing);
            next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ALB_URL_ANNOTATION]: url };
            ing = api.update(t, ns, name, next, { internal: true });
        }
        const lbStatus = ing.status?.loadBalancer?.ingress;
        if (lbStatus?.length !== 1 || lbStatus[0]?.hostname !== lb.dnsName) {
            ing = api.update(t, ns, name, { ...clone(ing), status: { loadBalancer: { ingress: [{ hostname: lb.dnsName }] } } }, { subresource: 'status', internal: true });
            events.record('ingress', ing, 'Normal', 'SuccessfullyReconciled', 'Successfully reconciled');
        }
        const warnKey = `${ns}/${name}@${ing.metadata.generation ?? 0}`;
        if (this.deps.alb.requireIpTargets !== false && !this.warned.has(warnKey)) {
            for (const b of this.backendsOf(ing)) {
                if (this.targetType(b) !== 'ip') {
                    this.warned.add(warnKey);
                    events.record('ingress', ing, 'Warning', 'FailedDeployModel', `target group for service ${b.namespace}/${b.service} uses target-type instance, which cannot register Fargate pods; set the annotation ${A}target-type: ip (the ALB answers 503 until then)`);
                    break;
                }
            }
        }
    }
    async openLb(key, name, scheme) {
        const server = (0,external_node_http_.createServer)((req, res) => this.serve(lb, req, res));
        server.keepAliveTimeout = 60_000;
        const lb = { key, name, dnsName: albDnsName(name, scheme, this.deps.region), server, port: 0, members: new Set() };
        try {
            await new Promise((resolve, reject) => {
                server.once('error', reject);
                server.listen(0, '127.0.0.1', () => resolve());
            });
        }
        catch (err) {
            this.errors.push(`load balancer ${name}: cannot listen on 127.0.0.1: ${err.message}`);
            return undefined;
        }
        if (this.stopped) {
            server.close();
            return undefined;
        }
        lb.port = server.address().port;
        this.lbs.set(key, lb);
        return lb;
    }
    closeLb(lb) {
        this.lbs.delete(lb.key);
        return new Promise((resolve) => {
            lb.server.close(() => resolve());
            lb.server.closeAllConnections();
        });
    }
    /** The listener URL (`http://127.0.0.1:<port>`) of an Ingress's load balancer, once provisioned. */
    urlFor(namespace, name) {
        const lb = this.lbOf(namespace, name);
        return lb ? `http://127.0.0.1:${lb.port}` : undefined;
    }
    /** The DNS name of an Ingress's load balancer, once provisioned. */
    hostnameFor(namespace, name) {
        return this.lbOf(namespace, name)?.dnsName;
    }
    /** Every provisioned load balancer. */
    loadBalancers() {
        return [...this.lbs.values()].map((lb) => ({ name: lb.name, dnsName: lb.dnsName, url: `http://127.0.0.1:${lb.port}`, port: lb.port, members: [...lb.members].sort() }));
    }
    lbOf(namespace, name) {
        const k = this.memberOf.get(`${namespace}/${name}`);
        return k ? this.lbs.get(k) : undefined;
    }
    backendsOf(ing) {
        const out = [];
        const spec = (ing.spec ?? {});
        const toBackend = (b) => b?.service ? { namespace: ing.metadata.namespace ?? 'default', service: b.service.name, port: b.service.port?.number ?? b.service.port?.name, ingress: ing } : undefined;
        for (const r of spec.rules ?? [])
            for (const p of r.http?.paths ?? []) {
                const b = toBackend(p.backend);
                if (b)
                    out.push(b);
            }
        const d = toBackend(spec.defaultBackend);
        if (d)
            out.push(d);
        return out;
    }
    targetType(b) {
        const svc = this.deps.api.store.get(this.deps.api.registry.get('', 'services'), b.namespace, b.service);
        return svc?.metadata.annotations?.[`${A}target-type`] ?? b.ingress.metadata.annotations?.[`${A}target-type`] ?? 'instance';
    }
    /** Listener rules of a load balancer in evaluation order, plus the default backend. */
    rulesOf(lb) {
        const t = this.ingressType;
        const members = [...lb.members]
            .map((k) => {
            const [ns, name] = k.split('/');
            return this.deps.api.store.get(t, ns, name);
        })
            .filter((o) => o !== undefined)
            .sort((a, b) => Number(a.metadata.annotations?.[`${A}group.order`] ?? 0) - Number(b.metadata.annotations?.[`${A}group.order`] ?? 0) || ingressKey(a).localeCompare(ingressKey(b)));
        const rules = [];
        let fallback;
        let idleTimeoutMs = 60_000;
        for (const ing of members) {
            const spec = (ing.spec ?? {});
            const ns = ing.metadata.namespace ?? 'default';
            for (const r of spec.rules ?? []) {
                for (const p of r.http?.paths ?? []) {
                    if (!p.backend.service)
                        continue;
                    rules.push({ host: r.host, pathType: p.pathType, path: p.path, backend: { namespace: ns, service: p.backend.service.name, port: p.backend.service.port?.number ?? p.backend.service.port?.name, ingress: ing } });
                }
            }
            const d = spec.defaultBackend?.service;
            if (!fallback && d)
                fallback = { namespace: ns, service: d.name, port: d.port?.number ?? d.port?.name, ingress: ing };
            const m = /idle_timeout\.timeout_seconds=(\d+)/.exec(ing.metadata.annotations?.[`${A}load-balancer-attributes`] ?? '');
            if (m)
                idleTimeoutMs = Number(m[1]) * 1000;
        }
        return { rules, fallback, idleTimeoutMs };
    }
    serve(lb, req, res) {
        const started = Date.now();
        const url = new URL(req.url ?? '/', 'http://alb.local');
        const host = req.headers.host ?? '';
        let target;
        const finish = (status, body, headers) => {
            if (!res.headersSent) {
                res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
                res.end(body);
            }
            this.log({ time: new Date(started).toISOString(), loadBalancer: lb.name, method: req.method ?? 'GET', host, path: url.pathname, status, ...(target ? { target: `${target.pod.metadata.namespace}/${target.pod.metadata.name}` } : {}), durationMs: Date.now() - started });
        };
        const albError = (status, text) => finish(status, albErrorPage(status, text), { Server: 'awselb/2.0', 'Content-Type': 'text/html' });
        // The ALB reads the whole request before forwarding; the emulated app ignores bodies.
        req.resume();
        req.on('end', () => {
            const { rules, fallback, idleTimeoutMs } = this.rulesOf(lb);
            const rule = rules.find((r) => albHostMatches(r.host, host) && albPathMatches(r.pathType, r.path, url.pathname));
            const backend = rule?.backend ?? fallback;
            if (!backend)
                return finish(404, '', { Server: 'awselb/2.0', 'Content-Type': 'text/plain; charset=utf-8' });
            if (this.deps.alb.requireIpTargets !== false && this.targetType(backend) !== 'ip')
                return albError(503, 'Service Temporarily Unavailable');
            const found = serviceTargets(this.deps.api.store, this.deps.api.registry, this.deps.images, backend.namespace, backend.service, backend.port);
            if (!found.ok)
                return albError(503, 'Service Temporarily Unavailable');
            target = this.rr.pick(`${lb.key}|${backend.namespace}/${backend.service}:${String(backend.port)}`, found.targets);
            const forwarded = {
                ...req.headers,
                'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress ?? '127.0.0.1'].filter(Boolean).join(', '),
                'x-forwarded-proto': 'http',
                'x-forwarded-port': String(lb.port),
                'x-amzn-trace-id': `Root=1-${Math.floor(started / 1000).toString(16)}-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`,
            };
            const answer = appRespond(target, { method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: forwarded }, this.deps.app);
            if (answer.delayMs >= idleTimeoutMs) {
                const timer = setTimeout(() => albError(504, 'Gateway Time-out'), idleTimeoutMs);
                res.on('close', () => clearTimeout(timer));
                return;
            }
            const send = () => {
                if (answer.kind === 'reset')
                    return albError(502, 'Bad Gateway');
                finish(answer.status, req.method === 'HEAD' ? '' : answer.body, answer.headers);
            };
            if (answer.delayMs > 0) {
                const timer = setTimeout(send, answer.delayMs);
                res.on('close', () => clearTimeout(timer));
            }
            else
                send();
        });
    }
    log(r) {
        this.accessLog.push(r);
        if (this.accessLog.length > 10_000)
            this.accessLog.splice(0, this.accessLog.length - 10_000);
    }
    /** Closes every listener and stops reconciling. */
    async stop() {
        this.stopped = true;
        this.unsubscribe();
        await Promise.all([...this.lbs.values()].map((lb) => this.closeLb(lb)));
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-eks/dist-cjs/index.js
var client_eks_dist_cjs = __webpack_require__(4524);
// EXTERNAL MODULE: ./src/aws/eks.ts
var eks = __webpack_require__(4192);
;// CONCATENATED MODULE: ./src/sandbox/eks-profiles.ts
/**
 * Fargate profiles from the EKS API: the sandbox can take the profiles of the EKS cluster with
 * the same name (ListFargateProfiles + DescribeFargateProfile through src/aws/eks.ts), so the
 * deploy's preflight (which asks EKS) and the sandbox's scheduler (which places pods) agree.
 * Only ACTIVE profiles schedule pods, as on EKS; the others are reported, not used.
 */



/**
 * Reads the Fargate profiles of `clusterName` from EKS, sorted by name. Throws a UserInputError
 * naming the cluster and region when the cluster does not exist or access is denied.
 */
async function readEksFargateProfiles(opts) {
    const client = opts.client ?? new client_eks_dist_cjs/* EKSClient */.JQJ({ region: opts.region, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}), requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 } });
    try {
        // DescribeCluster first: it names a missing cluster reliably (moto answers ListFargateProfiles
        // for an unknown cluster with an HTML 404 the SDK cannot parse).
        try {
            await client.send(new client_eks_dist_cjs/* DescribeClusterCommand */.hV5({ name: opts.clusterName }));
        }
        catch (err) {
            if (err instanceof Error && err.name === 'ResourceNotFoundException') {
                throw new errors/* UserInputError */.m2(`EKS cluster "${opts.clusterName}" in region ${opts.region} not found, so its Fargate profiles cannot be read (eks.readProfiles)`);
            }
            throw err;
        }
        const all = await (0,eks/* listFargateProfiles */.VH)(client, opts.clusterName, { region: opts.region });
        const profiles = [];
        const skipped = [];
        for (const p of all) {
            if (p.status !== undefined && p.status !== 'ACTIVE')
                skipped.push({ name: p.name, status: p.status });
            else
                profiles.push({ name: p.name, selectors: p.selectors.map((s) => ({ namespace: s.namespace, ...(s.labels ? { labels: { ...s.labels } } : {}) })) });
        }
        return { profiles, skipped };
    }
    finally {
        if (!opts.client)
            client.destroy();
    }
}

;// CONCATENATED MODULE: ./src/sandbox/proxy.ts
/**
 * The API server's service proxy: `/api/v1/namespaces/{ns}/services/{[scheme:]name[:port]}/proxy/{path}`
 * reaches one READY endpoint of the Service (round robin) and returns what the emulated app in
 * that pod answers (app.ts). Errors are the API server's: 404 for a missing Service, 503
 * `ServiceUnavailable` for an unknown port or no ready endpoints, 503 "error trying to reach
 * service" when the pod drops the connection. The caller's Authorization header never reaches
 * the pod (the API server removes it after authenticating).
 */


/** `[scheme:]name[:port]` as the API server splits it. */
function parseProxyTarget(id) {
    const parts = id.split(':');
    let scheme = '';
    let name;
    let port;
    if (parts.length === 1)
        name = parts[0];
    else if (parts.length === 2)
        [name, port] = parts;
    else if (parts.length === 3)
        [scheme, name, port] = parts;
    else
        throw badRequest(`invalid service request "${id}"`);
    if (scheme !== '' && scheme !== 'http' && scheme !== 'https')
        throw badRequest(`unsupported scheme "${scheme}" in service request "${id}"`);
    return { scheme, name, port: port === undefined || port === '' ? undefined : /^\d+$/.test(port) ? Number(port) : port };
}
/** The route that serves `services/proxy`. */
function serviceProxyRoute(deps) {
    const rr = new RoundRobin();
    return {
        name: 'service-proxy',
        matches: (ctx) => ctx.info.isResourceRequest && ctx.info.group === '' && ctx.info.resource === 'services' && ctx.info.subresource === 'proxy' && ctx.info.namespace !== '',
        async handle(ctx) {
            const { namespace, name: id } = ctx.info;
            const target = parseProxyTarget(id);
            // Everything after `/api/v1/namespaces/<ns>/services/<id>/proxy` is the pod's path (raw, so %2F stays encoded).
            const rawParts = (ctx.req.url ?? '').split('?')[0].split('/');
            const rest = rawParts.slice(8).join('/');
            const podPath = `${rest.startsWith('/') ? rest : `/${rest}`}${ctx.url.search}`;
            const found = serviceTargets(deps.store, deps.registry, deps.images, namespace, target.name, target.port);
            if (!found.ok) {
                if (found.code === 404)
                    throw new StatusError(404, StatusReason.NotFound, found.message, { name: target.name, kind: 'services' });
                throw new StatusError(503, StatusReason.ServiceUnavailable, found.message);
            }
            const pick = rr.pick(`${namespace}/${target.name}:${String(target.port ?? '')}`, found.targets);
            await ctx.readBody();
            const headers = { ...ctx.req.headers };
            delete headers.authorization;
            headers['x-forwarded-for'] = [headers['x-forwarded-for'], ctx.req.socket.remoteAddress ?? '127.0.0.1'].filter(Boolean).join(', ');
            const answer = appRespond(pick, { method: ctx.req.method ?? 'GET', path: podPath, headers }, deps.app);
            if (answer.delayMs > 0) {
                await new Promise((resolve) => {
                    const t = setTimeout(resolve, answer.delayMs);
                    ctx.res.on('close', () => {
                        clearTimeout(t);
                        resolve();
                    });
                });
            }
            if (ctx.res.destroyed)
                return;
            if (answer.kind === 'reset')
                throw new StatusError(503, StatusReason.ServiceUnavailable, `error trying to reach service: EOF`);
            ctx.res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
            ctx.res.end(ctx.req.method === 'HEAD' ? undefined : answer.body);
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/clock.ts
/**
 * Simulated time for controllers: every delay is in simulated milliseconds and runs after
 * `ms × timeFactor` real milliseconds. Timers are tracked so `stop()` leaves nothing running.
 */
/** Scaled timers. */
class SandboxClock {
    timers = new Set();
    stopped = false;
    /** Where errors thrown by timer callbacks go (a timer must never crash the process). */
    onError = (err) => process.emitWarning(`sandbox timer failed: ${err instanceof Error ? err.stack : String(err)}`);
    timeFactor;
    constructor(timeFactor) {
        this.timeFactor = timeFactor;
    }
    /** Wall-clock now (object timestamps are real times, like a real cluster's). */
    now() {
        return new Date();
    }
    /** RFC 3339 timestamp with second precision, as Kubernetes writes them. */
    timestamp(d = this.now()) {
        return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    /** Real milliseconds for a simulated duration. */
    real(simulatedMs) {
        return Math.max(0, simulatedMs * this.timeFactor);
    }
    /** Simulated milliseconds for a real duration. */
    simulated(realMs) {
        return realMs / this.timeFactor;
    }
    /** Runs `fn` after a simulated delay; returns a cancel function. */
    after(simulatedMs, fn) {
        if (this.stopped)
            return () => undefined;
        const t = setTimeout(() => {
            this.timers.delete(t);
            if (this.stopped)
                return;
            try {
                fn();
            }
            catch (err) {
                this.onError(err);
            }
        }, this.real(simulatedMs));
        this.timers.add(t);
        return () => {
            clearTimeout(t);
            this.timers.delete(t);
        };
    }
    /** Cancels every pending timer; later `after` calls do nothing. */
    stop() {
        this.stopped = true;
        for (const t of this.timers)
            clearTimeout(t);
        this.timers.clear();
    }
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/runtime.ts
/** Runs controllers over one store's events. */
class ControllerRunner {
    queues = new Map();
    scheduled = false;
    stopped = false;
    failures = new Map();
    /** Set true to pause every controller (fault injection: stuck controller). */
    paused = false;
    /** Extra delay in real ms before each drain (fault injection: slow controller). */
    drainDelayMs = 0;
    clock;
    onError;
    constructor(clock, onError) {
        this.clock = clock;
        this.onError = onError;
    }
    /** Registers a controller. */
    add(c) {
        this.queues.set(c, new Set());
    }
    /** Store listener: fans the event out to every controller's queue. */
    onStoreEvent = (e) => {
        for (const [c, q] of this.queues)
            for (const k of c.keysFor(e))
                q.add(k);
        this.schedule();
    };
    /** Enqueues a key for one controller by name. */
    enqueue(controllerName, key) {
        for (const [c, q] of this.queues)
            if (c.name === controllerName)
                q.add(key);
        this.schedule();
    }
    schedule() {
        if (this.scheduled || this.stopped)
            return;
        this.scheduled = true;
        const run = () => {
            this.scheduled = false;
            this.drain();
        };
        if (this.drainDelayMs > 0)
            setTimeout(run, this.drainDelayMs);
        else
            setImmediate(run);
    }
    drain() {
        if (this.stopped)
            return;
        if (this.paused) {
            setTimeout(() => this.schedule(), 50);
            return;
        }
        let budget = 2000;
        for (const [c, q] of this.queues) {
            while (q.size > 0 && budget-- > 0) {
                const key = q.values().next().value;
                q.delete(key);
                try {
                    const again = c.sync(key);
                    this.failures.delete(`${c.name}:${key}`);
                    if (typeof again === 'number' && again >= 0)
                        this.clock.after(again, () => this.enqueue(c.name, key));
                }
                catch (err) {
                    const fk = `${c.name}:${key}`;
                    const n = (this.failures.get(fk) ?? 0) + 1;
                    this.failures.set(fk, n);
                    this.onError(c.name, key, err);
                    if (n < 10)
                        setTimeout(() => this.enqueue(c.name, key), Math.min(1000, 5 * 2 ** n));
                }
            }
        }
        for (const q of this.queues.values())
            if (q.size > 0)
                this.schedule();
    }
    /** Stops scheduling. */
    stop() {
        this.stopped = true;
    }
}
/** `ns/name` key of an object. */
function keyOf(namespace, name) {
    return `${namespace ?? ''}/${name}`;
}
/** Splits a key from {@link keyOf}. */
function splitKey(key) {
    const i = key.indexOf('/');
    const ns = key.slice(0, i);
    return { namespace: ns || undefined, name: key.slice(i + 1) };
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/util.ts
/** The controller owner reference of an object, if any. */
function controllerRef(o) {
    return o?.metadata.ownerReferences?.find((r) => r.controller === true);
}
/** An owner reference (controller, blocking) pointing at `owner`. */
function ownerRefTo(owner) {
    return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}
/** Sets (or replaces) a condition; keeps lastTransitionTime when the status does not change. Returns the new list. */
function setCondition(list, next, now) {
    const out = [...(list ?? [])];
    const i = out.findIndex((c) => c.type === next.type);
    const prev = i >= 0 ? out[i] : undefined;
    const merged = { ...next, lastTransitionTime: prev && prev.status === next.status ? (prev.lastTransitionTime ?? now) : now };
    if (i >= 0)
        out[i] = merged;
    else
        out.push(merged);
    return out;
}
/** A condition by type. */
function getCondition(list, type) {
    return list?.find((c) => c.type === type);
}
/** Whether a pod's Ready condition is True. */
function podReady(p) {
    const st = p.status;
    return getCondition(st?.conditions, 'Ready')?.status === 'True';
}
/** Whether a pod has been Ready for at least `minReadySeconds` (real seconds scaled by `timeFactor`). */
function podAvailable(p, minReadySeconds, timeFactor, now = Date.now()) {
    if (!podReady(p))
        return false;
    if (minReadySeconds <= 0)
        return true;
    const t = getCondition(p.status?.conditions, 'Ready')?.lastTransitionTime;
    if (!t)
        return false;
    return now - Date.parse(t) >= minReadySeconds * 1000 * timeFactor;
}
/** Whether a pod counts as active (not terminating, not finished). */
function podActive(p) {
    const phase = p.status?.phase;
    return !p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}
function stableJson(v) {
    if (Array.isArray(v))
        return `[${v.map(stableJson).join(',')}]`;
    if (v && typeof v === 'object') {
        return `{${Object.keys(v)
            .filter((k) => v[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
            .join(',')}}`;
    }
    return JSON.stringify(v);
}
/** FNV-1a 32-bit. */
function fnv32a(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
}
/** Kubernetes' `rand.SafeEncodeString` alphabet (no vowels, no confusable characters). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
/** `pod-template-hash`: FNV-32a of the template (+ collisionCount), safe-encoded like the deployment controller's. */
function podTemplateHash(template, collisionCount = 0) {
    const h = fnv32a(stableJson(template) + (collisionCount ? String(collisionCount) : ''));
    return Array.from(String(h), (d) => SAFE[d.charCodeAt(0) % SAFE.length]).join('');
}
function dropNulls(v) {
    if (Array.isArray(v))
        return v.map(dropNulls);
    if (v && typeof v === 'object') {
        const out = {};
        for (const [k, x] of Object.entries(v))
            if (x !== null && x !== undefined)
                out[k] = dropNulls(x);
        return out;
    }
    return v;
}
/**
 * A template without the `pod-template-hash` label and without nulls, for comparing templates
 * the way Go's semantic equality does (kubectl sends `creationTimestamp: null` in templates).
 */
function templateWithoutHash(template) {
    if (!template || typeof template !== 'object')
        return template;
    const t = dropNulls(template);
    if (t.metadata?.labels) {
        delete t.metadata.labels['pod-template-hash'];
    }
    return t;
}
/** Resolves an int-or-percent (`25%`) against a total; `roundUp` for maxSurge, down for maxUnavailable. */
function intOrPercent(v, total, roundUp, dflt) {
    const val = v ?? dflt;
    if (typeof val === 'number')
        return val;
    const m = /^(\d+)%$/.exec(val);
    if (!m)
        return Number(val) || 0;
    const x = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
}
/** Drops zero counters, as the API's `omitempty` does (except the fields in `keep`). */
function omitZero(o, keep = []) {
    const out = {};
    for (const [k, v] of Object.entries(o))
        if (v !== 0 || keep.includes(k))
            out[k] = v;
    return out;
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/deployment.ts



const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const SKIP_COPY = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, DESIRED, MAX_REPLICAS, 'deployment.kubernetes.io/revision-history']);
function revisionOf(rs) {
    return Number(rs.metadata.annotations?.[REVISION] ?? '0') || 0;
}
/** Creates the Deployment controller. */
function deploymentController(deps) {
    const { api, store, clock, events } = deps;
    const dType = api.registry.get('apps', 'deployments');
    const rsType = api.registry.get('apps', 'replicasets');
    /** Precise time of the last progress per deployment uid (conditions only have second precision). */
    const lastProgress = new Map();
    const scaleRs = (d, rs, to, maxSurge) => {
        const from = rs.spec?.replicas ?? 0;
        if (from === to)
            return;
        const cur = store.get(rsType, rs.metadata.namespace, rs.metadata.name);
        const next = clone(cur);
        next.spec.replicas = to;
        next.metadata.annotations = { ...next.metadata.annotations, [DESIRED]: String(d.spec?.replicas ?? 1), [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + maxSurge) };
        api.update(rsType, rs.metadata.namespace, rs.metadata.name, next, { internal: true });
        rs.spec.replicas = to;
        events.record('deployment-controller', d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
    };
    return {
        name: 'deployment-controller',
        keysFor(e) {
            if (e.resourceKey === 'deployments.apps')
                return [keyOf(e.object.metadata.namespace, e.object.metadata.name)];
            if (e.resourceKey === 'replicasets.apps') {
                const ref = controllerRef(e.object) ?? controllerRef(e.previous);
                if (ref?.kind === 'Deployment')
                    return [keyOf(e.object.metadata.namespace, ref.name)];
            }
            return [];
        },
        sync(key) {
            const { namespace, name } = splitKey(key);
            const d = store.get(dType, namespace, name);
            if (!d)
                return undefined;
            if (d.metadata.deletionTimestamp)
                return undefined;
            const spec = d.spec;
            const replicas = spec.replicas ?? 1;
            // Cloned: scaling below updates these copies as it goes (stored objects are frozen).
            const owned = store.ownedBy(rsType, d.metadata.uid).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid).map((rs) => clone(rs));
            const template = spec.template;
            const wantTemplate = templateWithoutHash(template);
            let newRs = owned.find((rs) => jsonEqual(templateWithoutHash(rs.spec?.template), wantTemplate));
            const oldRss = owned.filter((rs) => rs !== newRs).sort((a, b) => revisionOf(a) - revisionOf(b));
            const maxOldRevision = oldRss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
            const ru = spec.strategy?.rollingUpdate;
            const recreate = spec.strategy?.type === 'Recreate';
            let maxSurge = recreate ? 0 : intOrPercent(ru?.maxSurge, replicas, true, '25%');
            let maxUnavailable = recreate ? replicas : intOrPercent(ru?.maxUnavailable, replicas, false, '25%');
            if (maxSurge === 0 && maxUnavailable === 0)
                maxUnavailable = 1;
            if (maxUnavailable > replicas)
                maxUnavailable = replicas;
            const nowTs = clock.timestamp();
            let progressReason;
            const copiedAnnotations = Object.fromEntries(Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !SKIP_COPY.has(k)));
            if (!spec.paused) {
                if (!newRs) {
                    const hash = podTemplateHash(wantTemplate, d.status?.collisionCount ?? 0);
                    const tpl = clone(template);
                    tpl.metadata = { ...(tpl.metadata ?? {}), labels: { ...(tpl.metadata?.labels ?? {}), 'pod-template-hash': hash } };
                    const rs = {
                        apiVersion: 'apps/v1',
                        kind: 'ReplicaSet',
                        metadata: {
                            name: `${name}-${hash}`,
                            namespace,
                            labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
                            annotations: { ...copiedAnnotations, [REVISION]: String(maxOldRevision + 1), [DESIRED]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge) },
                            ownerReferences: [ownerRefTo(d)],
                        },
                        spec: {
                            replicas: 0,
                            minReadySeconds: spec.minReadySeconds ?? 0,
                            selector: { ...clone(spec.selector), matchLabels: { ...(spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
                            template: tpl,
                        },
                    };
                    newRs = api.create(rsType, namespace, rs, { internal: true });
                    newRs = clone(newRs);
                    progressReason = { reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRs.metadata.name}"` };
                }
                else if (revisionOf(newRs) <= maxOldRevision || !jsonEqual(pick(newRs.metadata.annotations, copiedAnnotations), copiedAnnotations)) {
                    const cur = clone(store.get(rsType, namespace, newRs.metadata.name));
                    const bumped = revisionOf(newRs) <= maxOldRevision;
                    cur.metadata.annotations = { ...cur.metadata.annotations, ...copiedAnnotations, [REVISION]: String(bumped ? maxOldRevision + 1 : revisionOf(newRs)) };
                    newRs = clone(api.update(rsType, namespace, cur.metadata.name, cur, { internal: true }));
                    if (bumped)
                        progressReason = { reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRs.metadata.name}"` };
                }
                const rsNew = newRs;
                const news = rsNew.spec?.replicas ?? 0;
                const allSpec = () => owned.filter((r) => r !== rsNew).reduce((n, r) => n + (r.spec?.replicas ?? 0), 0) + (rsNew.spec?.replicas ?? 0);
                const oldActive = oldRss.filter((r) => r.metadata.name !== rsNew.metadata.name);
                if (recreate) {
                    for (const rs of oldActive)
                        if ((rs.spec?.replicas ?? 0) > 0)
                            scaleRs(d, rs, 0, maxSurge);
                    const oldPods = oldActive.reduce((n, r) => n + (r.status?.replicas ?? 0), 0);
                    if (oldPods === 0 && news !== replicas)
                        scaleRs(d, rsNew, replicas, maxSurge);
                }
                else {
                    if (news > replicas)
                        scaleRs(d, rsNew, replicas, maxSurge);
                    else if (news < replicas) {
                        const up = Math.min(replicas + maxSurge - allSpec(), replicas - news);
                        if (up > 0)
                            scaleRs(d, rsNew, news + up, maxSurge);
                    }
                    const oldCount = oldActive.reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
                    if (oldCount > 0) {
                        const minAvailable = replicas - maxUnavailable;
                        const newUnavailable = (rsNew.spec?.replicas ?? 0) - (rsNew.status?.availableReplicas ?? 0);
                        let maxScaledDown = allSpec() - minAvailable - newUnavailable;
                        // First remove old pods that are not available anyway (they do not count toward availability).
                        for (const rs of oldActive) {
                            if (maxScaledDown <= 0)
                                break;
                            const r = rs.spec?.replicas ?? 0;
                            const unhealthy = r - (rs.status?.availableReplicas ?? 0);
                            const down = Math.min(maxScaledDown, unhealthy);
                            if (down > 0) {
                                scaleRs(d, rs, r - down, maxSurge);
                                maxScaledDown -= down;
                            }
                        }
                        const availableAll = owned.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);
                        let totalDown = Math.min(availableAll - minAvailable, allSpec() - minAvailable - newUnavailable);
                        for (const rs of oldActive) {
                            if (totalDown <= 0)
                                break;
                            const r = rs.spec?.replicas ?? 0;
                            const down = Math.min(r, totalDown);
                            if (down > 0) {
                                scaleRs(d, rs, r - down, maxSurge);
                                totalDown -= down;
                            }
                        }
                    }
                }
                // Revision history: drop the oldest fully scaled-down ReplicaSets beyond the limit.
                const limit = spec.revisionHistoryLimit ?? 10;
                const idle = oldActive.filter((r) => (r.spec?.replicas ?? 0) === 0 && (r.status?.replicas ?? 0) === 0);
                for (const rs of idle.slice(0, Math.max(0, idle.length - limit)))
                    api.delete(rsType, namespace, rs.metadata.name);
            }
            // Status from the ReplicaSets as they are now.
            const fresh = store.ownedBy(rsType, d.metadata.uid).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid);
            const newNow = newRs ? fresh.find((r) => r.metadata.name === newRs.metadata.name) : undefined;
            const sum = (f) => fresh.reduce((n, r) => n + (f(r) ?? 0), 0);
            const statusReplicas = sum((r) => r.status?.replicas);
            const available = sum((r) => r.status?.availableReplicas);
            const updated = newNow?.status?.replicas ?? 0;
            const ready = sum((r) => r.status?.readyReplicas);
            const totalSpec = sum((r) => r.spec?.replicas);
            const prev = (d.status ?? {});
            let conditions = prev.conditions;
            conditions = setCondition(conditions, available >= replicas - maxUnavailable
                ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: nowTs }
                : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: nowTs }, nowTs);
            const keepUpdate = (type, c) => {
                const old = getCondition(conditions, type);
                return old && old.status === c.status && old.reason === c.reason && old.message === c.message ? { ...c, lastUpdateTime: old.lastUpdateTime } : c;
            };
            conditions = conditions.map((c) => (c.type === 'Available' ? keepUpdate('Available', c) : c));
            const uid = d.metadata.uid;
            const rsName = newNow?.metadata.name ?? '';
            const complete = !!newNow && updated === replicas && statusReplicas === replicas && available === replicas && totalSpec === replicas;
            const progressing = progressReason !== undefined ||
                updated !== (prev.updatedReplicas ?? 0) ||
                ready > (prev.readyReplicas ?? 0) ||
                available > (prev.availableReplicas ?? 0) ||
                statusReplicas - updated < (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
            const deadlineMs = spec.progressDeadlineSeconds !== undefined ? spec.progressDeadlineSeconds * 1000 : undefined;
            let requeue;
            const cond = getCondition(conditions, 'Progressing');
            if (spec.paused) {
                conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: nowTs }, nowTs);
            }
            else if (complete) {
                if (cond?.reason !== 'NewReplicaSetAvailable' || cond.message !== `ReplicaSet "${rsName}" has successfully progressed.`) {
                    conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.`, lastUpdateTime: nowTs }, nowTs);
                }
                lastProgress.delete(uid);
            }
            else if (progressing || !cond || cond.reason === 'NewReplicaSetAvailable' && d.metadata.generation !== prev.observedGeneration) {
                const c = progressReason ?? { reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
                conditions = setCondition(conditions, { type: 'Progressing', status: 'True', ...c, lastUpdateTime: nowTs }, nowTs);
                lastProgress.set(uid, Date.now());
                if (deadlineMs !== undefined)
                    requeue = deadlineMs + 1;
            }
            else if (deadlineMs !== undefined && cond.reason !== 'ProgressDeadlineExceeded' && cond.reason !== 'NewReplicaSetAvailable') {
                const since = lastProgress.get(uid) ?? Date.parse(cond.lastUpdateTime ?? nowTs);
                const elapsedSim = clock.simulated(Date.now() - since);
                if (elapsedSim >= deadlineMs) {
                    conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.`, lastUpdateTime: nowTs }, nowTs);
                    events.record('deployment-controller', d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${name}" has timed out progressing.`);
                }
                else
                    requeue = deadlineMs - elapsedSim + 1;
            }
            const status = omitZero({
                observedGeneration: d.metadata.generation,
                replicas: statusReplicas,
                updatedReplicas: updated,
                readyReplicas: ready,
                availableReplicas: available,
                unavailableReplicas: Math.max(0, totalSpec - available),
            });
            if (prev.collisionCount !== undefined)
                status.collisionCount = prev.collisionCount;
            status.conditions = conditions;
            const current = store.get(dType, namespace, name);
            if (newNow && current.metadata.annotations?.[REVISION] !== String(revisionOf(newNow))) {
                const next = clone(current);
                next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(revisionOf(newNow)) };
                api.update(dType, namespace, name, next, { internal: true });
            }
            const latest = store.get(dType, namespace, name);
            if (!jsonEqual(latest.status, status))
                api.update(dType, namespace, name, { ...latest, status }, { subresource: 'status', internal: true });
            return requeue;
        },
    };
}
function pick(a, keysOf) {
    const out = {};
    for (const k of Object.keys(keysOf))
        if (a?.[k] !== undefined)
            out[k] = a[k];
    return out;
}

;// CONCATENATED MODULE: ./src/sandbox/selectors.ts
/**
 * Label and field selectors in the URL syntax (`app=web,tier!=db,env in (a,b),!legacy`) and
 * `metav1.LabelSelector` objects (matchLabels/matchExpressions) as controllers use them.
 */

function splitTopLevel(s) {
    const parts = [];
    let depth = 0;
    let cur = '';
    for (const ch of s) {
        if (ch === '(')
            depth++;
        if (ch === ')')
            depth--;
        if (ch === ',' && depth === 0) {
            parts.push(cur);
            cur = '';
        }
        else
            cur += ch;
    }
    if (cur.trim())
        parts.push(cur);
    return parts.map((p) => p.trim()).filter(Boolean);
}
function matchRequirement(r, labels) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
        case 'eq':
            return has && v === r.value;
        case 'neq':
            return !has || v !== r.value;
        case 'in':
            return has && r.values.includes(v);
        case 'notin':
            return !has || !r.values.includes(v);
        case 'exists':
            return has;
        case 'notexists':
            return !has;
    }
}
/** Parses `labelSelector` query syntax; throws a 400 Status naming the bad term. */
function parseLabelSelector(text) {
    const reqs = [];
    for (const term of splitTopLevel(text ?? '')) {
        let m;
        if ((m = term.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
            reqs.push({ op: m[2], key: m[1], values: m[3].split(',').map((x) => x.trim()).filter(Boolean) });
        }
        else if ((m = term.match(/^([^\s!=]+)\s*!=\s*(\S*)$/))) {
            reqs.push({ op: 'neq', key: m[1], value: m[2] });
        }
        else if ((m = term.match(/^([^\s!=]+)\s*==?\s*(\S*)$/))) {
            reqs.push({ op: 'eq', key: m[1], value: m[2] });
        }
        else if ((m = term.match(/^!\s*([^\s!=()]+)$/))) {
            reqs.push({ op: 'notexists', key: m[1] });
        }
        else if ((m = term.match(/^([^\s!=()]+)$/))) {
            reqs.push({ op: 'exists', key: m[1] });
        }
        else {
            throw badRequest(`unable to parse requirement: invalid label selector term "${term}"`);
        }
    }
    return { empty: reqs.length === 0, matches: (labels) => reqs.every((r) => matchRequirement(r, labels ?? {})) };
}
/** Matcher for a `metav1.LabelSelector` object; an empty selector matches everything, a missing one nothing. */
function labelSelectorMatcher(sel) {
    if (!sel)
        return { empty: true, matches: () => false };
    const reqs = [];
    for (const [key, value] of Object.entries(sel.matchLabels ?? {}))
        reqs.push({ op: 'eq', key, value });
    for (const e of sel.matchExpressions ?? []) {
        const op = e.operator.toLowerCase();
        if (op === 'in' || op === 'notin')
            reqs.push({ op, key: e.key, values: e.values ?? [] });
        else if (op === 'exists')
            reqs.push({ op: 'exists', key: e.key });
        else if (op === 'doesnotexist')
            reqs.push({ op: 'notexists', key: e.key });
    }
    return { empty: reqs.length === 0, matches: (labels) => reqs.every((r) => matchRequirement(r, labels ?? {})) };
}
/** Renders a LabelSelector as the query-string form (for `status.selector` of the scale subresource). */
function formatLabelSelector(sel) {
    const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
    for (const e of sel?.matchExpressions ?? []) {
        const op = e.operator.toLowerCase();
        if (op === 'in' || op === 'notin')
            parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
        else if (op === 'exists')
            parts.push(e.key);
        else if (op === 'doesnotexist')
            parts.push(`!${e.key}`);
    }
    return parts.join(',');
}
function fieldValue(obj, path) {
    let cur = obj;
    for (const seg of path.split('.')) {
        if (typeof cur !== 'object' || cur === null)
            return '';
        cur = cur[seg];
    }
    if (cur === undefined || cur === null)
        return '';
    return String(cur);
}
/**
 * Parses `fieldSelector` (`metadata.name=web,status.phase!=Running`). The real API server accepts
 * only a per-kind list of fields; the sandbox accepts any dotted path (a superset, never a surprise).
 */
function parseFieldSelector(text) {
    const terms = [];
    for (const term of splitTopLevel(text ?? '')) {
        const m = term.match(/^([A-Za-z0-9_.-]+)\s*(!=|==|=)\s*(.*)$/);
        if (!m)
            throw badRequest(`invalid field selector: "${term}": expected field=value, field==value or field!=value`);
        terms.push({ path: m[1], neq: m[2] === '!=', value: m[3].trim() });
    }
    const nameTerm = terms.find((t) => t.path === 'metadata.name' && !t.neq);
    return {
        empty: terms.length === 0,
        name: nameTerm?.value,
        matches: (obj) => terms.every((t) => (fieldValue(obj, t.path) === t.value) !== t.neq),
    };
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/endpoints.ts




/** Creates the endpoints controller. */
function endpointsController(deps) {
    const { api, store } = deps;
    const svcType = api.registry.get('', 'services');
    const podType = api.registry.get('', 'pods');
    const epType = api.registry.get('', 'endpoints');
    const servicesSelecting = (pod) => {
        if (!pod)
            return [];
        return store
            .list(svcType, pod.metadata.namespace)
            .items.filter((s) => {
            const sel = s.spec?.selector;
            return sel && Object.keys(sel).length > 0 && labelSelectorMatcher({ matchLabels: sel }).matches(pod.metadata.labels);
        })
            .map((s) => keyOf(s.metadata.namespace, s.metadata.name));
    };
    return {
        name: 'endpoints-controller',
        keysFor(e) {
            if (e.resourceKey === 'services')
                return [keyOf(e.object.metadata.namespace, e.object.metadata.name)];
            if (e.resourceKey === 'pods')
                return [...new Set([...servicesSelecting(e.object), ...servicesSelecting(e.previous)])];
            return [];
        },
        sync(key) {
            const { namespace, name } = splitKey(key);
            const svc = store.get(svcType, namespace, name);
            const existing = store.get(epType, namespace, name);
            if (!svc || svc.metadata.deletionTimestamp) {
                if (existing && !existing.metadata.labels?.['endpoints.sandbox/manual'])
                    api.delete(epType, namespace, name);
                return undefined;
            }
            const sel = svc.spec?.selector;
            if (!sel || Object.keys(sel).length === 0)
                return undefined;
            const matcher = labelSelectorMatcher({ matchLabels: sel });
            const pods = store.list(podType, namespace).items.filter((p) => matcher.matches(p.metadata.labels) && !p.metadata.deletionTimestamp && p.status?.podIP);
            const address = (p) => ({
                ip: p.status.podIP,
                nodeName: p.spec.nodeName,
                targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
            });
            const resolvePort = (target, fallback) => {
                if (typeof target === 'number')
                    return target;
                if (target === undefined)
                    return fallback;
                if (/^\d+$/.test(target))
                    return Number(target);
                for (const p of pods) {
                    for (const c of (p.spec.containers ?? [])) {
                        const hit = c.ports?.find((cp) => cp.name === target);
                        if (hit)
                            return hit.containerPort;
                    }
                }
                return fallback;
            };
            const ports = (svc.spec?.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: resolvePort(p.targetPort, p.port), protocol: p.protocol ?? 'TCP' }));
            const ready = pods.filter(podReady).map(address);
            const notReady = pods.filter((p) => !podReady(p)).map(address);
            const subsets = ready.length || notReady.length ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }] : undefined;
            const body = {
                apiVersion: 'v1',
                kind: 'Endpoints',
                metadata: { name, namespace, labels: { ...(svc.metadata.labels ?? {}) } },
                ...(subsets ? { subsets } : {}),
            };
            if (!existing) {
                api.create(epType, namespace, body, { internal: true });
            }
            else if (!jsonEqual(existing.subsets, body.subsets) || !jsonEqual(existing.metadata.labels ?? {}, body.metadata.labels)) {
                api.update(epType, namespace, name, { ...existing, metadata: { ...existing.metadata, labels: body.metadata.labels }, subsets }, { internal: true });
            }
            return undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/gc.ts
/**
 * Garbage collection by owner references, like kube-controller-manager's:
 * - an owner removed (Background) → its dependents are deleted (or lose the reference when
 *   another owner still exists);
 * - an owner with the `foregroundDeletion` finalizer → dependents are deleted first, then the
 *   finalizer is removed and the owner disappears;
 * - an owner with the `orphan` finalizer → dependents lose the owner reference, then the owner goes.
 * Plus the namespace lifecycle: a terminating namespace is emptied, then removed; every new
 * namespace gets its `default` ServiceAccount.
 */


/** Creates the garbage collector + namespace controller. */
function garbageCollector(deps) {
    const { api, store } = deps;
    const reg = api.registry;
    const nsType = reg.get('', 'namespaces');
    const saType = reg.get('', 'serviceaccounts');
    /** owner uid → dependents (store key → ref). */
    const dependents = new Map();
    /** uid → the owner object while it exists (to find it by uid). */
    const byUid = new Map();
    const refKey = (r) => `${resourceKey(r.type)}|${r.namespace ?? ''}|${r.name}`;
    const index = (type, o, add) => {
        if (!o)
            return;
        const ref = { type, namespace: o.metadata.namespace, name: o.metadata.name };
        for (const owner of o.metadata.ownerReferences ?? []) {
            let m = dependents.get(owner.uid);
            if (!m)
                dependents.set(owner.uid, (m = new Map()));
            if (add)
                m.set(refKey(ref), ref);
            else {
                m.delete(refKey(ref));
                if (m.size === 0)
                    dependents.delete(owner.uid);
            }
        }
    };
    const dependentsOf = (uid) => [...(dependents.get(uid)?.values() ?? [])].filter((r) => store.get(r.type, r.namespace, r.name));
    const dropOwnerRef = (r, ownerUid) => {
        const cur = store.get(r.type, r.namespace, r.name);
        if (!cur)
            return;
        const next = clone(cur);
        next.metadata.ownerReferences = (cur.metadata.ownerReferences ?? []).filter((o) => o.uid !== ownerUid);
        if (next.metadata.ownerReferences.length === 0)
            delete next.metadata.ownerReferences;
        api.update(r.type, r.namespace, r.name, next, { internal: true });
    };
    const ownerExists = (uid) => {
        const r = byUid.get(uid);
        return !!r && store.get(r.type, r.namespace, r.name)?.metadata.uid === uid;
    };
    const safeDelete = (r, policy) => {
        const cur = store.get(r.type, r.namespace, r.name);
        if (!cur || (cur.metadata.deletionTimestamp && policy === 'Background'))
            return;
        api.delete(r.type, r.namespace, r.name, { propagationPolicy: policy });
    };
    return {
        name: 'garbage-collector',
        keysFor(e) {
            const type = reg.byStoreKey(e.resourceKey);
            if (!type)
                return [];
            const keys = [];
            index(type, e.previous, false);
            if (e.type !== 'DELETED') {
                index(type, e.object, true);
                byUid.set(e.object.metadata.uid, { type, namespace: e.object.metadata.namespace, name: e.object.metadata.name });
            }
            else {
                byUid.delete(e.object.metadata.uid);
                keys.push(`gone|${e.object.metadata.uid}`);
                // A dependent gone may unblock a foreground owner.
                for (const o of e.object.metadata.ownerReferences ?? [])
                    keys.push(`owner|${o.uid}`);
                if (type.namespaced && e.object.metadata.namespace)
                    keys.push(`ns|${e.object.metadata.namespace}`);
            }
            if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp)
                keys.push(`owner|${e.object.metadata.uid}`);
            if (type.kind === 'Namespace')
                keys.push(`ns|${e.object.metadata.name}`);
            return keys;
        },
        sync(key) {
            const [kind, id] = key.split('|');
            if (kind === 'gone') {
                for (const r of dependentsOf(id)) {
                    const dep = store.get(r.type, r.namespace, r.name);
                    const others = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== id && ownerExists(o.uid));
                    if (others.length > 0)
                        dropOwnerRef(r, id);
                    else
                        safeDelete(r, 'Background');
                }
                dependents.delete(id);
                return undefined;
            }
            if (kind === 'owner') {
                const ref = byUid.get(id);
                if (!ref)
                    return undefined;
                const owner = store.get(ref.type, ref.namespace, ref.name);
                if (!owner?.metadata.deletionTimestamp)
                    return undefined;
                const fins = owner.metadata.finalizers ?? [];
                if (fins.includes('orphan')) {
                    for (const r of dependentsOf(id))
                        dropOwnerRef(r, id);
                    api.removeFinalizer(ref.type, owner, 'orphan');
                }
                else if (fins.includes('foregroundDeletion')) {
                    const deps = dependentsOf(id);
                    if (deps.length === 0)
                        api.removeFinalizer(ref.type, owner, 'foregroundDeletion');
                    else
                        for (const r of deps)
                            safeDelete(r, 'Foreground');
                }
                return undefined;
            }
            if (kind === 'ns') {
                const ns = store.get(nsType, undefined, id);
                if (!ns)
                    return undefined;
                if (!ns.metadata.deletionTimestamp) {
                    if (!store.get(saType, id, 'default')) {
                        try {
                            api.create(saType, id, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: id } }, { internal: true });
                        }
                        catch {
                            return undefined; // raced with deletion; the next event decides
                        }
                    }
                    return undefined;
                }
                let remaining = 0;
                for (const t of reg.types) {
                    if (!t.namespaced)
                        continue;
                    for (const o of store.list(t, id).items) {
                        remaining++;
                        if (o.metadata.finalizers?.length && o.metadata.deletionTimestamp) {
                            // Nothing else will remove these finalizers in the sandbox; the namespace controller does.
                            for (const f of o.metadata.finalizers)
                                api.removeFinalizer(t, o, f);
                        }
                        else
                            safeDelete({ type: t, namespace: id, name: o.metadata.name }, 'Background');
                    }
                }
                if (remaining === 0)
                    store.remove(nsType, undefined, id);
                return remaining > 0 ? 100 : undefined;
            }
            return undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/kubelet.ts




function probeOutcome(behaviour, kind, probe, sinceStartSimMs, slowStartMs, ip) {
    const http = probe.httpGet !== undefined;
    const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? '';
    const fail500 = { ok: false, message: `HTTP probe failed with statuscode: 500` };
    const refused = { ok: false, message: http ? `Get "http://${ip}:${port}${probe.httpGet?.path ?? '/'}": dial tcp ${ip}:${port}: connect: connection refused` : `dial tcp ${ip}:${port}: connect: connection refused` };
    switch (behaviour) {
        case 'never-ready':
            return kind === 'readiness' ? (http ? { ok: false, message: 'HTTP probe failed with statuscode: 503' } : refused) : { ok: true, message: '' };
        case 'http-500':
            return http ? fail500 : { ok: true, message: '' };
        case 'slow-start':
            return sinceStartSimMs >= slowStartMs ? { ok: true, message: '' } : refused;
        default:
            return { ok: true, message: '' };
    }
}
function apiState(s) {
    if (s.kind === 'waiting')
        return { waiting: s.message ? { reason: s.reason, message: s.message } : { reason: s.reason } };
    if (s.kind === 'running')
        return { running: { startedAt: s.startedAt } };
    return { terminated: { exitCode: s.exitCode, reason: s.reason, startedAt: s.startedAt, finishedAt: s.finishedAt, ...(s.message ? { message: s.message } : {}), containerID: '' } };
}
/** Creates the kubelet controller. */
function kubelet(deps) {
    const { api, store, clock, config, events, logs } = deps;
    const podType = api.registry.get('', 'pods');
    const nodeType = api.registry.get('', 'nodes');
    const runs = new Map();
    const timing = config.timing;
    const after = (run, c, simMs, fn) => {
        const epoch = c?.epoch;
        const cancel = clock.after(simMs, () => {
            run.cancels.delete(cancel);
            if (run.stopped || (c && c.epoch !== epoch))
                return;
            fn();
        });
        run.cancels.add(cancel);
    };
    const podObj = (run) => {
        const p = store.get(podType, run.namespace, run.name);
        return p && p.metadata.uid === run.uid ? p : undefined;
    };
    const event = (run, type, reason, message) => {
        const p = podObj(run);
        if (p)
            events.record('kubelet', p, type, reason, message, run.nodeName);
    };
    const log = (run, c, text) => logs.append(run.namespace, run.name, c.spec.name, text);
    /** Writes the pod status computed from the runtime state (only when it changed). */
    const publish = (run) => {
        const pod = podObj(run);
        if (!pod)
            return;
        const now = clock.timestamp();
        const apps = run.containers.filter((c) => !c.init);
        const inits = run.containers.filter((c) => c.init);
        const toStatus = (c) => ({
            name: c.spec.name,
            image: c.spec.image,
            imageID: c.imagePulled ? `${c.spec.image}@sha256:${'0'.repeat(64)}` : '',
            ...(c.state.kind !== 'waiting' || c.restartCount > 0 ? { containerID: `containerd://${run.uid.replace(/-/g, '')}${c.spec.name}`.slice(0, 77) } : {}),
            state: apiState(c.state),
            lastState: c.lastState ? apiState(c.lastState) : {},
            ready: c.ready,
            restartCount: c.restartCount,
            started: c.started,
        });
        const allReady = apps.every((c) => c.ready);
        const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
        const allTerminated = apps.every((c) => c.state.kind === 'terminated');
        let phase = 'Pending';
        if (run.initDone && apps.some((c) => c.state.kind === 'running' || c.restartCount > 0))
            phase = 'Running';
        if (restartPolicy !== 'Always' && run.initDone && allTerminated) {
            phase = apps.every((c) => c.state.kind === 'terminated' && c.state.exitCode === 0) ? 'Succeeded' : 'Failed';
        }
        const prev = (pod.status ?? {});
        let conditions = prev.conditions;
        const notReadyNames = apps.filter((c) => !c.ready).map((c) => c.spec.name);
        const notReadyMsg = `containers with unready status: [${notReadyNames.join(' ')}]`;
        const initPending = inits.filter((c) => !(c.state.kind === 'terminated' && c.state.exitCode === 0)).map((c) => c.spec.name);
        conditions = setCondition(conditions, { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null }, now);
        conditions = setCondition(conditions, run.initDone ? { type: 'Initialized', status: 'True', lastProbeTime: null } : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${initPending.join(' ')}]`, lastProbeTime: null }, now);
        conditions = setCondition(conditions, allReady ? { type: 'Ready', status: 'True', lastProbeTime: null } : { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: notReadyMsg, lastProbeTime: null }, now);
        conditions = setCondition(conditions, allReady ? { type: 'ContainersReady', status: 'True', lastProbeTime: null } : { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: notReadyMsg, lastProbeTime: null }, now);
        conditions = setCondition(conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now);
        const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
        conditions = [...conditions].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
        const hasResources = apps.some((c) => c.spec.resources?.requests || c.spec.resources?.limits);
        const status = {
            phase,
            conditions,
            hostIP: run.podIp,
            hostIPs: [{ ip: run.podIp }],
            podIP: run.podIp,
            podIPs: [{ ip: run.podIp }],
            startTime: run.startTime,
            ...(inits.length ? { initContainerStatuses: inits.map(toStatus) } : {}),
            containerStatuses: apps.map(toStatus),
            qosClass: hasResources ? 'Burstable' : 'BestEffort',
        };
        if (jsonEqual(pod.status, status))
            return;
        api.update(podType, run.namespace, run.name, { ...pod, status }, { subresource: 'status', internal: true });
    };
    const backOff = (n) => Math.min(timing.backOffMaxMs, timing.backOffBaseMs * 2 ** Math.max(0, n - 1));
    const startContainer = (run, c) => {
        c.epoch++;
        const image = c.spec.image ?? '';
        const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
        const present = c.imagePulled && policy !== 'Always';
        if (present) {
            event(run, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
            createContainer(run, c);
            return;
        }
        c.state = { kind: 'waiting', reason: c.init ? 'PodInitializing' : 'ContainerCreating' };
        if (c.restartCount === 0 && c.pullFailures === 0)
            publish(run);
        event(run, 'Normal', 'Pulling', `Pulling image "${image}"`);
        after(run, c, timing.imagePullMs, () => {
            void imageExists(config.images, image).then((ok) => {
                if (run.stopped)
                    return;
                if (ok) {
                    c.imagePulled = true;
                    c.pullFailures = 0;
                    const secs = (timing.imagePullMs / 1000).toFixed(3);
                    event(run, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: 52428800 bytes.`);
                    createContainer(run, c);
                    return;
                }
                c.pullFailures++;
                const msg = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
                event(run, 'Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = ${msg}`);
                event(run, 'Warning', 'Failed', 'Error: ErrImagePull');
                c.state = { kind: 'waiting', reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${msg}` };
                publish(run);
                const wait = backOff(c.pullFailures);
                after(run, c, Math.min(wait, 1000), () => {
                    c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
                    event(run, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
                    event(run, 'Warning', 'Failed', 'Error: ImagePullBackOff');
                    publish(run);
                });
                after(run, c, wait, () => startContainer(run, c));
            });
        });
    };
    const createContainer = (run, c) => {
        after(run, c, timing.containerStartMs, () => {
            event(run, 'Normal', 'Created', `Created container: ${c.spec.name}`);
            event(run, 'Normal', 'Started', `Started container ${c.spec.name}`);
            c.state = { kind: 'running', startedAt: clock.timestamp() };
            c.runStartedMs = Date.now();
            c.readySuccess = c.readyFailure = c.liveFailure = c.startupFailure = 0;
            log(run, c, `[sandbox] container ${c.spec.name} started: image ${c.spec.image}, behaviour ${c.behaviour}`);
            if (c.init) {
                after(run, c, timing.containerStartMs, () => terminate(run, c, c.behaviour === 'crashloop' || c.behaviour === 'oomkilled' ? 'crash' : 'complete'));
                publish(run);
                return;
            }
            if (c.behaviour === 'crashloop' || c.behaviour === 'oomkilled') {
                after(run, c, timing.crashAfterMs, () => terminate(run, c, 'crash'));
            }
            const startup = c.spec.startupProbe;
            if (startup)
                scheduleProbe(run, c, 'startup', startup, true);
            else
                afterStarted(run, c);
            publish(run);
        });
    };
    const afterStarted = (run, c) => {
        c.started = true;
        if (c.spec.readinessProbe)
            scheduleProbe(run, c, 'readiness', c.spec.readinessProbe, true);
        else {
            c.ready = true;
            log(run, c, `[sandbox] ${c.spec.name} is ready (no readiness probe)`);
        }
        if (c.spec.livenessProbe)
            scheduleProbe(run, c, 'liveness', c.spec.livenessProbe, true);
        if (c.behaviour !== 'crashloop' && c.behaviour !== 'oomkilled')
            log(run, c, `listening on ${(c.spec.ports ?? []).map((p) => `:${p.containerPort}`).join(', ') || ':8080'}`);
        publish(run);
    };
    const scheduleProbe = (run, c, kind, probe, first) => {
        const delay = (first ? (probe.initialDelaySeconds ?? 0) : (probe.periodSeconds ?? 10)) * 1000;
        after(run, c, delay, () => {
            if (c.state.kind !== 'running')
                return;
            const since = clock.simulated(Date.now() - c.runStartedMs);
            const { ok, message } = probeOutcome(c.behaviour, kind, probe, since, timing.slowStartMs, run.podIp);
            const success = probe.successThreshold ?? 1;
            const failure = probe.failureThreshold ?? 3;
            const label = kind[0].toUpperCase() + kind.slice(1);
            if (kind === 'startup') {
                if (ok) {
                    log(run, c, `[sandbox] startup probe succeeded`);
                    afterStarted(run, c);
                    return;
                }
                c.startupFailure++;
                event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${message}`);
                if (c.startupFailure >= failure) {
                    event(run, 'Normal', 'Killing', `Container ${c.spec.name} failed startup probe, will be restarted`);
                    terminate(run, c, 'killed');
                    return;
                }
            }
            else if (kind === 'readiness') {
                if (ok) {
                    c.readyFailure = 0;
                    c.readySuccess++;
                    if (!c.ready && c.readySuccess >= success) {
                        c.ready = true;
                        log(run, c, `[sandbox] readiness probe passed: ${c.spec.name} is ready`);
                        publish(run);
                    }
                }
                else {
                    c.readySuccess = 0;
                    c.readyFailure++;
                    event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${message}`);
                    if (c.ready && c.readyFailure >= failure) {
                        c.ready = false;
                        log(run, c, `[sandbox] readiness probe failed ${failure} times: ${c.spec.name} is not ready`);
                        publish(run);
                    }
                }
            }
            else {
                if (ok)
                    c.liveFailure = 0;
                else {
                    c.liveFailure++;
                    event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${message}`);
                    if (c.liveFailure >= failure) {
                        event(run, 'Normal', 'Killing', `Container ${c.spec.name} failed liveness probe, will be restarted`);
                        terminate(run, c, 'killed');
                        return;
                    }
                }
            }
            scheduleProbe(run, c, kind, probe, false);
        });
    };
    const terminate = (run, c, why) => {
        if (c.state.kind !== 'running')
            return;
        const startedAt = c.state.startedAt;
        const oom = why === 'crash' && c.behaviour === 'oomkilled';
        const exitCode = why === 'complete' ? 0 : oom || why === 'killed' ? 137 : 1;
        const reason = why === 'complete' ? 'Completed' : oom ? 'OOMKilled' : 'Error';
        if (why === 'crash')
            log(run, c, oom ? 'fatal error: runtime: out of memory' : `panic: simulated crash (image behaviour "${c.behaviour}")`);
        c.epoch++;
        c.ready = false;
        c.started = false;
        const terminated = { kind: 'terminated', reason, exitCode, startedAt, finishedAt: clock.timestamp() };
        c.state = terminated;
        if (c.init && why === 'complete') {
            publish(run);
            startNextInit(run);
            return;
        }
        const policy = podObj(run)?.spec?.restartPolicy ?? 'Always';
        if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
            publish(run);
            return;
        }
        c.crashes++;
        c.restartCount++;
        c.lastState = terminated;
        const wait = backOff(c.crashes);
        const podRef = `${run.name}_${run.namespace}(${run.uid})`;
        c.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${Math.round(wait / 1000)}s restarting failed container=${c.spec.name} pod=${podRef}` };
        event(run, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${podRef}`);
        publish(run);
        after(run, c, wait, () => startContainer(run, c));
    };
    const startNextInit = (run) => {
        const next = run.containers.find((c) => c.init && !(c.state.kind === 'terminated' && c.state.exitCode === 0) && c.state.kind === 'waiting' && c.restartCount === 0 && c.epoch === 0);
        if (next) {
            startContainer(run, next);
            return;
        }
        if (run.containers.some((c) => c.init && !(c.state.kind === 'terminated' && c.state.exitCode === 0)))
            return;
        run.initDone = true;
        for (const c of run.containers.filter((x) => !x.init))
            startContainer(run, c);
        publish(run);
    };
    const begin = (pod) => {
        const nodeName = pod.spec.nodeName;
        const node = store.get(nodeType, undefined, nodeName);
        const ip = (node?.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
        const mk = (spec, init) => ({
            spec: clone(spec),
            init,
            behaviour: behaviourOf(config.images, spec.image ?? ''),
            state: { kind: 'waiting', reason: init ? 'PodInitializing' : 'PodInitializing' },
            ready: false,
            started: false,
            restartCount: 0,
            imagePulled: false,
            pullFailures: 0,
            crashes: 0,
            runStartedMs: 0,
            epoch: 0,
            readySuccess: 0,
            readyFailure: 0,
            liveFailure: 0,
            startupFailure: 0,
        });
        const run = {
            uid: pod.metadata.uid,
            namespace: pod.metadata.namespace,
            name: pod.metadata.name,
            nodeName,
            podIp: ip,
            startTime: clock.timestamp(),
            containers: [...(pod.spec?.initContainers ?? []).map((c) => mk(c, true)), ...(pod.spec?.containers ?? []).map((c) => mk(c, false))],
            initDone: false,
            stopped: false,
            cancels: new Set(),
        };
        runs.set(run.uid, run);
        for (const c of run.containers)
            if (!c.init)
                c.state = { kind: 'waiting', reason: run.containers.some((x) => x.init) ? 'PodInitializing' : 'ContainerCreating' };
        publish(run);
        startNextInit(run);
    };
    return {
        name: 'kubelet',
        keysFor(e) {
            if (e.resourceKey !== 'pods')
                return [];
            const uid = e.object.metadata.uid;
            if (e.type === 'DELETED') {
                const run = runs.get(uid);
                if (run) {
                    run.stopped = true;
                    for (const cancel of run.cancels)
                        cancel();
                    runs.delete(uid);
                    logs.forget(run.namespace, run.name);
                }
                return [];
            }
            const nodeName = e.object.spec?.nodeName;
            if (!nodeName || runs.has(uid))
                return [];
            return [keyOf(e.object.metadata.namespace, e.object.metadata.name)];
        },
        sync(key) {
            const { namespace, name } = splitKey(key);
            const pod = store.get(podType, namespace, name);
            if (!pod || !pod.spec?.nodeName || runs.has(pod.metadata.uid) || pod.metadata.deletionTimestamp)
                return undefined;
            begin(pod);
            return undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/replicaset.ts
/**
 * ReplicaSet controller: keeps `spec.replicas` pods (created from the template with a controller
 * owner reference), deletes surplus pods least-ready first, and reports replicas / ready /
 * available / fullyLabeled counts and observedGeneration.
 */





const BURST = 500;
function suffix() {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    return Array.from((0,external_node_crypto_.randomBytes)(5), (b) => alphabet[b % alphabet.length]).join('');
}
/** Lower rank = deleted first (unscheduled, pending, not ready, more restarts, newer). */
function deletionRank(p) {
    const st = (p.status ?? {});
    const scheduled = p.spec?.nodeName ? 1 : 0;
    const phase = st.phase === 'Running' ? 2 : st.phase === 'Pending' ? 0 : 1;
    const restarts = (st.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
    return [scheduled, phase, podReady(p) ? 1 : 0, -restarts, -Date.parse(p.metadata.creationTimestamp ?? '0')];
}
function compareRank(a, b) {
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i])
            return a[i] - b[i];
    return 0;
}
/** Creates the ReplicaSet controller. */
function replicaSetController(deps) {
    const { api, store, clock, events } = deps;
    const rsType = api.registry.get('apps', 'replicasets');
    const podType = api.registry.get('', 'pods');
    return {
        name: 'replicaset-controller',
        keysFor(e) {
            if (e.resourceKey === 'replicasets.apps')
                return [keyOf(e.object.metadata.namespace, e.object.metadata.name)];
            if (e.resourceKey === 'pods') {
                const ref = controllerRef(e.object) ?? controllerRef(e.previous);
                if (ref?.kind === 'ReplicaSet')
                    return [keyOf(e.object.metadata.namespace, ref.name)];
            }
            return [];
        },
        sync(key) {
            const { namespace, name } = splitKey(key);
            const rs = store.get(rsType, namespace, name);
            if (!rs || rs.metadata.deletionTimestamp)
                return;
            const uid = rs.metadata.uid;
            const owned = store.ownedBy(podType, uid).filter((p) => controllerRef(p)?.uid === uid);
            const active = owned.filter(podActive);
            const want = rs.spec?.replicas ?? 1;
            const diff = want - active.length;
            if (diff > 0) {
                const template = rs.spec.template;
                for (let i = 0; i < Math.min(diff, BURST); i++) {
                    const pod = {
                        apiVersion: 'v1',
                        kind: 'Pod',
                        metadata: {
                            name: `${name}-${suffix()}`,
                            namespace,
                            labels: clone(template.metadata?.labels ?? {}),
                            ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
                            ownerReferences: [ownerRefTo(rs)],
                        },
                        spec: clone(template.spec),
                    };
                    try {
                        const created = api.create(podType, namespace, pod, { internal: true });
                        events.record('replicaset-controller', rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
                    }
                    catch (err) {
                        events.record('replicaset-controller', rs, 'Warning', 'FailedCreate', `Error creating: ${err.message}`);
                        throw err;
                    }
                }
            }
            else if (diff < 0) {
                const victims = [...active].sort((a, b) => compareRank(deletionRank(a), deletionRank(b))).slice(0, -diff);
                for (const p of victims) {
                    api.delete(podType, namespace, p.metadata.name);
                    events.record('replicaset-controller', rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
                }
            }
            const now = store.ownedBy(podType, uid).filter((p) => controllerRef(p)?.uid === uid && podActive(p));
            const selector = labelSelectorMatcher(rs.spec?.selector);
            const minReady = rs.spec?.minReadySeconds ?? 0;
            const available = now.filter((p) => podAvailable(p, minReady, clock.timeFactor)).length;
            const status = omitZero({
                replicas: now.length,
                fullyLabeledReplicas: now.filter((p) => selector.matches(p.metadata.labels)).length,
                readyReplicas: now.filter(podReady).length,
                availableReplicas: available,
                observedGeneration: rs.metadata.generation,
            }, ['replicas']);
            const current = store.get(rsType, namespace, name);
            if (!jsonEqual({ ...current.status, conditions: undefined }, { ...status, conditions: undefined })) {
                api.update(rsType, namespace, name, { ...current, status }, { subresource: 'status', internal: true });
            }
            // Pods that are ready but not yet available become available by time alone.
            if (minReady > 0 && now.some((p) => podReady(p) && !podAvailable(p, minReady, clock.timeFactor)))
                return minReady * 1000;
            return undefined;
        },
    };
}

// EXTERNAL MODULE: ./src/fargate/lint.ts
var lint = __webpack_require__(229);
// EXTERNAL MODULE: ./src/fargate/sizing.ts
var sizing = __webpack_require__(2566);
;// CONCATENATED MODULE: ./src/sandbox/controllers/scheduler.ts
/**
 * The EKS Fargate admission webhook and fargate-scheduler. At pod creation a pod that matches a
 * Fargate profile (namespace + labels, wildcards, first profile by name) gets
 * `schedulerName: fargate-scheduler` and the `eks.amazonaws.com/fargate-profile` label. The
 * scheduler then rejects unsupported specs with a `FailedScheduling` event ("Pod not supported
 * on Fargate: …"), or, after the provisioning delay, binds the pod to its own
 * `fargate-ip-10-0-x-y.ec2.internal` node with the `CapacityProvisioned` annotation computed by
 * the real sizing rules. Pods no profile matches stay Pending: the default scheduler has no
 * nodes it may use (Fargate nodes are tainted), so it reports `FailedScheduling`.
 */






/** The scheduler name the EKS webhook sets on Fargate pods. */
const FARGATE_SCHEDULER = 'fargate-scheduler';
/** Node label EKS puts on Fargate nodes. */
const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
/** The mutating webhook: marks pods that match a Fargate profile. */
function fargateAdmission(deps) {
    return ({ type, operation, object }) => {
        if (type.kind !== 'Pod' || operation !== 'CREATE')
            return;
        const spec = (object.spec ?? {});
        if (spec.nodeName)
            return;
        if (spec.schedulerName && spec.schedulerName !== 'default-scheduler' && spec.schedulerName !== FARGATE_SCHEDULER)
            return;
        const match = (0,profiles/* matchFargateProfile */.d)(deps.config.fargateProfiles, object.metadata.namespace ?? 'default', object.metadata.labels);
        if (!match)
            return;
        object.metadata.labels = { ...(object.metadata.labels ?? {}), [profiles/* FARGATE_PROFILE_LABEL */.g6]: match.profile };
        spec.schedulerName = FARGATE_SCHEDULER;
        object.spec = spec;
    };
}
/** Creates the scheduler controller. */
function fargateScheduler(deps) {
    const { api, store, clock, config, events } = deps;
    const podType = api.registry.get('', 'pods');
    const nodeType = api.registry.get('', 'nodes');
    const provisioning = new Set();
    let nextIp = 10;
    const allocateIp = () => {
        // 10.0.0.0/16 like a VPC subnet; skip network/broadcast-looking .0 and .255.
        while ((nextIp & 255) === 0 || (nextIp & 255) === 255)
            nextIp++;
        const n = nextIp++;
        if (nextIp > 65_000)
            nextIp = 10;
        return `10.0.${(n >> 8) & 255}.${n & 255}`;
    };
    const markUnschedulable = (pod, component, message) => {
        const status = (pod.status ?? {});
        const cond = getCondition(status.conditions, 'PodScheduled');
        if (cond?.status === 'False' && cond.message === message)
            return;
        events.record(component, pod, 'Warning', 'FailedScheduling', message);
        const now = clock.timestamp();
        const next = { phase: 'Pending', ...status, conditions: setCondition(status.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null }, now) };
        api.update(podType, pod.metadata.namespace, pod.metadata.name, { ...pod, status: next }, { subresource: 'status', internal: true });
    };
    const bind = (ns, name, uid) => {
        provisioning.delete(uid);
        const pod = store.get(podType, ns, name);
        if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp)
            return;
        const spec = clone(pod.spec);
        if (spec.nodeName)
            return;
        let size;
        try {
            size = (0,sizing/* fargatePodSize */.pw)((0,sizing/* podResourcesFromSpec */.mx)(spec));
        }
        catch (err) {
            markUnschedulable(pod, FARGATE_SCHEDULER, `Pod not supported on Fargate: ${err.message}`);
            return;
        }
        const ip = allocateIp();
        const nodeName = `fargate-ip-${ip.replace(/\./g, '-')}.ec2.internal`;
        const zone = ['us-east-1a', 'us-east-1b', 'us-east-1c'][nextIp % 3];
        api.create(nodeType, undefined, {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: {
                name: nodeName,
                labels: {
                    [COMPUTE_TYPE_LABEL]: 'fargate',
                    'kubernetes.io/hostname': nodeName,
                    'kubernetes.io/os': 'linux',
                    'kubernetes.io/arch': 'amd64',
                    'beta.kubernetes.io/os': 'linux',
                    'beta.kubernetes.io/arch': 'amd64',
                    'topology.kubernetes.io/region': 'us-east-1',
                    'topology.kubernetes.io/zone': zone,
                    'failure-domain.beta.kubernetes.io/zone': zone,
                },
                annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'sandbox.eks-fargate-deploy/pod': `${ns}/${name}` },
            },
            spec: { providerID: `aws:///${zone}/fargate-${ip}`, taints: [{ key: COMPUTE_TYPE_LABEL, value: 'fargate', effect: 'NoSchedule' }] },
            status: {
                capacity: { cpu: String(size.vcpu), memory: `${Math.round(size.memoryGb * 1024 * 1024)}Ki`, pods: '1', 'ephemeral-storage': `${size.ephemeralStorageGiB}Gi` },
                allocatable: { cpu: String(size.vcpu), memory: `${Math.round(size.memoryGb * 1024 * 1024)}Ki`, pods: '1', 'ephemeral-storage': `${size.ephemeralStorageGiB}Gi` },
                conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: clock.timestamp(), lastTransitionTime: clock.timestamp() }],
                addresses: [
                    { type: 'InternalIP', address: ip },
                    { type: 'Hostname', address: nodeName },
                    { type: 'InternalDNS', address: nodeName },
                ],
                nodeInfo: { kubeletVersion: config.kubernetesVersion, kubeProxyVersion: config.kubernetesVersion, operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.25', osImage: 'Amazon Linux 2', kernelVersion: '5.10.234-225.910.amzn2.x86_64', machineID: '', systemUUID: '', bootID: '' },
            },
        }, { internal: true });
        spec.nodeName = nodeName;
        const bound = clone(pod);
        bound.spec = spec;
        bound.metadata.annotations = { ...(bound.metadata.annotations ?? {}), CapacityProvisioned: size.capacityProvisioned, Logging: 'LoggingDisabled: LOGGING_CONFIGMAP_NOT_FOUND' };
        const afterBind = api.update(podType, ns, name, bound, { internal: true });
        const status = (afterBind.status ?? {});
        const now = clock.timestamp();
        api.update(podType, ns, name, { ...afterBind, status: { ...status, phase: 'Pending', conditions: setCondition(status.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now) } }, { subresource: 'status', internal: true });
        events.record(FARGATE_SCHEDULER, afterBind, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${nodeName}`);
    };
    return {
        name: 'fargate-scheduler',
        keysFor(e) {
            if (e.resourceKey !== 'pods')
                return [];
            const key = keyOf(e.object.metadata.namespace, e.object.metadata.name);
            if (e.type === 'DELETED') {
                const node = e.object.spec?.nodeName;
                return node ? [`node:${node}`] : [];
            }
            const spec = e.object.spec;
            return spec?.nodeName || e.object.metadata.deletionTimestamp ? [] : [key];
        },
        sync(key) {
            if (key.startsWith('node:')) {
                const nodeName = key.slice(5);
                if (store.get(nodeType, undefined, nodeName))
                    api.delete(nodeType, undefined, nodeName);
                return undefined;
            }
            const { namespace, name } = splitKey(key);
            const pod = store.get(podType, namespace, name);
            if (!pod || pod.metadata.deletionTimestamp)
                return undefined;
            const spec = (pod.spec ?? {});
            if (spec.nodeName)
                return undefined;
            if (spec.schedulerName === FARGATE_SCHEDULER) {
                const reasons = (0,lint/* fargateUnsupportedReasons */.j7)(spec);
                const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
                if (owner?.kind === 'DaemonSet')
                    reasons.unshift('DaemonSet pods are not supported');
                if (reasons.length > 0) {
                    markUnschedulable(pod, FARGATE_SCHEDULER, (0,lint/* fargateUnsupportedMessage */.Ft)(reasons));
                    return undefined;
                }
                const uid = pod.metadata.uid;
                if (!provisioning.has(uid)) {
                    provisioning.add(uid);
                    clock.after(config.timing.podProvisioningMs, () => bind(namespace, name, uid));
                }
                return undefined;
            }
            if (spec.schedulerName && spec.schedulerName !== 'default-scheduler')
                return undefined;
            const nodes = store.count(nodeType);
            const message = nodes === 0
                ? 'no nodes available to schedule pods'
                : `0/${nodes} nodes are available: ${nodes} node(s) had untolerated taint {${COMPUTE_TYPE_LABEL}: fargate}. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
            markUnschedulable(pod, 'default-scheduler', message);
            return undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/controllers/index.ts







/** Creates and starts every controller. */
function installControllers(deps) {
    const errors = [];
    const runner = new ControllerRunner(deps.clock, (controller, key, err) => {
        const message = err instanceof Error ? err.message : String(err);
        errors.push({ controller, key, message });
        if (errors.length > 1000)
            errors.shift();
    });
    deps.clock.onError = (err) => {
        errors.push({ controller: 'timer', key: '', message: err instanceof Error ? err.message : String(err) });
        if (errors.length > 1000)
            errors.shift();
    };
    deps.api.admission.push(fargateAdmission(deps));
    for (const c of [garbageCollector(deps), deploymentController(deps), replicaSetController(deps), fargateScheduler(deps), kubelet(deps), endpointsController(deps)])
        runner.add(c);
    const unsubscribe = deps.store.onEvent(runner.onStoreEvent);
    // Objects created before the runner subscribed (bootstrap namespaces) still need a sync.
    for (const t of deps.api.registry.types) {
        for (const o of deps.store.list(t).items)
            runner.onStoreEvent({ type: 'ADDED', resourceKey: t.group ? `${t.resource}.${t.group}` : t.resource, rv: Number(o.metadata.resourceVersion), object: o });
    }
    return {
        runner,
        errors,
        stop() {
            unsubscribe();
            runner.stop();
        },
    };
}

;// CONCATENATED MODULE: ./src/sandbox/events.ts
/**
 * Kubernetes Events (core/v1) as controllers record them: one object per involved object +
 * reason + message, with `count` and `lastTimestamp` bumped on repeats, like client-go's
 * event correlator. Old events are pruned per namespace so long runs stay bounded.
 */


/** Records events on behalf of a component (`deployment-controller`, `fargate-scheduler`, `kubelet`). */
class EventRecorder {
    recent = new Map();
    perNamespace = new Map();
    seq = 0;
    api;
    clock;
    maxPerNamespace;
    constructor(api, clock, maxPerNamespace = 2000) {
        this.api = api;
        this.clock = clock;
        this.maxPerNamespace = maxPerNamespace;
    }
    /** Records (or bumps) an event about `obj`. */
    record(component, obj, type, reason, message, host) {
        const t = this.api.registry.get('', 'events');
        const ns = obj.metadata.namespace ?? 'default';
        const key = `${ns}/${obj.kind}/${obj.metadata.name}/${obj.metadata.uid}/${component}/${reason}/${message}`;
        const now = this.clock.timestamp();
        const existingName = this.recent.get(key);
        if (existingName) {
            const cur = this.api.store.get(t, ns, existingName);
            if (cur) {
                const next = clone(cur);
                next.count = Number(cur.count ?? 1) + 1;
                next.lastTimestamp = now;
                this.api.store.put(t, next);
                return;
            }
        }
        // A monotonic suffix keeps `kubectl get events` (sorted by name within a second) in causal order.
        const name = `${obj.metadata.name}.${(Date.now() * 1000 + (this.seq++ % 1000)).toString(16)}${(0,external_node_crypto_.randomBytes)(2).toString('hex')}`;
        const event = {
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name, namespace: ns },
            involvedObject: {
                kind: obj.kind,
                namespace: obj.metadata.namespace,
                name: obj.metadata.name,
                uid: obj.metadata.uid,
                apiVersion: obj.apiVersion,
                resourceVersion: obj.metadata.resourceVersion,
            },
            reason,
            message,
            source: host ? { component, host } : { component },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
            type,
            eventTime: null,
            reportingComponent: component,
            reportingInstance: host ?? '',
        };
        try {
            this.api.create(t, ns, event, { internal: true });
        }
        catch {
            return; // namespace being deleted: events are best effort, as in Kubernetes
        }
        // Correlation is a cache: forgetting it only means a repeat starts a new Event object.
        if (this.recent.size > 10_000)
            this.recent.clear();
        this.recent.set(key, name);
        let names = this.perNamespace.get(ns);
        if (!names)
            this.perNamespace.set(ns, (names = []));
        names.push(name);
        if (names.length > this.maxPerNamespace) {
            for (const old of names.splice(0, names.length - this.maxPerNamespace))
                this.api.store.remove(t, ns, old);
        }
    }
}

;// CONCATENATED MODULE: ./src/sandbox/discovery.ts
/**
 * Discovery documents (`/api`, `/apis`, `/apis/<group>`, per group-version resource lists) and
 * `/version`, built from the resource registry. The legacy (non-aggregated) format: kubectl asks
 * for aggregated discovery first and falls back to this when the server answers plain JSON.
 */

const MAIN_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** `/api` (APIVersions). */
function coreApiVersions(serverAddress) {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}
function groupDoc(reg, group) {
    const versions = reg.groupVersions().filter((gv) => gv.group === group).map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
    return { name: group, versions, preferredVersion: versions[0] };
}
/** `/apis` (APIGroupList). */
function apiGroupList(reg) {
    const groups = [...new Set(reg.groupVersions().map((gv) => gv.group).filter((g) => g !== ''))];
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupDoc(reg, g)) };
}
/** `/apis/<group>` (APIGroup), or undefined for an unknown group. */
function apiGroup(reg, group) {
    if (!reg.groupVersions().some((gv) => gv.group === group))
        return undefined;
    return { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(reg, group) };
}
function resourceEntries(t) {
    const out = [
        {
            name: t.resource,
            singularName: t.singular,
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: MAIN_VERBS,
            ...(t.shortNames ? { shortNames: t.shortNames } : {}),
            ...(t.categories ? { categories: t.categories } : {}),
        },
    ];
    for (const sub of t.subresources ?? []) {
        if (sub === 'scale')
            out.push({ name: `${t.resource}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
        else if (sub === 'status')
            out.push({ name: `${t.resource}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
        else if (sub === 'log')
            out.push({ name: `${t.resource}/log`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get'] });
    }
    return out;
}
/** `/api/v1` or `/apis/<group>/<version>` (APIResourceList), or undefined when unknown. */
function apiResourceList(reg, group, version) {
    const types = reg.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0)
        return undefined;
    const extra = group === '' && version === 'v1' ? [{ name: 'services/proxy', singularName: '', namespaced: true, kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }] : [];
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(types[0]), resources: [...types.flatMap(resourceEntries), ...extra] };
}
/** `/version`, shaped like EKS's (gitVersion `v1.32.3-eks-…`). */
function versionInfo(gitVersion) {
    const m = gitVersion.match(/^v(\d+)\.(\d+)/);
    return {
        major: m?.[1] ?? '1',
        minor: `${m?.[2] ?? '32'}+`,
        gitVersion,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2025-01-01T00:00:00Z',
        goVersion: 'go1.23.6',
        compiler: 'gc',
        platform: 'linux/amd64',
    };
}

;// CONCATENATED MODULE: ./src/sandbox/openapi.ts
/**
 * Just enough OpenAPI for kubectl: `/openapi/v3` (root index + one document per group-version)
 * whose PATCH operations carry `x-kubernetes-group-version-kind` and the `fieldValidation`
 * parameter. kubectl reads exactly that to decide that the server validates fields itself
 * (so `kubectl apply --server-side` with default validation sends `fieldValidation=Strict`
 * instead of validating against a client-side schema). `/openapi/v2` is a minimal JSON swagger.
 */


function gvPath(group, version) {
    return group ? `apis/${group}/${version}` : `api/${version}`;
}
const queryParam = (name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);
function operations(t) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const prefix = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
    const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };
    const op = (action, params = []) => ({
        operationId: `${action}${t.kind}`,
        parameters: params,
        responses: ok,
        'x-kubernetes-action': action,
        'x-kubernetes-group-version-kind': gvk,
    });
    const nameParams = [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }];
    const out = {
        [prefix]: { get: op('list'), post: op('post', WRITE_PARAMS), delete: op('deletecollection') },
        [`${prefix}/{name}`]: {
            parameters: nameParams,
            get: op('get'),
            put: op('put', WRITE_PARAMS),
            patch: op('patch', [...WRITE_PARAMS, queryParam('force')]),
            delete: op('delete', [queryParam('dryRun')]),
        },
    };
    if (t.subresources?.includes('status')) {
        out[`${prefix}/{name}/status`] = { parameters: nameParams, get: op('get'), put: op('put', WRITE_PARAMS), patch: op('patch', [...WRITE_PARAMS, queryParam('force')]) };
    }
    return out;
}
/** The `/openapi/v3/<gv path>` document, or undefined for an unknown group-version. */
function openApiV3Document(reg, group, version) {
    const types = reg.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0)
        return undefined;
    const paths = {};
    for (const t of types)
        Object.assign(paths, operations(t));
    const schemas = {};
    for (const t of types) {
        schemas[`${group || 'core'}.${version}.${t.kind}`] = {
            type: 'object',
            'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
            properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
        };
    }
    return { openapi: '3.0.0', info: { title: 'Kubernetes (eks-fargate-deploy sandbox)', version: apiVersionOf(types[0]) }, paths, components: { schemas } };
}
/** The `/openapi/v3` root: one entry per group-version with a content hash. */
function openApiV3Root(reg) {
    const paths = {};
    for (const { group, version } of reg.groupVersions()) {
        const doc = JSON.stringify(openApiV3Document(reg, group, version));
        const hash = (0,external_node_crypto_.createHash)('sha512').update(doc).digest('hex').slice(0, 128).toUpperCase();
        const p = gvPath(group, version);
        paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
    return { paths };
}
/** A minimal `/openapi/v2` swagger document (JSON only; protobuf is not served). */
function openApiV2(reg) {
    const definitions = {};
    for (const t of reg.types) {
        definitions[`io.k8s.sandbox.${t.group || 'core'}.${t.version}.${t.kind}`] = {
            type: 'object',
            'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
        };
    }
    return { swagger: '2.0', info: { title: 'Kubernetes (eks-fargate-deploy sandbox)', version: 'v1.32' }, paths: {}, definitions };
}

;// CONCATENATED MODULE: ./src/sandbox/table.ts
/** kubectl's `duration.HumanDuration`. */
function humanDuration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 120)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 10)
        return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
    if (m < 180)
        return `${m}m`;
    const h = Math.floor(m / 60);
    if (h < 8)
        return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
    if (h < 48)
        return `${h}h`;
    const d = Math.floor(h / 24);
    if (h < 192)
        return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
    if (d < 365 * 2)
        return `${d}d`;
    return `${Math.floor(d / 365)}y`;
}
const age = (o, now) => (o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');
const nameCol = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name ?? '' };
const ageCol = { name: 'Age', type: 'string', cell: age };
const get = (o, ...path) => path.reduce((cur, k) => (cur && typeof cur === 'object' ? cur[k] : undefined), o);
const num = (v) => (typeof v === 'number' ? v : 0);
/** kubectl's pod STATUS column. */
function podStatusReason(o) {
    const status = (o.status ?? {});
    let reason = status.reason ?? status.phase ?? 'Pending';
    const inits = status.initContainerStatuses ?? [];
    const initTotal = o.spec?.initContainers?.length ?? 0;
    let initializing = false;
    for (const [i, c] of inits.entries()) {
        const t = c.state?.terminated;
        if (t && t.exitCode === 0)
            continue;
        initializing = true;
        if (t)
            reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
        else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
            reason = `Init:${c.state.waiting.reason}`;
        else
            reason = `Init:${i}/${initTotal}`;
        break;
    }
    if (!initializing) {
        let hasRunning = false;
        for (const c of [...(status.containerStatuses ?? [])].reverse()) {
            if (c.state?.waiting?.reason)
                reason = c.state.waiting.reason;
            else if (c.state?.terminated?.reason)
                reason = c.state.terminated.reason;
            else if (c.state?.terminated)
                reason = `ExitCode:${c.state.terminated.exitCode}`;
            else if (c.ready && c.state?.running)
                hasRunning = true;
        }
        if (reason === 'Completed' && hasRunning)
            reason = 'Running';
    }
    if (o.metadata.deletionTimestamp)
        reason = 'Terminating';
    return reason;
}
function podRestarts(o, now) {
    const cs = o.status?.containerStatuses ?? [];
    const n = cs.reduce((s, c) => s + (c.restartCount ?? 0), 0);
    const last = cs.map((c) => c.lastState?.terminated?.finishedAt).filter((x) => !!x).sort().pop();
    return last && n > 0 ? `${n} (${humanDuration(now - Date.parse(last))} ago)` : String(n);
}
const COLUMNS = {
    Pod: [
        nameCol,
        { name: 'Ready', type: 'string', cell: (o) => { const cs = get(o, 'status', 'containerStatuses') ?? []; const total = (get(o, 'spec', 'containers') ?? []).length; return `${cs.filter((c) => c.ready).length}/${total}`; } },
        { name: 'Status', type: 'string', cell: podStatusReason },
        { name: 'Restarts', type: 'string', cell: podRestarts },
        ageCol,
        { name: 'IP', type: 'string', priority: 1, cell: (o) => String(get(o, 'status', 'podIP') ?? '<none>') },
        { name: 'Node', type: 'string', priority: 1, cell: (o) => String(get(o, 'spec', 'nodeName') ?? '<none>') },
    ],
    Deployment: [
        nameCol,
        { name: 'Ready', type: 'string', cell: (o) => `${num(get(o, 'status', 'readyReplicas'))}/${num(get(o, 'spec', 'replicas'))}` },
        { name: 'Up-to-date', type: 'integer', cell: (o) => num(get(o, 'status', 'updatedReplicas')) },
        { name: 'Available', type: 'integer', cell: (o) => num(get(o, 'status', 'availableReplicas')) },
        ageCol,
        { name: 'Containers', type: 'string', priority: 1, cell: (o) => (get(o, 'spec', 'template', 'spec', 'containers') ?? []).map((c) => c.name).join(',') },
        { name: 'Images', type: 'string', priority: 1, cell: (o) => (get(o, 'spec', 'template', 'spec', 'containers') ?? []).map((c) => c.image).join(',') },
    ],
    ReplicaSet: [
        nameCol,
        { name: 'Desired', type: 'integer', cell: (o) => num(get(o, 'spec', 'replicas')) },
        { name: 'Current', type: 'integer', cell: (o) => num(get(o, 'status', 'replicas')) },
        { name: 'Ready', type: 'integer', cell: (o) => num(get(o, 'status', 'readyReplicas')) },
        ageCol,
    ],
    Node: [
        nameCol,
        { name: 'Status', type: 'string', cell: (o) => ((get(o, 'status', 'conditions') ?? []).find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady') },
        { name: 'Roles', type: 'string', cell: () => '<none>' },
        ageCol,
        { name: 'Version', type: 'string', cell: (o) => String(get(o, 'status', 'nodeInfo', 'kubeletVersion') ?? '') },
    ],
    Service: [
        nameCol,
        { name: 'Type', type: 'string', cell: (o) => String(get(o, 'spec', 'type') ?? 'ClusterIP') },
        { name: 'Cluster-IP', type: 'string', cell: (o) => String(get(o, 'spec', 'clusterIP') ?? '<none>') },
        { name: 'External-IP', type: 'string', cell: (o) => (get(o, 'status', 'loadBalancer', 'ingress') ?? []).map((i) => i.hostname ?? i.ip).join(',') || '<none>' },
        { name: 'Port(s)', type: 'string', cell: (o) => (get(o, 'spec', 'ports') ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>' },
        ageCol,
    ],
    Namespace: [nameCol, { name: 'Status', type: 'string', cell: (o) => String(get(o, 'status', 'phase') ?? 'Active') }, ageCol],
    Endpoints: [
        nameCol,
        {
            name: 'Endpoints',
            type: 'string',
            cell: (o) => {
                const subsets = o.subsets ?? [];
                const eps = subsets.flatMap((s) => (s.addresses ?? []).flatMap((a) => (s.ports?.length ? s.ports.map((p) => `${a.ip}:${p.port}`) : [a.ip])));
                return eps.length === 0 ? '<none>' : eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',');
            },
        },
        ageCol,
    ],
    Event: [
        { name: 'Last Seen', type: 'string', cell: (o, now) => humanDuration(now - Date.parse(String(o.lastTimestamp ?? o.metadata.creationTimestamp))) },
        { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
        { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
        { name: 'Object', type: 'string', cell: (o) => `${String(get(o, 'involvedObject', 'kind') ?? '').toLowerCase()}/${String(get(o, 'involvedObject', 'name') ?? '')}` },
        { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
        { name: 'Name', type: 'string', format: 'name', priority: 1, cell: (o) => o.metadata.name ?? '' },
    ],
    Ingress: [
        nameCol,
        { name: 'Class', type: 'string', cell: (o) => String(get(o, 'spec', 'ingressClassName') ?? '<none>') },
        { name: 'Hosts', type: 'string', cell: (o) => (get(o, 'spec', 'rules') ?? []).map((r) => r.host ?? '*').join(',') || '*' },
        { name: 'Address', type: 'string', cell: (o) => (get(o, 'status', 'loadBalancer', 'ingress') ?? []).map((i) => i.hostname ?? i.ip).join(',') },
        { name: 'Ports', type: 'string', cell: () => '80' },
        ageCol,
    ],
};
/** Whether the Accept header asks for a meta.k8s.io Table. */
function wantsTable(accept) {
    return !!accept && /as=Table/.test(accept.split(',')[0] ?? '');
}
function columnsFor(kind) {
    return COLUMNS[kind] ?? [nameCol, ageCol];
}
function partialMeta(o) {
    const { managedFields: _m, ...meta } = o.metadata;
    return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta };
}
/** A meta.k8s.io/v1 Table for objects of one kind. */
function toTable(kind, items, resourceVersion, includeObject, withColumns = true) {
    const cols = columnsFor(kind);
    const now = Date.now();
    return {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion },
        columnDefinitions: withColumns ? cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? c.name, priority: c.priority ?? 0 })) : [],
        rows: items.map((o) => ({ cells: cols.map((c) => c.cell(o, now)), object: includeObject === 'None' ? undefined : includeObject === 'Object' ? o : partialMeta(o) })),
    };
}

;// CONCATENATED MODULE: ./src/sandbox/handlers.ts








const jsonCache = new WeakMap();
/** JSON of a frozen stored object, serialised once and shared by every list and watch. */
function objectJson(o) {
    if (!Object.isFrozen(o))
        return JSON.stringify(o);
    let s = jsonCache.get(o);
    if (s === undefined) {
        s = JSON.stringify(o);
        jsonCache.set(o, s);
    }
    return s;
}
function route(name, matches, handle) {
    return { name, matches, handle: async (ctx) => handle(ctx) };
}
/** Non-resource endpoints. */
function nonResourceRoutes(deps) {
    const reg = deps.api.registry;
    const isGet = (ctx) => ctx.req.method === 'GET' || ctx.req.method === 'HEAD';
    const text = (res, body) => {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
        res.end(body);
    };
    return [
        route('health', (c) => isGet(c) && ['/healthz', '/livez', '/readyz'].includes(c.url.pathname), (c) => text(c.res, 'ok')),
        route('version', (c) => isGet(c) && c.url.pathname === '/version', (c) => c.sendJson(200, versionInfo(deps.kubernetesVersion))),
        route('core-versions', (c) => isGet(c) && c.url.pathname === '/api', (c) => c.sendJson(200, coreApiVersions(deps.serverAddress()))),
        route('groups', (c) => isGet(c) && c.url.pathname === '/apis', (c) => c.sendJson(200, apiGroupList(reg))),
        route('group', (c) => isGet(c) && /^\/apis\/[^/]+\/?$/.test(c.url.pathname), (c) => {
            const doc = apiGroup(reg, c.url.pathname.split('/')[2]);
            if (!doc)
                throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
            c.sendJson(200, doc);
        }),
        route('resource-list', (c) => isGet(c) && (/^\/api\/v1\/?$/.test(c.url.pathname) || /^\/apis\/[^/]+\/[^/]+\/?$/.test(c.url.pathname)), (c) => {
            const p = c.url.pathname.split('/').filter(Boolean);
            const doc = p[0] === 'api' ? apiResourceList(reg, '', p[1]) : apiResourceList(reg, p[1], p[2]);
            if (!doc)
                throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
            c.sendJson(200, doc);
        }),
        route('openapi-v3-root', (c) => isGet(c) && /^\/openapi\/v3\/?$/.test(c.url.pathname), (c) => c.sendJson(200, openApiV3Root(reg))),
        route('openapi-v3', (c) => isGet(c) && c.url.pathname.startsWith('/openapi/v3/'), (c) => {
            const p = c.url.pathname.slice('/openapi/v3/'.length).split('/').filter(Boolean);
            const doc = p[0] === 'api' ? openApiV3Document(reg, '', p[1] ?? '') : p[0] === 'apis' ? openApiV3Document(reg, p[1] ?? '', p[2] ?? '') : undefined;
            if (!doc)
                throw new StatusError(404, StatusReason.NotFound, `openapi v3 document for ${c.url.pathname} not found`);
            c.sendJson(200, doc, { 'Cache-Control': 'public, immutable', Etag: `"${c.url.searchParams.get('hash') ?? ''}"` });
        }),
        route('openapi-v2', (c) => isGet(c) && c.url.pathname === '/openapi/v2', (c) => {
            const accept = c.req.headers.accept ?? '';
            if (accept && !accept.includes('json') && !accept.includes('*/*')) {
                throw new StatusError(406, StatusReason.NotAcceptable, 'only application/json is served for /openapi/v2');
            }
            c.sendJson(200, openApiV2(reg));
        }),
    ];
}
function queryFlag(v) {
    return v === 'true' || v === '1';
}
function writeOptions(ctx) {
    const q = ctx.url.searchParams;
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All'))
        throw badRequest(`dryRun: Unsupported value: "${dryRun.find((d) => d !== 'All')}": supported values: "All"`);
    const fv = q.get('fieldValidation');
    if (fv && !['Strict', 'Warn', 'Ignore'].includes(fv))
        throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
    const ua = ctx.req.headers['user-agent'] ?? '';
    const fromUa = ua.split('/')[0].slice(0, 128);
    return {
        dryRun: dryRun.length > 0,
        fieldManager: q.get('fieldManager') ?? (ctx.req.method === 'PATCH' && (ctx.req.headers['content-type'] ?? '').startsWith('application/apply-patch') ? undefined : fromUa || 'unknown'),
        fieldValidation: fv ?? 'Warn',
        force: queryFlag(q.get('force')),
        warnings: [],
    };
}
function warningHeaders(opts) {
    if (!opts.warnings?.length)
        return {};
    return { Warning: opts.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
function parseJsonBody(raw, what, contentType = 'application/json') {
    if (!raw.trim())
        return undefined;
    if (contentType.includes('protobuf')) {
        // Typed clients (kubectl create <generator>, run, expose) send protobuf; JSON and YAML only here.
        throw new StatusError(415, StatusReason.UnsupportedMediaType, `the sandbox accepts application/json and application/yaml bodies, not ${contentType.split(';')[0]} (kubectl create <generator>, run and expose send protobuf: use kubectl apply -f or create -f instead)`);
    }
    try {
        return contentType.includes('yaml') ? (0,dist/* parse */.qg)(raw) : JSON.parse(raw);
    }
    catch (err) {
        throw badRequest(`${what}: invalid ${contentType.includes('yaml') ? 'YAML' : 'JSON'}: ${err.message}`);
    }
}
/** The resource handler. */
function resourceRoute(deps) {
    const { api } = deps;
    return {
        name: 'resources',
        matches: (ctx) => ctx.info.isResourceRequest,
        async handle(ctx) {
            const { info } = ctx;
            const t = api.registry.byResource(info.group, info.version, info.resource);
            if (!t)
                throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
            const ns = t.namespaced ? info.namespace || undefined : undefined;
            if (t.namespaced && !ns && info.name)
                throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
            const sub = info.subresource;
            if (sub && !t.subresources?.includes(sub)) {
                throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
            }
            if (sub === 'log')
                return serveLogs(ctx, deps, t, ns, info.name);
            switch (info.verb) {
                case 'get': {
                    if (sub === 'scale')
                        return ctx.sendJson(200, api.getScale(t, ns, info.name));
                    const o = api.get(t, ns, info.name);
                    if (wantsTable(ctx.req.headers.accept))
                        return ctx.sendJson(200, toTable(t.kind, [o], o.metadata.resourceVersion ?? '', ctx.url.searchParams.get('includeObject')));
                    return ctx.sendRaw(200, objectJson(o));
                }
                case 'list':
                    return serveList(ctx, deps, t, ns);
                case 'watch':
                    return serveWatch(ctx, deps, t, ns);
                case 'create': {
                    const opts = writeOptions(ctx);
                    const created = api.create(t, ns, parseJsonBody(await ctx.readBody(), 'create body', ctx.req.headers['content-type']), opts);
                    return ctx.sendRaw(201, objectJson(created), warningHeaders(opts));
                }
                case 'update': {
                    const opts = writeOptions(ctx);
                    const body = parseJsonBody(await ctx.readBody(), 'update body', ctx.req.headers['content-type']);
                    if (sub === 'scale')
                        return ctx.sendJson(200, api.updateScale(t, ns, info.name, body, opts));
                    const updated = api.update(t, ns, info.name, body, { ...opts, subresource: sub === 'status' ? 'status' : undefined });
                    return ctx.sendRaw(200, objectJson(updated), warningHeaders(opts));
                }
                case 'patch': {
                    const opts = writeOptions(ctx);
                    const contentType = ctx.req.headers['content-type'] ?? '';
                    const raw = await ctx.readBody();
                    const existed = api.store.get(t, ns, info.name) !== undefined;
                    const patched = api.patch(t, ns, info.name, contentType, raw, { ...opts, subresource: sub === 'status' || sub === 'scale' ? sub : undefined });
                    if (sub === 'scale')
                        return ctx.sendJson(200, patched);
                    return ctx.sendRaw(existed ? 200 : 201, objectJson(patched), warningHeaders(opts));
                }
                case 'delete': {
                    const deleted = api.delete(t, ns, info.name, deleteOptions(ctx, parseJsonBody(await ctx.readBody(), 'DeleteOptions', ctx.req.headers['content-type'])));
                    return ctx.sendRaw(200, objectJson(deleted));
                }
                case 'deletecollection': {
                    const opts = deleteOptions(ctx, parseJsonBody(await ctx.readBody(), 'DeleteOptions', ctx.req.headers['content-type']));
                    const { items } = api.list(t, ns, { labelSelector: ctx.url.searchParams.get('labelSelector'), fieldSelector: ctx.url.searchParams.get('fieldSelector') });
                    const out = items.map((o) => api.delete(t, o.metadata.namespace, o.metadata.name, opts));
                    return ctx.sendJson(200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(api.store.resourceVersion) }, items: out });
                }
                default:
                    throw new StatusError(405, StatusReason.MethodNotAllowed, `${ctx.req.method} is not supported on ${info.path}`);
            }
        },
    };
}
function deleteOptions(ctx, body) {
    const q = ctx.url.searchParams;
    const b = isPlainObject(body) ? body : {};
    let policy = (q.get('propagationPolicy') ?? b.propagationPolicy);
    if (policy === undefined && (b.orphanDependents === true || q.get('orphanDependents') === 'true'))
        policy = 'Orphan';
    if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
        throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`);
    }
    const dryRun = q.getAll('dryRun').length > 0 || (Array.isArray(b.dryRun) && b.dryRun.length > 0);
    const pre = isPlainObject(b.preconditions) ? b.preconditions : undefined;
    return { propagationPolicy: policy, dryRun, preconditions: pre };
}
function serveList(ctx, deps, t, ns) {
    const q = ctx.url.searchParams;
    const rv = q.get('resourceVersion');
    if (rv && rv !== '0' && q.get('resourceVersionMatch') === 'Exact' && Number(rv) !== deps.api.store.resourceVersion) {
        throw gone(`too old resource version: ${rv} (${deps.api.store.resourceVersion})`);
    }
    const { items, resourceVersion } = deps.api.list(t, ns, { labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector') });
    if (wantsTable(ctx.req.headers.accept))
        return ctx.sendJson(200, toTable(t.kind, items, resourceVersion, q.get('includeObject')));
    const json = `{"kind":"${t.kind}List","apiVersion":"${apiVersionOf(t)}","metadata":{"resourceVersion":"${resourceVersion}"},"items":[${items.map(objectJson).join(',')}]}`;
    ctx.sendRaw(200, json);
}
function serveWatch(ctx, deps, t, ns) {
    const q = ctx.url.searchParams;
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    const rvParam = q.get('resourceVersion');
    const bookmarks = queryFlag(q.get('allowWatchBookmarks'));
    const initialEvents = queryFlag(q.get('sendInitialEvents'));
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? '0');
    const store = deps.api.store;
    const { res } = ctx;
    const limits = ctx.watchLimits ?? {};
    const table = wantsTable(ctx.req.headers.accept);
    const includeObject = q.get('includeObject');
    let firstTable = true;
    const encode = (o) => {
        if (!table)
            return objectJson(o);
        const json = JSON.stringify(toTable(t.kind, [o], o.metadata.resourceVersion ?? '', includeObject, firstTable));
        firstTable = false;
        return json;
    };
    const inScope = (o) => (!ns || o.metadata.namespace === ns) && labels.matches(o.metadata.labels) && fields.matches(o);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    return new Promise((resolve) => {
        let sent = 0;
        let done = false;
        const timers = [];
        let stopSub = () => undefined;
        const finish = () => {
            if (done)
                return;
            done = true;
            stopSub();
            for (const tm of timers)
                clearTimeout(tm);
            if (!res.writableEnded)
                res.end();
            resolve();
        };
        const write = (type, json) => {
            if (done)
                return;
            res.write(`{"type":"${type}","object":${json}}\n`);
            sent++;
            if (limits.maxEvents !== undefined && sent >= limits.maxEvents)
                finish();
        };
        const bookmark = (extra) => {
            const meta = { resourceVersion: String(store.resourceVersion) };
            if (extra)
                meta.annotations = extra;
            write('BOOKMARK', JSON.stringify({ kind: t.kind, apiVersion: apiVersionOf(t), metadata: meta }));
        };
        const onEvent = (e) => {
            const now = inScope(e.object);
            const before = e.previous ? inScope(e.previous) : false;
            if (e.type === 'DELETED') {
                if (before || now)
                    write('DELETED', encode(e.object));
            }
            else if (e.type === 'ADDED' || !before) {
                if (now)
                    write('ADDED', encode(e.object));
            }
            else if (now)
                write('MODIFIED', encode(e.object));
            else
                write('DELETED', encode(e.object));
        };
        ctx.req.on('close', finish);
        res.on('close', finish);
        try {
            if (!rvParam || rvParam === '0' || initialEvents) {
                for (const o of store.list(t, ns).items)
                    if (inScope(o))
                        write('ADDED', encode(o));
                if (initialEvents && bookmarks)
                    bookmark({ 'k8s.io/initial-events-end': 'true' });
                if (done)
                    return;
                stopSub = store.watch(t, store.resourceVersion, onEvent).stop;
            }
            else {
                const from = Number(rvParam);
                if (!Number.isFinite(from))
                    throw badRequest(`invalid resourceVersion "${rvParam}"`);
                stopSub = store.watch(t, from, onEvent).stop;
            }
        }
        catch (err) {
            if (err instanceof StatusError)
                write('ERROR', JSON.stringify(err.toStatus()));
            finish();
            return;
        }
        if (done) {
            stopSub();
            return;
        }
        if (bookmarks) {
            const tick = () => {
                bookmark();
                timers.push(setTimeout(tick, deps.bookmarkIntervalMs));
            };
            timers.push(setTimeout(tick, deps.bookmarkIntervalMs));
        }
        if (timeoutSeconds > 0)
            timers.push(setTimeout(finish, timeoutSeconds * 1000));
        if (limits.maxDurationMs !== undefined)
            timers.push(setTimeout(finish, limits.maxDurationMs));
    });
}
function serveLogs(ctx, deps, t, ns, name) {
    const q = ctx.url.searchParams;
    const pod = deps.api.get(t, ns, name);
    const spec = (pod.spec ?? {});
    const names = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name);
    let container = q.get('container');
    if (!container) {
        if ((spec.containers ?? []).length !== 1) {
            throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${(spec.containers ?? []).map((c) => c.name).join(' ')}]`);
        }
        container = spec.containers[0].name;
    }
    if (!names.includes(container))
        throw badRequest(`container ${container} is not valid for pod ${name}`);
    if (!deps.logs.has(ns, name, container)) {
        const statuses = (pod.status ?? {}).containerStatuses ?? [];
        const reason = statuses.find((s) => s.name === container)?.state?.waiting?.reason ?? 'ContainerCreating';
        throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
    }
    const timestamps = queryFlag(q.get('timestamps'));
    const tail = q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
    const fmt = (l) => (timestamps ? `${l.time} ${l.text}\n` : `${l.text}\n`);
    const { res } = ctx;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    for (const l of deps.logs.lines(ns, name, container, tail))
        res.write(fmt(l));
    if (!queryFlag(q.get('follow'))) {
        res.end();
        return;
    }
    return new Promise((resolve) => {
        const stopFollow = deps.logs.follow(ns, name, container, (l) => res.write(fmt(l)));
        const sub = deps.api.store.watch(t, deps.api.store.resourceVersion, (e) => {
            if (e.type === 'DELETED' && e.object.metadata.name === name && e.object.metadata.namespace === ns)
                end();
        });
        function end() {
            stopFollow();
            sub.stop();
            if (!res.writableEnded)
                res.end();
            resolve();
        }
        ctx.req.on('close', end);
    });
}

;// CONCATENATED MODULE: ./src/sandbox/logs.ts
/**
 * Container logs, kept per pod and container (bounded), with followers for `kubectl logs -f`.
 * The kubelet writes one line per state change and the emulated app writes its own lines.
 */
/** Log lines of every container of every pod. */
class PodLogs {
    streams = new Map();
    maxLines;
    constructor(maxLines = 1000) {
        this.maxLines = maxLines;
    }
    key(namespace, pod, container) {
        return `${namespace}/${pod}/${container}`;
    }
    stream(namespace, pod, container) {
        const k = this.key(namespace, pod, container);
        let s = this.streams.get(k);
        if (!s)
            this.streams.set(k, (s = { lines: [], followers: new Set() }));
        return s;
    }
    /** Appends a line (timestamped now) and notifies followers. */
    append(namespace, pod, container, text) {
        const s = this.stream(namespace, pod, container);
        const line = { time: new Date().toISOString(), text };
        s.lines.push(line);
        if (s.lines.length > this.maxLines)
            s.lines.splice(0, s.lines.length - this.maxLines);
        for (const f of s.followers)
            f(line);
    }
    /** Lines so far (optionally only the last `tail`). */
    lines(namespace, pod, container, tail) {
        const all = this.streams.get(this.key(namespace, pod, container))?.lines ?? [];
        return tail !== undefined && tail >= 0 ? all.slice(Math.max(0, all.length - tail)) : [...all];
    }
    /** Follows new lines; returns an unsubscribe function. */
    follow(namespace, pod, container, fn) {
        const s = this.stream(namespace, pod, container);
        s.followers.add(fn);
        return () => s.followers.delete(fn);
    }
    /** Whether a container has written anything. */
    has(namespace, pod, container) {
        return (this.streams.get(this.key(namespace, pod, container))?.lines.length ?? 0) > 0;
    }
    /** Drops a pod's logs (after the pod is deleted). */
    forget(namespace, pod) {
        const prefix = `${namespace}/${pod}/`;
        for (const k of this.streams.keys())
            if (k.startsWith(prefix))
                this.streams.delete(k);
    }
}

;// CONCATENATED MODULE: ./src/sandbox/schema.ts
/**
 * The little schema knowledge patching and server-side apply need: which lists are maps keyed by
 * a field (containers by name, ports by containerPort, ...) and which structs are atomic. The
 * real API server reads these from OpenAPI (`x-kubernetes-list-map-keys`, `patchMergeKey`);
 * the sandbox keeps the common cases in one table keyed by the field's path shape.
 */
const byName = { keys: ['name'] };
/**
 * The list-map keys for the list at `path` (field names only, list positions omitted), or
 * undefined for atomic lists. `path` is e.g. `['spec','template','spec','containers']`.
 */
function listMapKeys(path) {
    const field = path[path.length - 1];
    const parent = path[path.length - 2];
    switch (field) {
        case 'containers':
        case 'initContainers':
        case 'ephemeralContainers':
        case 'volumes':
        case 'env':
        case 'imagePullSecrets':
        case 'resourceClaims':
        case 'readinessGates':
            return field === 'readinessGates' ? { keys: ['conditionType'] } : byName;
        case 'ports':
            // Container ports are keyed by containerPort, Service ports by port (both with protocol).
            if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') {
                return { keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } };
            }
            if (parent === 'spec' && path.length === 2)
                return { keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } };
            return undefined;
        case 'volumeMounts':
            return { keys: ['mountPath'] };
        case 'volumeDevices':
            return { keys: ['devicePath'] };
        case 'conditions':
            return { keys: ['type'] };
        case 'hostAliases':
            return { keys: ['ip'] };
        case 'ownerReferences':
            return { keys: ['uid'] };
        case 'topologySpreadConstraints':
            return { keys: ['topologyKey', 'whenUnsatisfiable'] };
        default:
            return undefined;
    }
}
/** Structs that are replaced as a whole (`x-kubernetes-map-type: atomic`), e.g. workload selectors. */
function isAtomicStruct(path) {
    const field = path[path.length - 1];
    if (field === 'selector' && path.length === 2 && path[0] === 'spec')
        return true;
    return false;
}
/** Lists treated as sets of scalars (`x-kubernetes-list-type: set`). */
function isSetList(path) {
    return path.length === 2 && path[0] === 'metadata' && path[1] === 'finalizers';
}
/** The key values of a list item, defaults applied, in key order. */
function itemKey(item, keys) {
    if (typeof item !== 'object' || item === null)
        return undefined;
    const rec = item;
    const out = {};
    for (const k of keys.keys) {
        const v = rec[k] ?? keys.defaults?.[k];
        if (v === undefined)
            return undefined;
        out[k] = v;
    }
    return out;
}
/** Whether two list items have the same key. */
function sameKey(a, b, keys) {
    const ka = itemKey(a, keys);
    const kb = itemKey(b, keys);
    if (!ka || !kb)
        return false;
    return keys.keys.every((k) => ka[k] === kb[k]);
}

;// CONCATENATED MODULE: ./src/sandbox/apply.ts
/**
 * Server-side apply and field ownership: FieldsV1 sets (`f:`/`k:`/`v:` segments), the merge of an
 * applied configuration into the live object, removal of fields a manager stopped applying, 409
 * conflicts naming the field and the other manager (or `force` taking ownership), and the
 * `Update` entries that PUT/PATCH/create record for their field manager.
 */



const SEP = '\n';
const IDENTITY_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'generateName']);
function fieldsTree(value, path, out) {
    if (!isPlainObject(value))
        return;
    for (const [k, child] of Object.entries(value)) {
        if (child === undefined)
            continue;
        if (path.length === 0 && (k === 'apiVersion' || k === 'kind'))
            continue;
        if (path.length === 1 && path[0] === 'metadata' && IDENTITY_META.has(k))
            continue;
        const p = [...path, k];
        const node = {};
        if (isPlainObject(child) && !isAtomicStruct(p)) {
            fieldsTree(child, p, node);
        }
        else if (Array.isArray(child)) {
            const keys = listMapKeys(p);
            if (keys) {
                for (const item of child) {
                    const key = itemKey(item, keys);
                    if (!key)
                        continue;
                    const itemNode = { '.': {} };
                    fieldsTree(item, p, itemNode);
                    node[`k:${JSON.stringify(key)}`] = itemNode;
                }
            }
            else if (isSetList(p)) {
                for (const item of child)
                    node[`v:${JSON.stringify(item)}`] = {};
            }
        }
        out[`f:${k}`] = node;
    }
}
/**
 * The FieldsV1 set of an object: every field it sets, with associative list items as
 * `k:{"name":"web"}` and set items as `v:"x"`. Identity fields and `status` (when `withStatus`
 * is false) are excluded, as the API server does for the main resource.
 */
function fieldSetOf(obj, withStatus = false) {
    const out = {};
    const body = isPlainObject(obj) && !withStatus ? { ...obj, status: undefined } : obj;
    fieldsTree(body, [], out);
    if (isPlainObject(out['f:metadata']) && Object.keys(out['f:metadata']).length === 0)
        delete out['f:metadata'];
    return out;
}
/** Flattens a FieldsV1 tree to member paths (segments joined by newline). */
function flattenFields(tree, prefix = [], out = new Set()) {
    for (const [seg, child] of Object.entries(tree)) {
        if (seg === '.')
            continue;
        const p = [...prefix, seg];
        const keys = Object.keys(child);
        if (keys.length === 0 || keys.includes('.'))
            out.add(p.join(SEP));
        flattenFields(child, p, out);
    }
    return out;
}
/** Rebuilds a FieldsV1 tree from member paths. */
function buildFields(members) {
    const root = {};
    const all = [...members].sort();
    const memberSet = new Set(all);
    for (const m of all) {
        let node = root;
        for (const seg of m.split(SEP))
            node = node[seg] ??= {};
    }
    // A member that also has children is marked with "." (an item or map owned as a whole).
    const mark = (node, prefix) => {
        for (const [seg, child] of Object.entries(node)) {
            if (seg === '.')
                continue;
            const p = [...prefix, seg];
            if (Object.keys(child).length > 0 && memberSet.has(p.join(SEP)))
                child['.'] = {};
            mark(child, p);
        }
    };
    mark(root, []);
    return root;
}
function parseSeg(seg) {
    const kind = seg[0];
    const rest = seg.slice(2);
    if (kind === 'k')
        return { kind, name: '', key: JSON.parse(rest) };
    if (kind === 'v')
        return { kind, name: '', value: JSON.parse(rest) };
    return { kind: 'f', name: rest };
}
function findItem(list, key, fieldPath) {
    const keys = listMapKeys(fieldPath) ?? { keys: Object.keys(key) };
    return list.findIndex((item) => sameKey(item, key, keys) || jsonEqual(itemKey(item, keys), key));
}
/** The value at a member path, or undefined. */
function valueAt(obj, member) {
    let cur = obj;
    const fieldPath = [];
    for (const raw of member.split(SEP)) {
        const seg = parseSeg(raw);
        if (seg.kind === 'f') {
            if (!isPlainObject(cur))
                return undefined;
            cur = cur[seg.name];
            fieldPath.push(seg.name);
        }
        else if (seg.kind === 'k') {
            if (!Array.isArray(cur))
                return undefined;
            const i = findItem(cur, seg.key, fieldPath);
            cur = i >= 0 ? cur[i] : undefined;
        }
        else {
            if (!Array.isArray(cur))
                return undefined;
            cur = cur.some((x) => jsonEqual(x, seg.value)) ? seg.value : undefined;
        }
        if (cur === undefined)
            return undefined;
    }
    return cur;
}
function deleteAt(obj, member) {
    const segs = member.split(SEP);
    let cur = obj;
    const fieldPath = [];
    for (let i = 0; i < segs.length; i++) {
        const seg = parseSeg(segs[i]);
        const last = i === segs.length - 1;
        if (seg.kind === 'f') {
            if (!isPlainObject(cur))
                return;
            if (last) {
                delete cur[seg.name];
                return;
            }
            cur = cur[seg.name];
            fieldPath.push(seg.name);
        }
        else {
            if (!Array.isArray(cur))
                return;
            const idx = seg.kind === 'k' ? findItem(cur, seg.key, fieldPath) : cur.findIndex((x) => jsonEqual(x, seg.value));
            if (idx < 0)
                return;
            if (last) {
                cur.splice(idx, 1);
                return;
            }
            cur = cur[idx];
        }
    }
}
/** Merges an applied configuration into a live value: maps recurse, keyed lists merge by key, the rest replaces. */
function mergeApplied(live, applied, path = []) {
    if (!isPlainObject(applied))
        return clone(applied);
    if (isAtomicStruct(path))
        return clone(applied);
    const out = isPlainObject(live) ? clone(live) : {};
    for (const [k, v] of Object.entries(applied)) {
        if (v === undefined)
            continue;
        const p = [...path, k];
        if (v === null) {
            delete out[k];
        }
        else if (Array.isArray(v)) {
            const keys = listMapKeys(p);
            if (keys && Array.isArray(out[k])) {
                const existing = out[k];
                // Applied items come first in applied order; items only others own stay after them.
                const merged = v.map((item) => {
                    const idx = existing.findIndex((e) => sameKey(e, item, keys));
                    return idx >= 0 ? mergeApplied(existing[idx], item, p) : clone(item);
                });
                for (const e of existing)
                    if (!v.some((item) => sameKey(e, item, keys)))
                        merged.push(e);
                out[k] = merged;
            }
            else if (isSetList(p) && Array.isArray(out[k])) {
                const set = [...out[k]];
                for (const item of v)
                    if (!set.some((x) => jsonEqual(x, item)))
                        set.push(item);
                out[k] = set;
            }
            else {
                out[k] = clone(v);
            }
        }
        else if (isPlainObject(v)) {
            out[k] = mergeApplied(out[k], v, p);
        }
        else {
            out[k] = v;
        }
    }
    return out;
}
function humanPath(member) {
    return member
        .split(SEP)
        .map((seg) => (seg.startsWith('f:') ? `.${seg.slice(2)}` : seg.startsWith('k:') ? `[${Object.entries(JSON.parse(seg.slice(2))).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]` : `[=${seg.slice(2)}]`))
        .join('');
}
function isLeafMember(member, members) {
    const prefix = member + SEP;
    for (const m of members)
        if (m.startsWith(prefix))
            return false;
    return true;
}
/** Fields that hold a union: one handler of a probe or lifecycle hook. */
const UNION_PARENTS = new Set(['f:livenessProbe', 'f:readinessProbe', 'f:startupProbe', 'f:postStart', 'f:preStop']);
const UNION_MEMBERS = new Set(['f:exec', 'f:httpGet', 'f:tcpSocket', 'f:grpc', 'f:sleep']);
function ownsUnder(members, field) {
    if (members.has(field))
        return true;
    const prefix = field + SEP;
    for (const m of members)
        if (m.startsWith(prefix))
            return true;
    return false;
}
/**
 * Union members (a probe's `httpGet` when the probe now has `tcpSocket`) this manager applied
 * before, applies no longer, and nobody else owns anything under: removed whole. Removing only the
 * members it owned would leave the defaulted rest (`httpGet: {scheme: HTTP}`, owned by no one)
 * and so two handlers. The API server's structured-merge-diff removes any struct field whose
 * subtree the applier dropped this way (`EnsureNamedFieldsAreMembers` in its prune), then
 * defaults the result again; the sandbox knows no schema to tell struct fields from map keys, and
 * its controllers write unowned fields, so it does this where it matters: the handler unions.
 */
function droppedUnionMembers(previous, applied, ownedByOthers) {
    const out = new Set();
    for (const m of previous) {
        const segs = m.split(SEP);
        for (let i = 1; i < segs.length; i++) {
            if (!UNION_MEMBERS.has(segs[i]) || !UNION_PARENTS.has(segs[i - 1]))
                continue;
            const field = segs.slice(0, i + 1).join(SEP);
            if (!ownsUnder(applied, field) && !ownsUnder(ownedByOthers, field))
                out.add(field);
        }
    }
    return [...out];
}
/**
 * Server-side apply: returns the merged object with updated managedFields, or throws a 409
 * Conflict whose causes name each field and the manager that owns it (unless `force`).
 */
function serverSideApply(input) {
    const { live, applied, manager, force } = input;
    const withStatus = input.subresource === 'status';
    const scoped = withStatus ? { status: applied.status } : applied;
    const appliedSet = flattenFields(fieldSetOf(scoped, withStatus));
    const entries = clone(live?.metadata.managedFields ?? []);
    const isMine = (e) => e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === (input.subresource ?? '');
    const mine = entries.find(isMine);
    const previous = mine ? flattenFields(mine.fieldsV1) : new Set();
    const conflicts = [];
    const others = entries.filter((e) => !isMine(e));
    const otherSets = new Map(others.map((e) => [e, flattenFields(e.fieldsV1)]));
    if (live) {
        for (const member of appliedSet) {
            if (!isLeafMember(member, appliedSet))
                continue;
            const appliedValue = valueAt(applied, member);
            const liveValue = valueAt(live, member);
            if (jsonEqual(appliedValue, liveValue))
                continue;
            for (const [e, set] of otherSets)
                if (set.has(member))
                    conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, member });
        }
    }
    if (conflicts.length > 0 && !force) {
        const causes = conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: humanPath(c.member) }));
        const lines = causes.map((c) => `${c.message}: ${c.field}`);
        const message = conflicts.length === 1 ? `Apply failed with 1 conflict: ${lines[0]}` : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
        throw new StatusError(409, StatusReason.Conflict, message, { causes });
    }
    // Force (or no conflict): others lose the fields this apply sets to a different value.
    for (const c of conflicts)
        otherSets.get(others.find((e) => e.manager === c.manager && e.apiVersion === c.apiVersion))?.delete(c.member);
    let merged = live ? mergeApplied(live, scoped) : clone(applied);
    if (!live)
        merged = clone(applied);
    // Fields this manager applied before but not now are removed, unless someone else owns them.
    const stillOwned = new Set();
    for (const set of otherSets.values())
        for (const m of set)
            stillOwned.add(m);
    const removed = [...previous].filter((m) => !appliedSet.has(m) && !stillOwned.has(m)).sort((a, b) => b.length - a.length);
    for (const m of removed)
        deleteAt(merged, m);
    for (const m of droppedUnionMembers(previous, appliedSet, stillOwned))
        deleteAt(merged, m);
    const next = [];
    for (const e of entries) {
        if (isMine(e))
            continue;
        const set = otherSets.get(e);
        if (set.size > 0)
            next.push({ ...e, fieldsV1: buildFields(set) });
    }
    const entry = { manager, operation: 'Apply', apiVersion: input.apiVersion, time: input.now, fieldsType: 'FieldsV1', fieldsV1: buildFields(appliedSet) };
    if (input.subresource)
        entry.subresource = input.subresource;
    next.push(entry);
    merged.metadata = { ...merged.metadata, managedFields: next };
    return merged;
}
/**
 * Records an `Update` (create, PUT, non-apply PATCH) by `manager`: it takes ownership of every
 * field whose value changed (or appeared), and other managers lose those fields.
 */
function recordUpdate(before, after, manager, apiVersion, now, subresource) {
    const withStatus = subresource === 'status';
    const afterSet = flattenFields(fieldSetOf(withStatus ? { status: after.status } : after, withStatus));
    const changed = new Set();
    for (const m of afterSet) {
        if (!isLeafMember(m, afterSet) && !m.split(SEP).pop().startsWith('k:'))
            continue;
        if (!before || !jsonEqual(valueAt(before, m), valueAt(after, m)))
            changed.add(m);
    }
    const entries = clone(before?.metadata.managedFields ?? []);
    if (changed.size === 0)
        return entries;
    const next = [];
    let mine;
    for (const e of entries) {
        const set = flattenFields(e.fieldsV1);
        if (e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '')) {
            mine = set;
            continue;
        }
        for (const m of changed)
            set.delete(m);
        if (set.size > 0)
            next.push({ ...e, fieldsV1: buildFields(set) });
    }
    const members = new Set([...(mine ?? []), ...changed]);
    // Fields that no longer exist are no longer owned.
    for (const m of members)
        if (valueAt(after, m) === undefined)
            members.delete(m);
    const entry = { manager, operation: 'Update', apiVersion, time: now, fieldsType: 'FieldsV1', fieldsV1: buildFields(members) };
    if (subresource)
        entry.subresource = subresource;
    next.push(entry);
    return next;
}

;// CONCATENATED MODULE: ./src/sandbox/defaults.ts
/**
 * API defaulting for the fields a deploy and kubectl look at (the real API server's
 * SetDefaults_* functions, the common subset), so stored objects look like EKS's.
 */


function rec(parent, key) {
    const v = parent[key];
    if (isPlainObject(v))
        return v;
    const fresh = {};
    parent[key] = fresh;
    return fresh;
}
function setDefault(o, key, value) {
    if (o[key] === undefined)
        o[key] = value;
}
function defaultProbe(p) {
    if (!isPlainObject(p))
        return;
    setDefault(p, 'timeoutSeconds', 1);
    setDefault(p, 'periodSeconds', 10);
    setDefault(p, 'successThreshold', 1);
    setDefault(p, 'failureThreshold', 3);
    if (isPlainObject(p.httpGet))
        setDefault(p.httpGet, 'scheme', 'HTTP');
}
function defaultContainer(c) {
    if (!isPlainObject(c))
        return;
    setDefault(c, 'terminationMessagePath', '/dev/termination-log');
    setDefault(c, 'terminationMessagePolicy', 'File');
    if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
        const tag = c.image.includes('@') ? 'digest' : c.image.slice(c.image.lastIndexOf('/') + 1).split(':')[1];
        c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
    }
    setDefault(c, 'resources', {});
    if (Array.isArray(c.ports))
        for (const p of c.ports)
            if (isPlainObject(p))
                setDefault(p, 'protocol', 'TCP');
    defaultProbe(c.readinessProbe);
    defaultProbe(c.livenessProbe);
    defaultProbe(c.startupProbe);
}
/** Defaults a PodSpec (pods and templates). */
function defaultPodSpec(spec) {
    setDefault(spec, 'restartPolicy', 'Always');
    setDefault(spec, 'terminationGracePeriodSeconds', 30);
    setDefault(spec, 'dnsPolicy', 'ClusterFirst');
    setDefault(spec, 'securityContext', {});
    setDefault(spec, 'schedulerName', 'default-scheduler');
    for (const list of ['containers', 'initContainers']) {
        const cs = spec[list];
        if (Array.isArray(cs))
            cs.forEach(defaultContainer);
    }
}
let nextClusterIp = 10;
/** Applies the defaults of the object's kind, in place. */
function applyDefaults(obj) {
    const o = obj;
    switch (obj.kind) {
        case 'Pod': {
            const spec = rec(o, 'spec');
            defaultPodSpec(spec);
            setDefault(spec, 'serviceAccountName', 'default');
            setDefault(spec, 'enableServiceLinks', true);
            setDefault(spec, 'priority', 0);
            break;
        }
        case 'Deployment': {
            const spec = rec(o, 'spec');
            setDefault(spec, 'replicas', 1);
            setDefault(spec, 'revisionHistoryLimit', 10);
            setDefault(spec, 'progressDeadlineSeconds', 600);
            const strategy = rec(spec, 'strategy');
            setDefault(strategy, 'type', 'RollingUpdate');
            if (strategy.type === 'RollingUpdate') {
                const ru = rec(strategy, 'rollingUpdate');
                setDefault(ru, 'maxSurge', '25%');
                setDefault(ru, 'maxUnavailable', '25%');
            }
            defaultPodSpec(rec(rec(spec, 'template'), 'spec'));
            break;
        }
        case 'ReplicaSet': {
            const spec = rec(o, 'spec');
            setDefault(spec, 'replicas', 1);
            defaultPodSpec(rec(rec(spec, 'template'), 'spec'));
            break;
        }
        case 'Job': {
            const spec = rec(o, 'spec');
            setDefault(spec, 'backoffLimit', 6);
            setDefault(spec, 'completions', 1);
            setDefault(spec, 'parallelism', 1);
            const tspec = rec(rec(spec, 'template'), 'spec');
            defaultPodSpec(tspec);
            break;
        }
        case 'Service': {
            const spec = rec(o, 'spec');
            setDefault(spec, 'type', 'ClusterIP');
            setDefault(spec, 'sessionAffinity', 'None');
            setDefault(spec, 'internalTrafficPolicy', 'Cluster');
            if (spec.clusterIP === undefined && spec.type !== 'ExternalName') {
                const n = nextClusterIp++;
                spec.clusterIP = `10.100.${(n >> 8) & 255}.${n & 255 || (0,external_node_crypto_.randomInt)(1, 254)}`;
            }
            if (spec.clusterIP !== undefined && spec.clusterIPs === undefined)
                spec.clusterIPs = [spec.clusterIP];
            setDefault(spec, 'ipFamilies', ['IPv4']);
            setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
            if (Array.isArray(spec.ports)) {
                for (const p of spec.ports) {
                    if (!isPlainObject(p))
                        continue;
                    setDefault(p, 'protocol', 'TCP');
                    setDefault(p, 'targetPort', p.port);
                }
            }
            break;
        }
        case 'Namespace': {
            const meta = rec(o, 'metadata');
            const labels = rec(meta, 'labels');
            labels['kubernetes.io/metadata.name'] = obj.metadata.name;
            setDefault(rec(o, 'spec'), 'finalizers', ['kubernetes']);
            setDefault(rec(o, 'status'), 'phase', 'Active');
            break;
        }
        case 'Secret': {
            setDefault(o, 'type', 'Opaque');
            if (isPlainObject(o.stringData)) {
                const data = rec(o, 'data');
                for (const [k, v] of Object.entries(o.stringData))
                    data[k] = Buffer.from(String(v)).toString('base64');
                delete o.stringData;
            }
            break;
        }
        default:
            break;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/patch.ts
/**
 * PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and Kubernetes strategic merge
 * patch for the common list-merge keys (see schema.ts). Server-side apply is in apply.ts.
 */



/** Content types the PATCH verb accepts. */
const PatchType = {
    Json: 'application/json-patch+json',
    Merge: 'application/merge-patch+json',
    Strategic: 'application/strategic-merge-patch+json',
    Apply: 'application/apply-patch+yaml',
};
function unprocessable(message) {
    return new StatusError(422, StatusReason.Invalid, message);
}
function decodePointer(pointer) {
    if (pointer === '')
        return [];
    if (!pointer.startsWith('/'))
        throw unprocessable(`invalid JSON pointer "${pointer}": must start with "/"`);
    return pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function resolveParent(doc, tokens, pointer) {
    let cur = doc;
    for (const t of tokens.slice(0, -1)) {
        if (Array.isArray(cur))
            cur = cur[Number(t)];
        else if (isPlainObject(cur))
            cur = cur[t];
        else
            cur = undefined;
        if (cur === undefined)
            throw unprocessable(`doc is missing path: "${pointer}": missing value`);
    }
    if (!Array.isArray(cur) && !isPlainObject(cur))
        throw unprocessable(`doc is missing path: "${pointer}": missing value`);
    return { parent: cur, key: tokens[tokens.length - 1] };
}
function getAt(doc, pointer) {
    let cur = doc;
    for (const t of decodePointer(pointer)) {
        if (Array.isArray(cur))
            cur = cur[Number(t)];
        else if (isPlainObject(cur))
            cur = cur[t];
        else
            return undefined;
    }
    return cur;
}
function addAt(doc, pointer, value, replace) {
    const tokens = decodePointer(pointer);
    if (tokens.length === 0)
        return value;
    const { parent, key } = resolveParent(doc, tokens, pointer);
    if (Array.isArray(parent)) {
        const idx = key === '-' ? parent.length : Number(key);
        if (!Number.isInteger(idx) || idx < 0 || idx > parent.length || (replace && idx >= parent.length)) {
            throw unprocessable(`invalid array index "${key}" in "${pointer}"`);
        }
        if (replace)
            parent[idx] = value;
        else
            parent.splice(idx, 0, value);
    }
    else {
        if (replace && !(key in parent))
            throw unprocessable(`replace operation does not apply: doc is missing key: "${pointer}": missing value`);
        parent[key] = value;
    }
    return doc;
}
function removeAt(doc, pointer) {
    const tokens = decodePointer(pointer);
    const { parent, key } = resolveParent(doc, tokens, pointer);
    if (Array.isArray(parent)) {
        const idx = Number(key);
        if (!Number.isInteger(idx) || idx < 0 || idx >= parent.length)
            throw unprocessable(`invalid array index "${key}" in "${pointer}"`);
        parent.splice(idx, 1);
    }
    else {
        if (!(key in parent))
            throw unprocessable(`remove operation does not apply: doc is missing path: "${pointer}": missing value`);
        delete parent[key];
    }
    return doc;
}
/** Applies an RFC 6902 JSON patch to a copy of `doc`. */
function applyJsonPatch(doc, ops) {
    if (!Array.isArray(ops))
        throw badRequest('json patch body must be a JSON array of operations');
    let out = clone(doc);
    for (const [i, raw] of ops.entries()) {
        if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
            throw unprocessable(`json patch operation ${i} must have string "op" and "path"`);
        }
        const path = raw.path;
        switch (raw.op) {
            case 'add':
                out = addAt(out, path, clone(raw.value), false);
                break;
            case 'replace':
                out = addAt(out, path, clone(raw.value), true);
                break;
            case 'remove':
                out = removeAt(out, path);
                break;
            case 'move':
            case 'copy': {
                if (typeof raw.from !== 'string')
                    throw unprocessable(`json patch operation ${i} (${raw.op}) needs "from"`);
                const v = getAt(out, raw.from);
                if (v === undefined)
                    throw unprocessable(`${raw.op} operation does not apply: doc is missing from path: "${raw.from}"`);
                if (raw.op === 'move')
                    out = removeAt(out, raw.from);
                out = addAt(out, path, clone(v), false);
                break;
            }
            case 'test':
                if (!jsonEqual(getAt(out, path), raw.value))
                    throw unprocessable(`testing value ${path} failed: test failed`);
                break;
            default:
                throw unprocessable(`json patch operation ${i}: unknown op "${raw.op}"`);
        }
    }
    return out;
}
/** Applies an RFC 7386 JSON merge patch (null deletes, objects merge, everything else replaces). */
function applyMergePatch(doc, patch) {
    if (!isPlainObject(patch))
        return clone(patch);
    const out = isPlainObject(doc) ? clone(doc) : {};
    for (const [k, v] of Object.entries(patch)) {
        if (v === null)
            delete out[k];
        else
            out[k] = applyMergePatch(out[k], v);
    }
    return out;
}
function smpList(original, patch, path) {
    const keys = listMapKeys(path);
    if (path.length === 2 && path[0] === 'metadata' && path[1] === 'finalizers') {
        const base = Array.isArray(original) ? [...original] : [];
        for (const v of patch)
            if (!base.includes(v))
                base.push(v);
        return base;
    }
    if (!keys)
        return clone(patch).filter((x) => !(isPlainObject(x) && x.$patch === 'delete'));
    if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) {
        return clone(patch).filter((p) => !(isPlainObject(p) && p.$patch === 'replace'));
    }
    const result = Array.isArray(original) ? clone(original) : [];
    for (const item of patch) {
        const idx = result.findIndex((r) => sameKey(r, item, keys));
        if (isPlainObject(item) && item.$patch === 'delete') {
            if (idx >= 0)
                result.splice(idx, 1);
            continue;
        }
        if (idx >= 0)
            result[idx] = strategicMerge(result[idx], item, path);
        else
            result.push(strategicMerge(undefined, item, path));
    }
    return result;
}
/**
 * Applies a strategic merge patch: like a merge patch, but lists with a merge key (containers,
 * ports, env, volumes, volumeMounts, conditions, ...) merge item by item; `$patch: delete|replace`
 * and `$deleteFromPrimitiveList/<field>` are honoured; `$setElementOrder` and `$retainKeys` are
 * accepted and dropped.
 */
function strategicMerge(original, patch, path = []) {
    if (!isPlainObject(patch))
        return clone(patch);
    if (patch.$patch === 'delete')
        return undefined;
    const replace = patch.$patch === 'replace';
    const out = !replace && isPlainObject(original) ? clone(original) : {};
    for (const [k, v] of Object.entries(patch)) {
        if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/'))
            continue;
        if (k.startsWith('$deleteFromPrimitiveList/')) {
            const field = k.slice('$deleteFromPrimitiveList/'.length);
            if (Array.isArray(out[field]) && Array.isArray(v))
                out[field] = out[field].filter((x) => !v.includes(x));
            continue;
        }
        if (v === null) {
            delete out[k];
        }
        else if (Array.isArray(v)) {
            out[k] = smpList(out[k], v, [...path, k]);
        }
        else if (isPlainObject(v)) {
            const merged = strategicMerge(out[k], v, [...path, k]);
            if (merged === undefined)
                delete out[k];
            else
                out[k] = merged;
        }
        else {
            out[k] = v;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/sandbox/validation.ts
/**
 * Validation the API server does before storing: names, required fields, workload selectors
 * matching template labels, immutable fields, and unknown-field detection for `fieldValidation`.
 * Each failure is a cause of one 422 Invalid (or a 400 for strict unknown fields), like EKS's.
 */


const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME_KINDS = new Set(['Namespace', 'Service']);
function required(causes, field) {
    causes.push({ type: 'FieldValueRequired', message: 'Required value', field });
}
/** The members of the probe handler union, in the order the API server checks them. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
/** A probe or lifecycle hook sets one handler: every one after the first is Forbidden, as in the API server's validateHandler. */
function validateHandler(handler, path, members, causes) {
    if (!isPlainObject(handler))
        return;
    const set = members.filter((m) => handler[m] !== undefined && handler[m] !== null);
    for (const extra of set.slice(1))
        causes.push({ type: 'FieldValueForbidden', message: 'Forbidden: may not specify more than 1 handler type', field: `${path}.${extra}` });
}
function validatePodSpec(spec, path, causes) {
    if (!isPlainObject(spec)) {
        required(causes, path);
        return;
    }
    const containers = spec.containers;
    if (!Array.isArray(containers) || containers.length === 0)
        required(causes, `${path}.containers`);
    const names = new Set();
    for (const list of ['initContainers', 'containers']) {
        const cs = spec[list];
        if (!Array.isArray(cs))
            continue;
        cs.forEach((c, i) => {
            const p = `${path}.${list}[${i}]`;
            if (!isPlainObject(c))
                return;
            if (typeof c.name !== 'string' || !c.name)
                required(causes, `${p}.name`);
            else if (!DNS1123_LABEL.test(c.name))
                causes.push({ type: 'FieldValueInvalid', message: `Invalid value: "${c.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`, field: `${p}.name` });
            else if (names.has(c.name))
                causes.push({ type: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"`, field: `${p}.name` });
            else
                names.add(c.name);
            if (typeof c.image !== 'string' || !c.image.trim())
                required(causes, `${p}.image`);
            for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
                validateHandler(c[probe], `${p}.${probe}`, PROBE_HANDLERS, causes);
            if (isPlainObject(c.lifecycle))
                for (const hook of ['postStart', 'preStop'])
                    validateHandler(c.lifecycle[hook], `${p}.lifecycle.${hook}`, LIFECYCLE_HANDLERS, causes);
        });
    }
}
function validateWorkload(obj, causes) {
    const spec = obj.spec;
    if (!isPlainObject(spec)) {
        required(causes, 'spec');
        return;
    }
    if (typeof spec.replicas === 'number' && spec.replicas < 0) {
        causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`, field: 'spec.replicas' });
    }
    const template = spec.template;
    const selector = spec.selector;
    if (!isPlainObject(selector))
        required(causes, 'spec.selector');
    const labels = (isPlainObject(template) && isPlainObject(template.metadata) ? template.metadata.labels : undefined) ?? {};
    if (isPlainObject(selector)) {
        const m = labelSelectorMatcher(selector);
        if (m.empty)
            causes.push({ type: 'FieldValueInvalid', message: 'Invalid value: {}: empty selector is invalid for deployment', field: 'spec.selector' });
        else if (!m.matches(labels)) {
            causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' });
        }
    }
    validatePodSpec(isPlainObject(template) ? template.spec : undefined, 'spec.template.spec', causes);
}
/** Field errors for an object about to be stored (empty when valid). `old` is set on updates. */
function validateObject(obj, old) {
    const causes = [];
    const name = obj.metadata.name ?? '';
    const nameRe = LABEL_NAME_KINDS.has(obj.kind) ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
    const maxLen = LABEL_NAME_KINDS.has(obj.kind) ? 63 : 253;
    if (!name)
        required(causes, 'metadata.name');
    else if (obj.kind !== 'Event' && (!nameRe.test(name) || name.length > maxLen)) {
        causes.push({
            type: 'FieldValueInvalid',
            message: `Invalid value: "${name}": a lowercase RFC 1123 ${LABEL_NAME_KINDS.has(obj.kind) ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
            field: 'metadata.name',
        });
    }
    for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
        if (typeof v !== 'string' || v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
            causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`, field: `metadata.labels` });
        }
        if (!k)
            causes.push({ type: 'FieldValueInvalid', message: 'Invalid value: "": name part must be non-empty', field: 'metadata.labels' });
    }
    switch (obj.kind) {
        case 'Deployment':
        case 'ReplicaSet':
            validateWorkload(obj, causes);
            if (old && !jsonEqual(old.spec?.selector, obj.spec?.selector)) {
                causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(obj.spec.selector)}: field is immutable`, field: 'spec.selector' });
            }
            break;
        case 'Pod':
            validatePodSpec(obj.spec, 'spec', causes);
            break;
        case 'Service': {
            const spec = obj.spec;
            if (old && old.spec?.clusterIP !== spec?.clusterIP && spec?.clusterIP !== undefined) {
                causes.push({ type: 'FieldValueInvalid', message: `Invalid value: "${String(spec.clusterIP)}": field is immutable`, field: 'spec.clusterIP' });
            }
            break;
        }
        default:
            break;
    }
    return causes;
}
const META_FIELDS = new Set(['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields', 'selfLink']);
const TOP_FIELDS = {
    ConfigMap: ['data', 'binaryData', 'immutable'],
    Secret: ['data', 'stringData', 'type', 'immutable'],
    Endpoints: ['subsets'],
    ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
};
/**
 * Unknown fields at the levels the sandbox knows the schema of (top level and metadata), as
 * `fieldValidation=Strict` reports them: `unknown field "spec2"`. Events are free-form here.
 */
function unknownFields(obj) {
    const kind = String(obj.kind ?? '');
    if (kind === 'Event')
        return [];
    const allowed = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status', ...(TOP_FIELDS[kind] ?? [])]);
    const out = [];
    for (const k of Object.keys(obj))
        if (!allowed.has(k))
            out.push(k);
    if (isPlainObject(obj.metadata))
        for (const k of Object.keys(obj.metadata))
            if (!META_FIELDS.has(k))
                out.push(`metadata.${k}`);
    return out;
}

;// CONCATENATED MODULE: ./src/sandbox/objects.ts
/**
 * The object API: create, update, patch (JSON, merge, strategic, server-side apply), delete and
 * the scale subresource, with the API server's semantics (admission and defaulting, validation,
 * optimistic concurrency, generation, status subresource rules, managedFields, dry-run,
 * deletion with finalizers and propagation). The HTTP layer and the controllers both call this.
 */










function randomSuffix(n = 5) {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    const bytes = (0,external_node_crypto_.randomBytes)(n);
    return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
/** The object API over one store. */
class ObjectApi {
    admission = [];
    store;
    registry;
    clock;
    constructor(store, registry, clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
    }
    /** Error-message target for a type and name. */
    target(t, name) {
        return { resource: t.resource, group: t.group, kind: t.kind, name };
    }
    /** The stored object or a 404 Status. */
    get(t, namespace, name) {
        const o = this.store.get(t, namespace, name);
        if (!o)
            throw notFound(this.target(t, name));
        return o;
    }
    /** Frozen objects matching the selectors. */
    list(t, namespace, opts = {}) {
        const labels = parseLabelSelector(opts.labelSelector);
        const fields = parseFieldSelector(opts.fieldSelector);
        const { items, resourceVersion } = this.store.list(t, namespace);
        return { items: items.filter((o) => labels.matches(o.metadata.labels) && fields.matches(o)), resourceVersion };
    }
    checkNamespace(t, namespace, creating, name = '') {
        if (!t.namespaced)
            return;
        if (!namespace)
            throw badRequest(`the server could not find the requested resource: ${t.resource} is namespaced; a namespace is required`);
        const nsType = this.registry.get('', 'namespaces');
        const ns = this.store.get(nsType, undefined, namespace);
        if (!ns)
            throw notFound(this.target(nsType, namespace));
        if (creating && ns.metadata.deletionTimestamp) {
            throw new StatusError(403, StatusReason.Forbidden, `${t.resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
                kind: t.resource,
                causes: [{ type: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
            });
        }
    }
    checkTypeMeta(t, body) {
        const expected = apiVersionOf(t);
        if (body.apiVersion === undefined)
            body.apiVersion = expected;
        if (body.kind === undefined)
            body.kind = t.kind;
        if (body.kind !== t.kind || body.apiVersion !== expected) {
            throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected}) or the kind (${String(body.kind)}) is not ${t.kind}`);
        }
        if (!isPlainObject(body.metadata))
            body.metadata = {};
    }
    checkFields(body, opts) {
        const mode = opts.fieldValidation ?? 'Ignore';
        if (mode === 'Ignore')
            return;
        const unknown = unknownFields(body);
        if (unknown.length === 0)
            return;
        if (mode === 'Strict') {
            throw badRequest(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
        }
        opts.warnings?.push(...unknown.map((f) => `unknown field "${f}"`));
    }
    admit(t, operation, obj, old) {
        applyDefaults(obj);
        for (const hook of this.admission)
            hook({ type: t, operation, object: obj, old });
        const causes = validateObject(obj, old);
        if (causes.length > 0)
            throw invalid(this.target(t, obj.metadata.name ?? ''), causes);
    }
    /** Creates an object (POST). */
    create(t, namespace, body, opts = {}) {
        if (!isPlainObject(body))
            throw badRequest(`the body of a create request for ${t.resource} must be a JSON object`);
        const obj = clone(body);
        this.checkTypeMeta(t, obj);
        this.checkFields(obj, opts);
        if (t.namespaced) {
            if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
                throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
            }
            obj.metadata.namespace = namespace ?? obj.metadata.namespace;
        }
        else
            delete obj.metadata.namespace;
        if (!obj.metadata.name && obj.metadata.generateName)
            obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
        this.checkNamespace(t, obj.metadata.namespace, true, obj.metadata.name ?? '');
        if (!obj.metadata.name)
            throw invalid(this.target(t, ''), [{ type: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
        if (this.store.get(t, obj.metadata.namespace, obj.metadata.name))
            throw alreadyExists(this.target(t, obj.metadata.name));
        if (t.hasStatus && !opts.internal && t.kind !== 'Namespace')
            delete obj.status;
        if (t.kind === 'Namespace')
            delete obj.status;
        for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'])
            delete obj.metadata[k];
        this.admit(t, 'CREATE', obj);
        const now = this.clock.timestamp();
        obj.metadata.uid = (0,external_node_crypto_.randomUUID)();
        obj.metadata.creationTimestamp = now;
        obj.metadata.generation = 1;
        if (!opts.internal && opts.fieldManager && !obj.metadata.managedFields?.length) {
            obj.metadata.managedFields = recordUpdate(undefined, obj, opts.fieldManager, apiVersionOf(t), now);
        }
        if (opts.dryRun)
            return obj;
        return this.store.put(t, obj);
    }
    /** Replaces an object (PUT), or its status with `subresource: 'status'`. */
    update(t, namespace, name, body, opts = {}) {
        if (!isPlainObject(body))
            throw badRequest(`the body of an update request for ${t.resource} "${name}" must be a JSON object`);
        const old = this.get(t, namespace, name);
        const obj = clone(body);
        this.checkTypeMeta(t, obj);
        if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
            throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
        }
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
            throw staleConflict(this.target(t, name));
        this.checkFields(obj, opts);
        return this.commitUpdate(t, old, obj, opts);
    }
    /** Shared tail of update/patch/apply: merge rules, admission, generation, managedFields, store. */
    commitUpdate(t, old, incoming, opts, managedFieldsDone = false) {
        let obj;
        if (opts.subresource === 'status') {
            obj = clone(old);
            if (incoming.status !== undefined)
                obj.status = clone(incoming.status);
            else
                delete obj.status;
            if (managedFieldsDone)
                obj.metadata.managedFields = incoming.metadata.managedFields;
        }
        else {
            obj = incoming;
            if (t.hasStatus) {
                if (old.status !== undefined)
                    obj.status = clone(old.status);
                else
                    delete obj.status;
            }
        }
        const m = obj.metadata;
        m.name = old.metadata.name;
        if (t.namespaced)
            m.namespace = old.metadata.namespace;
        else
            delete m.namespace;
        m.uid = old.metadata.uid;
        m.creationTimestamp = old.metadata.creationTimestamp;
        m.generation = old.metadata.generation;
        if (old.metadata.deletionTimestamp) {
            m.deletionTimestamp = old.metadata.deletionTimestamp;
            if (old.metadata.deletionGracePeriodSeconds !== undefined)
                m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
        }
        else {
            delete m.deletionTimestamp;
            delete m.deletionGracePeriodSeconds;
        }
        if (!m.labels || Object.keys(m.labels).length === 0)
            delete m.labels;
        if (!m.annotations || Object.keys(m.annotations).length === 0)
            delete m.annotations;
        if (old.metadata.deletionTimestamp && m.finalizers && (m.finalizers.length > (old.metadata.finalizers?.length ?? 0))) {
            const added = m.finalizers.filter((f) => !old.metadata.finalizers?.includes(f));
            if (added.length > 0)
                throw new StatusError(422, StatusReason.Forbidden, `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`);
        }
        this.admit(t, 'UPDATE', obj, old);
        if (specChanged(old, obj))
            m.generation = (old.metadata.generation ?? 1) + 1;
        const now = this.clock.timestamp();
        if (!managedFieldsDone) {
            const sentManaged = incoming.metadata.managedFields;
            if (opts.internal)
                m.managedFields = clone(old.metadata.managedFields);
            else if (sentManaged !== undefined && !jsonEqual(sentManaged, old.metadata.managedFields) && opts.subresource !== 'status')
                m.managedFields = sentManaged;
            else if (opts.fieldManager)
                m.managedFields = recordUpdate(old, obj, opts.fieldManager, apiVersionOf(t), now, opts.subresource);
            else
                m.managedFields = clone(old.metadata.managedFields);
            if (!m.managedFields?.length)
                delete m.managedFields;
        }
        m.resourceVersion = old.metadata.resourceVersion;
        if (jsonEqual(stripVolatile(obj), stripVolatile(old)))
            return old;
        if (opts.dryRun)
            return obj;
        if (m.deletionTimestamp && (!m.finalizers || m.finalizers.length === 0)) {
            return this.store.remove(t, m.namespace, m.name) ?? obj;
        }
        return this.store.put(t, obj);
    }
    /** PATCH with any supported content type (including server-side apply). */
    patch(t, namespace, name, contentType, raw, opts = {}) {
        const type = contentType.split(';')[0].trim().toLowerCase();
        if (type === PatchType.Apply)
            return this.apply(t, namespace, name, raw, opts);
        let body;
        try {
            body = JSON.parse(raw);
        }
        catch (err) {
            throw badRequest(`error decoding patch: ${err.message}`);
        }
        if (opts.subresource === 'scale')
            return this.patchScale(t, namespace, name, type, body, opts);
        const old = this.get(t, namespace, name);
        const base = clone(old);
        let patched;
        if (type === PatchType.Json)
            patched = applyJsonPatch(base, body);
        else if (type === PatchType.Merge)
            patched = applyMergePatch(base, body);
        else if (type === PatchType.Strategic)
            patched = strategicMerge(base, body);
        else
            throw new StatusError(415, StatusReason.UnsupportedMediaType, `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
        if (!isPlainObject(patched))
            throw badRequest('the patch produced something that is not an object');
        const obj = patched;
        this.checkTypeMeta(t, obj);
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
            throw staleConflict(this.target(t, name));
        if (isPlainObject(body))
            this.checkFields(body, opts);
        return this.commitUpdate(t, old, obj, opts);
    }
    /** Server-side apply (`application/apply-patch+yaml`). Creates the object when it does not exist. */
    apply(t, namespace, name, raw, opts = {}) {
        if (!opts.fieldManager)
            throw badRequest('PATCH, application/apply-patch+yaml: fieldManager is required for apply requests');
        let body;
        try {
            body = (0,dist/* parse */.qg)(raw);
        }
        catch (err) {
            throw badRequest(`error decoding YAML: ${err.message}`);
        }
        if (!isPlainObject(body))
            throw badRequest('the apply configuration must be a YAML/JSON object');
        const applied = body;
        if (!applied.apiVersion || !applied.kind)
            throw badRequest(`invalid object type: ${String(applied.apiVersion ?? '')}, Kind=${String(applied.kind ?? '')}: apiVersion and kind must be set`);
        this.checkTypeMeta(t, applied);
        if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
            throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
        }
        if (t.namespaced && applied.metadata.namespace && applied.metadata.namespace !== namespace) {
            throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
        }
        if (applied.metadata.managedFields !== undefined)
            throw badRequest('metadata.managedFields must be nil');
        this.checkFields(applied, opts);
        const live = this.store.get(t, namespace, name);
        if (live && applied.metadata.resourceVersion && applied.metadata.resourceVersion !== live.metadata.resourceVersion)
            throw staleConflict(this.target(t, name));
        const now = this.clock.timestamp();
        const merged = serverSideApply({ live, applied, manager: opts.fieldManager, force: !!opts.force, apiVersion: apiVersionOf(t), now, subresource: opts.subresource });
        if (!live) {
            merged.metadata.name = name;
            const created = this.create(t, namespace, merged, { ...opts, fieldManager: undefined, fieldValidation: 'Ignore' });
            return created;
        }
        return this.commitUpdate(t, live, merged, { ...opts, fieldValidation: 'Ignore' }, true);
    }
    /** The autoscaling/v1 Scale of a workload. */
    getScale(t, namespace, name) {
        const o = this.get(t, namespace, name);
        const spec = (o.spec ?? {});
        const status = (o.status ?? {});
        return {
            kind: 'Scale',
            apiVersion: 'autoscaling/v1',
            metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
            spec: { replicas: spec.replicas ?? 0 },
            status: { replicas: status.replicas ?? 0, selector: formatLabelSelector(spec.selector) },
        };
    }
    /** PUT on `/scale`. */
    updateScale(t, namespace, name, body, opts = {}) {
        if (!isPlainObject(body) || !isPlainObject(body.spec))
            throw badRequest('the Scale body must have spec.replicas');
        const scale = body;
        const old = this.get(t, namespace, name);
        if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== old.metadata.resourceVersion)
            throw staleConflict(this.target(t, name));
        return this.setReplicas(t, old, scale.spec.replicas, opts);
    }
    patchScale(t, namespace, name, type, body, opts) {
        const current = this.getScale(t, namespace, name);
        const patched = (type === PatchType.Json ? applyJsonPatch(current, body) : type === PatchType.Strategic ? strategicMerge(current, body) : applyMergePatch(current, body));
        return this.updateScale(t, namespace, name, patched, opts);
    }
    setReplicas(t, old, replicas, opts) {
        if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
            throw invalid({ resource: 'scale', group: 'autoscaling', kind: 'Scale', name: old.metadata.name }, [{ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }]);
        }
        const obj = clone(old);
        obj.spec.replicas = replicas;
        this.commitUpdate(t, old, obj, { ...opts, subresource: undefined });
        return opts.dryRun ? { ...this.getScale(t, old.metadata.namespace, old.metadata.name), spec: { replicas } } : this.getScale(t, old.metadata.namespace, old.metadata.name);
    }
    /**
     * DELETE. Foreground and Orphan propagation (and objects with finalizers) set
     * deletionTimestamp and leave the rest to the garbage collector; Background removes at once
     * and the collector deletes dependents afterwards.
     */
    delete(t, namespace, name, opts = {}) {
        const old = this.get(t, namespace, name);
        const pre = opts.preconditions;
        if (pre?.uid && pre.uid !== old.metadata.uid) {
            throw new StatusError(409, StatusReason.Conflict, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
        }
        if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
            throw new StatusError(409, StatusReason.Conflict, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
        }
        if (opts.dryRun)
            return old;
        const policy = opts.propagationPolicy ?? 'Background';
        const finalizers = [...(old.metadata.finalizers ?? [])];
        if (t.kind === 'Namespace' || policy !== 'Background' || finalizers.length > 0) {
            if (old.metadata.deletionTimestamp && policy === 'Background')
                return old;
            const obj = clone(old);
            obj.metadata.deletionTimestamp ??= this.clock.timestamp();
            obj.metadata.deletionGracePeriodSeconds ??= 0;
            if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
                finalizers.push('foregroundDeletion');
            if (policy === 'Orphan' && !finalizers.includes('orphan'))
                finalizers.push('orphan');
            if (t.kind === 'Namespace') {
                obj.status = { ...(isPlainObject(obj.status) ? obj.status : {}), phase: 'Terminating' };
            }
            if (finalizers.length === 0 && t.kind !== 'Namespace')
                return this.store.remove(t, namespace, name) ?? old;
            if (finalizers.length > 0)
                obj.metadata.finalizers = finalizers;
            return this.store.put(t, obj);
        }
        return this.store.remove(t, namespace, name) ?? old;
    }
    /** Removes finalizers from an object being deleted (garbage collector, namespace controller). */
    removeFinalizer(t, obj, finalizer) {
        const cur = this.store.get(t, obj.metadata.namespace, obj.metadata.name);
        if (!cur?.metadata.finalizers?.includes(finalizer))
            return;
        const next = clone(cur);
        next.metadata.finalizers = cur.metadata.finalizers.filter((f) => f !== finalizer);
        if (next.metadata.finalizers.length === 0)
            delete next.metadata.finalizers;
        if (next.metadata.deletionTimestamp && !next.metadata.finalizers) {
            this.store.remove(t, cur.metadata.namespace, cur.metadata.name);
            return;
        }
        this.store.put(t, next);
    }
}
/** Whether anything outside metadata and status changed (bumps metadata.generation). */
function specChanged(a, b) {
    const strip = (o) => {
        const { metadata: _m, status: _s, ...rest } = o;
        return rest;
    };
    return !jsonEqual(strip(a), strip(b));
}
function stripVolatile(o) {
    const managed = o.metadata.managedFields?.map((e) => ({ ...e, time: undefined }));
    return { ...o, metadata: { ...o.metadata, managedFields: managed, resourceVersion: undefined } };
}

;// CONCATENATED MODULE: ./src/sandbox/requestinfo.ts
/**
 * Parses a request path into Kubernetes request attributes (the API server's RequestInfo):
 * verb, group, version, resource, subresource, namespace, name. Middlewares (auth, fault
 * injection, audit) and the handlers all read these.
 */
/** Parses method + URL into a {@link RequestInfo}. */
function parseRequestInfo(method, url) {
    const path = url.pathname;
    const httpVerb = method.toLowerCase();
    const info = { isResourceRequest: false, verb: httpVerb, path, group: '', version: '', resource: '', subresource: '', namespace: '', name: '' };
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let rest;
    if (parts[0] === 'api' && parts.length >= 3) {
        info.version = parts[1];
        rest = parts.slice(2);
    }
    else if (parts[0] === 'apis' && parts.length >= 4) {
        info.group = parts[1];
        info.version = parts[2];
        rest = parts.slice(3);
    }
    else {
        return info;
    }
    info.isResourceRequest = true;
    if (rest[0] === 'namespaces') {
        if (rest.length === 1) {
            info.resource = 'namespaces';
        }
        else if (rest.length === 2 || (rest.length >= 3 && rest[2] !== undefined && ['status', 'finalize'].includes(rest[2]) && rest.length === 3)) {
            info.resource = 'namespaces';
            info.name = rest[1];
            info.subresource = rest[2] ?? '';
        }
        else {
            info.namespace = rest[1];
            info.resource = rest[2];
            info.name = rest[3] ?? '';
            info.subresource = rest.slice(4).join('/') ? rest[4] : '';
        }
    }
    else {
        info.resource = rest[0];
        info.name = rest[1] ?? '';
        info.subresource = rest[2] ?? '';
    }
    const watch = url.searchParams.get('watch');
    switch (httpVerb) {
        case 'get':
        case 'head':
            info.verb = info.name ? 'get' : watch === 'true' || watch === '1' ? 'watch' : 'list';
            break;
        case 'post':
            info.verb = 'create';
            break;
        case 'put':
            info.verb = 'update';
            break;
        case 'patch':
            info.verb = 'patch';
            break;
        case 'delete':
            info.verb = info.name ? 'delete' : 'deletecollection';
            break;
        default:
            break;
    }
    return info;
}

;// CONCATENATED MODULE: ./src/sandbox/server.ts




const MAX_BODY = 3 * 1024 * 1024;
/** The request pipeline. */
class SandboxHttp {
    middlewares = [];
    /** Routes tried in order; {@link addRoute} with `first` puts extensions before the resource handler. */
    routes = [];
    authenticators = [];
    authorizer = new SandboxAuthorizer();
    /** Audit log; bounded to `auditLimit` newest entries. */
    audit = [];
    auditLimit = 100_000;
    /** Adds a middleware after the existing ones (before the routes). */
    use(mw) {
        this.middlewares.push(mw);
    }
    /** Adds a route; `first` puts it before the built-in resource handler (e.g. the service proxy). */
    addRoute(route, position = 'first') {
        if (position === 'first')
            this.routes.unshift(route);
        else
            this.routes.push(route);
    }
    /** Node request listener. */
    listener = (req, res) => {
        void this.handle(req, res);
    };
    async handle(req, res) {
        const url = new URL(req.url ?? '/', 'https://sandbox.local');
        const ctx = makeContext(req, res, url, parseRequestInfo(req.method ?? 'GET', url));
        res.on('close', () => this.record(ctx));
        try {
            await this.authenticate(ctx);
            let i = 0;
            const next = async () => {
                const mw = this.middlewares[i++];
                if (mw)
                    return mw(ctx, next);
                return this.route(ctx);
            };
            await next();
        }
        catch (err) {
            if (!res.headersSent)
                ctx.sendError(err);
            else
                res.destroy();
        }
    }
    record(ctx) {
        this.audit.push({
            time: new Date(ctx.startedAt).toISOString(),
            verb: ctx.info.verb,
            path: ctx.url.pathname,
            query: ctx.url.search,
            status: ctx.res.statusCode,
            durationMs: Date.now() - ctx.startedAt,
            user: ctx.user?.username,
            ...(ctx.faults?.length ? { fault: ctx.faults.join(',') } : {}),
            ...(ctx.info.isResourceRequest ? { resource: ctx.info.subresource ? `${ctx.info.resource}/${ctx.info.subresource}` : ctx.info.resource, namespace: ctx.info.namespace || undefined, name: ctx.info.name || undefined } : {}),
        });
        if (this.audit.length > this.auditLimit)
            this.audit.splice(0, this.audit.length - this.auditLimit);
        if (recording() && ctx.bodyRead && ctx.res.statusCode < 400)
            void ctx.readBody().then((text) => recordWrite(ctx, text), () => undefined);
    }
    async authenticate(ctx) {
        let user;
        for (const a of this.authenticators) {
            const r = await a.authenticate(ctx.req);
            if (!r)
                continue;
            if ('error' in r) {
                throw new StatusError(r.error, r.error === 401 ? StatusReason.Unauthorized : StatusReason.Forbidden, r.message);
            }
            user = r.user;
            break;
        }
        if (!user && ctx.req.headers.authorization)
            throw new StatusError(401, StatusReason.Unauthorized, 'Unauthorized');
        ctx.user = user ?? { username: 'system:anonymous', groups: ['system:unauthenticated'] };
        const { info } = ctx;
        const attrs = {
            verb: info.verb,
            resource: info.resource || undefined,
            subresource: info.subresource || undefined,
            group: info.group,
            namespace: info.namespace || undefined,
            name: info.name || undefined,
            path: info.path,
            isResourceRequest: info.isResourceRequest,
        };
        const decision = this.authorizer.authorize(ctx.user, attrs);
        if (!decision.allowed) {
            const msg = forbiddenMessage(ctx.user, attrs) + (decision.reason ? `: ${decision.reason}` : '');
            throw new StatusError(403, StatusReason.Forbidden, msg, info.isResourceRequest ? { name: info.name || undefined, group: info.group || undefined, kind: info.resource } : undefined);
        }
    }
    async route(ctx) {
        for (const r of this.routes)
            if (r.matches(ctx))
                return r.handle(ctx);
        throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
    }
}
/** For the secret scan: what a client wrote, with the payload of Secrets taken out (that is where secrets belong). */
function recordWrite(ctx, text) {
    let body = text;
    try {
        body = JSON.parse(text);
    }
    catch {
        // Not JSON (e.g. YAML): recorded as it came.
    }
    if (ctx.info.resource === 'secrets')
        body = withoutSecretPayload(body);
    recordArtefact('cluster', `${ctx.info.verb} ${ctx.url.pathname} by ${ctx.user?.username ?? 'anonymous'}`, typeof body === 'string' ? body : JSON.stringify(body));
}
function makeContext(req, res, url, info) {
    let body;
    const ctx = {
        req,
        res,
        url,
        info,
        startedAt: Date.now(),
        readBody() {
            ctx.bodyRead = true;
            body ??= new Promise((resolve, reject) => {
                const chunks = [];
                let size = 0;
                req.on('data', (c) => {
                    size += c.length;
                    if (size > MAX_BODY) {
                        reject(new StatusError(413, 'RequestEntityTooLarge', `request body larger than ${MAX_BODY} bytes`));
                        req.destroy();
                        return;
                    }
                    chunks.push(c);
                });
                req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
                req.on('error', reject);
            });
            return body;
        },
        sendRaw(code, json, headers = {}) {
            if (res.headersSent)
                return;
            res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(json), ...headers });
            res.end(json);
        },
        sendJson(code, b, headers) {
            ctx.sendRaw(code, JSON.stringify(b), headers);
        },
        sendError(err) {
            const se = err instanceof StatusError
                ? err
                : new StatusError(500, StatusReason.InternalError, `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
            if (!(err instanceof StatusError))
                process.emitWarning(`sandbox: internal error on ${req.method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
            ctx.sendJson(se.code, se.toStatus(), se.headers);
        },
    };
    return ctx;
}

;// CONCATENATED MODULE: ./src/sandbox/watch.ts
/**
 * Watch fan-out with a bounded event history per resource type, like the API server's watch
 * cache: a watch may resume from any resourceVersion still in the history; older ones get
 * 410 Gone ("too old resource version"), which makes clients re-list.
 */

/** Per-resource history ring plus subscriber sets. */
class WatchHub {
    history = new Map();
    /** Highest resourceVersion evicted from each history: resuming at or below it is 410 Gone. */
    compactedTo = new Map();
    watchers = new Map();
    limit;
    constructor(historyLimit) {
        this.limit = Math.max(1, historyLimit);
    }
    /** Records an event and delivers it to the resource's watchers, synchronously and in order. */
    publish(e) {
        let h = this.history.get(e.resourceKey);
        if (!h)
            this.history.set(e.resourceKey, (h = []));
        h.push(e);
        if (h.length > this.limit) {
            const dropped = h.splice(0, h.length - this.limit);
            this.compactedTo.set(e.resourceKey, dropped[dropped.length - 1].rv);
        }
        for (const w of this.watchers.get(e.resourceKey) ?? [])
            w.deliver(e);
    }
    /**
     * Subscribes to a resource's events after `fromRv` (exclusive); history events are replayed
     * first. Throws 410 when `fromRv` is older than the retained history.
     */
    subscribe(resourceKey, fromRv, deliver) {
        if (fromRv !== undefined) {
            const compacted = this.compactedTo.get(resourceKey) ?? 0;
            if (fromRv < compacted)
                throw gone(`too old resource version: ${fromRv} (${compacted + 1})`);
        }
        const w = { deliver };
        if (fromRv !== undefined) {
            for (const e of this.history.get(resourceKey) ?? [])
                if (e.rv > fromRv)
                    deliver(e);
        }
        let set = this.watchers.get(resourceKey);
        if (!set)
            this.watchers.set(resourceKey, (set = new Set()));
        set.add(w);
        let stopped = false;
        return {
            stop: () => {
                if (stopped)
                    return;
                stopped = true;
                set.delete(w);
            },
        };
    }
    /** Marks everything up to `rv` as compacted (used by fault injection to force 410s). */
    compact(resourceKey, rv) {
        const h = this.history.get(resourceKey) ?? [];
        this.history.set(resourceKey, h.filter((e) => e.rv > rv));
        this.compactedTo.set(resourceKey, Math.max(rv, this.compactedTo.get(resourceKey) ?? 0));
    }
    /** Number of open watchers (all resources). */
    watcherCount() {
        let n = 0;
        for (const s of this.watchers.values())
            n += s.size;
        return n;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/store.ts
/**
 * The in-memory object store: one table per resource type, a cluster-wide resourceVersion
 * counter, frozen snapshots (readers share them; writers clone), and watch fan-out through
 * {@link WatchHub}. It stores what it is given: admission, defaulting, generation and deletion
 * semantics live in `objects.ts`, which is what the HTTP layer and the controllers call.
 */



/** The in-memory store. */
class ObjectStore {
    hub;
    rv = 0;
    tables = new Map();
    listeners = new Set();
    /** resource key → owner uid → object keys, so controllers find dependents without scanning. */
    owners = new Map();
    constructor(options = {}) {
        this.hub = new WatchHub(options.watchHistory ?? 5000);
    }
    /** Current cluster resourceVersion. */
    get resourceVersion() {
        return this.rv;
    }
    /** Next resourceVersion (for writes). */
    nextRv() {
        return ++this.rv;
    }
    table(t) {
        const k = resourceKey(t);
        let m = this.tables.get(k);
        if (!m)
            this.tables.set(k, (m = new Map()));
        return m;
    }
    /** The stored (frozen) object, or undefined. */
    get(t, namespace, name) {
        return this.table(t).get(objectKey(t.namespaced ? namespace : undefined, name));
    }
    /** Frozen objects of one type, optionally in one namespace, sorted by namespace/name like etcd keys. */
    list(t, namespace) {
        const items = [];
        for (const o of this.table(t).values()) {
            if (namespace && t.namespaced && o.metadata.namespace !== namespace)
                continue;
            items.push(o);
        }
        items.sort((a, b) => objectKey(a.metadata.namespace, a.metadata.name).localeCompare(objectKey(b.metadata.namespace, b.metadata.name)));
        return { items, resourceVersion: String(this.rv) };
    }
    /** Number of objects of one type. */
    count(t) {
        return this.table(t).size;
    }
    /**
     * Writes an object (insert or replace), stamping a new resourceVersion; returns the frozen
     * stored copy. The caller owns all other semantics.
     */
    put(t, obj) {
        const key = objectKey(t.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
        const tab = this.table(t);
        const previous = tab.get(key);
        const rv = this.nextRv();
        obj.metadata.resourceVersion = String(rv);
        const stored = deepFreeze(obj);
        tab.set(key, stored);
        this.indexOwners(t, key, previous, false);
        this.indexOwners(t, key, stored, true);
        this.emit({ type: previous ? 'MODIFIED' : 'ADDED', resourceKey: resourceKey(t), rv, object: stored, previous });
        return stored;
    }
    /** Removes an object; the DELETED event carries a fresh resourceVersion like the API server's. */
    remove(t, namespace, name) {
        const key = objectKey(t.namespaced ? namespace : undefined, name);
        const tab = this.table(t);
        const previous = tab.get(key);
        if (!previous)
            return undefined;
        tab.delete(key);
        this.indexOwners(t, key, previous, false);
        const rv = this.nextRv();
        const gone = deepFreeze({ ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } });
        this.emit({ type: 'DELETED', resourceKey: resourceKey(t), rv, object: gone, previous });
        return gone;
    }
    indexOwners(t, key, o, add) {
        const refs = o?.metadata.ownerReferences;
        if (!refs?.length)
            return;
        const rk = resourceKey(t);
        let byOwner = this.owners.get(rk);
        if (!byOwner)
            this.owners.set(rk, (byOwner = new Map()));
        for (const r of refs) {
            let keys = byOwner.get(r.uid);
            if (add) {
                if (!keys)
                    byOwner.set(r.uid, (keys = new Set()));
                keys.add(key);
            }
            else if (keys) {
                keys.delete(key);
                if (keys.size === 0)
                    byOwner.delete(r.uid);
            }
        }
    }
    /** Objects of type `t` with an owner reference to `ownerUid` (any order). */
    ownedBy(t, ownerUid) {
        const keys = this.owners.get(resourceKey(t))?.get(ownerUid);
        if (!keys)
            return [];
        const tab = this.table(t);
        const out = [];
        for (const k of keys) {
            const o = tab.get(k);
            if (o)
                out.push(o);
        }
        return out;
    }
    emit(e) {
        this.hub.publish(e);
        for (const l of this.listeners)
            l(e);
    }
    /** In-process listener for every event of every type (controllers); returns an unsubscribe. */
    onEvent(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /** Subscribes a watch; see {@link WatchHub.subscribe}. */
    watch(t, fromRv, deliver) {
        return this.hub.subscribe(resourceKey(t), fromRv, deliver);
    }
    /** Object counts per resource type (for benchmarks and the status line). */
    stats() {
        const out = {};
        for (const [k, m] of this.tables)
            out[k] = m.size;
        return out;
    }
}

// EXTERNAL MODULE: ./node_modules/node-forge/lib/index.js
var lib = __webpack_require__(8542);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
;// CONCATENATED MODULE: ./src/sandbox/tls.ts
/**
 * The sandbox's TLS material: a throwaway CA and a server certificate for 127.0.0.1/localhost,
 * made fresh at every start. Node can generate keys and sign but cannot build X.509 certificates,
 * so node-forge encodes the certificate structures (ASN.1/DER) while the keys and the RSA
 * signatures come from node:crypto (native: forge's pure-JavaScript RSA takes seconds under
 * jest). No openssl binary is needed, so it works the same on Windows and minimal runners.
 */


function rsaKeys() {
    const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: 2048 });
    return { privateKey, publicKey: lib_default().pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
}
/** Signs a certificate's TBS structure with a Node key (sha256WithRSAEncryption). */
function signWithNode(cert, key) {
    const oid = (lib_default()).pki.oids['sha256WithRSAEncryption'];
    cert.signatureOid = oid;
    cert.siginfo.algorithmOid = oid;
    // getTBSCertificate is part of forge's runtime API but missing from @types/node-forge.
    const { getTBSCertificate } = (lib_default()).pki;
    const tbs = lib_default().asn1.toDer(getTBSCertificate(cert)).getBytes();
    const signature = (0,external_node_crypto_.createSign)('sha256').update(Buffer.from(tbs, 'binary')).sign(key);
    cert.signature = signature.toString('binary');
}
function serial() {
    // Positive serial: clear the top bit so DER does not read it as negative.
    const bytes = (0,external_node_crypto_.randomBytes)(16);
    bytes[0] = bytes[0] & 0x7f;
    return bytes.toString('hex');
}
/**
 * Generates a CA (CN `<clusterName>-sandbox-ca`) and a server certificate signed by it, valid for
 * `127.0.0.1`, `::1` and `localhost`, for 30 days from one hour ago (tolerates small clock skew).
 */
function generateSandboxTls(clusterName) {
    const now = Date.now();
    const notBefore = new Date(now - 3600_000);
    const notAfter = new Date(now + 30 * 86400_000);
    const caKeys = rsaKeys();
    const ca = lib_default().pki.createCertificate();
    ca.publicKey = caKeys.publicKey;
    ca.serialNumber = serial();
    ca.validity.notBefore = notBefore;
    ca.validity.notAfter = notAfter;
    const caSubject = [{ name: 'commonName', value: `${clusterName}-sandbox-ca` }, { name: 'organizationName', value: 'eks-fargate-deploy sandbox' }];
    ca.setSubject(caSubject);
    ca.setIssuer(caSubject);
    ca.setExtensions([
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        { name: 'subjectKeyIdentifier' },
    ]);
    signWithNode(ca, caKeys.privateKey);
    const serverKeys = rsaKeys();
    const cert = lib_default().pki.createCertificate();
    cert.publicKey = serverKeys.publicKey;
    cert.serialNumber = serial();
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
    cert.setIssuer(caSubject);
    cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
            name: 'subjectAltName',
            altNames: [
                { type: 2, value: 'localhost' },
                { type: 2, value: 'kubernetes.default.svc' },
                { type: 7, ip: '127.0.0.1' },
                { type: 7, ip: '::1' },
            ],
        },
        { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    ]);
    signWithNode(cert, caKeys.privateKey);
    return {
        caPem: lib_default().pki.certificateToPem(ca),
        certPem: lib_default().pki.certificateToPem(cert),
        keyPem: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

;// CONCATENATED MODULE: ./src/sandbox/sandbox.ts
/**
 * `startSandbox`: wires the store, object API, HTTPS server, authentication, controllers and the
 * bootstrap objects (namespaces `default`, `kube-system`, `kube-public`, IngressClass `alb`) into
 * one running emulated EKS-on-Fargate cluster on 127.0.0.1.
 */






















/** Starts a sandbox on 127.0.0.1 (a free port unless `port` is set). */
async function startSandbox(options = {}) {
    const config = resolveSandboxConfig(options);
    let eksProfiles;
    if (config.eks?.readProfiles) {
        eksProfiles = await readEksFargateProfiles({ clusterName: config.clusterName, region: config.eks.region, endpoint: config.eks.eksEndpoint });
        config.fargateProfiles = eksProfiles.profiles;
    }
    const tls = generateSandboxTls(config.clusterName);
    const registry = new ResourceRegistry();
    const store = new ObjectStore({ watchHistory: config.watchHistory });
    const clock = new SandboxClock(config.timing.timeFactor);
    const api = new ObjectApi(store, registry, clock);
    const logs = new PodLogs();
    const events = new EventRecorder(api, clock);
    const http = new SandboxHttp();
    const eksAuth = config.eks ? new EksTokenAuthenticator({ ...config.eks, clusterName: config.clusterName }) : undefined;
    if (eksAuth)
        http.authenticators.push(eksAuth);
    registerCanary('sandbox admin bearer token', config.token);
    http.authenticators.push(new StaticTokenAuthenticator([{ token: config.token, username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] }]));
    let address = '127.0.0.1:0';
    const deps = { api, logs, kubernetesVersion: config.kubernetesVersion, bookmarkIntervalMs: config.bookmarkIntervalMs, serverAddress: () => address };
    for (const r of nonResourceRoutes(deps))
        http.addRoute(r, 'last');
    http.addRoute(resourceRoute(deps), 'last');
    http.addRoute(serviceProxyRoute({ store, registry, images: config.images, app: config.app }), 'first');
    bootstrap(api);
    const controllers = installControllers({ api, store, clock, config, events, logs });
    const faults = new FaultInjector({ registry, hub: store.hub, runner: controllers.runner }, config.faults);
    http.use(faults.middleware);
    const alb = new AlbController({ api, clock, events, clusterName: config.clusterName, images: config.images, app: config.app, alb: config.alb, region: config.alb.region ?? config.eks?.region ?? 'us-east-1' });
    alb.start();
    const server = (0,external_node_https_.createServer)({ key: tls.keyPem, cert: tls.certPem }, http.listener);
    server.keepAliveTimeout = 65_000;
    await new Promise((resolve, reject) => {
        server.once('error', (err) => reject(new Error(`sandbox cannot listen on 127.0.0.1:${config.port}: ${err.message}`)));
        server.listen(config.port, '127.0.0.1', () => resolve());
    });
    const port = server.address().port;
    address = `127.0.0.1:${port}`;
    const url = `https://127.0.0.1:${port}`;
    const kubeconfigYaml = (contextName = config.clusterName) => (0,dist/* stringify */.As)({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: config.clusterName, cluster: { server: url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64') } }],
        users: [{ name: `${config.clusterName}-admin`, user: { token: config.token } }],
        contexts: [{ name: contextName, context: { cluster: config.clusterName, user: `${config.clusterName}-admin`, namespace: 'default' } }],
        'current-context': contextName,
        preferences: {},
    });
    let stopping;
    return {
        config,
        url,
        port,
        caPem: tls.caPem,
        token: config.token,
        store,
        api,
        registry,
        http,
        clock,
        logs,
        events,
        controllers,
        audit: http.audit,
        faults,
        alb,
        ...(eksAuth ? { eksAuth } : {}),
        ...(eksProfiles ? { eksProfiles } : {}),
        kubeconfigYaml,
        async writeKubeconfig(path, contextName) {
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
            await (0,promises_.writeFile)(path, kubeconfigYaml(contextName), { mode: 0o600 });
        },
        stop() {
            stopping ??= new Promise((resolve) => {
                controllers.stop();
                clock.stop();
                void alb.stop().then(() => {
                    server.close(() => resolve());
                    server.closeAllConnections();
                });
            });
            return stopping;
        },
    };
}
function bootstrap(api) {
    const ns = api.registry.get('', 'namespaces');
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
        api.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { internal: true });
    }
    api.create(api.registry.get('networking.k8s.io', 'ingressclasses'), undefined, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'alb', labels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' } },
        spec: { controller: 'ingress.k8s.aws/alb' },
    }, { internal: true });
    api.create(api.registry.get('', 'services'), 'default', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { clusterIP: '10.100.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }], type: 'ClusterIP' },
    }, { internal: true });
}

;// CONCATENATED MODULE: ./src/sandbox/cli.ts
/**
 * `eks-fargate-deploy sandbox [--port N] [--kubeconfig FILE] [--config FILE]`: starts the
 * sandbox in the foreground, writes a kubeconfig, prints how to use it, and stops cleanly on
 * SIGINT/SIGTERM.
 */





/** Parses the `sandbox` command's flags (throws UserInputError naming the flag). */
function parseSandboxArgs(args) {
    const out = { kubeconfig: (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.kube', 'eks-fargate-sandbox.yaml') };
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
        const value = () => {
            const v = inline ?? args[++i];
            if (v === undefined || v === '')
                throw new errors/* UserInputError */.m2(`flag ${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case '--port': {
                const v = value();
                const n = Number(v);
                if (!Number.isInteger(n) || n < 0 || n > 65535)
                    throw new errors/* UserInputError */.m2(`--port must be an integer 0-65535, got "${v}"`);
                out.port = n;
                break;
            }
            case '--kubeconfig':
                out.kubeconfig = (0,external_node_path_.resolve)(value());
                break;
            case '--config':
                out.configFile = (0,external_node_path_.resolve)(value());
                break;
            default:
                throw new errors/* UserInputError */.m2(`unknown flag "${a}" for sandbox; usage: sandbox [--port N] [--kubeconfig FILE] [--config FILE]`);
        }
    }
    return out;
}
/**
 * Runs the sandbox until SIGINT/SIGTERM; resolves to the exit code. `out` receives the
 * human-readable lines (stdout by default).
 */
async function runSandboxCommand(args, out = (l) => process.stdout.write(`${l}\n`)) {
    const opts = parseSandboxArgs(args);
    const fileConfig = opts.configFile ? await loadSandboxConfigFile(opts.configFile) : {};
    const sandbox = await startSandbox({ ...fileConfig, ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.configFile ? {} : {}) });
    await sandbox.writeKubeconfig(opts.kubeconfig);
    out(`EKS-on-Fargate sandbox "${sandbox.config.clusterName}" listening on ${sandbox.url} (time factor ${sandbox.config.timing.timeFactor})`);
    out(`Fargate profiles: ${sandbox.config.fargateProfiles.map((p) => `${p.name} (${p.selectors.map((s) => s.namespace + (s.labels ? ` ${JSON.stringify(s.labels)}` : '')).join(', ')})`).join('; ') || 'none'}`);
    out(`kubeconfig written to ${opts.kubeconfig}`);
    const rules = sandbox.config.faults?.rules?.length ?? 0;
    if (rules > 0 || sandbox.config.faults?.controllers)
        out(`faults active: ${rules} request rule(s)${sandbox.config.faults?.controllers ? `, controllers ${JSON.stringify(sandbox.config.faults.controllers)}` : ''} (seed ${sandbox.config.faults?.seed ?? 1})`);
    if (sandbox.config.eks)
        out(`EKS tokens (k8s-aws-v1.) accepted for ${sandbox.config.eks.principals?.length ?? 0} principal pattern(s) in ${sandbox.config.eks.region}`);
    out(`Ingresses of class alb get a listener on 127.0.0.1: kubectl get ingress -o jsonpath='{.items[*].metadata.annotations.sandbox\\.eks-fargate-deploy/url}'`);
    out('');
    out(`  export KUBECONFIG=${opts.kubeconfig}`);
    out('  kubectl get namespaces');
    out('  kubectl apply --server-side -f your-manifests.yaml && kubectl rollout status deployment/<name>');
    out('');
    out('Press Ctrl+C to stop.');
    await new Promise((resolveSignal) => {
        const onSignal = (sig) => {
            out(`received ${sig}, stopping the sandbox`);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            resolveSignal();
        };
        const onInt = () => onSignal('SIGINT');
        const onTerm = () => onSignal('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
    });
    await sandbox.stop();
    out('sandbox stopped');
    return 0;
}


/***/ })

};
