export const id = 304;
export const ids = [304];
export const modules = {

/***/ 3817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b$: () => (/* binding */ defaultCloudWatchClient),
/* harmony export */   jr: () => (/* binding */ LATENCY_STATISTICS),
/* harmony export */   nQ: () => (/* binding */ readAlbMetrics)
/* harmony export */ });
/* unused harmony export loadBalancerDimension */
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4085);
/**
 * The Application Load Balancer metrics a cutover gate looks at, from CloudWatch GetMetricData:
 * requests, 5xx answers (from the targets and from the load balancer itself) and target response
 * time, for one load balancer over one time window.
 */

/** Statistics accepted for TargetResponseTime. */
const LATENCY_STATISTICS = ['p50', 'p90', 'p95', 'p99', 'Average', 'Maximum'];
/** The LoadBalancer dimension of an ALB ARN (`…:loadbalancer/app/web/50dc6c495c0c9188` → `app/web/50dc6c495c0c9188`). */
function loadBalancerDimension(arnOrDimension) {
    const m = /loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(arnOrDimension.trim());
    return m ? m[1] : arnOrDimension.trim();
}
/**
 * Read the metrics of `loadBalancer` over [start, end], widened to whole periods (CloudWatch
 * aggregates ALB metrics per minute; a window inside one minute still reads that minute).
 */
async function readAlbMetrics(client, loadBalancer, window, opts = {}) {
    const period = opts.periodSeconds ?? 60;
    const stat = opts.latencyStatistic ?? 'p95';
    const p = period * 1000;
    const start = new Date(Math.floor(window.start.getTime() / p) * p);
    let end = new Date(Math.ceil(window.end.getTime() / p) * p);
    if (end.getTime() <= start.getTime())
        end = new Date(start.getTime() + p);
    const dims = [{ Name: 'LoadBalancer', Value: loadBalancer }];
    const q = (id, metric, s) => ({
        Id: id,
        MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metric, Dimensions: dims }, Period: period, Stat: s },
        ReturnData: true,
    });
    const queries = [q('requests', 'RequestCount', 'Sum'), q('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum'), q('elb5xx', 'HTTPCode_ELB_5XX_Count', 'Sum'), q('latency', 'TargetResponseTime', stat)];
    const values = new Map();
    let token;
    do {
        const res = await client.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__/* .GetMetricDataCommand */ .Soe({ MetricDataQueries: queries, StartTime: start, EndTime: end, ...(token ? { NextToken: token } : {}) }), opts.signal ? { abortSignal: opts.signal } : {});
        for (const r of res.MetricDataResults ?? [])
            values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? []).filter((v) => Number.isFinite(v))]);
        token = res.NextToken;
    } while (token);
    const sum = (id) => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
    const latency = values.get('latency') ?? [];
    const out = {
        loadBalancer,
        start: start.toISOString(),
        end: end.toISOString(),
        requests: sum('requests'),
        errors5xx: sum('target5xx') + sum('elb5xx'),
        latencyStatistic: stat,
        periodsWithData: Math.max(values.get('requests')?.length ?? 0, latency.length),
    };
    // TargetResponseTime is in seconds.
    if (latency.length > 0)
        out.latencyMs = Math.round(Math.max(...latency) * 1000);
    return out;
}
/** The default client for a region. */
function defaultCloudWatchClient(region) {
    return new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__/* .CloudWatchClient */ .WBn({ region });
}


/***/ }),

/***/ 6304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lp: () => (/* binding */ loadRequests),
  PG: () => (/* binding */ releaseIngressAddress),
  runParityCommand: () => (/* binding */ runParityCommand),
  an: () => (/* binding */ withCancellation),
  Li: () => (/* binding */ writeReports)
});

// UNUSED EXPORTS: ParityExit, runParity

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/manifests/input-file.ts
var input_file = __webpack_require__(8317);
// EXTERNAL MODULE: ./src/smoke/spec.ts
var spec = __webpack_require__(7302);
// EXTERNAL MODULE: ./src/cutover/compare.ts
var cutover_compare = __webpack_require__(1613);
;// CONCATENATED MODULE: ./src/cutover/requests.ts
/**
 * The requests a parity check sends to both the old (ECS) and the new (EKS) service: the
 * smoke-test format (src/smoke/spec.ts) with three more keys per request, or requests recorded in
 * the ECS ALB's access logs (src/cutover/access-log.ts).
 *
 * ```yaml
 * - name: order list
 *   path: /api/orders?limit=5            # sent to both base URLs
 *   headers: { Authorization: "Bearer …" }
 *   ignore: [$.generatedAt, $.items[*].etag]   # values and shape not compared here
 *   compare: values                      # auto (default) | shape | values | hash | status
 * - name: create a test order
 *   method: POST
 *   path: /api/orders
 *   body: { sku: TEST-1, tenant: parity }
 *   safe: true                           # writes are refused unless marked safe
 * ```
 *
 * `expect`, `retries`, `interval` and `deadline` of the smoke format mean nothing here: a parity
 * check compares the two answers with each other, once per repetition.
 */





/** How the bodies of the two answers are compared. */
const COMPARE_MODES = ['auto', 'shape', 'values', 'hash', 'status'];
/** Methods that change state on the server: refused unless the request is marked `safe: true`. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PARITY_KEYS = ['safe', 'compare', 'ignore'];
/**
 * Parse a parity request list. `source` names the file or input in every error. Throws
 * `UserInputErrors` listing every problem, a writing request not marked `safe: true` among them.
 */
