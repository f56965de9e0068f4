export const id = 547;
export const ids = [547];
export const modules = {

/***/ 21104:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wl: () => (/* binding */ EksTokenSource),
/* harmony export */   jq: () => (/* binding */ validateRegion),
/* harmony export */   vc: () => (/* binding */ createEksToken),
/* harmony export */   yO: () => (/* binding */ validateClusterName)
/* harmony export */ });
/* unused harmony exports EKS_TOKEN_PREFIX, CLUSTER_ID_HEADER, PRESIGN_EXPIRES_SECONDS, TOKEN_LIFETIME_MS, resolveStsEndpoint, defaultCredentials, decodeEksToken, verifyEksToken */
/* harmony import */ var _aws_sdk_credential_provider_node__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5861);
/* harmony import */ var _smithy_core_checksum__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(99542);
/* harmony import */ var _smithy_core_protocols__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(93422);
/* harmony import */ var _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(75118);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * The bearer token EKS accepts from IAM identities, made the way `aws eks get-token` and
 * aws-iam-authenticator make it: a SigV4 query-string-presigned STS `GetCallerIdentity` GET URL
 * whose signed headers include `x-k8s-aws-id: <cluster name>`, then `k8s-aws-v1.` + the URL in
 * unpadded base64url. The API server's authenticator calls the URL; STS answers with the caller's
 * identity only if the signature (and so the cluster name) is intact.
 *
 * The token is a credential: nothing here logs it or the AWS keys behind it, and error messages
 * never quote it.
 */






/** The prefix EKS (aws-iam-authenticator) recognises. */
const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds a token to one cluster. */
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** How long the presigned URL itself is valid; what `aws eks get-token` and aws-iam-authenticator use. */
const PRESIGN_EXPIRES_SECONDS = 60;
/**
 * EKS accepts a token for 15 minutes after its X-Amz-Date. Clients stop using it one minute
 * earlier (aws CLI, aws-iam-authenticator), so a request in flight never carries a dead token.
 */
const TOKEN_LIFETIME_MS = 14 * 60_000;
const STS_QUERY = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
/** EKS's rule for cluster names (CreateCluster `name`). */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Throw a UserInputError naming `field` unless `name` is a valid EKS cluster name. */
function validateClusterName(name, field = 'cluster-name') {
    if (!CLUSTER_NAME.test(name)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(name)} is not an EKS cluster name (1-100 characters: letters, digits, - and _, starting with a letter or digit)`, undefined, field);
    }
}
/** Throw a UserInputError naming `field` unless `region` looks like an AWS region code. */
function validateRegion(region, field = 'region') {
    if (!REGION.test(region)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(region)} is not an AWS region (like us-east-1)`, undefined, field);
    }
}
/**
 * The regional STS endpoint's DNS suffix per partition, as botocore's endpoint data has it;
 * `aws eks get-token` signs for the regional endpoint, and EKS accepts regional STS hosts.
 */
function partitionDomain(region) {
    if (region.startsWith('cn-'))
        return 'amazonaws.com.cn';
    if (region.startsWith('us-isob-'))
        return 'sc2s.sgov.gov';
    if (region.startsWith('us-isof-'))
        return 'csp.hci.ic.gov';
    if (region.startsWith('us-iso-'))
        return 'c2s.ic.gov';
    if (region.startsWith('eu-isoe-'))
        return 'cloud.adc-e.uk';
    return 'amazonaws.com';
}
/** Which STS endpoint a token for `region` is signed for, and where that choice came from (for messages). */
function resolveStsEndpoint(region, explicit, env = process.env) {
    const candidates = [['stsEndpoint', explicit]];
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true') {
        candidates.push(['AWS_ENDPOINT_URL_STS', env.AWS_ENDPOINT_URL_STS], ['AWS_ENDPOINT_URL', env.AWS_ENDPOINT_URL]);
    }
    for (const [source, value] of candidates) {
        if (value === undefined || value === '')
            continue;
        let url;
        try {
            url = new URL(value);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(value)} is not a URL`, undefined, source);
        }
        if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(value)} is not an endpoint URL (http(s)://host[:port][/path], no query, fragment or user)`, undefined, source);
        }
        return { url, source };
    }
    return { url: new URL(`https://sts.${region}.${partitionDomain(region)}/`), source: 'default' };
}
/** RFC 3986 percent-encoding, as SigV4 canonicalisation and botocore's `quote(safe='-_.~')` do it. */
function uriEscape(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/**
 * Query parameters in the order `aws eks get-token` writes them, so our URL and botocore's are
 * the same string for the same inputs; the signature does not depend on the order.
 */
const PARAM_ORDER = [
    'Action',
    'Version',
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-Expires',
    'X-Amz-SignedHeaders',
    'X-Amz-Security-Token',
    'X-Amz-Signature',
];
function orderedQuery(query) {
    const rank = (k) => {
        const i = PARAM_ORDER.indexOf(k);
        return i < 0 ? PARAM_ORDER.length - 1.5 : i; // unknown ones just before the signature, by name
    };
    const keys = Object.keys(query).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const parts = [];
    for (const k of keys) {
        const v = query[k];
        for (const one of Array.isArray(v) ? v : [v ?? ''])
            parts.push(`${uriEscape(k)}=${uriEscape(one)}`);
    }
    return parts.join('&');
}
function isCredentialsProviderError(err) {
    return err instanceof Error && err.name === 'CredentialsProviderError';
}
async function resolveCredentials(credentials, clusterName) {
    if (typeof credentials !== 'function')
        return credentials;
    try {
        return await credentials();
    }
    catch (err) {
        // "Could not load credentials from any providers" is a setup problem the user fixes, not a bug;
        // the SDK's message never contains secrets.
        if (isCredentialsProviderError(err)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`no AWS credentials to sign an EKS token for cluster ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(clusterName)}: ${err.message} ` +
                '(set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or use aws-actions/configure-aws-credentials)');
        }
        throw err;
    }
}
/** The SDK default credential chain; memoised and refreshed by the SDK before expiry. */
function defaultCredentials() {
    return (0,_aws_sdk_credential_provider_node__WEBPACK_IMPORTED_MODULE_2__.defaultProvider)();
}
/**
 * Make the bearer token `aws eks get-token` makes (see the module comment). With the same
 * credentials, region, endpoint and signing time, the token is the same string the aws CLI prints.
 * `expiresAt` is the signing time + 14 minutes, or earlier when the credentials expire earlier
 * (the presigned URL dies with the session behind it).
 */
