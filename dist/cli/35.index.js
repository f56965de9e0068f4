export const id = 35;
export const ids = [35];
export const modules = {

/***/ 92035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCutoverCommand: () => (/* binding */ runCutoverCommand)
});

// UNUSED EXPORTS: CutoverExit, cutoverMarkdown, judgeMetrics, runCutover

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(80212);
// EXTERNAL MODULE: ./src/aws/cloudwatch.ts
var aws_cloudwatch = __webpack_require__(83817);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-route-53/dist-cjs/index.js
var client_route_53_dist_cjs = __webpack_require__(8621);
;// CONCATENATED MODULE: ./src/aws/route53.ts
/**
 * Route 53 weighted records for one name: read them, and set the weights of the old and the new
 * target in ONE change batch (Route 53 applies a batch atomically, so the name never resolves
 * to neither). Targets are alias records to the load balancers (A/AAAA, with the load balancer's
 * canonical hosted zone id) or CNAMEs.
 */

/**
 * Canonical hosted zone ids of Application Load Balancers per region, for alias records
 * (AWS General Reference, "Elastic Load Balancing endpoints and quotas").
 */
const ALB_HOSTED_ZONE_IDS = {
    'af-south-1': 'Z268VQBMOI5EKX',
    'ap-east-1': 'Z3DQVH9N71FHZ0',
    'ap-northeast-1': 'Z14GRHDCWA56QT',
    'ap-northeast-2': 'ZWKZPGTI48KDX',
    'ap-northeast-3': 'Z5LXEXXYW11ES',
    'ap-south-1': 'ZP97RAFLXTNZK',
    'ap-south-2': 'Z0173938T07WNTVAEPZN',
    'ap-southeast-1': 'Z1LMS91P8CMLE5',
    'ap-southeast-2': 'Z1GM3OXH4ZPM65',
    'ap-southeast-3': 'Z08888821HLRG5A9ZRTER',
    'ca-central-1': 'ZQSVJUPU6J1EY',
    'cn-north-1': 'Z1GDH35T77C1KE',
    'cn-northwest-1': 'ZM7IZAIOVVDZF',
    'eu-central-1': 'Z215JYRZR1TBD5',
    'eu-central-2': 'Z06391101F2ZOEP8P5EB3',
    'eu-north-1': 'Z23TAZ6LKFMNIO',
    'eu-south-1': 'Z3ULH7SSC9OV64',
    'eu-south-2': 'Z0956581394HF5D5LXGAP',
    'eu-west-1': 'Z32O12XQLNTSW2',
    'eu-west-2': 'ZHURV8PSTC4K8',
    'eu-west-3': 'Z3Q77PNBQS71R4',
    'me-central-1': 'Z08230872XQRWHG2XF6I',
    'me-south-1': 'ZS929ML54UICD',
    'sa-east-1': 'Z2P70J7HTTTPLU',
    'us-east-1': 'Z35SXDOTRQ7X7K',
    'us-east-2': 'Z3AADJGX6KTTL2',
    'us-gov-east-1': 'Z166TLBEWOO7G0',
    'us-gov-west-1': 'Z33AYJ8TM3BH4J',
    'us-west-1': 'Z368ELLRRE2KJ0',
    'us-west-2': 'Z1H1FL5HABSF5',
};
/** The region in an ELB DNS name (`web-123.eu-west-1.elb.amazonaws.com` → `eu-west-1`), if it is one. */
function albRegion(dnsName) {
    return /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com(?:\.cn)?\.?$/i.exec(dnsName.trim())?.[1]?.toLowerCase();
}
/** The canonical hosted zone id of an ALB, from the region in its DNS name. */
function albHostedZoneId(dnsName) {
    const region = albRegion(dnsName);
    return region ? ALB_HOSTED_ZONE_IDS[region] : undefined;
}
/** `API.example.com` → `api.example.com.` (how Route 53 returns names; `*` comes back as `\052`). */
function normaliseName(name) {
    const n = name.trim().toLowerCase().replace(/\\052/g, '*');
    return n.endsWith('.') ? n : `${n}.`;
}
/** Every record set of the name and type (weighted or not), in Route 53's order. */
async function listRecordSets(client, rec, signal) {
    const want = normaliseName(rec.name);
    const out = [];
    let start = { name: want, type: rec.type };
    while (start) {
        const page = await client.send(new client_route_53_dist_cjs/* ListResourceRecordSetsCommand */.IOz({
            HostedZoneId: rec.hostedZoneId,
            StartRecordName: start.name,
            StartRecordType: start.type,
            ...(start.id ? { StartRecordIdentifier: start.id } : {}),
            MaxItems: 100,
        }), signal ? { abortSignal: signal } : {});
        let past = false;
        for (const r of page.ResourceRecordSets ?? []) {
            if (normaliseName(r.Name ?? '') !== want || r.Type !== rec.type) {
                past = true;
                continue;
            }
            out.push(r);
        }
        // Sets come sorted by name and type: once past ours there is nothing more to read.
        start =
            page.IsTruncated && !past && page.NextRecordName
                ? {
                    name: page.NextRecordName,
                    type: page.NextRecordType ?? rec.type,
                    ...(page.NextRecordIdentifier ? { id: page.NextRecordIdentifier } : {}),
                }
                : undefined;
    }
    return out;
}
/** The Route 53 record set of a weighted record. */
function recordSetOf(rec, w) {
    const base = { Name: normaliseName(rec.name), Type: rec.type, SetIdentifier: w.setIdentifier, Weight: w.weight };
    if (w.target.kind === 'alias') {
        return {
            ...base,
            AliasTarget: {
                DNSName: w.target.dnsName,
                HostedZoneId: w.target.hostedZoneId,
                EvaluateTargetHealth: w.target.evaluateTargetHealth,
            },
        };
    }
    return { ...base, TTL: w.target.ttl, ResourceRecords: [{ Value: w.target.value }] };
}
/**
 * UPSERT the weighted records (and DELETE `remove`) in one change batch; wait for INSYNC unless
 * told not to. Returns the change id and its last status.
 */
