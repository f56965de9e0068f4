export const id = 356;
export const ids = [356];
export const modules = {

/***/ 1356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   releaseHistory: () => (/* binding */ releaseHistory),
/* harmony export */   rollbackCancelNotice: () => (/* binding */ rollbackCancelNotice),
/* harmony export */   runRollback: () => (/* binding */ runRollback)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _kube_lock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5766);
/* harmony import */ var _kube_prune_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1337);
/* harmony import */ var _kube_release_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2495);
/* harmony import */ var _kube_rollback_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8557);
/* harmony import */ var _smoke_spec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7302);
/* harmony import */ var _connect_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2456);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8615);
/* harmony import */ var _steps_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3220);









/**
 * What a SIGINT/SIGTERM does to a rollback, as the front doors print it: `restoring` is what
 * {@link RollbackDeps.onRestoring} said (undefined before), `again` whether a signal came before.
 */
function rollbackCancelNotice(sig, again, restoring) {
    if (restoring) {
        return again
            ? `received ${sig} again: still rolling back to ${restoring}; not stopping half way, which would leave neither release running`
            : `received ${sig}: not cancelling: the rollback to ${restoring} has started applying, and stopping it half way would leave neither release running; it goes on to the end`;
    }
    return again ? `received ${sig} again: already cancelling; nothing has been applied` : `received ${sig}: cancelling (nothing has been applied yet)`;
}
/**
 * rollback on demand: restore the release before the current one (or `--to-release N`) as a new
 * release number, the way Helm does: re-apply its recorded objects, remove what the current one
 * added, wait for the rollouts, smoke-test, and record the result.
 */