function parseParityRequests(text, source, defaults = {}) {
    const doc = (0,dist/* parseDocument */.Tp)(text, { uniqueKeys: true });
    // Syntax errors are reported by the smoke parser, with positions; here only the extra keys are read.
    const extras = [];
    let stripped = text;
    if (doc.errors.length === 0) {
        const list = (0,dist/* isSeq */.oP)(doc.contents) ? doc.contents : (0,dist/* isMap */.jh)(doc.contents) && (0,dist/* isSeq */.oP)(doc.contents.get('checks', true)) ? doc.contents.get('checks', true) : undefined;
        const cuts = [];
        if ((0,dist/* isSeq */.oP)(list)) {
            for (const item of list.items) {
                const extra = {};
                extras.push(extra);
                if (!(0,dist/* isMap */.jh)(item))
                    continue;
                for (const pair of item.items) {
                    const key = (0,dist/* isScalar */.jn)(pair.key) ? pair.key.value : undefined;
                    if (typeof key !== 'string' || !PARITY_KEYS.includes(key))
                        continue;
                    extra[key] = pair.value?.toJSON?.() ?? ((0,dist/* isScalar */.jn)(pair.value) ? pair.value.value : null);
                    const range = pairRange(text, pair, item.flow === true);
                    if (range)
                        cuts.push(range);
                }
            }
        }
        stripped = blank(text, cuts);
    }
    const checks = (0,spec/* parseSmokeSpec */.Ay)(stripped, source);
    const problems = [];
    const requests = [];
    checks.forEach((check, i) => {
        const label = `${JSON.stringify(check.name)}`;
        const r = toRequest(check, extras[i] ?? {}, source, label, problems, defaults.timeoutMs);
        if (r)
            requests.push(r);
    });
    if (problems.length > 0)
        throw new errors/* UserInputErrors */.fr(problems);
    return requests;
}
function toRequest(check, extra, source, label, problems, timeoutMs) {
    const before = problems.length;
    const add = (field, message) => void problems.push(new errors/* UserInputError */.m2(message, source, `${label} ${field}`));
    const t = check.target;
    let path;
    if ('url' in t)
        add('url', 'a parity request is a path sent to both the old and the new base URL; give path: /… instead of url');
    else if ('service' in t)
        add('service', 'a parity request goes to both load balancers; a service target reaches only the new cluster');
    else if (t.ingress.name || t.ingress.namespace)
        add('ingress', 'the new base URL is set once for the whole check (--new-url or --ingress); remove ingress here');
    else
        path = t.path;
    let safe = false;
    if (extra['safe'] !== undefined) {
        if (typeof extra['safe'] === 'boolean')
            safe = extra['safe'];
        else
            add('safe', `expected true or false, got ${(0,errors/* showValue */.vp)(extra['safe'])}`);
    }
    if (WRITE_METHODS.has(check.method) && !safe) {
        add('method', `${check.method} writes, and a parity check sends every request to the live ECS service as well; it is refused unless marked safe: true (idempotent, or writing to a test tenant)`);
    }
    let compare = 'auto';
    if (extra['compare'] !== undefined) {
        if (COMPARE_MODES.includes(extra['compare']))
            compare = extra['compare'];
        else
            add('compare', `expected one of ${COMPARE_MODES.join(', ')}, got ${(0,errors/* showValue */.vp)(extra['compare'])}`);
    }
    const ignore = [];
    if (extra['ignore'] !== undefined) {
        const raw = typeof extra['ignore'] === 'string' ? [extra['ignore']] : extra['ignore'];
        if (!Array.isArray(raw))
            add('ignore', `expected a list of JSON paths ($.id, $.items[*].updatedAt, $..requestId), got ${(0,errors/* showValue */.vp)(extra['ignore'])}`);
        else {
            raw.forEach((p, j) => {
                if (typeof p !== 'string')
                    return add(`ignore[${j}]`, `expected a JSON path, got ${(0,errors/* showValue */.vp)(p)}`);
                try {
                    ignore.push((0,cutover_compare/* parseJsonPathPattern */.d0)(p));
                }
                catch (err) {
                    add(`ignore[${j}]`, err.message);
                }
            });
        }
    }
    if (problems.length > before || path === undefined)
        return undefined;
    return {
        name: check.name,
        method: check.method,
        path,
        headers: check.headers,
        secretHeaders: check.secretHeaders,
        ...(check.body !== undefined ? { body: check.body } : {}),
        timeoutMs: timeoutMs ?? check.timeoutMs,
        safe,
        compare,
        ignore,
        origin: source,
    };
}
/** Source range of a `key: value` pair, widened to a neighbouring comma in a flow mapping. */
function pairRange(text, pair, flow) {
    const k = pair.key?.range;
    const v = pair.value?.range;
    if (!k)
        return undefined;
    let start = k[0];
    let end = v ? v[1] : k[2];
    if (!v) {
        // `safe:` with nothing after it: the pair ends with its line.
        const nl = text.indexOf('\n', k[1]);
        end = nl < 0 ? text.length : nl;
    }
    if (flow) {
        let j = end;
        while (j < text.length && /[ \t]/.test(text[j]))
            j++;
        if (text[j] === ',')
            end = j + 1;
        else {
            let b = start - 1;
            while (b >= 0 && /\s/.test(text[b]))
                b--;
            if (text[b] === ',')
                start = b;
        }
    }
    return [start, end];
}
/** Replace the ranges with spaces (line breaks kept), so the smoke parser's line numbers stay right. */
function blank(text, cuts) {
    if (cuts.length === 0)
        return text;
    // Offsets from the YAML parser count UTF-16 code units; so does split('').
    const units = text.split('');
    for (const [a, b] of cuts)
        for (let i = a; i < b && i < units.length; i++)
            if (units[i] !== '\n' && units[i] !== '\r')
                units[i] = ' ';
    return units.join('');
}
/** Read the request list from inline text (a YAML list) or a file. */
async function loadParityRequests(setting, defaults = {}) {
    if (setting.text !== undefined)
        return parseParityRequests(setting.text, 'input requests', defaults);
    let text;
    try {
        text = await (0,input_file/* readInputFile */.jH)(setting.file, setting.file, 'request lists');
    }
    catch (err) {
        if (err instanceof errors/* UserInputError */.m2)
            throw err;
        const code = err.code;
        throw new errors/* UserInputError */.m2(code === 'ENOENT' ? 'file not found' : `cannot read: ${err.message}`, setting.file);
    }
    return parseParityRequests(text, setting.file, defaults);
}

;// CONCATENATED MODULE: ./src/cutover/access-log.ts
/**
 * Requests recorded by the ECS service's Application Load Balancer, read from its access logs
 * (the files the ALB writes to S3, plain or gzipped), for a parity check that replays real
 * traffic. One entry per line, space-separated, quoted fields in double quotes:
 *
 * ```
 * https 2026-05-02T10:01:02.123456Z app/ecs-web/50dc6c495c0c9188 203.0.113.7:52311 10.0.1.23:8080 0.000 0.012 0.000 200 200 312 1840 "GET https://shop.example.com:443/api/orders?limit=5 HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:… "Root=1-…" "shop.example.com" "arn:aws:acm:…" 0 2026-05-02T10:01:02.111000Z "forward" "-" "-" "10.0.1.23:8080" "200" "-" "-"
 * ```
 *
 * Field 13 is the request line: method, the full URL as the client sent it (scheme, host, port,
 * path, query) and the protocol. Only method, path and query are kept: the parity check sends
 * them to both base URLs. The log has no headers and no bodies, so recorded requests carry
 * neither; writes (POST, PUT, PATCH, DELETE) are never replayed from a log.
 */




/** Split one log line into fields: spaces separate, double quotes group, `\"` escapes. */
function splitLogFields(line) {
    const fields = [];
    let i = 0;
    while (i < line.length) {
        while (line[i] === ' ')
            i++;
        if (i >= line.length)
            break;
        if (line[i] === '"') {
            let v = '';
            i++;
            while (i < line.length && line[i] !== '"') {
                if (line[i] === '\\' && i + 1 < line.length)
                    i++;
                v += line[i++];
            }
            i++;
            fields.push(v);
        }
        else {
            const end = line.indexOf(' ', i);
            fields.push(line.slice(i, end < 0 ? line.length : end));
            i = end < 0 ? line.length : end;
        }
    }
    return fields;
}
/**
 * Parse one ALB access-log line; a string says why it is not a usable entry (malformed request
 * line `- http://host:80- -`, too few fields, a URL that does not parse).
 */
function parseAlbLogLine(line) {
    const f = splitLogFields(line);
    if (f.length < 13)
        return `expected at least 13 fields (type … "request"), got ${f.length}`;
    const request = f[12];
    const m = /^([A-Z]+) (\S+) (HTTP\/[\d.]+)$/.exec(request);
    if (!m)
        return `request field is not "METHOD URL PROTOCOL": ${JSON.stringify(request.slice(0, 80))}`;
    let url;
    try {
        url = new URL(m[2]);
    }
    catch {
        return `request URL does not parse: ${JSON.stringify(m[2].slice(0, 80))}`;
    }
    const status = Number(f[8]);
    const tp = Number(f[6]);
    return {
        type: f[0],
        time: f[1],
        method: m[1],
        path: `${url.pathname}${url.search}`,
        host: url.hostname,
        elbStatus: Number.isInteger(status) ? status : undefined,
        targetProcessingSeconds: Number.isFinite(tp) ? tp : undefined,
    };
}
/** Read access-log files (`.gz` or plain); unreadable lines are counted, not fatal. */
async function readAlbLogs(files) {
    const out = { entries: [], invalid: [], invalidCount: 0 };
    for (const file of files) {
        let buf;
        try {
            buf = await (0,promises_.readFile)(file);
        }
        catch (err) {
            const code = err.code;
            throw new errors/* UserInputError */.m2(code === 'ENOENT' ? 'file not found' : `cannot read: ${err.message}`, file);
        }
        if (buf[0] === 0x1f && buf[1] === 0x8b) {
            try {
                buf = (0,external_node_zlib_.gunzipSync)(buf);
            }
            catch (err) {
                throw new errors/* UserInputError */.m2(`looks gzipped but does not decompress: ${err.message}`, file);
            }
        }
        const lines = buf.toString('utf8').split('\n');
        lines.forEach((raw, i) => {
            const line = raw.trim();
            if (line === '')
                return;
            const e = parseAlbLogLine(line);
            if (typeof e === 'string') {
                out.invalidCount++;
                if (out.invalid.length < 20)
                    out.invalid.push(`${file}:${i + 1}: ${e}`);
            }
            else
                out.entries.push(e);
        });
    }
    return out;
}
/**
 * The `limit` most frequent distinct reads (method + path + query) of the logs, most frequent
 * first, as parity requests. Writes are listed in `refusedWrites`: the log cannot say a write is
 * safe to repeat against the live service.
 */
function recordedRequests(entries, opts) {
    const counts = new Map();
    entries.forEach((e, i) => {
        const key = `${e.method} ${e.path}`;
        const c = counts.get(key);
        if (c)
            c.n++;
        else
            counts.set(key, { method: e.method, path: e.path, n: 1, first: i });
    });
    const all = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first);
    const writes = all.filter((c) => WRITE_METHODS.has(c.method));
    const reads = all.filter((c) => !WRITE_METHODS.has(c.method) && c.method !== 'CONNECT');
    const chosen = reads.slice(0, opts.limit);
    return {
        requests: chosen.map((c) => ({
            name: `${c.method} ${c.path}`,
            method: c.method,
            path: c.path,
            headers: {},
            secretHeaders: [],
            timeoutMs: opts.timeoutMs,
            safe: false,
            compare: 'auto',
            ignore: [],
            origin: `access log (${c.n}×)`,
        })),
        refusedWrites: writes.map((c) => `${c.method} ${c.path} (${c.n}×)`),
        notSent: reads.length - chosen.length,
    };
}