async function createEksToken(opts) {
    validateClusterName(opts.clusterName);
    validateRegion(opts.region);
    const { url } = resolveStsEndpoint(opts.region, opts.stsEndpoint, opts.env);
    const credentials = await resolveCredentials(opts.credentials ?? defaultCredentials(), opts.clusterName);
    // X-Amz-Date has whole seconds; truncating first keeps the token's date and expiresAt consistent.
    const signedAt = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
    const signer = new _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_3__.SignatureV4({
        service: 'sts',
        region: opts.region,
        credentials,
        sha256: _smithy_core_checksum__WEBPACK_IMPORTED_MODULE_4__.Sha256,
        uriEscapePath: true,
        applyChecksum: false,
    });
    const request = new _smithy_core_protocols__WEBPACK_IMPORTED_MODULE_5__.HttpRequest({
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname || '/',
        query: { ...STS_QUERY },
        // The SDK's middleware normally adds `host`; a bare signer signs only what the request carries.
        headers: { host: url.host, [CLUSTER_ID_HEADER]: opts.clusterName },
    });
    const presigned = await signer.presign(request, { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: signedAt });
    const presignedUrl = `${url.protocol}//${url.host}${request.path}?${orderedQuery(presigned.query ?? {})}`;
    const token = EKS_TOKEN_PREFIX + Buffer.from(presignedUrl, 'utf8').toString('base64url');
    let expiresAt = signedAt.getTime() + TOKEN_LIFETIME_MS;
    if (credentials.expiration && credentials.expiration.getTime() < expiresAt)
        expiresAt = credentials.expiration.getTime();
    return { token, expiresAt: new Date(expiresAt) };
}
/**
 * Decode a `k8s-aws-v1.` token back to its presigned URL, query parameters and signed headers.
 * Checks the form only, not the signature (only STS can). Errors never quote the token.
 */
function decodeEksToken(token) {
    if (!token.startsWith(EKS_TOKEN_PREFIX)) {
        throw new UserInputError(`not an EKS token: it does not start with ${EKS_TOKEN_PREFIX}`);
    }
    const body = token.slice(EKS_TOKEN_PREFIX.length);
    // Node's base64url decoder skips characters outside the alphabet; a strict check keeps a
    // mangled token from decoding to a plausible but different URL.
    if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1) {
        throw new UserInputError('not an EKS token: the part after k8s-aws-v1. is not unpadded base64url');
    }
    let url;
    try {
        url = new URL(Buffer.from(body, 'base64url').toString('utf8'));
    }
    catch {
        throw new UserInputError('not an EKS token: it does not decode to a URL');
    }
    const params = {};
    for (const [k, v] of url.searchParams)
        params[k] = v;
    const signedHeaders = (params['X-Amz-SignedHeaders'] ?? '').split(';').filter((h) => h !== '');
    return { url, params, signedHeaders };
}
/**
 * Hands out a token for one cluster, making a new one only when the current one reaches its
 * `expiresAt` (14 minutes, or the credentials' expiry). Concurrent callers during a refresh share
 * one signing. A failed refresh is not cached: the next call tries again. The default credential
 * provider is created once, so the SDK's own credential caching and refresh apply.
 */