async function setWeights(client, rec, records, opts = {}) {
    const changes = [
        ...(opts.remove ?? []).map((r) => ({ Action: 'DELETE', ResourceRecordSet: r })),
        ...records.map((w) => ({ Action: 'UPSERT', ResourceRecordSet: recordSetOf(rec, w) })),
    ];
    const res = await client.send(new client_route_53_dist_cjs/* ChangeResourceRecordSetsCommand */.yzn({
        HostedZoneId: rec.hostedZoneId,
        ChangeBatch: { Changes: changes, ...(opts.comment ? { Comment: opts.comment.slice(0, 256) } : {}) },
    }), opts.signal ? { abortSignal: opts.signal } : {});
    const changeId = res.ChangeInfo?.Id ?? '';
    let status = res.ChangeInfo?.Status ?? 'PENDING';
    if (opts.waitInsync === false || !changeId)
        return { changeId, status };
    const deadline = Date.now() + (opts.insyncTimeoutMs ?? 300_000);
    while (status !== 'INSYNC' && Date.now() < deadline && !opts.signal?.aborted) {
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 2_000));
        const c = await client.send(new client_route_53_dist_cjs/* GetChangeCommand */.Yn4({ Id: changeId }), opts.signal ? { abortSignal: opts.signal } : {});
        status = c.ChangeInfo?.Status ?? status;
    }
    return { changeId, status };
}
/**
 * The default client (region is irrelevant to Route 53, a global service, but the SDK wants one);
 * time limits set because the SDK's default is to wait forever.
 */
function defaultRoute53Client() {
    return new client_route_53_dist_cjs/* Route53Client */.LhC({
        region: process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    });
}

// EXTERNAL MODULE: ./src/config/cutover.ts
var cutover = __webpack_require__(78636);
// EXTERNAL MODULE: ./src/cutover/parity.ts
var parity = __webpack_require__(1949);
// EXTERNAL MODULE: ./src/cutover/report.ts
var report = __webpack_require__(44058);
;// CONCATENATED MODULE: ./src/cutover/shift.ts

/** What the name holds now, in the terms of the plan. */
async function inventory(route53, plan, signal) {
    const sets = await listRecordSets(route53, plan.record, signal);
    const inv = { sets, others: [] };
    for (const s of sets) {
        if (s.SetIdentifier === undefined)
            inv.simple = s;
        else if (s.SetIdentifier === plan.old.setIdentifier)
            inv.oldWeight = s.Weight ?? 0;
        else if (s.SetIdentifier === plan.new.setIdentifier)
            inv.newWeight = s.Weight ?? 0;
        else
            inv.others.push(`${s.SetIdentifier}${s.Weight !== undefined ? ` (weight ${s.Weight})` : ' (not weighted)'}`);
    }
    return inv;
}
/** Error that stops a shift before any change (the name holds records the shift cannot own). */
class CutoverPreconditionError extends Error {
    name = 'CutoverPreconditionError';
}
/**
 * Move the weights step by step. Before the first change the name may hold nothing, our two
 * weighted records, or one simple record (which the first batch replaces atomically with the
 * two weighted ones). Any other record of the same name and type stops the shift before it
 * changes anything.
 */
