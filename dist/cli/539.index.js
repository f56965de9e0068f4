export const id = 539;
export const ids = [539];
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

/***/ 67539:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runTokenCommand: () => (/* binding */ runTokenCommand)
/* harmony export */ });
/* unused harmony export TOKEN_USAGE */
/* harmony import */ var _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21104);
/* harmony import */ var _config_args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73561);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);



const TOKEN_USAGE = `Usage: eks-fargate-deploy token --cluster-name NAME [--region REGION]

Prints an ExecCredential (client.authentication.k8s.io) holding an EKS bearer token, for use as a
kubeconfig exec plugin. Credentials come from the AWS SDK's default chain; the region from
--region, else AWS_REGION, else AWS_DEFAULT_REGION. Exit codes: 0 printed, 1 invalid input or no
credentials.
`;
const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1beta1', 'client.authentication.k8s.io/v1'];
/**
 * client-go rejects an ExecCredential whose apiVersion differs from the one in the kubeconfig, and
 * tells the plugin which one that is in KUBERNETES_EXEC_INFO; answer in it when we know it.
 */
function execApiVersion(env) {
    const info = env.KUBERNETES_EXEC_INFO;
    if (info) {
        try {
            const parsed = JSON.parse(info);
            const wanted = EXEC_API_VERSIONS.find((v) => v === parsed.apiVersion);
            if (wanted)
                return wanted;
        }
        catch {
            // Not ours to validate: fall back to the version `aws eks get-token` prints.
        }
    }
    return EXEC_API_VERSIONS[0];
}
/** RFC 3339 in UTC without fractional seconds, as `aws eks get-token` prints it. */
function rfc3339(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/**
 * Run `token`. Returns the exit code: 0 with the ExecCredential JSON on `io.out`, 1 with a message
 * on `io.err` for invalid flags or missing credentials. Never prints the token anywhere else.
 */
async function runTokenCommand(args, io, deps = {}) {
    const env = deps.env ?? process.env;
    try {
        const parsed = (0,_config_args_js__WEBPACK_IMPORTED_MODULE_1__.parseArgs)(args, {
            'cluster-name': { type: 'single' },
            region: { type: 'single' },
            help: { type: 'boolean' },
        });
        if ((0,_config_args_js__WEBPACK_IMPORTED_MODULE_1__/* .bool */ .l)(parsed, 'help')) {
            io.out(TOKEN_USAGE);
            return 0;
        }
        if (parsed.positionals.length > 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
        }
        const clusterName = (0,_config_args_js__WEBPACK_IMPORTED_MODULE_1__.single)(parsed, 'cluster-name');
        if (clusterName === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2('required and not supplied', undefined, '--cluster-name');
        (0,_aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__/* .validateClusterName */ .yO)(clusterName, '--cluster-name');
        const flagRegion = (0,_config_args_js__WEBPACK_IMPORTED_MODULE_1__.single)(parsed, 'region');
        const [regionSource, region] = flagRegion !== undefined
            ? ['--region', flagRegion]
            : env.AWS_REGION
                ? ['AWS_REGION', env.AWS_REGION]
                : env.AWS_DEFAULT_REGION
                    ? ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION]
                    : [undefined, undefined];
        if (region === undefined || regionSource === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2('required and not supplied (or set AWS_REGION)', undefined, '--region');
        }
        (0,_aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__/* .validateRegion */ .jq)(region, regionSource);
        const now = (deps.now ?? (() => new Date()))();
        const { token, expiresAt } = await (0,_aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__/* .createEksToken */ .vc)({
            clusterName,
            region,
            env,
            now,
            ...(deps.credentials ? { credentials: deps.credentials } : {}),
        });
        const credential = {
            kind: 'ExecCredential',
            apiVersion: execApiVersion(env),
            spec: {},
            status: { expirationTimestamp: rfc3339(expiresAt), token },
        };
        io.out(`${JSON.stringify(credential, null, 4)}\n`);
        return 0;
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isUserError */ .iU)(err)) {
            io.err(`error: ${err.message.split('\n').join('\nerror: ')}\n`);
            return 1;
        }
        throw err;
    }
}


/***/ })

};