class EksTokenSource {
    opts;
    now;
    current;
    pending;
    constructor(opts) {
        validateClusterName(opts.clusterName);
        validateRegion(opts.region);
        resolveStsEndpoint(opts.region, opts.stsEndpoint, opts.env); // fail at construction, not mid-deploy
        const { now, ...rest } = opts;
        this.opts = { ...rest, credentials: opts.credentials ?? defaultCredentials() };
        this.now = now ?? (() => new Date());
    }
    /** The bearer token to send now (`Authorization: Bearer <token>`). */
    async token() {
        return (await this.tokenWithExpiry()).token;
    }
    /** The token to send now and when it will be replaced. */
    async tokenWithExpiry() {
        const now = this.now();
        if (this.current && now.getTime() < this.current.expiresAt.getTime())
            return this.current;
        if (!this.pending) {
            this.pending = createEksToken({ ...this.opts, now })
                .then((t) => {
                this.current = t;
                return t;
            })
                .finally(() => {
                this.pending = undefined;
            });
        }
        return this.pending;
    }
    /** Forget the cached token (e.g. after the API server answered 401), so the next call signs anew. */
    invalidate() {
        this.current = undefined;
    }
}
/** aws-iam-authenticator refuses longer tokens. */
const MAX_TOKEN_LENGTH = 4096;
/** EKS honours a token for 15 minutes after X-Amz-Date, whatever X-Amz-Expires says. */
const TOKEN_VALIDITY_MS = (/* unused pure expression or super */ null && (15 * 60_000));
/** The query parameters aws-iam-authenticator allows (compared case-insensitively). */
const ALLOWED_PARAMS = new Set([
    'action',
    'version',
    'x-amz-algorithm',
    'x-amz-credential',
    'x-amz-date',
    'x-amz-expires',
    'x-amz-security-token',
    'x-amz-signature',
    'x-amz-signedheaders',
]);
const STS_HOST = /^sts(?:\.([a-z]{2}(?:-[a-z]+)+-\d+))?\.(amazonaws\.com(?:\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;
function parseAmzDate(value) {
    const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
    if (!m)
        return undefined;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    return Number.isNaN(d.getTime()) ? undefined : d;
}
function sameString(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}
/**
 * Check a bearer token the way EKS does — aws-iam-authenticator's format checks, then what STS
 * checks when it is called with the URL (known key, session token, signature over the URL and
 * the `x-k8s-aws-id` header set to THIS cluster, 15-minute validity) — without calling STS.
 * For emulated clusters (the sandbox), where no STS can verify presigned URLs. Reasons never
 * quote the token or secrets.
 */
async function verifyEksToken(token, opts) {
    const fail = (reason) => ({ ok: false, reason });
    if (token.length > MAX_TOKEN_LENGTH)
        return fail('token is too large');
    let decoded;
    try {
        decoded = decodeEksToken(token);
    }
    catch (err) {
        return fail(err.message);
    }
    const { url } = decoded;
    if (url.protocol !== 'https:' && !(opts.allowHttp && url.protocol === 'http:')) {
        return fail(`unexpected scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))} in pre-signed URL`);
    }
    const hostMatch = STS_HOST.exec(url.host);
    if (!hostMatch && !(opts.extraHosts ?? []).includes(url.host))
        return fail(`unexpected hostname ${JSON.stringify(url.host)} in pre-signed URL`);
    if (url.pathname !== '/')
        return fail('unexpected path in pre-signed URL');
    const params = {};
    const seen = new Set();
    for (const [key] of url.searchParams) {
        const lower = key.toLowerCase();
        if (!ALLOWED_PARAMS.has(lower))
            return fail(`non-allowlisted query parameter ${JSON.stringify(key)}`);
        if (seen.has(lower))
            return fail('query parameter with multiple values not supported');
        seen.add(lower);
        params[lower] = url.searchParams.get(key);
    }
    if (params.action !== 'GetCallerIdentity')
        return fail('unexpected action parameter in pre-signed URL');
    const signedHeaders = (params['x-amz-signedheaders'] ?? '').split(';');
    if (!signedHeaders.some((h) => h.toLowerCase() === CLUSTER_ID_HEADER)) {
        return fail(`client did not sign the ${CLUSTER_ID_HEADER} header in the pre-signed URL`);
    }
    const expires = Number(params['x-amz-expires']);
    if (!/^\d+$/.test(params['x-amz-expires'] ?? '') || expires > 900)
        return fail('invalid X-Amz-Expires parameter in pre-signed URL');
    const signedAt = parseAmzDate(params['x-amz-date'] ?? '');
    if (!signedAt)
        return fail('X-Amz-Date parameter missing or malformed in pre-signed URL');
    const now = (opts.now ?? new Date()).getTime();
    const expiresAt = new Date(signedAt.getTime() + TOKEN_VALIDITY_MS);
    if (now > expiresAt.getTime())
        return fail('X-Amz-Date parameter is expired (15 minute expiration)');
    // STS refuses requests dated too far ahead as well ("Signature not yet current").
    if (signedAt.getTime() - now > TOKEN_VALIDITY_MS)
        return fail('X-Amz-Date parameter is in the future');
    // From here on STS's part of the check.
    if (params.version !== STS_QUERY.Version)
        return fail('unsupported Version parameter');
    if (params['x-amz-algorithm'] !== 'AWS4-HMAC-SHA256')
        return fail('unsupported X-Amz-Algorithm');
    const scope = (params['x-amz-credential'] ?? '').split('/');
    const [accessKeyId, scopeDate, region, service, terminator] = scope;
    if (scope.length !== 5 ||
        !accessKeyId ||
        service !== 'sts' ||
        terminator !== 'aws4_request' ||
        !region ||
        !REGION.test(region)) {
        return fail('malformed X-Amz-Credential');
    }
    if (scopeDate !== params['x-amz-date'].slice(0, 8))
        return fail('X-Amz-Credential date does not match X-Amz-Date');
    const hostRegion = hostMatch ? (hostMatch[1] ?? 'us-east-1') : undefined;
    if (hostRegion !== undefined && hostRegion !== region) {
        return fail(`credential scoped to region ${region} but the URL is for ${hostRegion}`);
    }
    if ([...signedHeaders].sort().join(';') !== `host;${CLUSTER_ID_HEADER}`) {
        return fail(`signed headers ${JSON.stringify(params['x-amz-signedheaders'])}: only host and ${CLUSTER_ID_HEADER} reach STS`);
    }
    const credentials = await opts.lookupCredentials(accessKeyId);
    if (!credentials)
        return fail('the security token included in the request is invalid (unknown access key)');
    if ((credentials.sessionToken ?? '') !== (params['x-amz-security-token'] ?? '')) {
        return fail('the security token included in the request is invalid (session token)');
    }
    // Recompute the signature over the URL as STS receives it, with the header the authenticator
    // sends: this cluster's name. A token signed for another cluster fails here.
    const signer = new SignatureV4({
        service: 'sts',
        region,
        credentials,
        sha256: Sha256,
        uriEscapePath: true,
        applyChecksum: false,
    });
    // The signer adds the X-Amz-* parameters itself from the key, date, expiry and headers.
    const query = {};
    for (const [key, value] of url.searchParams) {
        if (!key.toLowerCase().startsWith('x-amz-'))
            query[key] = value;
    }
    const request = new HttpRequest({
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: '/',
        query,
        headers: { host: url.host, [CLUSTER_ID_HEADER]: opts.clusterName },
    });
    const expected = await signer.presign(request, { expiresIn: expires, signingDate: signedAt });
    const expectedSignature = String(expected.query?.['X-Amz-Signature'] ?? '');
    if (!expectedSignature || !sameString(expectedSignature, params['x-amz-signature'] ?? '')) {
        return fail('the request signature does not match (wrong secret, altered URL, or a token for another cluster)');
    }
    return { ok: true, accessKeyId, region, signedAt, expiresAt };
}


/***/ }),