async function runRollback(config, deps) {
    const { log } = deps;
    const out = { status: 'rejected', exitCode: _deploy_js__WEBPACK_IMPORTED_MODULE_7__/* .DeployExit */ .e.Rejected, message: '', images: [], urls: [], rolledBack: false, findings: [], phases: [], applied: [], smoke: [] };
    const checks = config.smokeTests ? await (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_5__/* .loadSmokeSpec */ .N)(config.smokeTests) : [];
    const conn = deps.connection ?? (await (0,_connect_js__WEBPACK_IMPORTED_MODULE_6__/* .connect */ .N)(config.cluster, deps.eksClients));
    const store = new _kube_release_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseStore */ .T(conn.client, config.namespace, config.release);
    let lock;
    try {
        lock = await _kube_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployLock */ .Fc.acquire(conn.client, config.namespace, config.holder, { waitSeconds: config.lockWaitSeconds, leaseSeconds: config.lockLeaseSeconds, log, ...(deps.signal ? { signal: deps.signal } : {}) });
    }
    catch (err) {
        if (deps.signal?.aborted)
            return cancelled(out, 'cancelled before the deploy lock was taken; nothing was applied');
        throw err;
    }
    try {
        // Read the history under the lock: a deploy that held it may just have added a release.
        const entries = await store.list();
        const current = clusterRelease(entries);
        const target = pickTarget(entries, current, config.toRelease, config.release, config.namespace);
        const record = target.record();
        const currentRecord = current?.record();
        if (current)
            out.previousRelease = current.number;
        // The last moment a cancel is honoured: nothing is written yet. From here on it no longer stops the
        // restore, and the front doors say so (onRestoring, in the same tick as this check: no signal falls between).
        if (deps.signal?.aborted)
            return cancelled(out, 'cancelled before the rollback started; nothing was applied');
        deps.onRestoring?.(`v${record.number}`);
        const created = await store.create({ objects: record.objects, images: record.images, rolledBackFrom: current?.number ?? record.number, ...(record.commit ? { commit: record.commit } : {}), ...(config.runUrl ? { runUrl: config.runUrl } : {}) });
        out.release = created.number;
        log(`rolling back release ${config.release}${current ? ` from v${current.number}` : ''} to the objects of v${record.number} (recorded as v${created.number})`);
        const deadline = Date.now() + config.timeoutSeconds * 1000;
        // Not deps.signal: see RollbackDeps.signal.
        const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutSeconds * 1000), lock.lost]);
        let failure;
        try {
            const restored = await (0,_kube_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .restoreRelease */ .E)(conn.client, record, { objects: [], results: [] }, { signal, log });
            out.applied = restored.applied;
            const leftovers = (0,_kube_prune_js__WEBPACK_IMPORTED_MODULE_2__/* .planPrune */ .w)(currentRecord, record.objects);
            if (leftovers.length > 0)
                await (0,_kube_prune_js__WEBPACK_IMPORTED_MODULE_2__/* .prune */ .R)(conn.client, leftovers, { signal });
            out.rollouts = await (0,_steps_js__WEBPACK_IMPORTED_MODULE_8__/* .trackRollouts */ .mr)(conn.client, (0,_steps_js__WEBPACK_IMPORTED_MODULE_8__/* .releaseTargets */ .yo)(record.objects), { graceSeconds: config.graceSeconds, deadline, signal, log });
            if (!out.rollouts.ok)
                failure = out.rollouts.results.filter((r) => r.status !== 'ready').map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`).join('; ');
            if (!failure && checks.length > 0) {
                out.smoke = await (0,_steps_js__WEBPACK_IMPORTED_MODULE_8__/* .smokeTest */ .KH)(conn.client, checks, config.namespace, signal, log);
                const bad = out.smoke.filter((r) => !r.ok);
                if (bad.length > 0)
                    failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
            }
            out.urls = await (0,_steps_js__WEBPACK_IMPORTED_MODULE_8__/* .ingressUrls */ .Wp)(conn.client, record.objects);
        }
        catch (err) {
            failure = err instanceof Error ? err.message : String(err);
        }
        out.images = record.images.map((i) => ({ container: '', workload: '', image: i.ref ?? i.name }));
        // A cancel that came during the restore did not change what it did; the outcome says it came.
        const ignored = deps.signal?.aborted ? `; ${deps.signal.reason instanceof Error ? deps.signal.reason.message : 'cancelled'} after the restore had started, so it ran to the end` : '';
        if (failure) {
            await store.setStatus(created.number, 'failed', [failure]);
            out.status = 'failed';
            out.exitCode = _deploy_js__WEBPACK_IMPORTED_MODULE_7__/* .DeployExit */ .e.Failed;
            out.message = `rollback to v${record.number} failed: ${failure}${ignored}`;
            return out;
        }
        await store.setStatus(created.number, 'deployed', [`rollback of v${current?.number ?? '?'} to the objects of v${record.number}`]);
        out.status = 'rolled-back';
        out.rolledBack = true;
        out.exitCode = _deploy_js__WEBPACK_IMPORTED_MODULE_7__/* .DeployExit */ .e.Ok;
        out.message = `release ${config.release} rolled back to the objects of v${record.number} (now v${created.number})${ignored}`;
        return out;
    }
    finally {
        await lock.release().catch(() => false);
    }
}
function cancelled(out, message) {
    out.status = 'cancelled';
    out.exitCode = _deploy_js__WEBPACK_IMPORTED_MODULE_7__/* .DeployExit */ .e.Cancelled;
    out.message = message;
    return out;
}
/** Statuses of a release that may have been left applied: nothing restored the cluster after it. */
const LEFT_APPLIED = new Set(['failed', 'pending', 'rolling-back']);
/**
 * The release the cluster runs: the last deployed one, unless a newer one was left applied
 * (auto-rollback off, a rollback that failed, a runner that died mid-deploy).
 */
function clusterRelease(entries) {
    const deployed = [...entries].reverse().find((e) => e.status === 'deployed');
    const latest = entries.at(-1);
    if (latest && latest.number > (deployed?.number ?? 0) && LEFT_APPLIED.has(latest.status))
        return latest;
    return deployed;
}
function pickTarget(entries, current, toRelease, release, namespace) {
    if (entries.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`release ${release} has no history in namespace ${namespace}: nothing to roll back to`);
    if (toRelease !== undefined) {
        const hit = entries.find((e) => e.number === toRelease);
        if (!hit)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`release ${release} has no v${toRelease} (history: ${entries.map((e) => `v${e.number}`).join(', ')})`, undefined, 'to-release');
        if (hit.status === 'pending' || hit.status === 'rolling-back')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`v${toRelease} never finished deploying (status ${hit.status}); pick a release that was deployed`, undefined, 'to-release');
        return hit;
    }
    const earlier = [...entries].reverse().find((e) => e.number < (current?.number ?? Infinity) && (e.status === 'superseded' || e.status === 'deployed'));
    if (!earlier)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`release ${release} has no earlier deployed release to roll back to (history: ${entries.map((e) => `v${e.number} ${e.status}`).join(', ')})`);
    return earlier;
}
/** The releases of a release name, oldest first. */
async function releaseHistory(target, namespace, release, opts = {}) {
    const conn = opts.connection ?? (await (0,_connect_js__WEBPACK_IMPORTED_MODULE_6__/* .connect */ .N)(target, opts.eksClients));
    const entries = await new _kube_release_js__WEBPACK_IMPORTED_MODULE_3__/* .ReleaseStore */ .T(conn.client, namespace, release).list();
    return entries.map((e) => {
        const r = e.record();
        return {
            number: e.number,
            status: e.status,
            ...(e.createdAt ? { createdAt: e.createdAt } : {}),
            ...(r.commit ? { commit: r.commit } : {}),
            images: r.images.map((i) => (i.digest ? `${i.name}@${i.digest}` : (i.ref ?? i.name))),
            ...(r.runUrl ? { runUrl: r.runUrl } : {}),
            notes: r.notes,
        };
    });
}


/***/ })

};