// EXTERNAL MODULE: ./src/cutover/parity.ts
var parity = __webpack_require__(1949);
// EXTERNAL MODULE: ./src/cutover/report.ts
var report = __webpack_require__(4058);
// EXTERNAL MODULE: ./src/config/cutover.ts
var cutover = __webpack_require__(8636);
// EXTERNAL MODULE: ./src/commands/connect.ts
var connect = __webpack_require__(2456);
// EXTERNAL MODULE: ./src/commands/steps.ts + 4 modules
var steps = __webpack_require__(3220);
;// CONCATENATED MODULE: ./src/commands/parity.ts
/**
 * `parity`: prove the EKS service answers like the ECS one before any traffic moves. Loads the
 * request list (and/or requests recorded in the ECS ALB's access logs), finds the new base URL
 * from the release's Ingress when not given, runs the comparison, and reports a table per
 * endpoint (markdown and JSON).
 */










/** Exit codes of `parity`. */
const ParityExit = { Ok: 0, Invalid: 1, Differs: 2, Cancelled: 130 };
/** Load the request list and the recorded requests; refuses writes not marked safe. */
async function loadRequests(config, log) {
    const out = { requests: [], refusedWrites: [], notSent: 0, invalidLogLines: 0 };
    if (config.requests)
        out.requests.push(...(await loadParityRequests(config.requests, { timeoutMs: config.requestTimeoutMs })));
    if (config.accessLogs.length > 0) {
        const logs = await readAlbLogs(config.accessLogs);
        for (const bad of logs.invalid)
            log(`access log: skipped ${bad}`);
        const rec = recordedRequests(logs.entries, { limit: config.accessLogLimit, timeoutMs: config.requestTimeoutMs });
        const named = new Set(out.requests.map((r) => `${r.method} ${r.path}`));
        out.requests.push(...rec.requests.filter((r) => !named.has(`${r.method} ${r.path}`)));
        out.refusedWrites = rec.refusedWrites;
        out.notSent = rec.notSent;
        out.invalidLogLines = logs.invalidCount;
        log(`access logs: ${logs.entries.length} entries, ${rec.requests.length} distinct read(s) chosen${rec.refusedWrites.length ? `, ${rec.refusedWrites.length} write(s) not replayed` : ''}`);
    }
    if (out.requests.length === 0)
        throw new errors/* UserInputError */.m2('no requests to compare (the list is empty and the access logs hold no reads)', undefined, 'requests');
    return out;
}
function isAlb(o) {
    return o['spec']?.ingressClassName === 'alb' || o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb';
}
/** Address of the named Ingress, or of the first ALB Ingress of the namespace. */
async function releaseIngressAddress(client, namespace, name) {
    let ing;
    if (name) {
        ing = await client.get('networking.k8s.io/v1', 'Ingress', namespace, name);
        if (!ing)
            throw new errors/* UserInputError */.m2(`Ingress ${namespace}/${name} not found`, undefined, 'ingress');
    }
    else {
        const { items } = await client.list('networking.k8s.io/v1', 'Ingress', namespace);
        ing = items.find(isAlb) ?? items[0];
        if (!ing)
            throw new errors/* UserInputError */.m2(`no Ingress in namespace ${namespace} to find the new target from; give --new-url (and --new-alb for cutover)`, undefined, 'ingress');
    }
    const lb = ing['status']?.loadBalancer?.ingress?.[0];
    const out = { ingress: `${namespace}/${ing.metadata.name}` };
    // The sandbox publishes a local listener for the emulated ALB; on EKS this is http://<hostname>.
    const url = await (0,steps/* ingressBaseUrl */.Sz)(client, namespace, ing.metadata.name);
    if (url)
        out.url = url;
    if (lb?.hostname)
        out.hostname = lb.hostname;
    return out;
}
/**
 * Run the parity check as configured. Input problems throw `UserInputError(s)`; a failing or
 * cancelled comparison is an outcome.
 */