/***/ 74192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IX: () => (/* binding */ callerIdentity),
/* harmony export */   K$: () => (/* binding */ describeCluster),
/* harmony export */   VH: () => (/* binding */ listFargateProfiles),
/* harmony export */   hI: () => (/* binding */ defaultEksClients)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(24524);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71695);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _eks_token_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(21104);
/**
 * The EKS and STS calls the deploy needs before it touches a cluster: where the API server is
 * (DescribeCluster), which Fargate profiles can take pods (ListFargateProfiles +
 * DescribeFargateProfile), and who we are (GetCallerIdentity). Thin: clients are injected,
 * answers come back as small plain types, and "not found" / "not allowed" become messages
 * naming the cluster, region and the IAM action.
 */




/** A listing that goes on longer than this is a broken paginator, not a real cluster (EKS allows 10 profiles). */
const MAX_PAGES = 100;
/** Profiles described at once: hides latency without inviting throttling. */
const DESCRIBE_CONCURRENCY = 4;
/**
 * Clients for the SDK's default credential chain. The SDK honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_EKS` / `AWS_ENDPOINT_URL_STS` (how tests point them at moto). Timeouts are set
 * because the SDK's default is to wait forever, and `throwOnRequestTimeout` because without it the
 * SDK only logs a warning when `requestTimeout` passes and goes on waiting: an endpoint that accepts
 * connections and never answers costs at most 2 attempts of 20 s per call (and callers pass the
 * command's signal too).
 */
function defaultEksClients(region) {
    (0,_eks_token_js__WEBPACK_IMPORTED_MODULE_1__/* .validateRegion */ .jq)(region);
    const config = {
        region,
        maxAttempts: 2,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    };
    return { eks: new _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_2__/* .EKSClient */ .JQJ(config), sts: new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_3__/* .STSClient */ .iM(config) };
}
/** The SDK's per-call options: an abort signal, when there is one. */
function sendOptions(signal) {
    return signal ? { abortSignal: signal } : {};
}
function awsErrorName(err) {
    return err instanceof Error ? err.name : undefined;
}
/** "Not allowed" is a setup problem the user fixes (IAM policy), so it reads as one. */
function accessDenied(err, action, what) {
    const name = awsErrorName(err);
    if (name !== 'AccessDeniedException' && name !== 'AccessDenied' && name !== 'UnauthorizedOperation')
        return undefined;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`not allowed to call ${action} on ${what}: ${err.message}`);
}
function clusterText(name, region) {
    return `EKS cluster ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(name)} in region ${region}`;
}
/**
 * DescribeCluster, reduced to what a kube client needs. A missing cluster or one without an
 * endpoint/CA yet (still CREATING) is a UserInputError naming the cluster and region.
 */