async function shiftTraffic(plan, deps) {
    const events = [];
    const emit = async (e) => {
        const ev = { at: new Date().toISOString(), ...e };
        events.push(ev);
        await deps.record(ev);
    };
    const sleep = deps.sleep ?? abortableSleep;
    const inv = await inventory(deps.route53, plan, deps.signal);
    if (inv.others.length > 0) {
        throw new CutoverPreconditionError(`${normaliseName(plan.record.name)} ${plan.record.type} has other weighted records besides ${plan.old.setIdentifier} and ${plan.new.setIdentifier}: ${inv.others.join(', ')}; remove them or name them with --old-set-id/--new-set-id`);
    }
    let weights = { old: inv.oldWeight ?? (inv.simple ? 100 : 0), new: inv.newWeight ?? 0 };
    let pendingRemove = inv.simple ? [inv.simple] : [];
    // A re-run (after a cancelled run, or to scale ECS down after a finished one) resumes where
    // the weights are instead of sending traffic back to the old target.
    const total = weights.old + weights.new;
    const current = total > 0 ? Math.round((weights.new / total) * 100) : 0;
    const steps = plan.steps.filter((p) => p >= current);
    plan = { ...plan, steps: steps.length > 0 ? steps : [100] };
    await emit({
        kind: 'start',
        weights,
        message: `${normaliseName(plan.record.name)} ${plan.record.type}: ${describeInventory(inv, plan)}; steps ${plan.steps.join(' → ')} % with ${plan.bakeMs} ms bake time each`,
    });
    const apply = async (w, comment, signal) => {
        await setWeights(deps.route53, plan.record, [
            { setIdentifier: plan.old.setIdentifier, weight: w.old, target: plan.old.target },
            { setIdentifier: plan.new.setIdentifier, weight: w.new, target: plan.new.target },
        ], {
            remove: pendingRemove,
            comment,
            waitInsync: deps.waitDns ?? true,
            ...(deps.dnsPollMs !== undefined ? { pollMs: deps.dnsPollMs } : {}),
            ...(signal ? { signal } : {}),
        });
        pendingRemove = [];
        weights = w;
    };
    const revert = async (step, why, status) => {
        const back = { old: 100, new: 0 };
        try {
            // No signal: a cancelled run must still get its traffic back.
            await apply(back, `eks-fargate-deploy cutover revert: ${why}`.slice(0, 256));
        }
        catch (err) {
            const message = `step ${step}: ${why}; REVERT FAILED: ${err instanceof Error ? err.message : String(err)} — set the weights by hand: ${plan.old.setIdentifier}=100, ${plan.new.setIdentifier}=0 on ${normaliseName(plan.record.name)} ${plan.record.type} in hosted zone ${plan.record.hostedZoneId}`;
            await emit({ kind: 'error', step, message });
            return { status: 'revert-failed', message, weights, failedStep: step, events };
        }
        await emit({
            kind: 'revert',
            step,
            weights: back,
            message: `all weight back on the old target (${plan.old.setIdentifier} 100 / ${plan.new.setIdentifier} 0): ${why}`,
        });
        return {
            status,
            message: `${status === 'cancelled' ? 'cancelled' : 'gate failed'} at step ${step} (${plan.steps[step - 1]} %): ${why}; all traffic is back on the old target`,
            weights: back,
            failedStep: step,
            events,
        };
    };
    for (let i = 0; i < plan.steps.length; i++) {
        const step = i + 1;
        const percent = plan.steps[i];
        if (deps.signal?.aborted)
            return revert(step, 'cancelled before the step started', 'cancelled');
        const target = { old: 100 - percent, new: percent };
        try {
            await apply(target, `eks-fargate-deploy cutover step ${step}: ${percent} % to ${plan.new.setIdentifier}`, deps.signal);
        }
        catch (err) {
            if (deps.signal?.aborted)
                return revert(step, 'cancelled while changing the weights', 'cancelled');
            return revert(step, `changing the weights failed: ${err instanceof Error ? err.message : String(err)}`, 'reverted');
        }
        await emit({
            kind: 'weights',
            step,
            weights: target,
            message: `step ${step}/${plan.steps.length}: ${plan.old.setIdentifier} ${target.old} / ${plan.new.setIdentifier} ${target.new}`,
        });
        const bakeStarted = new Date();
        await sleep(plan.bakeMs, deps.signal);
        if (deps.signal?.aborted)
            return revert(step, 'cancelled during the bake time', 'cancelled');
        let gates;
        try {
            gates = await deps.gate({
                index: step,
                percent,
                bakeStarted,
                signal: deps.signal ?? new AbortController().signal,
            });
        }
        catch (err) {
            if (deps.signal?.aborted)
                return revert(step, 'cancelled during the gate', 'cancelled');
            gates = [
                {
                    gate: 'parity',
                    ok: false,
                    summary: `the gate could not run: ${err instanceof Error ? err.message : String(err)}`,
                },
            ];
        }
        if (deps.signal?.aborted)
            return revert(step, 'cancelled during the gate', 'cancelled');
        const failed = gates.filter((g) => !g.ok);
        await emit({
            kind: 'gate',
            step,
            gates,
            message: `step ${step} gate at ${percent} %: ${failed.length === 0 ? 'passed' : 'FAILED'}: ${gates.map((g) => `${g.gate}: ${g.summary}`).join('; ') || 'no gates'}`,
        });
        if (failed.length > 0)
            return revert(step, failed.map((g) => `${g.gate}: ${g.summary}`).join('; '), 'reverted');
    }
    await emit({
        kind: 'done',
        weights,
        message: `cutover finished: ${plan.new.setIdentifier} 100 / ${plan.old.setIdentifier} 0`,
    });
    return {
        status: 'completed',
        message: `all traffic on the new target after ${plan.steps.length} step(s)`,
        weights,
        events,
    };
}
/**
 * Put all weight back on the old target (`cutover --revert`): one change batch, no gates.
 */