async function runParity(config, deps) {
    const { log } = deps;
    const loaded = await loadRequests(config, log);
    let newUrl = config.newUrl;
    if (!newUrl) {
        const conn = deps.connection ?? (config.cluster ? await (0,connect/* connect */.N)(config.cluster, deps.eksClients) : undefined);
        if (!conn)
            throw new errors/* UserInputError */.m2('give the new base URL or the cluster to read it from', undefined, 'new-url');
        const addr = await releaseIngressAddress(conn.client, config.namespace, config.ingress);
        if (!addr.url)
            throw new errors/* UserInputError */.m2(`Ingress ${addr.ingress} has no address yet (the load balancer is still being provisioned?); give --new-url or retry later`, undefined, 'new-url');
        newUrl = addr.url;
        log(`new target: ${newUrl} (Ingress ${addr.ingress})`);
    }
    log(`parity: ${loaded.requests.length} request(s), ${config.repeat}× each, old ${config.oldUrl} vs new ${newUrl}`);
    const result = await (0,parity/* runParityCheck */.b)(loaded.requests, {
        oldBaseUrl: config.oldUrl,
        newBaseUrl: newUrl,
        repeat: config.repeat,
        latency: { ratio: config.latencyRatio, slackMs: config.latencySlackMs },
        ignore: config.ignore,
        concurrency: config.concurrency,
        log,
        ...(deps.transport ? { transport: deps.transport } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const extras = { refusedWrites: loaded.refusedWrites, notSent: loaded.notSent, invalidLogLines: loaded.invalidLogLines };
    const markdown = (0,report/* parityMarkdown */.PL)(result, extras);
    const status = result.cancelled ? 'cancelled' : result.ok ? 'passed' : 'failed';
    const outcome = {
        status,
        exitCode: status === 'passed' ? ParityExit.Ok : status === 'cancelled' ? ParityExit.Cancelled : ParityExit.Differs,
        message: (0,report/* paritySummary */.W_)(result),
        result,
        markdown,
        ...extras,
        written: [],
    };
    outcome.written = await writeReports(config, markdown, { status, message: outcome.message, ...extras, parity: result });
    return outcome;
}
/** Write the markdown and JSON reports where the config says; returns the paths written. */
async function writeReports(config, markdown, json) {
    const written = [];
    for (const [path, text] of [[config.reportMd, markdown], [config.reportJson, `${JSON.stringify(json, null, 2)}\n`]]) {
        if (!path)
            continue;
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        await (0,promises_.writeFile)(path, text);
        written.push(path);
    }
    return written;
}
/** `eks-fargate-deploy parity ...`: returns the exit code. SIGINT/SIGTERM cancel. */
async function runParityCommand(args, io) {
    const config = (0,cutover/* parityConfigFromArgs */.X6)(args);
    return withCancellation(io, async (signal) => {
        const out = await runParity(config, { log: (l) => io.out(`${l}\n`), signal });
        for (const l of (0,report/* parityLines */.t3)(out.result))
            io.out(`${l}\n`);
        for (const f of out.written)
            io.out(`wrote ${f}\n`);
        io.out(`parity: ${out.status}: ${out.message}\n`);
        return out.exitCode;
    });
}
/** Run `fn` with a signal aborted by SIGINT/SIGTERM (the runner's cancel). */
async function withCancellation(io, fn, what = 'cancelling') {
    const ctrl = new AbortController();
    const onSignal = (sig) => {
        if (!ctrl.signal.aborted)
            io.err(`received ${sig}: ${what}\n`);
        ctrl.abort(new Error(`cancelled by ${sig}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
        return await fn(ctrl.signal);
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}


/***/ }),

/***/ 8636:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X6: () => (/* binding */ parityConfigFromArgs),
/* harmony export */   u$: () => (/* binding */ cutoverConfigFromArgs)
/* harmony export */ });
/* unused harmony exports PARITY_FLAGS, CUTOVER_FLAGS, CUTOVER_ACTION_INPUTS, parityConfigFromInputs, cutoverConfigFromInputs, parseSteps */
/* harmony import */ var _cutover_compare_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1613);
/* harmony import */ var _aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3817);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _smoke_spec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7302);
/* harmony import */ var _convert_names_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8431);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3561);
/**
 * Every flag and action input of `parity` and `cutover`, read and validated once. CLI flags and
 * action inputs have the same names (`--old-url` / `old-url`), except the region (`--region` /
 * `aws-region`).
 */






const CLUSTER_FLAGS = {
    'cluster-name': { type: 'single' },
    region: { type: 'single' },
    kubeconfig: { type: 'single' },
    context: { type: 'single' },
    namespace: { type: 'single' },
    release: { type: 'single' },
};
/** Flags of `parity`. */
const PARITY_FLAGS = {
    ...CLUSTER_FLAGS,
    ingress: { type: 'single' },
    'old-url': { type: 'single' },
    'new-url': { type: 'single' },
    requests: { type: 'single' },
    'access-log': { type: 'multi' },
    'access-log-limit': { type: 'single' },
    repeat: { type: 'single' },
    'latency-ratio': { type: 'single' },
    'latency-slack': { type: 'single' },
    ignore: { type: 'multi' },
    concurrency: { type: 'single' },
    'request-timeout': { type: 'single' },
    'report-json': { type: 'single' },
    'report-md': { type: 'single' },
};
/** Flags of `cutover`: the parity flags plus the record, the steps and the gates. */
const CUTOVER_FLAGS = {
    ...PARITY_FLAGS,
    'hosted-zone-id': { type: 'single' },
    'record-name': { type: 'single' },
    'record-type': { type: 'single' },
    ttl: { type: 'single' },
    'old-alb': { type: 'single' },
    'old-alb-zone-id': { type: 'single' },
    'new-alb': { type: 'single' },
    'new-alb-zone-id': { type: 'single' },
    'old-set-id': { type: 'single' },
    'new-set-id': { type: 'single' },
    'evaluate-target-health': { type: 'single' },
    steps: { type: 'single' },
    'bake-time': { type: 'single' },
    'smoke-tests': { type: 'single' },
    'alb-metrics': { type: 'single' },
    'max-5xx-percent': { type: 'single' },
    'max-latency': { type: 'single' },
    'latency-statistic': { type: 'single' },
    revert: { type: 'boolean' },
    'scale-ecs-to-zero': { type: 'boolean' },
    'ecs-cluster': { type: 'single' },
    'ecs-service': { type: 'single' },
    'ecs-drain': { type: 'single' },
    'wait-dns': { type: 'single' },
    'run-url': { type: 'single' },
};
function fromArgs(argv, spec) {
    const args = (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .parseArgs */ .Zy)(argv, spec);
    if (args.positionals.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    return { get: (f) => (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .single */ .J0)(args, f), list: (f) => (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .multi */ .m3)(args, f), on: (f) => (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(args, f) };
}
function fromInputs(read) {
    const input = (f) => (f === 'region' ? 'aws-region' : f);
    return {
        get: (f) => read(input(f)).trim() || undefined,
        list: (f) => read(input(f)).split(/\n/).map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#')),
        on: (f) => read(input(f)).trim().toLowerCase() === 'true',
    };
}
/** The names of the action inputs `parity` and `cutover` read (besides `command`). */
const CUTOVER_ACTION_INPUTS = Object.keys(CUTOVER_FLAGS).map((f) => (f === 'region' ? 'aws-region' : f));
/** `parity` flags → config. */
function parityConfigFromArgs(argv, env = process.env) {
    return validateParity(fromArgs(argv, PARITY_FLAGS), (f) => `--${f}`, env);
}
/** `cutover` flags → config. */
function cutoverConfigFromArgs(argv, env = process.env) {
    return validateCutover(fromArgs(argv, CUTOVER_FLAGS), (f) => `--${f}`, env);
}
/** Action inputs → `parity` config. */
function parityConfigFromInputs(read, env = process.env) {
    return validateParity(fromInputs(read), (f) => `input ${f === 'region' ? 'aws-region' : f}`, env);
}
/** Action inputs → `cutover` config. */
function cutoverConfigFromInputs(read, env = process.env) {
    return validateCutover(fromInputs(read), (f) => `input ${f === 'region' ? 'aws-region' : f}`, env);
}
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const HOSTNAME = /^(?=.{1,253}\.?$)([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)(\.[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)*\.?$/i;
const ZONE_ID = /^(\/hostedzone\/)?[A-Z0-9]{1,32}$/;
function validateParity(s, name, env, errors = [], finish = true) {
    const add = (flag, message) => void errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(message, undefined, name(flag)));
    const region = s.get('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (region !== undefined && !REGION.test(region))
        add('region', `${JSON.stringify(region)} is not an AWS region`);
    let cluster;
    const clusterName = s.get('cluster-name');
    if (clusterName !== undefined && !EKS_NAME.test(clusterName))
        add('cluster-name', `${JSON.stringify(clusterName)} is not a valid EKS cluster name`);
    if (s.get('kubeconfig') !== undefined || s.get('context') !== undefined) {
        cluster = { kind: 'kubeconfig', ...(s.get('kubeconfig') ? { path: s.get('kubeconfig') } : {}), ...(s.get('context') ? { context: s.get('context') } : {}), ...(clusterName ? { clusterName } : {}), ...(region ? { region } : {}) };
    }
    else if (clusterName !== undefined) {
        if (region === undefined)
            add('region', 'required with the cluster name (or set AWS_REGION)');
        else
            cluster = { kind: 'eks', clusterName, region };
    }
    const namespace = s.get('namespace') ?? 'default';
    if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_4__/* .isDns1123Label */ .z3)(namespace))
        add('namespace', `${JSON.stringify(namespace)} is not a valid namespace`);
    const release = s.get('release') ?? namespace;
    if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_4__/* .isDns1123Label */ .z3)(release) || release.length > 53)
        add('release', `${JSON.stringify(release)} is not a valid release name (lower-case letters, digits and "-", at most 53)`);
    const ingress = s.get('ingress');
    if (ingress !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(ingress))
        add('ingress', `${JSON.stringify(ingress)} is not an Ingress name`);
    const oldUrl = url(s.get('old-url'), 'old-url', add, true);
    const newUrl = url(s.get('new-url'), 'new-url', add, false);
    if (newUrl === undefined && cluster === undefined && s.get('new-url') === undefined) {
        add('new-url', 'give the new base URL, or the cluster (--cluster-name/--region or --kubeconfig) so it can be read from the release\'s Ingress');
    }
    const requestsRaw = s.get('requests');
    const requests = requestsRaw === undefined ? undefined : /^\s*(-|\[|\{)/.test(requestsRaw) ? { text: requestsRaw } : { file: requestsRaw.trim() };
    const accessLogs = s.list('access-log').flatMap((v) => v.split(/\n/)).map((v) => v.trim()).filter(Boolean);
    const ignore = [];
    for (const p of s.list('ignore').flatMap((v) => v.split(/[\n,]/)).map((v) => v.trim()).filter(Boolean)) {
        try {
            ignore.push((0,_cutover_compare_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonPathPattern */ .d0)(p));
        }
        catch (err) {
            add('ignore', err.message);
        }
    }
    const config = {
        namespace,
        release,
        oldUrl: oldUrl ?? '',
        accessLogs,
        accessLogLimit: int(s.get('access-log-limit'), 50, 1, 1000, 'access-log-limit', add),
        repeat: int(s.get('repeat'), 5, 1, 100, 'repeat', add),
        latencyRatio: num(s.get('latency-ratio'), 1.5, 1, 100, 'latency-ratio', add),
        latencySlackMs: duration(s.get('latency-slack'), 25, 0, 60_000, 'latency-slack', add, 'ms'),
        ignore,
        concurrency: int(s.get('concurrency'), 4, 1, 32, 'concurrency', add),
        requestTimeoutMs: duration(s.get('request-timeout'), 10_000, 1, 300_000, 'request-timeout', add),
    };
    if (cluster)
        config.cluster = cluster;
    if (ingress)
        config.ingress = ingress;
    if (newUrl)
        config.newUrl = newUrl;
    if (requests)
        config.requests = requests;
    if (s.get('report-json'))
        config.reportJson = s.get('report-json');
    if (s.get('report-md'))
        config.reportMd = s.get('report-md');
    if (finish && !config.requests && config.accessLogs.length === 0)
        add('requests', 'give a request list (--requests FILE) or ALB access logs (--access-log FILE...) to compare');
    if (finish && errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return config;
}
function validateCutover(s, name, env) {
    const errors = [];
    const add = (flag, message) => void errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(message, undefined, name(flag)));
    const parity = validateParity(s, name, env, errors, false);
    const revert = s.on('revert');
    const zone = s.get('hosted-zone-id');
    if (zone === undefined)
        add('hosted-zone-id', 'required: the Route 53 hosted zone holding the record');
    else if (!ZONE_ID.test(zone))
        add('hosted-zone-id', `${JSON.stringify(zone)} is not a hosted zone id (like Z0123456789ABCDEFGHIJ)`);
    const recordName = s.get('record-name');
    if (recordName === undefined)
        add('record-name', 'required: the DNS name whose traffic moves (like api.example.com)');
    else if (!HOSTNAME.test(recordName.replace(/^\*\./, 'x.')))
        add('record-name', `${JSON.stringify(recordName)} is not a DNS name`);
    const recordType = (s.get('record-type') ?? 'A').toUpperCase();
    if (recordType !== 'A' && recordType !== 'AAAA' && recordType !== 'CNAME')
        add('record-type', `expected A, AAAA (alias records to the load balancers) or CNAME, got ${JSON.stringify(s.get('record-type'))}`);
    const oldAlb = s.get('old-alb');
    if (oldAlb === undefined)
        add('old-alb', 'required: the DNS name of the ECS service\'s load balancer');
    else if (!HOSTNAME.test(oldAlb))
        add('old-alb', `${JSON.stringify(oldAlb)} is not a DNS name`);
    const newAlb = s.get('new-alb');
    if (newAlb !== undefined && !HOSTNAME.test(newAlb))
        add('new-alb', `${JSON.stringify(newAlb)} is not a DNS name`);
    if (newAlb === undefined && parity.cluster === undefined)
        add('new-alb', 'give the new load balancer\'s DNS name, or the cluster so it can be read from the Ingress status');
    for (const f of ['old-alb-zone-id', 'new-alb-zone-id']) {
        const v = s.get(f);
        if (v !== undefined && !ZONE_ID.test(v))
            add(f, `${JSON.stringify(v)} is not a hosted zone id`);
    }
    const oldSetId = s.get('old-set-id') ?? 'ecs';
    const newSetId = s.get('new-set-id') ?? 'eks';
    for (const [f, v] of [['old-set-id', oldSetId], ['new-set-id', newSetId]])
        if (v.length < 1 || v.length > 128)
            add(f, `a set identifier has 1-128 characters, got ${JSON.stringify(v)}`);
    if (oldSetId === newSetId)
        add('new-set-id', `must differ from --old-set-id (${JSON.stringify(oldSetId)})`);
    const steps = parseSteps(s.get('steps') ?? '10,50,100', (m) => add('steps', m));
    const bakeMs = duration(s.get('bake-time'), 300_000, 0, 86_400_000, 'bake-time', add);
    const smokeRaw = s.get('smoke-tests');
    const smokeTests = smokeRaw === undefined ? undefined : /^\s*(-|\[|\{)/.test(smokeRaw) ? { text: smokeRaw } : { file: smokeRaw.trim() };
    let metrics;
    const lb = s.get('alb-metrics');
    const max5xx = s.get('max-5xx-percent');
    const maxLatency = s.get('max-latency');
    const region = s.get('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (lb !== undefined) {
        const dim = lb.replace(/^.*loadbalancer\//, '');
        if (!/^app\/[^/\s]+\/[0-9a-f]+$/.test(dim))
            add('alb-metrics', `expected the load balancer as app/<name>/<id> or its ARN, got ${JSON.stringify(lb)}`);
        const stat = s.get('latency-statistic') ?? 'p95';
        if (!_aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_5__/* .LATENCY_STATISTICS */ .jr.includes(stat))
            add('latency-statistic', `expected one of ${_aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_5__/* .LATENCY_STATISTICS */ .jr.join(', ')}, got ${JSON.stringify(stat)}`);
        if (max5xx === undefined && maxLatency === undefined)
            add('alb-metrics', 'give a threshold too: --max-5xx-percent and/or --max-latency');
        if (region === undefined)
            add('region', 'required for the CloudWatch metrics (or set AWS_REGION)');
        metrics = { loadBalancer: dim, region: region ?? '', latencyStatistic: stat };
        if (max5xx !== undefined)
            metrics.max5xxPercent = num(max5xx, 1, 0, 100, 'max-5xx-percent', add);
        if (maxLatency !== undefined)
            metrics.maxLatencyMs = duration(maxLatency, 1000, 1, 600_000, 'max-latency', add, 'ms');
    }
    else if (max5xx !== undefined || maxLatency !== undefined)
        add('alb-metrics', 'the metric thresholds need the load balancer: --alb-metrics app/<name>/<id>');
    if (!revert && !parity.requests && parity.accessLogs.length === 0 && !smokeTests && !metrics) {
        add('requests', 'every step needs a gate: give parity requests (--requests / --access-log), --smoke-tests, or --alb-metrics with thresholds');
    }
    let ecs;
    const ecsCluster = s.get('ecs-cluster');
    const ecsService = s.get('ecs-service');
    const scale = s.on('scale-ecs-to-zero');
    if (ecsCluster && ecsService)
        ecs = { cluster: ecsCluster, service: ecsService, region: region ?? '' };
    else if (ecsCluster || ecsService || scale)
        add(ecsCluster ? 'ecs-service' : 'ecs-cluster', `${scale ? 'required with --scale-ecs-to-zero' : 'give both --ecs-cluster and --ecs-service'}: the ECS cluster and service being retired`);
    if (scale && region === undefined)
        add('region', 'required with --scale-ecs-to-zero (or set AWS_REGION)');
    if (scale && revert)
        add('scale-ecs-to-zero', 'cannot be combined with --revert');
    const ecsDrainMs = duration(s.get('ecs-drain'), 60_000, 0, 3_600_000, 'ecs-drain', add);
    const runUrl = s.get('run-url');
    if (runUrl !== undefined && !/^https?:\/\/\S+$/.test(runUrl))
        add('run-url', `expected an http(s) URL, got ${JSON.stringify(runUrl)}`);
    const config = {
        ...parity,
        hostedZoneId: (zone ?? '').replace(/^\/hostedzone\//, ''),
        recordName: recordName ?? '',
        recordType: recordType,
        ttl: int(s.get('ttl'), 60, 0, 172_800, 'ttl', add),
        oldAlb: { dnsName: oldAlb ?? '', ...(s.get('old-alb-zone-id') ? { hostedZoneId: s.get('old-alb-zone-id').replace(/^\/hostedzone\//, '') } : {}) },
        newAlb: { ...(newAlb ? { dnsName: newAlb } : {}), ...(s.get('new-alb-zone-id') ? { hostedZoneId: s.get('new-alb-zone-id').replace(/^\/hostedzone\//, '') } : {}) },
        oldSetId,
        newSetId,
        evaluateTargetHealth: boolValue(s.get('evaluate-target-health'), true, 'evaluate-target-health', add),
        steps,
        bakeMs,
        revert,
        scaleEcsToZero: scale,
        ecsDrainMs,
        waitDns: boolValue(s.get('wait-dns'), true, 'wait-dns', add),
    };
    if (smokeTests)
        config.smokeTests = smokeTests;
    if (metrics)
        config.metrics = metrics;
    if (ecs)
        config.ecs = ecs;
    if (runUrl)
        config.runUrl = runUrl;
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return config;
}
/** `10,50,100` / `10 50 100` → ascending percentages ending at 100. */
function parseSteps(text, problem) {
    const parts = text.split(/[\s,→>-]+/).filter(Boolean);
    const steps = parts.map(Number);
    if (parts.length === 0 || steps.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
        problem(`expected percentages 1-100 for the new target, like "10,50,100", got ${JSON.stringify(text)}`);
        return [100];
    }
    for (let i = 1; i < steps.length; i++) {
        if (steps[i] <= steps[i - 1]) {
            problem(`steps must go up: ${steps[i - 1]} then ${steps[i]}`);
            return [100];
        }
    }
    if (steps.at(-1) !== 100)
        problem(`the last step must be 100 (a cutover ends with all traffic on the new target), got ${steps.at(-1)}`);
    return steps;
}
function url(v, flag, add, required) {
    if (v === undefined) {
        if (required)
            add(flag, 'required: an http:// or https:// base URL');
        return undefined;
    }
    try {
        const u = new URL(v.trim());
        if (u.protocol !== 'http:' && u.protocol !== 'https:')
            throw new Error('scheme');
        if (u.search || u.hash) {
            add(flag, 'a base URL has no query or fragment; request paths carry their own');
            return undefined;
        }
        return u.toString().replace(/\/+$/, '');
    }
    catch {
        add(flag, `expected an http:// or https:// URL, got ${JSON.stringify(v)}`);
        return undefined;
    }
}
function int(v, def, min, max, flag, add) {
    if (v === undefined || v.trim() === '')
        return def;
    const n = Number(v.trim());
    if (!Number.isInteger(n) || n < min || n > max) {
        add(flag, `expected a whole number ${min}-${max}, got ${JSON.stringify(v)}`);
        return def;
    }
    return n;
}
function num(v, def, min, max, flag, add) {
    if (v === undefined || v.trim() === '')
        return def;
    const n = Number(v.trim().replace(/%$/, ''));
    if (!Number.isFinite(n) || n < min || n > max) {
        add(flag, `expected a number ${min}-${max}, got ${JSON.stringify(v)}`);
        return def;
    }
    return n;
}
/** `500ms`, `30s`, `5m`, `1h`, `1m30s`; a bare number is in `bareUnit` (seconds unless said). */
function duration(v, def, minMs, maxMs, flag, add, bareUnit = 's') {
    if (v === undefined || v.trim() === '')
        return def;
    const t = v.trim();
    const ms = /^\d+(\.\d+)?$/.test(t) ? Number(t) * (bareUnit === 's' ? 1000 : 1) : (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDuration */ .E9)(t);
    if (ms === undefined || ms < minMs || ms > maxMs) {
        add(flag, `expected a duration like 500ms, 30s, 5m${bareUnit === 'ms' ? ' (a bare number is milliseconds)' : ''} between ${minMs} ms and ${maxMs / 1000} s, got ${JSON.stringify(v)}`);
        return def;
    }
    return Math.round(ms);
}
function boolValue(v, def, flag, add) {
    if (v === undefined || v.trim() === '')
        return def;
    const t = v.trim().toLowerCase();
    if (t === 'true')
        return true;
    if (t === 'false')
        return false;
    add(flag, `expected true or false, got ${JSON.stringify(v)}`);
    return def;
}


/***/ }),

/***/ 1613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BS: () => (/* binding */ bodyHash),
/* harmony export */   EG: () => (/* binding */ describeShapeDifference),
/* harmony export */   JL: () => (/* binding */ mediaType),
/* harmony export */   Sm: () => (/* binding */ jsonShape),
/* harmony export */   XH: () => (/* binding */ latencyRegressions),
/* harmony export */   Ym: () => (/* binding */ percentile),
/* harmony export */   ck: () => (/* binding */ compareValues),
/* harmony export */   d0: () => (/* binding */ parseJsonPathPattern),
/* harmony export */   jn: () => (/* binding */ isJsonMediaType),
/* harmony export */   l2: () => (/* binding */ isStaticMediaType),
/* harmony export */   wg: () => (/* binding */ compareShapes)
/* harmony export */ });
/* unused harmony exports patternCovers, formatPath */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * How two answers to the same request are compared: media type, JSON shape (keys and types),
 * JSON values outside an ignore list, body hashes, and latency percentiles. Pure functions.
 *
 * Shapes collapse array indices to `[*]`, so `{"items":[{"id":1},{"id":2}]}` has the shape
 * `$ object, $.items array, $.items[*] object, $.items[*].id number`. An empty array says nothing
 * about its elements, so element paths are only compared when both sides have elements.
 */

/**
 * Parse an ignore pattern: `$` then `.name`, `['name']`, `[0]`, `[*]`, `.*` or `..name` steps.
 * Throws a message naming the position of the problem.
 */
function parseJsonPathPattern(text) {
    const t = text.trim();
    if (!t.startsWith('$'))
        throw new Error(`a JSON path starts with "$", got ${JSON.stringify(text)}`);
    const segments = [];
    let i = 1;
    while (i < t.length) {
        const rest = t.slice(i);
        let m;
        if (rest.startsWith('..')) {
            segments.push({ deep: true });
            i += 1; // the second "." starts the next step
            continue;
        }
        if ((m = /^\.\*/.exec(rest)) || (m = /^\[\*\]/.exec(rest))) {
            segments.push(m[0] === '.*' ? { anyKey: true } : { any: true });
        }
        else if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) {
            segments.push({ key: m[1] });
        }
        else if ((m = /^\[(\d+)\]/.exec(rest))) {
            segments.push({ index: Number(m[1]) });
        }
        else if ((m = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest))) {
            segments.push({ key: (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1') });
        }
        else {
            throw new Error(`${JSON.stringify(text)}: expected .name, ['name'], [index], [*] or ..name at position ${i + 1}`);
        }
        i += m[0].length;
    }
    if (segments.at(-1) && 'deep' in segments.at(-1))
        throw new Error(`${JSON.stringify(text)}: ".." must be followed by a name`);
    return { text: t, segments };
}
/**
 * Whether `pattern` covers `path`: it matches the whole path or a prefix of it (ignoring
 * `$.headers` ignores everything inside). `[*]` in a path (a shape path) matches `[*]` and any
 * index in the pattern, since a shape speaks for every element.
 */
function patternCovers(pattern, path) {
    const match = (pi, si) => {
        if (pi === pattern.segments.length)
            return true; // prefix matched: everything below is covered
        if (si === path.length)
            return false;
        const p = pattern.segments[pi];
        const s = path[si];
        if ('deep' in p) {
            for (let k = si; k < path.length; k++)
                if (match(pi + 1, k))
                    return true;
            return false;
        }
        if ('anyKey' in p)
            return 'key' in s && match(pi + 1, si + 1);
        if ('any' in p)
            return ('index' in s || 'any' in s) && match(pi + 1, si + 1);
        if ('index' in p)
            return (('index' in s && s.index === p.index) || 'any' in s) && match(pi + 1, si + 1);
        return 'key' in s && s.key === p.key && match(pi + 1, si + 1);
    };
    return match(0, 0);
}
/** `$.items[*].id`, `$['a b']`. */
function formatPath(path) {
    let out = '$';
    for (const s of path) {
        if ('key' in s)
            out += /^[A-Za-z_$][\w$-]*$/.test(s.key) ? `.${s.key}` : `[${JSON.stringify(s.key)}]`;
        else if ('index' in s)
            out += `[${s.index}]`;
        else
            out += '[*]';
    }
    return out;
}
function kindOf(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    const t = typeof v;
    return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}
/** Add the shape of `doc` to `shape` (a new one when not given), skipping ignored paths. */
function jsonShape(doc, ignore = [], shape = { kinds: new Map(), emptyArrays: new Set() }) {
    const nonEmpty = new Set();
    const walk = (v, path) => {
        if (ignore.some((p) => patternCovers(p, path)))
            return;
        const key = formatPath(path);
        const kind = kindOf(v);
        let kinds = shape.kinds.get(key);
        if (!kinds)
            shape.kinds.set(key, (kinds = new Set()));
        kinds.add(kind);
        if (kind === 'array') {
            const arr = v;
            if (arr.length === 0) {
                if (!nonEmpty.has(key))
                    shape.emptyArrays.add(key);
            }
            else {
                nonEmpty.add(key);
                shape.emptyArrays.delete(key);
            }
            for (const item of arr)
                walk(item, [...path, { any: true }]);
        }
        else if (kind === 'object') {
            for (const [k, child] of Object.entries(v))
                walk(child, [...path, { key: k }]);
        }
    };
    // Arrays seen non-empty before stay non-empty: an empty answer later says nothing new.
    for (const [k, kinds] of shape.kinds)
        if (kinds.has('array') && !shape.emptyArrays.has(k))
            nonEmpty.add(k);
    walk(doc, []);
    return shape;
}
/**
 * The differences between two shapes: paths only one side has, and paths whose kinds differ.
 * Paths below an array that is empty on either side are not compared.
 */
function compareShapes(oldShape, newShape) {
    const empty = [...oldShape.emptyArrays, ...newShape.emptyArrays];
    const underEmpty = (path) => empty.some((a) => path !== a && path.startsWith(`${a}[*]`));
    const diffs = [];
    const paths = [...new Set([...oldShape.kinds.keys(), ...newShape.kinds.keys()])].sort();
    for (const path of paths) {
        if (underEmpty(path))
            continue;
        const a = oldShape.kinds.get(path);
        const b = newShape.kinds.get(path);
        const show = (s) => [...s].sort().join(' | ');
        if (a && !b)
            diffs.push({ path, old: show(a) });
        else if (!a && b)
            diffs.push({ path, new: show(b) });
        else if (a && b && show(a) !== show(b))
            diffs.push({ path, old: show(a), new: show(b) });
    }
    // A missing object (or one that became a string) reports every key below it as well: the
    // topmost path says it all.
    const container = (kinds) => kinds !== undefined && /\b(object|array)\b/.test(kinds);
    const explains = (o) => !container(o.old) || !container(o.new);
    const below = (d, o) => d.path.startsWith(`${o.path}.`) || d.path.startsWith(`${o.path}[`);
    return diffs.filter((d) => !diffs.some((o) => o !== d && below(d, o) && explains(o)));
}
/** Human text of a shape difference: `$.total: number (old) vs string (new)`, `$.version: only in new (string)`. */
function describeShapeDifference(d) {
    if (d.old !== undefined && d.new !== undefined)
        return `${d.path}: ${d.old} (old) vs ${d.new} (new)`;
    if (d.old !== undefined)
        return `${d.path}: missing in new (old: ${d.old})`;
    return `${d.path}: only in new (${d.new})`;
}
/**
 * Paths whose values differ between two documents, ignored paths skipped (array elements
 * compared index by index). At most `limit` paths.
 */
function compareValues(a, b, ignore = [], limit = 5) {
    const out = [];
    const walk = (x, y, path) => {
        if (out.length >= limit || ignore.some((p) => patternCovers(p, path)))
            return;
        const kx = kindOf(x);
        const ky = kindOf(y);
        if (kx !== ky) {
            out.push(`${formatPath(path)}: ${short(x)} (old) vs ${short(y)} (new)`);
            return;
        }
        if (kx === 'array') {
            const xa = x;
            const ya = y;
            if (xa.length !== ya.length) {
                out.push(`${formatPath(path)}: ${xa.length} item(s) (old) vs ${ya.length} (new)`);
                return;
            }
            xa.forEach((item, i) => walk(item, ya[i], [...path, { index: i }]));
        }
        else if (kx === 'object') {
            const xo = x;
            const yo = y;
            for (const k of [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort()) {
                const child = [...path, { key: k }];
                if (!(k in yo)) {
                    if (!ignore.some((p) => patternCovers(p, child)))
                        out.push(`${formatPath(child)}: missing in new`);
                }
                else if (!(k in xo)) {
                    if (!ignore.some((p) => patternCovers(p, child)))
                        out.push(`${formatPath(child)}: only in new`);
                }
                else
                    walk(xo[k], yo[k], child);
                if (out.length >= limit)
                    return;
            }
        }
        else if (x !== y)
            out.push(`${formatPath(path)}: ${short(x)} (old) vs ${short(y)} (new)`);
    };
    walk(a, b, []);
    return out.slice(0, limit);
}
function short(v) {
    const t = JSON.stringify(v) ?? 'undefined';
    return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}
/** `application/json; charset=utf-8` → `application/json`; none → `(none)`. */
function mediaType(contentType) {
    const t = (contentType ?? '').split(';')[0].trim().toLowerCase();
    return t === '' ? '(none)' : t;
}
/** Whether a media type is JSON (`application/json`, `application/problem+json`, …). */
function isJsonMediaType(type) {
    return type === 'application/json' || type.endsWith('+json') || type === 'text/json';
}
/**
 * Whether a media type is static content whose bytes should be the same on both sides
 * (stylesheets, scripts, images, fonts, downloads). HTML is left out: pages carry CSRF tokens,
 * nonces and timestamps.
 */
function isStaticMediaType(type) {
    return /^(text\/css|text\/javascript|application\/javascript|application\/wasm|application\/pdf|application\/octet-stream|image\/|font\/|audio\/|video\/)/.test(type);
}
/** sha256 of a body, hex, shortened for reports. */
function bodyHash(body) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
}
/** Nearest-rank percentile (p in 0..100) of samples; undefined for none. */
function percentile(samples, p) {
    if (samples.length === 0)
        return undefined;
    const sorted = [...samples].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[Math.min(rank, sorted.length) - 1];
}
/** Which latency percentiles of the new target are over budget, as human text; empty when within. */
function latencyRegressions(oldMs, newMs, budget) {
    const out = [];
    for (const k of ['p50', 'p95']) {
        const o = oldMs[k];
        const n = newMs[k];
        if (o === undefined || n === undefined)
            continue;
        const limit = o * budget.ratio + budget.slackMs;
        if (n > limit)
            out.push(`${k} ${n} ms > ${Math.round(limit)} ms (old ${o} ms × ${budget.ratio} + ${budget.slackMs} ms)`);
    }
    return out;
}


/***/ }),