async function describeCluster(client, name, region, signal) {
    (0,_eks_token_js__WEBPACK_IMPORTED_MODULE_1__/* .validateClusterName */ .yO)(name);
    (0,_eks_token_js__WEBPACK_IMPORTED_MODULE_1__/* .validateRegion */ .jq)(region);
    let cluster;
    try {
        ({ cluster } = await client.send(new _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_2__/* .DescribeClusterCommand */ .hV5({ name }), sendOptions(signal)));
    }
    catch (err) {
        if (awsErrorName(err) === 'ResourceNotFoundException') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`${clusterText(name, region)} not found (check cluster-name, region and the AWS account)`);
        }
        throw accessDenied(err, 'eks:DescribeCluster', clusterText(name, region)) ?? err;
    }
    if (!cluster)
        throw new Error(`DescribeCluster returned no cluster for ${clusterText(name, region)}`);
    const status = cluster.status ?? 'UNKNOWN';
    const endpoint = cluster.endpoint;
    const caData = cluster.certificateAuthority?.data;
    if (!endpoint || !caData) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`${clusterText(name, region)} has no API endpoint${caData ? '' : ' or certificate authority'} yet (status ${status})`);
    }
    return {
        name: cluster.name ?? name,
        endpoint,
        caData,
        region,
        status,
        ...(cluster.version ? { version: cluster.version } : {}),
        ...(cluster.arn ? { arn: cluster.arn } : {}),
    };
}
function toFargateProfile(p, fallbackName) {
    return {
        name: p.fargateProfileName ?? fallbackName,
        selectors: (p.selectors ?? []).map((s) => ({
            namespace: s.namespace ?? '',
            ...(s.labels && Object.keys(s.labels).length > 0 ? { labels: { ...s.labels } } : {}),
        })),
        ...(p.status ? { status: p.status } : {}),
    };
}
/**
 * Every Fargate profile of a cluster with its selectors and status (all pages of
 * ListFargateProfiles, then DescribeFargateProfile for each), sorted by name — the order EKS
 * uses to pick between matching profiles. A profile deleted between the two calls is left out.
 */
async function listFargateProfiles(client, cluster, options = {}) {
    (0,_eks_token_js__WEBPACK_IMPORTED_MODULE_1__/* .validateClusterName */ .yO)(cluster);
    const { region, pageSize = 100 } = options;
    const where = region ? clusterText(cluster, region) : `EKS cluster ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(cluster)}`;
    const names = [];
    let nextToken;
    let pages = 0;
    do {
        if (++pages > MAX_PAGES)
            throw new Error(`ListFargateProfiles for ${where} returned more than ${MAX_PAGES} pages`);
        let page;
        try {
            page = await client.send(new _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_2__/* .ListFargateProfilesCommand */ .OU_({ clusterName: cluster, maxResults: pageSize, nextToken }), sendOptions(options.signal));
        }
        catch (err) {
            if (awsErrorName(err) === 'ResourceNotFoundException')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`${where} not found`);
            throw accessDenied(err, 'eks:ListFargateProfiles', where) ?? err;
        }
        names.push(...(page.fargateProfileNames ?? []));
        nextToken = page.nextToken || undefined;
    } while (nextToken);
    const unique = [...new Set(names)];
    const described = new Array(unique.length);
    let next = 0;
    const worker = async () => {
        while (next < unique.length) {
            const i = next++;
            const profileName = unique[i];
            try {
                const { fargateProfile } = await client.send(new _aws_sdk_client_eks__WEBPACK_IMPORTED_MODULE_2__/* .DescribeFargateProfileCommand */ .svP({ clusterName: cluster, fargateProfileName: profileName }), sendOptions(options.signal));
                described[i] = fargateProfile ? toFargateProfile(fargateProfile, profileName) : undefined;
            }
            catch (err) {
                if (awsErrorName(err) === 'ResourceNotFoundException')
                    continue;
                throw (accessDenied(err, 'eks:DescribeFargateProfile', `Fargate profile ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(profileName)} of ${where}`) ??
                    err);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, unique.length) }, worker));
    return described
        .filter((p) => p !== undefined)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
/** STS errors that mean the credentials themselves are bad or stale, which the user fixes. */
const REJECTED_CREDENTIALS = new Set([
    'ExpiredToken',
    'ExpiredTokenException',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
]);
/** STS GetCallerIdentity: the account, ARN and user id behind the client's credentials. */
async function callerIdentity(client, signal) {
    let out;
    try {
        out = await client.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_3__/* .GetCallerIdentityCommand */ .zI({}), sendOptions(signal));
    }
    catch (err) {
        const name = awsErrorName(err);
        if (name === 'CredentialsProviderError') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`no AWS credentials: ${err.message} (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or use aws-actions/configure-aws-credentials)`);
        }
        if (name !== undefined && REJECTED_CREDENTIALS.has(name)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`STS rejected the AWS credentials (${name}): ${err.message}`);
        }
        throw err;
    }
    if (!out.Account || !out.Arn || !out.UserId) {
        throw new Error('STS GetCallerIdentity answered without Account, Arn or UserId');
    }
    return { account: out.Account, arn: out.Arn, userId: out.UserId };
}