async function revertTraffic(plan, deps) {
    const inv = await inventory(deps.route53, plan);
    if (inv.others.length > 0)
        throw new CutoverPreconditionError(`${normaliseName(plan.record.name)} ${plan.record.type} has other weighted records: ${inv.others.join(', ')}`);
    if (inv.simple)
        throw new CutoverPreconditionError(`${normaliseName(plan.record.name)} ${plan.record.type} is a simple record (not weighted): there is no cutover to revert`);
    const back = { old: 100, new: 0 };
    await setWeights(deps.route53, plan.record, [
        { setIdentifier: plan.old.setIdentifier, weight: 100, target: plan.old.target },
        { setIdentifier: plan.new.setIdentifier, weight: 0, target: plan.new.target },
    ], {
        comment: 'eks-fargate-deploy cutover --revert',
        waitInsync: deps.waitDns ?? true,
        ...(deps.dnsPollMs !== undefined ? { pollMs: deps.dnsPollMs } : {}),
    });
    const ev = {
        at: new Date().toISOString(),
        kind: 'revert',
        weights: back,
        message: `reverted on request: ${plan.old.setIdentifier} 100 / ${plan.new.setIdentifier} 0 (was ${inv.oldWeight ?? 'none'} / ${inv.newWeight ?? 'none'})`,
    };
    await deps.record(ev);
    return { status: 'reverted', message: 'all traffic is on the old target', weights: back, events: [ev] };
}
function describeInventory(inv, plan) {
    if (inv.simple)
        return `a simple record now (replaced by weighted records ${plan.old.setIdentifier}/${plan.new.setIdentifier} in the first change)`;
    if (inv.oldWeight === undefined && inv.newWeight === undefined)
        return 'no record yet (created in the first change)';
    return `weights now ${plan.old.setIdentifier} ${inv.oldWeight ?? 'none'} / ${plan.new.setIdentifier} ${inv.newWeight ?? 'none'}`;
}
/** setTimeout that resolves early when the signal aborts. */
function abortableSleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted || ms <= 0)
            return resolve();
        const done = () => {
            clearTimeout(t);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const t = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/kube/release.ts
var release = __webpack_require__(74876);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/smoke/run.ts
var run = __webpack_require__(69520);
;// CONCATENATED MODULE: ./src/smoke/report.ts
/**
 * Smoke results for people: a markdown table for the job summary / PR comment, and one log line
 * per check. Both take results as the runner produced them (secrets already redacted); every
 * piece of text that came from the user or the server is escaped for markdown.
 */


/** "3 of 4 smoke checks passed". */
function smokeSummary(results) {
    const passed = results.filter((r) => r.ok).length;
    if (results.length === 0)
        return 'no smoke checks';
    if (passed === results.length)
        return `${passed === 1 ? 'the smoke check' : `all ${passed} smoke checks`} passed`;
    return `${passed} of ${results.length} smoke checks passed`;
}
/**
 * A GitHub-flavoured markdown table: check, target, result, status, latency, attempts, and for a
 * failure what failed, why it stopped, and the start of the body that came back.
 */
function smokeTable(results) {
    const lines = [
        '| check | target | result | status | latency | attempts | details |',
        '|---|---|---|---|--:|--:|---|',
    ];
    for (const r of results) {
        const details = r.ok
            ? ''
            : [(0,report_escape/* escapeTableCell */.aL)(failureText(r)), r.bodyExcerpt ? `body: ${(0,report_escape/* codeSpan */.SS)(r.bodyExcerpt, { table: true })}` : '']
                .filter(Boolean)
                .join('<br>');
        lines.push(`| ${(0,report_escape/* escapeTableCell */.aL)(r.name)} | ${(0,report_escape/* codeSpan */.SS)(r.target, { table: true })} | ${r.ok ? '✅ passed' : '❌ failed'} | ${r.status ?? '–'} | ${r.latencyMs !== undefined ? `${r.latencyMs} ms` : '–'} | ${r.attempts} | ${details} |`);
    }
    return lines.join('\n');
}
/** One plain-text line per check, for logs: `✓ home (/healthz): 200 in 35 ms` / `✗ api (…): status 500 (expected 200) — 4 attempts, deadline reached after 1 min`. */
function smokeLines(results) {
    return results.map((r) => {
        if (r.ok)
            return `✓ ${r.name} (${r.target}): ${r.status} in ${r.latencyMs} ms${r.attempts > 1 ? `, attempt ${r.attempts}` : ''}`;
        return `✗ ${r.name} (${r.target}): ${failureText(r)}`;
    });
}
function failureText(r) {
    const n = `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`;
    const why = r.stoppedBy === 'deadline'
        ? `${n}, deadline reached after ${(0,run/* formatMs */._V)(r.durationMs)}`
        : r.stoppedBy === 'retries'
            ? `${n}, no retries left`
            : r.stoppedBy === 'cancelled' && r.failure !== 'cancelled'
                ? `${n}, cancelled`
                : r.stoppedBy === 'error'
                    ? 'not retried'
                    : n;
    return `${r.failure ?? 'failed'} — ${why}`;
}

// EXTERNAL MODULE: ./src/smoke/spec.ts
var spec = __webpack_require__(77302);
// EXTERNAL MODULE: ./src/smoke/transport.ts
var smoke_transport = __webpack_require__(59536);
// EXTERNAL MODULE: ./src/commands/connect.ts
var connect = __webpack_require__(32456);
// EXTERNAL MODULE: ./src/commands/parity.ts + 2 modules
var commands_parity = __webpack_require__(26304);
// EXTERNAL MODULE: ./src/commands/steps.ts + 4 modules
var steps = __webpack_require__(53220);
;// CONCATENATED MODULE: ./src/commands/cutover.ts

















/** Exit codes of `cutover`. */
const CutoverExit = {
    /** Finished (or reverted on request): the weights are where they were asked to be. */
    Ok: 0,
    /** Invalid input or a precondition failed: nothing changed. */
    Invalid: 1,
    /** Parity (or smoke) failed before the first change: nothing changed. */
    ParityFailed: 2,
    /** A gate failed: all traffic is back on the old target. */
    Reverted: 3,
    /** The revert itself failed: the weights need a human now. */
    RevertFailed: 4,
    /** Cancelled: all traffic is back on the old target. */
    Cancelled: 130,
};
/** Run a cutover as configured. Input problems and unmet preconditions throw before any change. */
async function runCutover(config, deps) {
    const { log } = deps;
    const route53 = deps.aws?.route53 ?? defaultRoute53Client();
    const loaded = config.requests || config.accessLogs.length > 0 ? await (0,commands_parity/* loadRequests */.lp)(config, log) : undefined;
    const checks = config.smokeTests ? await (0,spec/* loadSmokeSpec */.N)(config.smokeTests) : [];
    for (const secret of (0,spec/* secretHeaderValues */.o4)(checks))
        deps.mask?.(secret);
    const conn = deps.connection ?? (config.cluster ? await (0,connect/* connect */.N)(config.cluster, deps.eksClients) : undefined);
    let newUrl = config.newUrl;
    let newDns = config.newAlb.dnsName;
    if ((!newUrl || !newDns) && conn) {
        const addr = await (0,commands_parity/* releaseIngressAddress */.PG)(conn.client, config.namespace, config.ingress);
        newUrl ??= addr.url;
        newDns ??= addr.hostname;
        log(`new target: Ingress ${addr.ingress}: ${addr.hostname ?? 'no hostname yet'}${addr.url ? ` (${addr.url})` : ''}`);
    }
    if (!newDns)
        throw new errors/* UserInputError */.m2('the new load balancer has no DNS name yet (Ingress status is empty); give --new-alb or wait for the AWS Load Balancer Controller', undefined, 'new-alb');
    if (!newUrl && !config.revert && (loaded || checks.length > 0))
        throw new errors/* UserInputError */.m2('no base URL for the new target; give --new-url', undefined, 'new-url');
    const plan = {
        record: { hostedZoneId: config.hostedZoneId, name: config.recordName, type: config.recordType },
        old: {
            setIdentifier: config.oldSetId,
            target: targetOf(config, config.oldAlb.dnsName, config.oldAlb.hostedZoneId, 'old-alb-zone-id'),
        },
        new: {
            setIdentifier: config.newSetId,
            target: targetOf(config, newDns, config.newAlb.hostedZoneId, 'new-alb-zone-id'),
        },
        steps: config.steps,
        bakeMs: config.bakeMs,
    };
    const out = {
        status: 'reverted',
        exitCode: CutoverExit.Invalid,
        message: '',
        record: { hostedZoneId: config.hostedZoneId, name: normaliseName(config.recordName), type: config.recordType },
        targets: {
            old: { setIdentifier: config.oldSetId, dnsName: config.oldAlb.dnsName },
            new: { setIdentifier: config.newSetId, dnsName: newDns, ...(newUrl ? { url: newUrl } : {}) },
        },
        events: [],
        metrics: [],
        retire: [],
        ecsScaledToZero: false,
        refusedWrites: loaded?.refusedWrites ?? [],
        markdown: '',
        written: [],
    };
    const notes = releaseNotes(conn, config, log);
    const record = async (e) => {
        out.events.push(e);
        log(`cutover: ${e.message}`);
        await deps.onEvent?.(e);
        await notes(e);
    };
    try {
        if (config.revert) {
            const r = await revertTraffic(plan, {
                route53,
                record,
                waitDns: config.waitDns,
                ...(deps.dnsPollMs !== undefined ? { dnsPollMs: deps.dnsPollMs } : {}),
            });
            return await finish(out, config, {
                status: 'reverted-on-request',
                exitCode: CutoverExit.Ok,
                message: `${out.record.name} ${config.recordType}: ${r.message}`,
                weights: r.weights,
            });
        }
        const gateDeps = { config, deps, loaded, checks, newUrl: newUrl ?? '', conn, out };
        // Parity first: no DNS change until the new service answers like the old one.
        const pre = await preflight(gateDeps);
        if (deps.signal?.aborted)
            return await finish(out, config, {
                status: 'cancelled',
                exitCode: CutoverExit.Cancelled,
                message: 'cancelled before any DNS change',
            });
        if (pre.length > 0) {
            const why = pre.join('; ');
            await record({
                at: new Date().toISOString(),
                kind: 'gate',
                step: 0,
                gates: [],
                message: `before any change: ${why}; DNS left as it was`,
            });
            return await finish(out, config, {
                status: 'parity-failed',
                exitCode: CutoverExit.ParityFailed,
                message: `${why}; no DNS change made`,
            });
        }
        const cloudwatch = config.metrics
            ? (deps.aws?.cloudwatch ?? (0,aws_cloudwatch/* defaultCloudWatchClient */.b$)(config.metrics.region))
            : undefined;
        const shift = await shiftTraffic(plan, {
            route53,
            record,
            waitDns: config.waitDns,
            ...(deps.dnsPollMs !== undefined ? { dnsPollMs: deps.dnsPollMs } : {}),
            ...(deps.signal ? { signal: deps.signal } : {}),
            gate: (step) => stepGate(gateDeps, step, cloudwatch),
        });
        const statusOf = {
            completed: 'completed',
            reverted: 'reverted',
            cancelled: 'cancelled',
            'revert-failed': 'revert-failed',
        };
        const exitOf = {
            completed: CutoverExit.Ok,
            reverted: CutoverExit.Reverted,
            cancelled: CutoverExit.Cancelled,
            'revert-failed': CutoverExit.RevertFailed,
        };
        out.retire = shift.status === 'completed' ? retireHint(config, plan) : [];
        if (shift.status === 'completed' && config.scaleEcsToZero && config.ecs)
            await scaleEcsToZero(config, deps, out, record);
        return await finish(out, config, {
            status: statusOf[shift.status],
            exitCode: exitOf[shift.status],
            message: `${out.record.name} ${config.recordType}: ${shift.message}`,
            weights: shift.weights,
            ...(shift.failedStep !== undefined ? { failedStep: shift.failedStep } : {}),
        });
    }
    catch (err) {
        if (err instanceof CutoverPreconditionError)
            throw new errors/* UserInputError */.m2(err.message, undefined, 'record-name');
        throw err;
    }
}
function targetOf(config, dnsName, zoneId, flag) {
    if (config.recordType === 'CNAME')
        return { kind: 'cname', value: dnsName, ttl: config.ttl };
    const hz = zoneId ?? albHostedZoneId(dnsName);
    if (!hz)
        throw new errors/* UserInputError */.m2(`cannot tell the canonical hosted zone of ${JSON.stringify(dnsName)} (not an ALB DNS name with a known region); give it, or use --record-type CNAME`, undefined, flag);
    return { kind: 'alias', dnsName, hostedZoneId: hz, evaluateTargetHealth: config.evaluateTargetHealth };
}
/** Parity and smoke against the new target before any change; the reasons it fails, if any. */
async function preflight(g) {
    const problems = [];
    const signal = g.deps.signal ?? new AbortController().signal;
    if (g.loaded) {
        g.out.preflight = await cutover_parity(g, signal);
        if (!g.out.preflight.ok && !g.out.preflight.cancelled)
            problems.push(`parity: ${(0,report/* paritySummary */.W_)(g.out.preflight)}`);
    }
    if (g.checks.length > 0 && !signal.aborted) {
        g.out.preflightSmoke = await smoke(g, signal);
        if (g.out.preflightSmoke.some((r) => !r.ok))
            problems.push(`smoke: ${smokeSummary(g.out.preflightSmoke)}`);
    }
    return problems;
}
function cutover_parity(g, signal) {
    return (0,parity/* runParityCheck */.b)(g.loaded.requests, {
        oldBaseUrl: g.config.oldUrl,
        newBaseUrl: g.newUrl,
        repeat: g.config.repeat,
        latency: { ratio: g.config.latencyRatio, slackMs: g.config.latencySlackMs },
        ignore: g.config.ignore,
        concurrency: g.config.concurrency,
        signal,
        log: g.deps.log,
        ...(g.deps.transport ? { transport: g.deps.transport } : {}),
    });
}
function smoke(g, signal) {
    const transport = g.deps.transport ??
        (0,smoke_transport/* createSmokeTransport */.fk)({ ...(g.conn ? { client: g.conn.client } : {}), defaultNamespace: g.config.namespace });
    return (0,run/* runSmokeChecks */.mF)(g.checks, {
        transport,
        signal,
        log: g.deps.log,
        // Checks on "the release's Ingress" go to the new target; a named Ingress is looked up.
        resolveIngress: async (ref) => ref.name && g.conn ? (0,steps/* ingressBaseUrl */.Sz)(g.conn.client, ref.namespace ?? g.config.namespace, ref.name) : g.newUrl,
    });
}
/** The gates of one step: smoke, parity, then the ALB metrics over the bake time. */
async function stepGate(g, step, cloudwatch) {
    const results = [];
    if (g.checks.length > 0) {
        g.out.lastSmoke = await smoke(g, step.signal);
        results.push({ gate: 'smoke', ok: g.out.lastSmoke.every((r) => r.ok), summary: smokeSummary(g.out.lastSmoke) });
    }
    if (g.loaded && !step.signal.aborted) {
        g.out.lastParity = await cutover_parity(g, step.signal);
        results.push({ gate: 'parity', ok: g.out.lastParity.ok, summary: (0,report/* paritySummary */.W_)(g.out.lastParity) });
    }
    if (g.config.metrics && cloudwatch && !step.signal.aborted) {
        const m = await (0,aws_cloudwatch/* readAlbMetrics */.nQ)(cloudwatch, g.config.metrics.loadBalancer, { start: step.bakeStarted, end: new Date() }, { latencyStatistic: g.config.metrics.latencyStatistic, signal: step.signal });
        g.out.metrics.push(m);
        results.push(judgeMetrics(m, g.config.metrics));
    }
    return results;
}
/** The metrics gate's verdict: 5xx share of requests and latency against the thresholds. */
function judgeMetrics(m, gate) {
    const parts = [];
    let ok = true;
    if (gate.max5xxPercent !== undefined) {
        if (m.requests === 0)
            parts.push(m.errors5xx > 0 ? `${m.errors5xx} 5xx with no requests counted` : 'no requests in the window');
        else {
            const pct = (m.errors5xx / m.requests) * 100;
            const bad = pct > gate.max5xxPercent;
            ok &&= !bad;
            parts.push(`5xx ${pct.toFixed(1)} % of ${m.requests} requests ${bad ? '>' : '≤'} ${gate.max5xxPercent} %`);
        }
        if (m.requests === 0 && m.errors5xx > 0)
            ok = false;
    }
    if (gate.maxLatencyMs !== undefined) {
        if (m.latencyMs === undefined)
            parts.push(`no ${m.latencyStatistic} latency data`);
        else {
            const bad = m.latencyMs > gate.maxLatencyMs;
            ok &&= !bad;
            parts.push(`${m.latencyStatistic} latency ${m.latencyMs} ms ${bad ? '>' : '≤'} ${gate.maxLatencyMs} ms`);
        }
    }
    return { gate: 'metrics', ok, summary: `${m.loadBalancer}: ${parts.join(', ')}` };
}
async function scaleEcsToZero(config, deps, out, record) {
    const ecsRef = config.ecs;
    if (config.ecsDrainMs > 0) {
        deps.log(`waiting ${config.ecsDrainMs} ms for resolvers still holding the old answer before scaling ECS down`);
        await abortableSleep(config.ecsDrainMs, deps.signal);
    }
    if (deps.signal?.aborted) {
        await record({
            at: new Date().toISOString(),
            kind: 'ecs',
            message: `cancelled before scaling ECS service ${ecsRef.cluster}/${ecsRef.service} to zero; it still runs (traffic is on the new target)`,
        });
        return;
    }
    const ecs = deps.aws?.ecs ??
        new dist_cjs/* ECSClient */.Zgc({
            region: ecsRef.region,
            maxAttempts: 3,
            requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
        });
    try {
        await ecs.send(new dist_cjs/* UpdateServiceCommand */.kZr({ cluster: ecsRef.cluster, service: ecsRef.service, desiredCount: 0 }));
        out.ecsScaledToZero = true;
        await record({
            at: new Date().toISOString(),
            kind: 'ecs',
            message: `ECS service ${ecsRef.cluster}/${ecsRef.service} scaled to zero (desiredCount 0); scale it back up to return traffic to it`,
        });
    }
    catch (err) {
        await record({
            at: new Date().toISOString(),
            kind: 'error',
            message: `scaling ECS service ${ecsRef.cluster}/${ecsRef.service} to zero failed: ${err instanceof Error ? err.message : String(err)}; traffic is on the new target regardless`,
        });
    }
}
/** How to retire the ECS service once the cutover is done. */
function retireHint(config, plan) {
    const c = config.ecs?.cluster ?? '<cluster>';
    const s = config.ecs?.service ?? '<service>';
    const region = config.ecs?.region ? ` --region ${config.ecs.region}` : '';
    return [
        `Watch the EKS service for a while: the old record (${plan.old.setIdentifier}, weight 0) is the way back — \`eks-fargate-deploy cutover --revert\` with the same record flags puts all traffic on ECS again.`,
        `Scale the ECS service to zero (tasks stop, the service and its load balancer stay): \`aws ecs update-service --cluster ${c} --service ${s} --desired-count 0${region}\` (or re-run with --scale-ecs-to-zero --ecs-cluster ${c} --ecs-service ${s}).`,
        `When no way back is needed: delete the weighted record ${plan.old.setIdentifier} of ${normaliseName(plan.record.name)}, then \`aws ecs delete-service --cluster ${c} --service ${s}${region}\`, the ECS load balancer, its target groups and listener rules, and deregister the task definitions.`,
    ];
}
/** Writes each event as a note on the release's last deployed record, when there is a cluster connection. */
function releaseNotes(conn, config, log) {
    if (!conn)
        return async () => undefined;
    const store = new release/* ReleaseStore */.T(conn.client, config.namespace, config.release);
    let number;
    let warned = false;
    return async (e) => {
        try {
            if (number === undefined) {
                number = (await store.lastDeployed())?.number ?? null;
                if (number === null)
                    log(`no deployed record of release ${config.release} in namespace ${config.namespace}: cutover notes are in the report only`);
            }
            if (number === null)
                return;
            const weights = e.weights ? ` [${config.oldSetId} ${e.weights.old} / ${config.newSetId} ${e.weights.new}]` : '';
            const gates = e.gates?.length ? ` (${e.gates.map((g) => `${g.gate} ${g.ok ? 'ok' : 'FAILED'}`).join(', ')})` : '';
            await store.setStatus(number, 'deployed', [
                `cutover ${e.at} ${normaliseName(config.recordName)}${weights}: ${e.message}${gates}`.slice(0, 1000),
            ]);
        }
        catch (err) {
            // Notes are a record, not a gate: a failure to write one must not stop or revert the cutover.
            if (!warned)
                log(`warning: cannot write cutover notes on the release record: ${err instanceof Error ? err.message : String(err)}`);
            warned = true;
        }
    };
}
async function finish(out, config, end) {
    Object.assign(out, end);
    out.markdown = cutoverMarkdown(out, config);
    const { markdown: _md, written: _w, ...json } = out;
    out.written = await (0,commands_parity/* writeReports */.Li)(config, out.markdown, json);
    return out;
}
const ICON = {
    completed: '✅',
    'reverted-on-request': '↩️',
    'parity-failed': '❌',
    reverted: '↩️',
    cancelled: '⏹️',
    'revert-failed': '🚨',
};
/** The job summary of a cutover: verdict, weights, change log, last parity and smoke tables, next steps. */
function cutoverMarkdown(out, config) {
    const lines = [`## Cutover: ${out.status}`, '', `${ICON[out.status]} ${(0,report_escape/* escapeMarkdown */.FV)(out.message)}`, ''];
    if (out.weights)
        lines.push(`Weights on \`${(0,report_escape/* escapeMarkdown */.FV)(out.record.name)}\` ${out.record.type}: ${(0,report_escape/* escapeMarkdown */.FV)(config.oldSetId)} (ECS, ${(0,report_escape/* escapeMarkdown */.FV)(out.targets.old.dnsName)}) **${out.weights.old}** / ${(0,report_escape/* escapeMarkdown */.FV)(config.newSetId)} (EKS, ${(0,report_escape/* escapeMarkdown */.FV)(out.targets.new.dnsName)}) **${out.weights.new}**.`, '');
    if (out.events.length > 0)
        lines.push('### Changes', '', (0,report/* cutoverTimeline */.W5)(out.events, { old: config.oldSetId, new: config.newSetId }), '');
    const p = out.lastParity ?? out.preflight;
    if (p)
        lines.push((0,report/* parityMarkdown */.PL)(p, { refusedWrites: out.refusedWrites }, out.lastParity ? '### Parity at the last gate' : '### Parity before any change'));
    const s = out.lastSmoke ?? out.preflightSmoke;
    if (s && s.length > 0)
        lines.push('### Smoke checks', '', smokeTable(s), '');
    if (out.retire.length > 0)
        lines.push('### Retiring the ECS service', '', ...out.retire.map((r) => `- ${r}`), '');
    return `${lines.join('\n')}\n`;
}
/** `eks-fargate-deploy cutover ...`: returns the exit code. SIGINT/SIGTERM revert and exit 130. */
async function runCutoverCommand(args, io) {
    const config = (0,cutover/* cutoverConfigFromArgs */.u$)(args);
    return (0,commands_parity/* withCancellation */.an)(io, async (signal) => {
        const out = await runCutover(config, { log: (l) => io.out(`${l}\n`), signal });
        if (out.lastParity)
            for (const l of (0,report/* parityLines */.t3)(out.lastParity))
                io.out(`${l}\n`);
        for (const r of out.retire)
            io.out(`next: ${r}\n`);
        for (const f of out.written)
            io.out(`wrote ${f}\n`);
        const line = `cutover: ${out.status}: ${out.message}\n`;
        if (out.exitCode === 0)
            io.out(line);
        else
            io.err(line);
        return out.exitCode;
    }, 'cancelling: all traffic goes back to the old target');
}


/***/ })

};
