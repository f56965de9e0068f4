export const id = 304;
export const ids = [304];
export const modules = {

/***/ 26304:
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
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/manifests/input-file.ts
var input_file = __webpack_require__(98317);
// EXTERNAL MODULE: ./src/smoke/spec.ts
var spec = __webpack_require__(77302);
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
        const list = (0,dist/* isSeq */.oP)(doc.contents)
            ? doc.contents
            : (0,dist/* isMap */.jh)(doc.contents) && (0,dist/* isSeq */.oP)(doc.contents.get('checks', true))
                ? doc.contents.get('checks', true)
                : undefined;
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
                    extra[key] =
                        pair.value?.toJSON?.() ??
                            ((0,dist/* isScalar */.jn)(pair.value) ? pair.value.value : null);
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
var report = __webpack_require__(44058);
// EXTERNAL MODULE: ./src/config/cutover.ts
var cutover = __webpack_require__(78636);
// EXTERNAL MODULE: ./src/commands/connect.ts
var connect = __webpack_require__(32456);
// EXTERNAL MODULE: ./src/commands/steps.ts + 4 modules
var steps = __webpack_require__(53220);
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
    return (o['spec']?.ingressClassName === 'alb' ||
        o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb');
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
    const lb = ing['status']
        ?.loadBalancer?.ingress?.[0];
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
    const extras = {
        refusedWrites: loaded.refusedWrites,
        notSent: loaded.notSent,
        invalidLogLines: loaded.invalidLogLines,
    };
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
    outcome.written = await writeReports(config, markdown, {
        status,
        message: outcome.message,
        ...extras,
        parity: result,
    });
    return outcome;
}
/** Write the markdown and JSON reports where the config says; returns the paths written. */
async function writeReports(config, markdown, json) {
    const written = [];
    for (const [path, text] of [
        [config.reportMd, markdown],
        [config.reportJson, `${JSON.stringify(json, null, 2)}\n`],
    ]) {
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

/***/ 1949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ runParityCheck)
/* harmony export */ });
/* harmony import */ var _smoke_run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(69520);
/* harmony import */ var _smoke_spec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77302);
/* harmony import */ var _smoke_transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59536);
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
    const statuses = [
        ...new Set(samples.map((s) => (s.response ? String(s.response.status) : `error: ${s.error}`))),
    ].sort();
    const answered = samples.filter((s) => s.response).map((s) => s.response);
    const latencies = answered.map((r) => r.latencyMs);
    const out = {
        statuses,
        mediaTypes: [...new Set(answered.map((r) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .mediaType */ .JL)(r.headers['content-type'])))].sort(),
        samples: samples.length,
    };
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
            const shapeOld = oldDocs.docs.reduce((s, d) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonShape */ .Sm)(d, ignore, s), {
                kinds: new Map(),
                emptyArrays: new Set(),
            });
            const shapeNew = newDocs.docs.reduce((s, d) => (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonShape */ .Sm)(d, ignore, s), {
                kinds: new Map(),
                emptyArrays: new Set(),
            });
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

/***/ 44058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PL: () => (/* binding */ parityMarkdown),
/* harmony export */   W5: () => (/* binding */ cutoverTimeline),
/* harmony export */   W_: () => (/* binding */ paritySummary),
/* harmony export */   t3: () => (/* binding */ parityLines)
/* harmony export */ });
/* unused harmony export parityTable */
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14031);
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
        out.push(`Not replayed from the access logs (writes): ${extras.refusedWrites
            .slice(0, 10)
            .map((w) => (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(w))
            .join(', ')}${extras.refusedWrites.length > 10 ? ` and ${extras.refusedWrites.length - 10} more` : ''}.`, '');
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
    const lines = [
        `| time (UTC) | step | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(names.old)} / ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(names.new)} | event |`,
        '|---|--:|---|---|',
    ];
    for (const e of events) {
        const gates = e.gates
            ? `<br>${e.gates.map((g) => `${g.ok ? '✅' : '❌'} ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(`${g.gate}: ${g.summary}`)}`).join('<br>')}`
            : '';
        lines.push(`| ${e.at.replace('T', ' ').replace(/\.\d+Z$/, '')} | ${e.step ?? ''} | ${e.weights ? `${e.weights.old} / ${e.weights.new}` : ''} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeTableCell */ .aL)(e.message)}${gates} |`);
    }
    return lines.join('\n');
}


/***/ })

};
