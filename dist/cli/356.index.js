export const id = 356;
export const ids = [356];
export const modules = {

/***/ 51356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   releaseHistory: () => (/* binding */ releaseHistory),
/* harmony export */   rollbackCancelNotice: () => (/* binding */ rollbackCancelNotice),
/* harmony export */   runRollback: () => (/* binding */ runRollback)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _kube_apply_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89501);
/* harmony import */ var _kube_lock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25766);
/* harmony import */ var _kube_prune_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1337);
/* harmony import */ var _kube_release_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74876);
/* harmony import */ var _kube_rollback_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(48557);
/* harmony import */ var _smoke_spec_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(77302);
/* harmony import */ var _connect_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(32456);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(75672);
/* harmony import */ var _steps_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(53220);










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
    return again
        ? `received ${sig} again: already cancelling; nothing has been applied`
        : `received ${sig}: cancelling (nothing has been applied yet)`;
}
/**
 * rollback on demand: restore the release before the current one (or `--to-release N`) as a new
 * release number, the way Helm does: re-apply its recorded objects, remove what the current one
 * added, wait for the rollouts, smoke-test, and record the result.
 */
async function runRollback(config, deps) {
    const { log } = deps;
    const out = {
        status: 'rejected',
        exitCode: _deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .DeployExit */ .en.Rejected,
        message: '',
        images: [],
        urls: [],
        rolledBack: false,
        findings: [],
        phases: [],
        applied: [],
        smoke: [],
    };
    const checks = config.smokeTests ? await (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_6__/* .loadSmokeSpec */ .N)(config.smokeTests) : [];
    for (const secret of (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_6__/* .secretHeaderValues */ .o4)(checks))
        deps.mask?.(secret);
    let conn;
    // A cancel or --timeout ends the AWS calls at once: an endpoint that never answers cannot hang the rollback.
    const connecting = AbortSignal.any([
        ...(deps.signal ? [deps.signal] : []),
        AbortSignal.timeout(config.timeoutSeconds * 1000),
    ]);
    try {
        conn = deps.connection ?? (await (0,_connect_js__WEBPACK_IMPORTED_MODULE_7__/* .connect */ .N)(config.cluster, deps.eksClients, connecting));
    }
    catch (err) {
        if (deps.signal?.aborted)
            return cancelled(out, 'cancelled while connecting to the cluster; nothing was applied');
        if (connecting.aborted)
            return {
                ...out,
                message: `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`,
            };
        throw err;
    }
    let lock;
    try {
        lock = await _kube_lock_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployLock */ .Fc.acquire(conn.client, config.namespace, config.holder, {
            waitSeconds: config.lockWaitSeconds,
            leaseSeconds: config.lockLeaseSeconds,
            log,
            ...(config.runUrl ? { runUrl: config.runUrl } : {}),
            ...(deps.signal ? { signal: deps.signal } : {}),
        });
    }
    catch (err) {
        if (deps.signal?.aborted)
            return cancelled(out, 'cancelled before the deploy lock was taken; nothing was applied');
        throw err;
    }
    let created;
    let restoring = false;
    try {
        const held = lock;
        await lock.raiseGeneration((await (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .newestFence */ .or)(new _kube_release_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseStore */ .T(conn.client, config.namespace, config.release))) + 1);
        const store = new _kube_release_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseStore */ .T(conn.client, config.namespace, config.release, {
            fence: { holder: config.holder, generation: lock.generation },
            guard: () => held.assertHeld(),
        });
        // Read the history under the lock: a deploy that held it may just have added a release.
        const entries = await store.list();
        // The target is chosen from the history as it was: a release left pending by a killed deploy
        // is the current one, so by default its predecessor is restored (what recovery restores too).
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
        const recovered = await (0,_kube_rollback_js__WEBPACK_IMPORTED_MODULE_5__/* .recoverInterrupted */ .js)(conn.client, store, { by: (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .describeDeployer */ .e_)(config), log });
        // What a lost lock leaves behind from here on: the cluster may be part way between releases.
        restoring = recovered !== undefined;
        if (recovered)
            out.findings.push({
                severity: 'warning',
                code: 'interrupted-release',
                message: (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .recoveryMessage */ .F4)(config.release, recovered),
            });
        // Prior states of adopted objects the target still has; those it lacks are put back by the prune below.
        const carried = (0,_kube_rollback_js__WEBPACK_IMPORTED_MODULE_5__/* .carryAdopted */ .zm)(currentRecord, record.objects, record.adopted ?? []);
        created = await store.create({
            objects: record.objects,
            images: record.images,
            ...(carried.length > 0 ? { adopted: carried } : {}),
            rolledBackFrom: current?.number ?? record.number,
            ...(record.commit ? { commit: record.commit } : {}),
            ...(config.runUrl ? { runUrl: config.runUrl } : {}),
        });
        out.release = created.number;
        log(`rolling back release ${config.release}${current ? ` from v${current.number}` : ''} to the objects of v${record.number} (recorded as v${created.number})`);
        const deadline = Date.now() + config.timeoutSeconds * 1000;
        // Not deps.signal: see RollbackDeps.signal.
        const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutSeconds * 1000), lock.lost]);
        let failure;
        try {
            await lock.assertHeld();
            restoring = true;
            const restored = await (0,_kube_rollback_js__WEBPACK_IMPORTED_MODULE_5__/* .restoreRelease */ .E8)(conn.client, record, { objects: [], results: [] }, { signal, log });
            out.applied = restored.applied;
            // What the interrupted release added was removed by the recovery; what the current one added goes now.
            const restoredByRecovery = recovered
                ? entries
                    .filter((e) => e.status === 'deployed')
                    .at(-1)
                    ?.record()
                : undefined;
            const leftovers = (0,_kube_prune_js__WEBPACK_IMPORTED_MODULE_3__/* .planPrune */ .w)(recovered ? restoredByRecovery : currentRecord, record.objects);
            if (leftovers.length > 0) {
                await lock.assertHeld();
                await (0,_kube_prune_js__WEBPACK_IMPORTED_MODULE_3__/* .prune */ .R)(conn.client, leftovers, {
                    signal,
                    onResult: (k, what) => what === 'returned' &&
                        log(`restored ${(0,_kube_apply_js__WEBPACK_IMPORTED_MODULE_1__/* .describeObject */ .v8)(k)} as it was before release ${config.release} adopted it`),
                });
            }
            out.rollouts = await (0,_steps_js__WEBPACK_IMPORTED_MODULE_9__/* .trackRollouts */ .mr)(conn.client, (0,_steps_js__WEBPACK_IMPORTED_MODULE_9__/* .releaseTargets */ .yo)(record.objects), {
                graceSeconds: config.graceSeconds,
                settleSeconds: config.settleSeconds,
                deadline,
                signal,
                log,
            });
            if (!out.rollouts.ok)
                failure = out.rollouts.results
                    .filter((r) => r.status !== 'ready')
                    .map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`)
                    .join('; ');
            if (!failure && checks.length > 0) {
                out.smoke = await (0,_steps_js__WEBPACK_IMPORTED_MODULE_9__/* .smokeTest */ .KH)(conn.client, checks, config.namespace, signal, log);
                const bad = out.smoke.filter((r) => !r.ok);
                if (bad.length > 0)
                    failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
            }
            out.urls = await (0,_steps_js__WEBPACK_IMPORTED_MODULE_9__/* .ingressUrls */ .Wp)(conn.client, record.objects);
        }
        catch (err) {
            if (err instanceof _kube_lock_js__WEBPACK_IMPORTED_MODULE_2__/* .LockLostError */ .yx)
                throw err;
            failure = err instanceof Error ? err.message : String(err);
        }
        if (lock.lost.aborted)
            throw lock.lost.reason;
        out.images = record.images.map((i) => ({ container: '', workload: '', image: i.ref ?? i.name }));
        // A cancel that came during the restore did not change what it did; the outcome says it came.
        const ignored = deps.signal?.aborted
            ? `; ${deps.signal.reason instanceof Error ? deps.signal.reason.message : 'cancelled'} after the restore had started, so it ran to the end`
            : '';
        const written = await (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .writeStatus */ .Kn)(store, created.number, failure ? 'failed' : 'deployed', failure ? [failure] : [`rollback of v${current?.number ?? '?'} to the objects of v${record.number}`], log);
        const unrecorded = written === true
            ? ''
            : `; its record v${created.number} could not be updated (${written instanceof Error ? written.message : String(written)}) and still says pending`;
        if (failure || unrecorded) {
            out.status = 'failed';
            out.exitCode = _deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .DeployExit */ .en.Failed;
            out.message = failure
                ? `rollback to v${record.number} failed: ${failure}${unrecorded}${ignored}`
                : `the objects of v${record.number} were restored and serve${unrecorded}${ignored}`;
            return out;
        }
        out.status = 'rolled-back';
        out.rolledBack = true;
        out.exitCode = _deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .DeployExit */ .en.Ok;
        out.message = `release ${config.release} rolled back to the objects of v${record.number} (now v${created.number})${ignored}`;
        return out;
    }
    catch (err) {
        if (err instanceof _kube_lock_js__WEBPACK_IMPORTED_MODULE_2__/* .LockLostError */ .yx)
            return (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .lockLost */ .wV)(out, err, config.release, created?.number, restoring, log, 'rollback', await (0,_deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .holderOf */ .Kd)([lock], err));
        throw err;
    }
    finally {
        await lock.release().catch(() => false);
    }
}
function cancelled(out, message) {
    out.status = 'cancelled';
    out.exitCode = _deploy_js__WEBPACK_IMPORTED_MODULE_8__/* .DeployExit */ .en.Cancelled;
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
    const earlier = [...entries]
        .reverse()
        .find((e) => e.number < (current?.number ?? Infinity) && (e.status === 'superseded' || e.status === 'deployed'));
    if (!earlier)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserInputError */ .m2(`release ${release} has no earlier deployed release to roll back to (history: ${entries.map((e) => `v${e.number} ${e.status}`).join(', ')})`);
    return earlier;
}
/** The releases of a release name, oldest first. */
async function releaseHistory(target, namespace, release, opts = {}) {
    const conn = opts.connection ?? (await (0,_connect_js__WEBPACK_IMPORTED_MODULE_7__/* .connect */ .N)(target, opts.eksClients));
    const entries = await new _kube_release_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseStore */ .T(conn.client, namespace, release).list();
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