/***/ 1949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ runParityCheck)
/* harmony export */ });
/* harmony import */ var _smoke_run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9520);
/* harmony import */ var _smoke_spec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7302);
/* harmony import */ var _smoke_transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9536);
/* harmony import */ var _compare_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1613);
/**
 * The parity check: every request goes to the old (ECS) and the new (EKS) base URL `repeat`
 * times, alternating which goes first, and the answers are compared per endpoint: status codes,
 * media types, the body (JSON shape, JSON values, or bytes, by the request's compare mode) and
 * latency p50/p95 (new within `ratio` × old + `slackMs`). Never throws for a failing endpoint or a
 * cancellation: the result says what happened.
 */




/** Run the parity check over `requests`. */
async function runParityCheck(requests, opts) {
    const started = Date.now();
    const transport = opts.transport ?? (0,_smoke_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .httpTransport */ .k6)();
    const log = opts.log ?? (() => undefined);
    const endpoints = new Array(requests.length);
    let next = 0;
    const worker = async () => {
        while (next < requests.length && !opts.signal?.aborted) {
            const i = next++;
            const r = requests[i];
            const samples = await sampleBoth(r, opts, transport);
            if (!samples)
                return;
            const e = evaluate(r, samples.old, samples.new, opts);
            endpoints[i] = e;
            log(`parity ${e.name}: ${e.ok ? 'ok' : `DIFFERS: ${e.problems.join('; ')}`} (status ${e.old.statuses.join(',')} / ${e.new.statuses.join(',')}, p95 ${e.old.p95 ?? '–'} / ${e.new.p95 ?? '–'} ms)`);
        }
    };
    const n = Math.max(1, Math.min(opts.concurrency ?? 4, requests.length));
    await Promise.all(Array.from({ length: n }, worker));
    const done = endpoints.filter((e) => e !== undefined);
    const cancelled = opts.signal?.aborted === true && done.length < requests.length;
    const failed = done.filter((e) => !e.ok).map((e) => e.name);
    return {
        ok: !cancelled && failed.length === 0 && done.length === requests.length,
        oldBaseUrl: (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrl */ .BO)(opts.oldBaseUrl),
        newBaseUrl: (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrl */ .BO)(opts.newBaseUrl),
        repeat: opts.repeat,
        latency: opts.latency,
        endpoints: done,
        failed,
        cancelled,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
    };
}
/** `repeat` answers from each side, alternating which side goes first; undefined when cancelled. */
async function sampleBoth(r, opts, transport) {
    const old = [];
    const neu = [];
    for (let i = 0; i < opts.repeat; i++) {
        // Alternating the order keeps connection reuse and caches from favouring one side.
        const order = i % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
        for (const side of order) {
            if (opts.signal?.aborted)
                return undefined;
            const s = await send(r, side === 'old' ? opts.oldBaseUrl : opts.newBaseUrl, transport, opts.signal);
            if (opts.signal?.aborted)
                return undefined;
            (side === 'old' ? old : neu).push(s);
        }
    }
    return { old, new: neu };
}
async function send(r, base, transport, signal) {
    const timer = AbortSignal.timeout(r.timeoutMs);
    const s = signal ? AbortSignal.any([signal, timer]) : timer;
    try {
        const response = await transport.request({
            url: base.replace(/\/+$/, '') + r.path,
            method: r.method,
            headers: { ...r.headers },
            ...(r.body !== undefined ? { body: r.body } : {}),
            timeoutMs: r.timeoutMs,
            signal: s,
            followRedirects: false,
        });
        return { response };
    }
    catch (err) {
        if (timer.aborted && !signal?.aborted)
            return { error: `timeout after ${r.timeoutMs} ms` };
        return { error: (0,_smoke_run_js__WEBPACK_IMPORTED_MODULE_0__/* .describeRequestError */ .tM)(err) };
    }
}
function side(samples, withHashes) {
    const statuses = [...new Set(samples.map((s) => (s.response ? String(s.response.status) : `error: ${s.error}`)))].sort();
    const answered = samples.filter((s) => s.response).map((s) => s.response);
    const latencies = answered.map((r) => r.latencyMs);
    const out = { statuses, mediaTypes: [...new Set(answered.map((r) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .mediaType */ .JL)(r.headers['content-type'])))].sort(), samples: samples.length };
    const p50 = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .percentile */ .Ym)(latencies, 50);
    const p95 = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .percentile */ .Ym)(latencies, 95);
    if (p50 !== undefined)
        out.p50 = p50;
    if (p95 !== undefined)
        out.p95 = p95;
    if (withHashes)
        out.bodyHashes = [...new Set(answered.map((r) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .bodyHash */ .BS)(r.body)))];
    return out;
}
function evaluate(r, oldS, newS, opts) {
    const problems = [];
    const oldAnswers = oldS.filter((s) => s.response).map((s) => s.response);
    const newAnswers = newS.filter((s) => s.response).map((s) => s.response);
    const oldType = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .mediaType */ .JL)(oldAnswers[0]?.headers['content-type']);
    const newType = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .mediaType */ .JL)(newAnswers[0]?.headers['content-type']);
    let compared = r.compare === 'auto' ? 'status' : r.compare;
    if (r.compare === 'auto') {
        if ((0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .isJsonMediaType */ .jn)(oldType) && (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .isJsonMediaType */ .jn)(newType))
            compared = 'shape';
        else if ((0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .isStaticMediaType */ .l2)(oldType))
            compared = 'hash';
    }
    const o = side(oldS, compared === 'hash');
    const n = side(newS, compared === 'hash');
    if (o.statuses.join() !== n.statuses.join())
        problems.push(`status ${o.statuses.join(', ')} (old) vs ${n.statuses.join(', ')} (new)`);
    if (oldAnswers.length > 0 && newAnswers.length > 0 && o.mediaTypes.join() !== n.mediaTypes.join()) {
        problems.push(`content type ${o.mediaTypes.join(', ')} (old) vs ${n.mediaTypes.join(', ')} (new)`);
    }
    let shapeMatch;
    const ignore = [...(opts.ignore ?? []), ...r.ignore];
    if ((compared === 'shape' || compared === 'values') && oldAnswers.length > 0 && newAnswers.length > 0) {
        const oldDocs = parseAll(oldAnswers);
        const newDocs = parseAll(newAnswers);
        if (oldDocs.error)
            problems.push(`old: ${oldDocs.error}`);
        if (newDocs.error)
            problems.push(`new: ${newDocs.error}`);
        if (!oldDocs.error && !newDocs.error) {
            const shapeOld = oldDocs.docs.reduce((s, d) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonShape */ .Sm)(d, ignore, s), { kinds: new Map(), emptyArrays: new Set() });
            const shapeNew = newDocs.docs.reduce((s, d) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonShape */ .Sm)(d, ignore, s), { kinds: new Map(), emptyArrays: new Set() });
            const diffs = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .compareShapes */ .wg)(shapeOld, shapeNew);
            shapeMatch = diffs.length === 0;
            for (const d of diffs.slice(0, 5))
                problems.push(`shape ${(0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .describeShapeDifference */ .EG)(d)}`);
            if (diffs.length > 5)
                problems.push(`… and ${diffs.length - 5} more shape difference(s)`);
            if (compared === 'values' && shapeMatch) {
                for (const v of (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .compareValues */ .ck)(oldDocs.docs[0], newDocs.docs[0], ignore))
                    problems.push(`value ${v}`);
            }
        }
        else
            shapeMatch = false;
    }
    if (compared === 'hash' && o.bodyHashes && n.bodyHashes && oldAnswers.length > 0 && newAnswers.length > 0) {
        if (!n.bodyHashes.some((h) => o.bodyHashes.includes(h)))
            problems.push(`body differs (sha256 ${o.bodyHashes.join(', ')} old vs ${n.bodyHashes.join(', ')} new)`);
    }
    const slow = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .latencyRegressions */ .XH)(o, n, opts.latency);
    for (const s of slow)
        problems.push(`latency ${s}`);
    return {
        name: (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrl */ .BO)(r.name),
        method: r.method,
        path: (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrl */ .BO)(r.path),
        origin: r.origin,
        ok: problems.length === 0,
        compared,
        old: o,
        new: n,
        ...(shapeMatch !== undefined ? { shapeMatch } : {}),
        problems: problems.map((p) => redactHeaders(p, r)),
    };
}
function parseAll(answers) {
    const docs = [];
    for (const a of answers) {
        if (a.truncated)
            return { docs, error: 'body longer than the read limit; cannot compare it as JSON' };
        try {
            docs.push(JSON.parse(a.body));
        }
        catch {
            return { docs, error: `body is not JSON (starts with ${JSON.stringify(a.body.slice(0, 40))})` };
        }
    }
    return { docs };
}
/** Secret header values never reach a report, even when a server echoes them into a body. */
function redactHeaders(text, r) {
    let out = text;
    for (const [k, v] of Object.entries(r.headers))
        if (r.secretHeaders.includes(k.toLowerCase()) && v.length >= 4)
            out = out.split(v).join('<redacted>');
    return out;
}