/***/ }),

/***/ 31934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ KubeClient),
/* harmony export */   W3: () => (/* binding */ KubeApiError),
/* harmony export */   XI: () => (/* binding */ notServedAdvice),
/* harmony export */   dg: () => (/* binding */ isTransient)
/* harmony export */ });
/* unused harmony exports DEFAULT_RETRY, KubeTimeoutError, TIMEOUT_ATTEMPTS, withRetry, DEFAULT_REQUEST_TIMEOUT_MS, toApiError */
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70094);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24371);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);



/** A failed Kubernetes API call, with the server's Status when it sent one. */
class KubeApiError extends Error {
    code;
    status;
    retryAfterSeconds;
    name = 'KubeApiError';
    constructor(message, code, status, retryAfterSeconds) {
        super(message);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }
    get reason() {
        return this.status?.reason;
    }
}
const DEFAULT_RETRY = { attempts: 8, baseDelayMs: 200, maxDelayMs: 5_000 };
const TRANSIENT_CODES = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_ERRNO = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CLOSED|other side closed|socket hang up|fetch failed|terminated/i;
/**
 * A 500 that is the request's own fault, not the server's: server-side apply could not convert the
 * configuration to its typed form (an unknown or mistyped field). The API server answers it as a
 * 500 (kubernetes#122480), and every retry fails the same way.
 */
const PERMANENT_500 = /failed to create typed patch object|field not declared in schema/;
/** True for failures worth retrying: throttling, server errors and dropped connections. */
function isTransient(err) {
    if (err instanceof KubeTimeoutError)
        return true;
    if (err instanceof KubeApiError)
        return TRANSIENT_CODES.has(err.code) && !(err.code === 500 && PERMANENT_500.test(err.message));
    const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err);
    return TRANSIENT_ERRNO.test(text);
}
/**
 * A call the API server accepted and did not answer within the client's request timeout (an
 * endpoint that hangs). Retried once, not {@link RetryPolicy.attempts} times: a server that did not
 * answer in 30 s rarely answers the next try, and eight tries would keep a deploy hanging for minutes.
 */
class KubeTimeoutError extends Error {
    name = 'KubeTimeoutError';
}
/** Attempts of a call whose attempts time out (see {@link KubeTimeoutError}). */
const TIMEOUT_ATTEMPTS = 2;
/** Waits `ms`, or less when `signal` aborts first (then resolves at once; the caller looks at the signal). */
function sleepUnlessAborted(ms, signal) {
    if (!signal)
        return new Promise((r) => setTimeout(r, ms));
    if (signal.aborted)
        return Promise.resolve();
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
    });
}
/**
 * Run `fn`, retrying transient failures with capped exponential backoff (a 429's Retry-After wins).
 * Timeouts are retried at most {@link TIMEOUT_ATTEMPTS} times in all; an aborted `signal` ends the
 * waiting between attempts at once. Non-transient errors and the last failure are rethrown as they are.
 */
async function withRetry(fn, policy = DEFAULT_RETRY, signal) {
    const sleep = policy.sleep ?? ((ms) => sleepUnlessAborted(ms, signal));
    let timeouts = 0;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (err) {
            if (err instanceof KubeTimeoutError)
                timeouts++;
            if (attempt >= policy.attempts || timeouts >= TIMEOUT_ATTEMPTS || !isTransient(err) || signal?.aborted)
                throw err;
            const retryAfter = err instanceof KubeApiError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : undefined;
            const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            await sleep(Math.min(policy.maxDelayMs, retryAfter ?? backoff));
            if (signal?.aborted)
                throw err;
        }
    }
}
const TOKEN_USER = 'eks-fargate-deploy';
/** How long one request may go unanswered (each attempt; watches are not requests). */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * The Kubernetes API as this tool uses it: @kubernetes/client-node for configuration,
 * authentication, object CRUD / server-side apply and watches; every call retried on transient
 * failures; errors turned into `KubeApiError` with the server's Status.
 */
