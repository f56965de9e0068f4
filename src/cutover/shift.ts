/**
 * The traffic shift: Route 53 weights of one name moved from the old target to the new one step
 * by step (10 → 50 → 100), each step baked and then gated. A failed gate, an error or a
 * cancellation puts all weight back on the old target at once, in one change batch, with no
 * signal attached: the revert must finish even when the run is being cancelled.
 */
import type { Route53Client, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { listRecordSets, normaliseName, setWeights, type RecordName, type WeightedTarget } from '../aws/route53.js';
import { systemClock } from '../util/retry.js';

/** One gate's verdict on one step. */
export interface GateResult {
  gate: 'parity' | 'smoke' | 'metrics';
  ok: boolean;
  /** One line: `all 3 smoke checks passed`, `5xx 30.0 % of 120 requests > 5 %`. */
  summary: string;
}

/** One recorded change or verdict of a cutover. */
export interface CutoverEvent {
  /** ISO time. */
  at: string;
  kind: 'start' | 'weights' | 'gate' | 'revert' | 'done' | 'ecs' | 'error';
  /** Weights after a `weights`/`revert` event. */
  weights?: { old: number; new: number };
  /** The step (1-based) the event belongs to. */
  step?: number;
  gates?: GateResult[];
  message: string;
}

/** The two sides and the record. */
export interface ShiftPlan {
  record: RecordName;
  old: { setIdentifier: string; target: WeightedTarget };
  new: { setIdentifier: string; target: WeightedTarget };
  /** Percent on the new target per step, ending at 100. */
  steps: readonly number[];
  bakeMs: number;
}

/** Runs the gates of one step, after its bake time. Must honour `signal`. */
type StepGate = (step: {
  index: number;
  percent: number;
  bakeStarted: Date;
  signal: AbortSignal;
}) => Promise<GateResult[]>;

/** Dependencies of {@link shiftTraffic}. */
export interface ShiftDeps {
  route53: Route53Client;
  gate: StepGate;
  /** Called for each event as it happens (log, report, release-record note). */
  record: (event: CutoverEvent) => Promise<void> | void;
  signal?: AbortSignal;
  waitDns?: boolean;
  /** Pause for the bake time; resolves early when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** GetChange poll interval (tests: a few ms). */
  dnsPollMs?: number;
}

/** How a traffic shift ended. */
type ShiftStatus = 'completed' | 'reverted' | 'cancelled' | 'revert-failed';

/** The outcome of {@link shiftTraffic}. */
export interface ShiftOutcome {
  status: ShiftStatus;
  message: string;
  /** The weights left on the record, as far as this run knows. */
  weights: { old: number; new: number };
  /** The step that failed or was cancelled (1-based). */
  failedStep?: number;
  events: CutoverEvent[];
}

/** Weighted sets of the name that are neither of ours, and a simple (non-weighted) set, if any. */
interface RecordInventory {
  sets: ResourceRecordSet[];
  simple?: ResourceRecordSet;
  others: string[];
  oldWeight?: number;
  newWeight?: number;
}

/** What the name holds now, in the terms of the plan. */
async function inventory(
  route53: Route53Client,
  plan: Pick<ShiftPlan, 'record' | 'old' | 'new'>,
  signal?: AbortSignal,
): Promise<RecordInventory> {
  const sets = await listRecordSets(route53, plan.record, signal);
  const inv: RecordInventory = { sets, others: [] };
  for (const s of sets) {
    if (s.SetIdentifier === undefined) inv.simple = s;
    else if (s.SetIdentifier === plan.old.setIdentifier) inv.oldWeight = s.Weight ?? 0;
    else if (s.SetIdentifier === plan.new.setIdentifier) inv.newWeight = s.Weight ?? 0;
    else inv.others.push(`${s.SetIdentifier}${s.Weight !== undefined ? ` (weight ${s.Weight})` : ' (not weighted)'}`);
  }
  return inv;
}

/** Error that stops a shift before any change (the name holds records the shift cannot own). */
export class CutoverPreconditionError extends Error {
  override readonly name = 'CutoverPreconditionError';
}

/**
 * Move the weights step by step. Before the first change the name may hold nothing, our two
 * weighted records, or one simple record (which the first batch replaces atomically with the
 * two weighted ones). Any other record of the same name and type stops the shift before it
 * changes anything.
 */
export async function shiftTraffic(plan: ShiftPlan, deps: ShiftDeps): Promise<ShiftOutcome> {
  const inv = await inventory(deps.route53, plan, deps.signal);
  if (inv.others.length > 0) {
    throw new CutoverPreconditionError(
      `${normaliseName(plan.record.name)} ${plan.record.type} has other weighted records besides ${plan.old.setIdentifier} and ${plan.new.setIdentifier}: ${inv.others.join(', ')}; remove them or name them with --old-set-id/--new-set-id`,
    );
  }
  const weights = { old: inv.oldWeight ?? (inv.simple ? 100 : 0), new: inv.newWeight ?? 0 };
  const shift = new TrafficShift(resumedPlan(plan, weights), deps, weights, inv.simple ? [inv.simple] : []);
  return shift.run(describeInventory(inv, plan));
}

/**
 * A re-run (after a cancelled run, or to scale ECS down after a finished one) resumes where the
 * weights are instead of sending traffic back to the old target: steps below the current share
 * of the new target are dropped.
 */
function resumedPlan(plan: ShiftPlan, weights: { old: number; new: number }): ShiftPlan {
  const total = weights.old + weights.new;
  const current = total > 0 ? Math.round((weights.new / total) * 100) : 0;
  const steps = plan.steps.filter((p) => p >= current);
  return { ...plan, steps: steps.length > 0 ? steps : [100] };
}

/** One run of {@link shiftTraffic}: the weights as this run knows them, and the events so far. */
class TrafficShift {
  private readonly events: CutoverEvent[] = [];

  constructor(
    private readonly plan: ShiftPlan,
    private readonly deps: ShiftDeps,
    private weights: { old: number; new: number },
    /** Records the first change batch deletes (a simple record being replaced). */
    private pendingRemove: ResourceRecordSet[],
  ) {}

  async run(inventoryDescription: string): Promise<ShiftOutcome> {
    const { plan } = this;
    await this.emit({
      kind: 'start',
      weights: this.weights,
      message: `${normaliseName(plan.record.name)} ${plan.record.type}: ${inventoryDescription}; steps ${plan.steps.join(' → ')} % with ${plan.bakeMs} ms bake time each`,
    });
    for (const [i, percent] of plan.steps.entries()) {
      const ended = await this.step(i + 1, percent);
      if (ended) return ended;
    }
    await this.emit({
      kind: 'done',
      weights: this.weights,
      message: `cutover finished: ${plan.new.setIdentifier} 100 / ${plan.old.setIdentifier} 0`,
    });
    return {
      status: 'completed',
      message: `all traffic on the new target after ${plan.steps.length} step(s)`,
      weights: this.weights,
      events: this.events,
    };
  }

  /** Set the weights of one step, bake, gate. Returns the outcome when the step ends the shift. */
  private async step(step: number, percent: number): Promise<ShiftOutcome | undefined> {
    const { plan, deps } = this;
    if (deps.signal?.aborted) return this.revert(step, 'cancelled before the step started', 'cancelled');
    const target = { old: 100 - percent, new: percent };
    try {
      await this.apply(
        target,
        `eks-fargate-deploy cutover step ${step}: ${percent} % to ${plan.new.setIdentifier}`,
        deps.signal,
      );
    } catch (err) {
      if (deps.signal?.aborted) return this.revert(step, 'cancelled while changing the weights', 'cancelled');
      return this.revert(step, `changing the weights failed: ${errorText(err)}`, 'reverted');
    }
    await this.emit({
      kind: 'weights',
      step,
      weights: target,
      message: `step ${step}/${plan.steps.length}: ${plan.old.setIdentifier} ${target.old} / ${plan.new.setIdentifier} ${target.new}`,
    });
    const bakeStarted = new Date();
    await (deps.sleep ?? systemClock.sleep)(plan.bakeMs, deps.signal);
    if (deps.signal?.aborted) return this.revert(step, 'cancelled during the bake time', 'cancelled');
    const gates = await this.gate(step, percent, bakeStarted);
    if (deps.signal?.aborted) return this.revert(step, 'cancelled during the gate', 'cancelled');
    const failed = gates.filter((g) => !g.ok);
    await this.emit({
      kind: 'gate',
      step,
      gates,
      message: `step ${step} gate at ${percent} %: ${failed.length === 0 ? 'passed' : 'FAILED'}: ${gates.map((g) => `${g.gate}: ${g.summary}`).join('; ') || 'no gates'}`,
    });
    if (failed.length > 0)
      return this.revert(step, failed.map((g) => `${g.gate}: ${g.summary}`).join('; '), 'reverted');
    return undefined;
  }

  /** The step's gate verdicts; a gate that throws counts as a failed gate. */
  private async gate(step: number, percent: number, bakeStarted: Date): Promise<GateResult[]> {
    try {
      return await this.deps.gate({
        index: step,
        percent,
        bakeStarted,
        signal: this.deps.signal ?? new AbortController().signal,
      });
    } catch (err) {
      return [{ gate: 'parity', ok: false, summary: `the gate could not run: ${errorText(err)}` }];
    }
  }

  private async apply(w: { old: number; new: number }, comment: string, signal?: AbortSignal): Promise<void> {
    const { plan, deps } = this;
    await setWeights(
      deps.route53,
      plan.record,
      [
        { setIdentifier: plan.old.setIdentifier, weight: w.old, target: plan.old.target },
        { setIdentifier: plan.new.setIdentifier, weight: w.new, target: plan.new.target },
      ],
      {
        remove: this.pendingRemove,
        comment,
        waitInsync: deps.waitDns ?? true,
        ...(deps.dnsPollMs !== undefined ? { pollMs: deps.dnsPollMs } : {}),
        ...(signal ? { signal } : {}),
      },
    );
    this.pendingRemove = [];
    this.weights = w;
  }

  private async revert(step: number, why: string, status: 'reverted' | 'cancelled'): Promise<ShiftOutcome> {
    const { plan } = this;
    const back = { old: 100, new: 0 };
    try {
      // No signal: a cancelled run must still get its traffic back.
      await this.apply(back, `eks-fargate-deploy cutover revert: ${why}`.slice(0, 256));
    } catch (err) {
      const message = `step ${step}: ${why}; REVERT FAILED: ${errorText(err)} — set the weights by hand: ${plan.old.setIdentifier}=100, ${plan.new.setIdentifier}=0 on ${normaliseName(plan.record.name)} ${plan.record.type} in hosted zone ${plan.record.hostedZoneId}`;
      await this.emit({ kind: 'error', step, message });
      return { status: 'revert-failed', message, weights: this.weights, failedStep: step, events: this.events };
    }
    await this.emit({
      kind: 'revert',
      step,
      weights: back,
      message: `all weight back on the old target (${plan.old.setIdentifier} 100 / ${plan.new.setIdentifier} 0): ${why}`,
    });
    return {
      status,
      message: `${status === 'cancelled' ? 'cancelled' : 'gate failed'} at step ${step} (${plan.steps[step - 1] ?? '?'} %): ${why}; all traffic is back on the old target`,
      weights: back,
      failedStep: step,
      events: this.events,
    };
  }

  private async emit(e: Omit<CutoverEvent, 'at'>): Promise<void> {
    const ev: CutoverEvent = { at: new Date().toISOString(), ...e };
    this.events.push(ev);
    await this.deps.record(ev);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Put all weight back on the old target (`cutover --revert`): one change batch, no gates.
 */
export async function revertTraffic(
  plan: Pick<ShiftPlan, 'record' | 'old' | 'new'>,
  deps: Pick<ShiftDeps, 'route53' | 'record' | 'waitDns' | 'dnsPollMs'>,
): Promise<ShiftOutcome> {
  const inv = await inventory(deps.route53, plan);
  if (inv.others.length > 0)
    throw new CutoverPreconditionError(
      `${normaliseName(plan.record.name)} ${plan.record.type} has other weighted records: ${inv.others.join(', ')}`,
    );
  if (inv.simple)
    throw new CutoverPreconditionError(
      `${normaliseName(plan.record.name)} ${plan.record.type} is a simple record (not weighted): there is no cutover to revert`,
    );
  const back = { old: 100, new: 0 };
  await setWeights(
    deps.route53,
    plan.record,
    [
      { setIdentifier: plan.old.setIdentifier, weight: 100, target: plan.old.target },
      { setIdentifier: plan.new.setIdentifier, weight: 0, target: plan.new.target },
    ],
    {
      comment: 'eks-fargate-deploy cutover --revert',
      waitInsync: deps.waitDns ?? true,
      ...(deps.dnsPollMs !== undefined ? { pollMs: deps.dnsPollMs } : {}),
    },
  );
  const ev: CutoverEvent = {
    at: new Date().toISOString(),
    kind: 'revert',
    weights: back,
    message: `reverted on request: ${plan.old.setIdentifier} 100 / ${plan.new.setIdentifier} 0 (was ${inv.oldWeight ?? 'none'} / ${inv.newWeight ?? 'none'})`,
  };
  await deps.record(ev);
  return { status: 'reverted', message: 'all traffic is on the old target', weights: back, events: [ev] };
}

function describeInventory(inv: RecordInventory, plan: Pick<ShiftPlan, 'old' | 'new'>): string {
  if (inv.simple)
    return `a simple record now (replaced by weighted records ${plan.old.setIdentifier}/${plan.new.setIdentifier} in the first change)`;
  if (inv.oldWeight === undefined && inv.newWeight === undefined) return 'no record yet (created in the first change)';
  return `weights now ${plan.old.setIdentifier} ${inv.oldWeight ?? 'none'} / ${plan.new.setIdentifier} ${inv.newWeight ?? 'none'}`;
}