/***/ }),

/***/ 4058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PL: () => (/* binding */ parityMarkdown),
/* harmony export */   W5: () => (/* binding */ cutoverTimeline),
/* harmony export */   W_: () => (/* binding */ paritySummary),
/* harmony export */   t3: () => (/* binding */ parityLines)
/* harmony export */ });
/* unused harmony export parityTable */
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4031);
/**
 * Parity and cutover results for people: GitHub-flavoured markdown for the job summary, and the
 * plain lines of the terminal. Everything that came from the user, the logs or the servers is
 * escaped (src/report/escape.ts): request names and paths can come from an access log.
 */

/** "parity holds for all 4 endpoints" / "2 of 5 endpoints differ: a, b". */
function paritySummary(r) {
    if (r.cancelled)
        return `parity check cancelled after ${r.endpoints.length} endpoint(s)`;
    if (r.endpoints.length === 0)
        return 'no endpoints compared';
    if (r.ok)
        return `parity holds for ${r.endpoints.length === 1 ? 'the endpoint' : `all ${r.endpoints.length} endpoints`}`;
    return `${r.failed.length} of ${r.endpoints.length} endpoint(s) differ: ${r.failed.join(', ')}`;
}
function ms(v) {
    return v === undefined ? '–' : `${v} ms`;
}
function statuses(s) {
    return s.statuses.length === 0 ? '–' : s.statuses.join(', ');
}
/**
 * A table per endpoint: request, result, status old/new, shape match, p50/p95 old/new, and what
 * differs.
 */