class KubeClient {
    kc;
    retry;
    objects;
    discovery = new Map();
    requestTimeoutMs;
    scope;
    constructor(kc, retry = DEFAULT_RETRY, options = {}) {
        this.kc = kc;
        this.retry = retry;
        this.objects = _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .KubernetesObjectApi */ .e1Y.makeApiClient(kc);
        this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
        this.scope = options.signal;
    }
    /**
     * The same client (configuration, credentials, discovery cache) with every request also
     * cancelled by `signal`: a phase that must end with its signal (preflight within `--timeout`,
     * or at a SIGTERM) uses it, while the client itself stays usable for the rollback that follows.
     */
    scoped(signal) {
        const c = new KubeClient(this.kc, this.retry, {
            requestTimeoutMs: this.requestTimeoutMs,
            signal: this.scope ? AbortSignal.any([this.scope, signal]) : signal,
        });
        c.discovery = this.discovery;
        return c;
    }
    /** From a kubeconfig file (or `KUBECONFIG` / ~/.kube/config when no path is given). */
    static fromKubeconfig(path, context) {
        const kc = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .KubeConfig */ .ypW();
        try {
            if (path)
                kc.loadFromFile(path);
            else
                kc.loadFromDefault();
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`cannot read kubeconfig: ${err instanceof Error ? err.message : String(err)}`, path ?? process.env['KUBECONFIG'] ?? '~/.kube/config');
        }
        if (context) {
            if (!kc.getContexts().some((c) => c.name === context)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`context ${JSON.stringify(context)} not found (have: ${kc
                    .getContexts()
                    .map((c) => c.name)
                    .join(', ') || 'none'})`, path, 'context');
            }
            kc.setCurrentContext(context);
        }
        if (!kc.getCurrentCluster())
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2('no current cluster in the kubeconfig', path ?? 'kubeconfig');
        return new KubeClient(kc);
    }
    /** From a server URL, its CA (base64 PEM as EKS returns it) and a token provider. */
    static fromCluster(opts, retry, options) {
        const kc = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .KubeConfig */ .ypW();
        const name = opts.name ?? 'cluster';
        kc.loadFromOptions({
            clusters: [
                {
                    name,
                    server: opts.server,
                    ...(opts.caData ? { caData: opts.caData } : {}),
                    skipTLSVerify: opts.skipTlsVerify ?? false,
                },
            ],
            users: [{ name: TOKEN_USER }],
            contexts: [{ name, cluster: name, user: TOKEN_USER }],
            currentContext: name,
        });
        kc.addAuthenticator({
            isAuthProvider: (user) => user.name === TOKEN_USER,
            applyAuthentication: async (_user, reqOpts) => {
                reqOpts.headers ??= {};
                reqOpts.headers['Authorization'] = `Bearer ${await opts.token()}`;
            },
        });
        return new KubeClient(kc, retry, options);
    }
    /** The API server URL. */
    get server() {
        return this.kc.getCurrentCluster()?.server ?? '';
    }
    /**
     * A raw JSON request to the API server (paths like `/apis/coordination.k8s.io/v1/...`), with
     * retries. A non-2xx answer throws `KubeApiError`.
     */
    async request(method, path, opts = {}) {
        const callerSignals = [...(opts.signal ? [opts.signal] : []), ...(this.scope ? [this.scope] : [])];
        const caller = callerSignals.length === 0
            ? undefined
            : callerSignals.length === 1
                ? callerSignals[0]
                : AbortSignal.any(callerSignals);
        const what = `${method.toUpperCase()} ${path}`;
        const run = async () => {
            caller?.throwIfAborted();
            const url = new URL(this.server.replace(/\/$/, '') + path);
            for (const [k, v] of Object.entries(opts.query ?? {}))
                if (v !== undefined)
                    url.searchParams.set(k, String(v));
            const ctx = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .RequestContext */ .bb4(url.toString(), method.toUpperCase());
            await this.kc.applySecurityAuthentication(ctx);
            const headers = { ...ctx.getHeaders(), Accept: 'application/json' };
            let body;
            if (opts.body !== undefined) {
                headers['Content-Type'] = opts.contentType ?? 'application/json';
                body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
            }
            // Each attempt has its own time limit: an API server that accepts and never answers must not hang the tool.
            const attempt = AbortSignal.timeout(this.requestTimeoutMs);
            let status;
            let text;
            let retryAfter;
            try {
                const res = await (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(url, {
                    method: method.toUpperCase(),
                    headers,
                    ...(body !== undefined ? { body } : {}),
                    dispatcher: ctx.getDispatcher(),
                    signal: caller ? AbortSignal.any([caller, attempt]) : attempt,
                });
                status = res.status;
                retryAfter = res.headers.get('retry-after');
                text = await res.text();
            }
            catch (err) {
                if (attempt.aborted && !caller?.aborted)
                    throw new KubeTimeoutError(`${what}: no answer from the API server ${this.server} within ${formatSeconds(this.requestTimeoutMs)}`);
                const reason = caller?.aborted ? caller.reason : undefined;
                if (reason instanceof DOMException && reason.name === 'TimeoutError')
                    throw new KubeTimeoutError(`${what}: no answer from the API server ${this.server} before the time limit ran out`);
                throw err;
            }
            if (status < 200 || status >= 300)
                throw toApiError(status, text, retryAfter, what);
            return (text ? JSON.parse(text) : undefined);
        };
        return opts.retry === false ? run() : withRetry(run, this.retry, caller);
    }
    /** Discovery: plural name and scope of a kind, cached per group-version. */
    async resourceFor(apiVersion, kind) {
        let entry = this.discovery.get(apiVersion);
        if (!entry) {
            const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            entry = this.request('GET', path).then((list) => {
                const map = new Map();
                for (const r of list.resources)
                    if (!r.name.includes('/'))
                        map.set(r.kind, { plural: r.name, namespaced: r.namespaced });
                return map;
            });
            entry.catch(() => this.discovery.delete(apiVersion));
            this.discovery.set(apiVersion, entry);
        }
        let info;
        try {
            info = (await entry).get(kind);
        }
        catch (err) {
            if (err instanceof KubeApiError && err.code === 404)
                info = undefined;
            else
                throw err;
        }
        if (!info)
            throw new KubeApiError(`the cluster does not serve ${kind} in ${apiVersion} (${notServedAdvice(apiVersion)})`, 404);
        return info;
    }
    /** The REST path of an object (or its collection when `name` is omitted). */
    async pathFor(apiVersion, kind, namespace, name) {
        const info = await this.resourceFor(apiVersion, kind);
        const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
        return `${base}${ns}/${info.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
    }
    /** Server-side apply of one object (retried on transient failures). */
    async apply(obj, opts) {
        const path = await this.pathFor(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
        return this.request('PATCH', path, {
            body: obj,
            contentType: 'application/apply-patch+yaml',
            query: {
                fieldManager: opts.fieldManager,
                force: opts.force ? true : undefined,
                dryRun: opts.dryRun ? 'All' : undefined,
            },
            ...(opts.signal ? { signal: opts.signal } : {}),
        });
    }
    /** Read one object; undefined when it does not exist. */
    async get(apiVersion, kind, namespace, name) {
        try {
            return await this.request('GET', await this.pathFor(apiVersion, kind, namespace, name));
        }
        catch (err) {
            if (err instanceof KubeApiError && err.code === 404)
                return undefined;
            throw err;
        }
    }
    /** List objects of a kind in a namespace (all namespaces when undefined). */
    async list(apiVersion, kind, namespace, query = {}) {
        const info = await this.resourceFor(apiVersion, kind);
        const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const path = info.namespaced && namespace
            ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`
            : `${base}/${info.plural}`;
        const list = await this.request('GET', path, { query });
        return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
    }
    /** Delete one object (Background propagation by default); true when it existed. */
    async delete(apiVersion, kind, namespace, name, propagationPolicy = 'Background') {
        try {
            await this.request('DELETE', await this.pathFor(apiVersion, kind, namespace, name), {
                body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
            });
            return true;
        }
        catch (err) {
            if (err instanceof KubeApiError && err.code === 404)
                return false;
            throw err;
        }
    }
    /**
     * Start a watch (client-node `Watch`): `onEvent` gets each event, `onDone` fires once when the
     * stream ends or fails. Abort the returned controller to stop it.
     */
    watch(path, query, onEvent, onDone) {
        return new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .Watch */ .ox1(this.kc).watch(path, query, (type, obj) => onEvent(type, obj), onDone);
    }
    /** client-node's own object API, for callers that want its typed helpers. */
    async patchWithStrategy(spec, strategy, fieldManager) {
        try {
            return await withRetry(() => this.objects.patch(spec, undefined, undefined, fieldManager, undefined, strategy), this.retry);
        }
        catch (err) {
            throw err instanceof _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .ApiException */ .UJ4
                ? toApiError(err.code, typeof err.body === 'string' ? err.body : JSON.stringify(err.body), err.headers?.['retry-after'] ?? null, 'PATCH')
                : err;
        }
    }
}
/** Build a KubeApiError from an HTTP answer, keeping the Status body and Retry-After. */
function toApiError(code, body, retryAfter, what) {
    let status;
    try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === 'object' && parsed.kind === 'Status')
            status = parsed;
    }
    catch {
        // not JSON: keep the text in the message
    }
    const retry = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : status?.details?.retryAfterSeconds;
    const message = status?.message ?? (body.trim().slice(0, 200) || `HTTP ${code}`);
    return new KubeApiError(`${what}: ${code} ${status?.reason ?? ''}${status?.reason ? ': ' : ''}${message}`.replace(/\s+/g, ' ').trim(), code, status, retry);
}
/** Groups of the Kubernetes API itself: a kind in one of them comes with the cluster, never from a CRD. */
function isBuiltInApiGroup(group) {
    return group === '' || !group.includes('.') || group.endsWith('.k8s.io') || group === 'k8s.io';
}
/**
 * What to do about a kind the cluster does not serve: built-in kinds (apps/v1, batch/v1,
 * rbac.authorization.k8s.io/v1, …) need a served apiVersion, custom resources their CRD.
 */
function notServedAdvice(apiVersion) {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    return isBuiltInApiGroup(group)
        ? "a built-in Kubernetes kind: this apiVersion is not served by the cluster's Kubernetes version; see `kubectl api-resources` for the served one"
        : 'is its CRD installed? install the CRD / controller first';
}
function formatSeconds(ms) {
    return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}


/***/ })

};