function parityTable(r) {
    const lines = [
        '| endpoint | result | status old / new | shape | p50 old / new | p95 old / new | differences |',
        '|---|---|---|---|--:|--:|---|',
    ];
    for (const e of r.endpoints) {
        const shape = e.shapeMatch === undefined ? (e.compared === 'hash' ? 'bytes' : '–') : e.shapeMatch ? '✅' : '❌';
        lines.push(`| ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(e.name)}<br>${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(`${e.method} ${e.path}`, { table: true })} | ${e.ok ? '✅ same' : '❌ differs'} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(`${statuses(e.old)} / ${statuses(e.new)}`)} | ${shape} | ${ms(e.old.p50)} / ${ms(e.new.p50)} | ${ms(e.old.p95)} / ${ms(e.new.p95)} | ${e.problems.map((p) => (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(p)).join('<br>')} |`);
    }
    return lines.join('\n');
}
/** The parity section of a job summary. */
function parityMarkdown(r, extras = {}, heading = '## Parity: ECS vs EKS') {
    const out = [
        heading,
        '',
        `${r.ok ? '✅' : '❌'} ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(paritySummary(r))}`,
        '',
        `Old ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(r.oldBaseUrl)} vs new ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(r.newBaseUrl)}; each request ${r.repeat}× per side; latency budget: new ≤ old × ${r.latency.ratio} + ${r.latency.slackMs} ms.`,
        '',
    ];
    if (r.endpoints.length > 0)
        out.push(parityTable(r), '');
    if (extras.refusedWrites && extras.refusedWrites.length > 0) {
        out.push(`Not replayed from the access logs (writes): ${extras.refusedWrites.slice(0, 10).map((w) => (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(w)).join(', ')}${extras.refusedWrites.length > 10 ? ` and ${extras.refusedWrites.length - 10} more` : ''}.`, '');
    }
    if (extras.notSent)
        out.push(`${extras.notSent} less frequent recorded request(s) not sent (raise --access-log-limit to include them).`, '');
    if (extras.invalidLogLines)
        out.push(`${extras.invalidLogLines} access-log line(s) could not be read and were skipped.`, '');
    return out.join('\n');
}
/** Terminal lines for a parity result. */
function parityLines(r) {
    return r.endpoints.map((e) => `${e.ok ? '✓' : '✗'} ${e.name}: status ${statuses(e.old)} / ${statuses(e.new)}, p50 ${ms(e.old.p50)} / ${ms(e.new.p50)}, p95 ${ms(e.old.p95)} / ${ms(e.new.p95)}${e.ok ? '' : ` — ${e.problems.join('; ')}`}`);
}
/** The change log of a cutover as a markdown table: time, step, weights, what happened. */
function cutoverTimeline(events, names) {
    const lines = [`| time (UTC) | step | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(names.old)} / ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(names.new)} | event |`, '|---|--:|---|---|'];
    for (const e of events) {
        const gates = e.gates ? `<br>${e.gates.map((g) => `${g.ok ? '✅' : '❌'} ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(`${g.gate}: ${g.summary}`)}`).join('<br>')}` : '';
        lines.push(`| ${e.at.replace('T', ' ').replace(/\.\d+Z$/, '')} | ${e.step ?? ''} | ${e.weights ? `${e.weights.old} / ${e.weights.new}` : ''} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(e.message)}${gates} |`);
    }
    return lines.join('\n');
}


/***/ })

};
