import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ACTION_NAMES,
  CASE_STATUSES,
  CLOCK_OF_STATUS,
  HANDLING_STATUSES,
  SPECIAL_PROCEDURE_KINDS,
  TERMINAL_STATUSES,
  TRANSITIONS,
  actionSchema,
  allowedActions,
  applyAction,
  applyClockEffect,
  caseStateProblems,
  clockOf,
  newCase,
  type Action,
  type ActionName,
  type Actor,
  type CaseState,
  type CaseStatus,
  type Transition,
  type WorkflowContext,
  type WorkflowDefinition,
  type WorkflowEvent,
} from './workflow.js';

// ---------------------------------------------------------------- fixtures

const T0 = new Date('2025-03-03T02:00:00.000Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const PROMISED = day(10).toISOString();

const promised: WorkflowDefinition = {
  id: 'food-licence',
  version: 3,
  reviewSteps: [
    { key: 'materials', role: 'reviewer', name: '材料审查' },
    { key: 'site', role: 'reviewer', name: '现场核查' },
  ],
  handlingType: 'promised',
  allowsTolerance: true,
  allowsCommitment: true,
};
const immediate: WorkflowDefinition = {
  id: 'certificate-copy',
  version: 1,
  reviewSteps: [],
  handlingType: 'immediate',
  allowsTolerance: false,
  allowsCommitment: false,
};

const applicant: Actor = { kind: 'applicant', roles: [] };
const clerk: Actor = { kind: 'staff', roles: ['window_clerk'] };
const reviewer: Actor = { kind: 'staff', roles: ['reviewer'] };
const approver: Actor = { kind: 'staff', roles: ['approver'] };
const auditor: Actor = { kind: 'staff', roles: ['auditor'] };
const system: Actor = { kind: 'system', roles: [] };
const ACTORS = [applicant, clerk, reviewer, approver, auditor, system];

const ctx: WorkflowContext = { promisedDeadline: PROMISED };

/** A valid payload of each action. */
const VALID: { [K in ActionName]: Extract<Action, { type: K }> } = {
  submit: { type: 'submit' },
  request_correction: { type: 'request_correction', items: ['营业执照副本不清晰', '缺少场所平面图'] },
  supply_correction: { type: 'supply_correction' },
  accept: { type: 'accept' },
  accept_with_tolerance: {
    type: 'accept_with_tolerance',
    missing: ['健康证明'],
    commitmentSigned: true,
    supplementDeadline: day(5).toISOString(),
  },
  accept_with_commitment: { type: 'accept_with_commitment', commitmentSigned: true },
  supply_missing: { type: 'supply_missing' },
  tolerance_expired: { type: 'tolerance_expired' },
  reject: { type: 'reject', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条第一款第二项' },
  approve_step: { type: 'approve_step', opinion: '材料齐全，符合法定形式' },
  return_step: { type: 'return_step', opinion: '请重新核查' },
  decide: { type: 'decide', outcome: 'granted', reason: '符合条件' },
  complete: { type: 'complete', delivery: 'e_licence' },
  withdraw: { type: 'withdraw', reason: '不再需要' },
  promise_found_false: { type: 'promise_found_false', reason: '核查发现承诺不实' },
  accept_and_decide: { type: 'accept_and_decide', outcome: 'granted', reason: '当场办结' },
  set_green_channel: { type: 'set_green_channel', enabled: true, reason: '重点项目' },
  start_special_procedure: {
    type: 'start_special_procedure',
    procedure: 'hearing',
    reason: '涉及申请人与他人之间重大利益关系，申请人申请听证',
    expectedEndDate: '2025-03-20',
  },
  end_special_procedure: { type: 'end_special_procedure', outcome: '听证笔录：利害关系人无异议' },
  extend_time_limit: {
    type: 'extend_time_limit',
    days: 10,
    reason: '现场核查需补充检测，二十日内不能作出决定',
    legalBasis: '《行政许可法》第四十二条第一款',
  },
};
/** An invalid payload of each action. */
const INVALID: Record<ActionName, { type: string; [k: string]: unknown }> = {
  submit: { type: 'submit', extra: 1 } as never, // extra keys are stripped: still valid
  request_correction: { type: 'request_correction', items: [] },
  supply_correction: { type: 'supply_correction', note: '' },
  accept: { type: 'accept' },
  accept_with_tolerance: { type: 'accept_with_tolerance', missing: ['健康证明'], commitmentSigned: false, supplementDeadline: 'x' },
  accept_with_commitment: { type: 'accept_with_commitment', commitmentSigned: false },
  supply_missing: { type: 'supply_missing', note: 7 },
  tolerance_expired: { type: 'tolerance_expired' },
  reject: { type: 'reject', reason: '不予受理' },
  approve_step: { type: 'approve_step', opinion: '  ' },
  return_step: { type: 'return_step' },
  decide: { type: 'decide', outcome: 'refused', reason: '不符合条件' },
  complete: { type: 'complete', delivery: 'fax' },
  withdraw: { type: 'withdraw', reason: 42 },
  promise_found_false: { type: 'promise_found_false' },
  accept_and_decide: { type: 'accept_and_decide', outcome: 'maybe', reason: 'x' },
  set_green_channel: { type: 'set_green_channel', enabled: 'yes', reason: 'x' },
  start_special_procedure: { type: 'start_special_procedure', procedure: 'lottery', reason: '摇号' },
  end_special_procedure: { type: 'end_special_procedure', outcome: ' ' },
  extend_time_limit: { type: 'extend_time_limit', days: 61, reason: '延长', legalBasis: '某条例' },
};

/** Apply a sequence that must succeed; returns the final state and the events. */
function walk(
  def: WorkflowDefinition,
  steps: [Actor, Action | ActionName, Date?][],
  context: WorkflowContext = ctx,
): { state: CaseState; events: WorkflowEvent[] } {
  let state = newCase(def);
  const events: WorkflowEvent[] = [];
  for (const [actor, a, now] of steps) {
    const action = typeof a === 'string' ? VALID[a] : a;
    const r = applyAction(def, state, action, actor, context, now ?? T0);
    if (!r.ok) throw new Error(`${action.type} failed in ${state.status}: ${JSON.stringify(r)}`);
    expect(caseStateProblems(def, r.state)).toEqual([]);
    state = r.state;
    events.push(r.event);
  }
  return { state, events };
}

// ---------------------------------------------------------------- the table itself

describe('the transition table', () => {
  it('has one row per action, named after it', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTION_NAMES].sort());
    for (const name of ACTION_NAMES) expect(TRANSITIONS[name].action).toBe(name);
  });

  it('keeps every clock effect consistent with the clock of each status and special procedure', () => {
    const open = { procedure: 'hearing' as const, reason: '听证', startedAt: T0.toISOString() };
    let checked = 0;
    for (const row of Object.values(TRANSITIONS) as Transition[]) {
      for (const from of row.from) {
        const to = row.to === 'same' ? from : row.to;
        // in handling, a special procedure may be open or not, as the row's guards allow
        for (const isOpen of HANDLING_STATUSES.includes(from) ? [false, true] : [false]) {
          if (isOpen && row.guards.includes('no_special_procedure')) continue;
          if (!isOpen && row.guards.includes('special_procedure_open')) continue;
          const before = { ...newCase(promised), status: from, ...(isOpen ? { specialProcedure: open } : {}) };
          const recorded = row.record ? (row.record as (a: Action, s: CaseState, at: string) => Partial<CaseState>)(VALID[row.action], before, T0.toISOString()) : {};
          const after = { status: to, specialProcedure: 'specialProcedure' in recorded ? recorded.specialProcedure : before.specialProcedure };
          expect(applyClockEffect(clockOf(before), row.clock), `${row.action} from ${from}${isOpen ? ' (procedure open)' : ''}`).toBe(clockOf(after));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(Object.keys(TRANSITIONS).length);
  });

  it('the clock of a status is CLOCK_OF_STATUS, paused in handling while a special procedure is open', () => {
    const open = { procedure: 'inspection' as const, reason: '检测', startedAt: T0.toISOString() };
    for (const status of CASE_STATUSES) {
      expect(clockOf({ status })).toBe(CLOCK_OF_STATUS[status]);
      expect(clockOf({ status, specialProcedure: open })).toBe(HANDLING_STATUSES.includes(status) ? 'paused' : CLOCK_OF_STATUS[status]);
    }
    expect(CLOCK_OF_STATUS.accepted).toBe('running');
    expect(CLOCK_OF_STATUS.under_review).toBe('running');
  });

  it('leaves no terminal status', () => {
    for (const row of Object.values(TRANSITIONS)) for (const t of TERMINAL_STATUSES) expect(row.from).not.toContain(t);
  });
});

// ---------------------------------------------------------------- the paths

describe('paths end to end', () => {
  it('即办件: accept and decide at the window, then complete', () => {
    const { state, events } = walk(immediate, [
      [applicant, 'submit'],
      [clerk, 'accept_and_decide'],
      [clerk, { type: 'complete', delivery: 'pickup' }],
    ]);
    expect(state).toMatchObject({ status: 'completed', clock: 'stopped', acceptance: 'immediate', version: 3 });
    expect(state.decision).toMatchObject({ outcome: 'granted', at: T0.toISOString() });
    expect(events.map((e) => `${e.from}→${e.to}`)).toEqual(['draft→submitted', 'submitted→decided', 'decided→completed']);
    // not for a 承诺件
    const s = walk(promised, [[applicant, 'submit']]).state;
    expect(applyAction(promised, s, VALID.accept_and_decide, clerk, ctx, T0)).toMatchObject({
      ok: false,
      code: 'guard_failed',
      guard: 'immediate_item',
    });
  });

  it('承诺件 with two review steps: accept → review → review → decide → complete', () => {
    const { state, events } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, 'approve_step', day(1)],
      [reviewer, 'approve_step', day(2)],
      [approver, 'decide', day(3)],
      [clerk, 'complete', day(4)],
    ]);
    expect(state).toMatchObject({ status: 'completed', reviewStepIndex: 2, version: 6, delivery: { method: 'e_licence' } });
    expect(events[2]).toMatchObject({ action: 'approve_step', reviewStep: { index: 0, key: 'materials' }, opinion: '材料齐全，符合法定形式' });
    expect(events[3]).toMatchObject({ reviewStep: { index: 1, key: 'site' }, from: 'under_review', to: 'under_review' });
    expect(events[4]).toMatchObject({ clock: { from: 'running', to: 'stopped', effect: 'stop' }, at: day(3).toISOString() });
  });

  it('承诺件: the decision waits for every step; a step can be returned; roles are checked', () => {
    const { state } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, 'approve_step'],
    ]);
    expect(applyAction(promised, state, VALID.decide, approver, ctx, T0)).toMatchObject({ code: 'guard_failed', guard: 'review_complete' });
    expect(applyAction(promised, state, VALID.approve_step, approver, ctx, T0)).toMatchObject({
      code: 'forbidden',
      allowed: ['set_green_channel', 'start_special_procedure', 'extend_time_limit'],
    });
    const back = applyAction(promised, state, VALID.return_step, reviewer, ctx, T0);
    expect(back).toMatchObject({ ok: true, state: { status: 'under_review', reviewStepIndex: 0 }, event: { reviewStep: { key: 'materials' } } });
    // the approver returns the case to the last step once all are done
    const done = walk(promised, [[applicant, 'submit'], [clerk, 'accept'], [reviewer, 'approve_step'], [reviewer, 'approve_step']]).state;
    expect(allowedActions(promised, done, approver, ctx)).toEqual(['return_step', 'decide', 'set_green_channel', 'start_special_procedure', 'extend_time_limit']);
  });

  it('补正: one complete list, clock paused, supplied back to submitted', () => {
    const { state, events } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'request_correction', day(1)],
    ]);
    expect(state).toMatchObject({ status: 'correction_requested', clock: 'paused' });
    expect(state.pendingCorrection).toEqual({ items: VALID.request_correction.items, requestedAt: day(1).toISOString() });
    expect(events[1]!.clock).toEqual({ from: 'running', to: 'paused', effect: 'pause' });
    expect(allowedActions(promised, state, applicant, ctx)).toEqual(['supply_correction', 'withdraw']);
    const r = applyAction(promised, state, VALID.supply_correction, applicant, ctx, day(3));
    expect(r).toMatchObject({ ok: true, state: { status: 'submitted', clock: 'running', correctionRounds: 1 }, event: { clock: { effect: 'resume' } } });
    if (r.ok) expect(r.state.pendingCorrection).toBeUndefined();
    // an empty list is refused
    const s = walk(promised, [[applicant, 'submit']]).state;
    expect(applyAction(promised, s, INVALID.request_correction, clerk, ctx, T0)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('容缺受理: supplied in time, then decided', () => {
    const { state } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept_with_tolerance'],
      [reviewer, 'approve_step'],
    ]);
    expect(state.tolerance).toEqual({ missing: ['健康证明'], deadline: day(5).toISOString(), supplied: false });
    expect(applyAction(promised, state, VALID.tolerance_expired, system, ctx, day(4))).toMatchObject({ code: 'guard_failed', guard: 'supplement_deadline_passed' });
    const done = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept_with_tolerance'],
      [reviewer, 'approve_step'],
      [reviewer, 'approve_step'],
    ]).state;
    expect(applyAction(promised, done, VALID.decide, approver, ctx, day(2))).toMatchObject({ code: 'guard_failed', guard: 'no_missing_materials' });
    const supplied = applyAction(promised, done, VALID.supply_missing, applicant, ctx, day(4));
    expect(supplied).toMatchObject({ ok: true, state: { status: 'under_review', tolerance: { supplied: true, suppliedAt: day(4).toISOString() } } });
    if (!supplied.ok) return;
    expect(applyAction(promised, supplied.state, VALID.tolerance_expired, system, ctx, day(6))).toMatchObject({ code: 'guard_failed', guard: 'missing_materials_pending' });
    expect(applyAction(promised, supplied.state, VALID.decide, approver, ctx, day(5))).toMatchObject({ ok: true, state: { status: 'decided' } });
  });

  it('容缺受理: deadline passed ⇒ terminated by the scheduler', () => {
    const { state, events } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept_with_tolerance'],
      [system, 'tolerance_expired', day(5)],
    ]);
    expect(state).toMatchObject({ status: 'terminated', clock: 'stopped', termination: { cause: 'tolerance_expired' } });
    expect(events[2]).toMatchObject({ actor: { kind: 'system' }, to: 'terminated' });
    expect(applyAction(promised, state, VALID.supply_missing, applicant, ctx, day(5))).toMatchObject({ code: 'illegal_transition', allowed: [] });
  });

  it('容缺受理: guards — item, blacklist, deadline within the promised limit', () => {
    const s = walk(promised, [[applicant, 'submit']]).state;
    const late = { ...VALID.accept_with_tolerance, supplementDeadline: day(11).toISOString() };
    expect(applyAction(promised, s, late, clerk, ctx, T0)).toMatchObject({ code: 'guard_failed', guard: 'supplement_deadline_within_promise' });
    expect(applyAction(promised, s, VALID.accept_with_tolerance, clerk, {}, T0)).toMatchObject({ guard: 'supplement_deadline_within_promise' });
    expect(applyAction(promised, s, VALID.accept_with_tolerance, clerk, { ...ctx, creditBlacklisted: true }, T0)).toMatchObject({ code: 'guard_failed', guard: 'not_blacklisted' });
    expect(allowedActions(promised, s, clerk, { ...ctx, creditBlacklisted: true })).not.toContain('accept_with_tolerance');
    const noTolerance = { ...promised, allowsTolerance: false };
    expect(applyAction(noTolerance, newCaseSubmitted(noTolerance), VALID.accept_with_tolerance, clerk, ctx, T0)).toMatchObject({ guard: 'tolerance_allowed' });
    expect(applyAction(promised, s, { ...VALID.accept_with_tolerance, commitmentSigned: false } as never, clerk, ctx, T0)).toMatchObject({ code: 'invalid_payload' });
  });

  it('告知承诺制: accepted on commitment; a false promise found ⇒ terminated, the decision revoked', () => {
    const { state } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept_with_commitment'],
      [reviewer, 'approve_step'],
      [reviewer, 'approve_step'],
      [approver, 'decide'],
    ]);
    expect(state.acceptance).toBe('commitment');
    const r = applyAction(promised, state, VALID.promise_found_false, approver, ctx, day(7));
    expect(r).toMatchObject({ ok: true, state: { status: 'terminated', termination: { cause: 'false_promise', revokedDecision: { outcome: 'granted' } } } });
    if (r.ok) {
      expect(r.state.decision).toBeUndefined();
      expect(caseStateProblems(promised, r.state)).toEqual([]);
    }
    // guards: item allows it, not high-risk, good credit; a standard case has no promise to break
    const s = newCaseSubmitted(promised);
    expect(applyAction({ ...promised, highRisk: true }, s, VALID.accept_with_commitment, clerk, ctx, T0)).toMatchObject({ guard: 'not_high_risk' });
    expect(applyAction(promised, s, VALID.accept_with_commitment, clerk, { badCredit: true }, T0)).toMatchObject({ guard: 'good_credit' });
    expect(applyAction({ ...promised, allowsCommitment: false }, s, VALID.accept_with_commitment, clerk, ctx, T0)).toMatchObject({ guard: 'commitment_allowed' });
    const standard = walk(promised, [[applicant, 'submit'], [clerk, 'accept']]).state;
    expect(applyAction(promised, standard, VALID.promise_found_false, approver, ctx, T0)).toMatchObject({ guard: 'accepted_by_commitment' });
  });

  it('不予受理: reason and legal basis required', () => {
    const s = newCaseSubmitted(promised);
    expect(applyAction(promised, s, INVALID.reject, clerk, ctx, T0)).toMatchObject({ code: 'invalid_payload', issues: [{ path: ['legalBasis'] }] });
    const { state } = walk(promised, [[applicant, 'submit'], [clerk, 'reject']]);
    expect(state).toMatchObject({ status: 'rejected', clock: 'stopped', rejection: { reason: VALID.reject.reason, legalBasis: VALID.reject.legalBasis } });
  });

  it('不予 decision needs a legal basis', () => {
    const done = walk(immediate, [[applicant, 'submit']]).state;
    expect(applyAction(immediate, done, { type: 'accept_and_decide', outcome: 'refused', reason: '不符合' }, clerk, ctx, T0)).toMatchObject({ code: 'invalid_payload' });
    const r = applyAction(immediate, done, { type: 'accept_and_decide', outcome: 'refused', reason: '不符合', legalBasis: '某条例第五条' }, clerk, ctx, T0);
    expect(r).toMatchObject({ ok: true, state: { decision: { outcome: 'refused', legalBasis: '某条例第五条' } }, event: { legalBasis: '某条例第五条' } });
  });

  it('撤回: before the decision, not after', () => {
    for (const prefix of [[], [[clerk, 'request_correction']], [[clerk, 'accept']], [[clerk, 'accept'], [reviewer, 'approve_step']]] as [Actor, ActionName][][]) {
      const { state } = walk(promised, [[applicant, 'submit'], ...prefix, [applicant, 'withdraw']]);
      expect(state).toMatchObject({ status: 'withdrawn', clock: 'stopped', withdrawn: { reason: '不再需要' } });
    }
    const decided = walk(immediate, [[applicant, 'submit'], [clerk, 'accept_and_decide']]).state;
    const r = applyAction(immediate, decided, VALID.withdraw, applicant, ctx, T0);
    expect(r).toEqual({ ok: false, code: 'illegal_transition', allowed: [] });
    expect(applyAction(immediate, decided, VALID.withdraw, clerk, ctx, T0)).toEqual({ ok: false, code: 'illegal_transition', allowed: ['complete'] });
  });

  it('绿色通道: a flag, no change of status', () => {
    const { state, events } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [approver, 'set_green_channel'],
    ]);
    expect(state).toMatchObject({ status: 'accepted', greenChannel: true, version: 3 });
    expect(events[2]).toMatchObject({ from: 'accepted', to: 'accepted', reason: '重点项目' });
    expect(applyAction(promised, state, VALID.set_green_channel, clerk, ctx, T0)).toMatchObject({ code: 'guard_failed', guard: 'green_channel_changes' });
  });

  it('特别程序: the clock pauses; no decision and no review step until it ends; then decided', () => {
    const { state, events } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, 'approve_step', day(1)],
      [reviewer, 'approve_step', day(2)],
      [approver, 'start_special_procedure', day(3)],
    ]);
    expect(state).toMatchObject({ status: 'under_review', clock: 'paused', version: 5 });
    expect(state.specialProcedure).toEqual({
      procedure: 'hearing',
      reason: VALID.start_special_procedure.reason,
      startedAt: day(3).toISOString(),
      expectedEndDate: '2025-03-20',
    });
    expect(state.specialProcedures).toBeUndefined();
    expect(events[4]).toMatchObject({ from: 'under_review', to: 'under_review', clock: { from: 'running', to: 'paused', effect: 'pause' }, reason: VALID.start_special_procedure.reason });
    // while open: no decision, no return of a step, no second procedure
    expect(applyAction(promised, state, VALID.decide, approver, ctx, day(4))).toMatchObject({ ok: false, code: 'guard_failed', guard: 'no_special_procedure' });
    expect(applyAction(promised, state, VALID.return_step, approver, ctx, day(4))).toMatchObject({ ok: false, code: 'guard_failed', guard: 'no_special_procedure' });
    expect(applyAction(promised, state, VALID.start_special_procedure, reviewer, ctx, day(4))).toMatchObject({ ok: false, code: 'guard_failed', guard: 'no_special_procedure' });
    expect(allowedActions(promised, state, approver, ctx)).toEqual(['set_green_channel', 'end_special_procedure', 'extend_time_limit']);
    // a reviewer ends it, with the outcome: the clock runs again, the procedure goes to the history
    const ended = applyAction(promised, state, VALID.end_special_procedure, reviewer, ctx, day(8));
    expect(ended).toMatchObject({ ok: true, state: { status: 'under_review', clock: 'running' }, event: { clock: { from: 'paused', to: 'running', effect: 'resume' } } });
    if (!ended.ok) return;
    expect(ended.state.specialProcedure).toBeUndefined();
    expect(ended.state.specialProcedures).toEqual([
      { procedure: 'hearing', reason: VALID.start_special_procedure.reason, startedAt: day(3).toISOString(), endedAt: day(8).toISOString(), outcome: VALID.end_special_procedure.outcome },
    ]);
    expect(caseStateProblems(promised, ended.state)).toEqual([]);
    expect(applyAction(promised, ended.state, VALID.end_special_procedure, reviewer, ctx, day(8))).toMatchObject({ code: 'guard_failed', guard: 'special_procedure_open' });
    const decided = applyAction(promised, ended.state, VALID.decide, approver, ctx, day(9));
    expect(decided).toMatchObject({ ok: true, state: { status: 'decided', clock: 'stopped', specialProcedures: [{ procedure: 'hearing' }] } });
  });

  it('特别程序: review steps wait too; several in turn make a history; no expected end is needed', () => {
    const { state } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, { type: 'start_special_procedure', procedure: 'expert_review', reason: '技术复杂，需专家评审' }, day(1)],
    ]);
    expect(state).toMatchObject({ status: 'accepted', clock: 'paused', specialProcedure: { procedure: 'expert_review', startedAt: day(1).toISOString() } });
    expect(state.specialProcedure).not.toHaveProperty('expectedEndDate');
    expect(applyAction(promised, state, VALID.approve_step, reviewer, ctx, day(2))).toMatchObject({ code: 'guard_failed', guard: 'no_special_procedure' });
    const { state: after } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, { type: 'start_special_procedure', procedure: 'expert_review', reason: '技术复杂，需专家评审' }, day(1)],
      [reviewer, { type: 'end_special_procedure', outcome: '专家评审意见：符合' }, day(2)],
      [reviewer, 'approve_step', day(3)],
      [approver, { type: 'start_special_procedure', procedure: 'inspection', reason: '抽样检验' }, day(4)],
      [approver, { type: 'end_special_procedure', outcome: '检验合格' }, day(5)],
    ]);
    expect(after).toMatchObject({ status: 'under_review', clock: 'running', reviewStepIndex: 1 });
    expect(after.specialProcedures?.map((p) => [p.procedure, p.outcome])).toEqual([
      ['expert_review', '专家评审意见：符合'],
      ['inspection', '检验合格'],
    ]);
  });

  it('特别程序: roles, statuses and payloads', () => {
    const accepted = walk(promised, [[applicant, 'submit'], [clerk, 'accept']]).state;
    for (const actor of [clerk, applicant, auditor, system])
      expect(applyAction(promised, accepted, VALID.start_special_procedure, actor, ctx, T0)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(allowedActions(promised, accepted, clerk, ctx)).not.toContain('start_special_procedure');
    // only in handling: not before acceptance, not after the decision
    expect(applyAction(promised, newCaseSubmitted(promised), VALID.start_special_procedure, approver, ctx, T0)).toMatchObject({ code: 'illegal_transition' });
    const decided = walk(immediate, [[applicant, 'submit'], [clerk, 'accept_and_decide']]).state;
    expect(applyAction(immediate, decided, VALID.start_special_procedure, approver, ctx, T0)).toMatchObject({ code: 'illegal_transition' });
    expect(applyAction(promised, accepted, VALID.end_special_procedure, reviewer, ctx, T0)).toMatchObject({ code: 'guard_failed', guard: 'special_procedure_open' });
    // every kind of 第四十五条 is accepted; others, a blank reason or a date-time as the expected end are not
    for (const procedure of SPECIAL_PROCEDURE_KINDS)
      expect(applyAction(promised, accepted, { ...VALID.start_special_procedure, procedure }, reviewer, ctx, T0)).toMatchObject({ ok: true, state: { specialProcedure: { procedure } } });
    for (const bad of [INVALID.start_special_procedure, { ...VALID.start_special_procedure, reason: ' ' }, { ...VALID.start_special_procedure, expectedEndDate: day(9).toISOString() }])
      expect(applyAction(promised, accepted, bad, reviewer, ctx, T0)).toMatchObject({ ok: false, code: 'invalid_payload' });
    const open = applyAction(promised, accepted, VALID.start_special_procedure, reviewer, ctx, T0);
    if (!open.ok) throw new Error('start');
    expect(applyAction(promised, open.state, INVALID.end_special_procedure, reviewer, ctx, T0)).toMatchObject({ ok: false, code: 'invalid_payload', issues: [{ path: ['outcome'] }] });
    expect(applyAction(promised, open.state, VALID.end_special_procedure, clerk, ctx, T0)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('特别程序: the applicant may still withdraw; 容缺 expiry and a false promise still end the case', () => {
    const open = (acceptAs: ActionName) =>
      walk(promised, [[applicant, 'submit'], [clerk, acceptAs], [reviewer, 'start_special_procedure', day(1)]]).state;
    expect(applyClockEffect('paused', 'stop')).toBe('stopped');
    const withdrawn = applyAction(promised, open('accept'), VALID.withdraw, applicant, ctx, day(2));
    expect(withdrawn).toMatchObject({ ok: true, state: { status: 'withdrawn', clock: 'stopped' }, event: { clock: { from: 'paused', to: 'stopped' } } });
    const expired = applyAction(promised, open('accept_with_tolerance'), VALID.tolerance_expired, system, ctx, day(6));
    expect(expired).toMatchObject({ ok: true, state: { status: 'terminated', clock: 'stopped', termination: { cause: 'tolerance_expired' } } });
    const falsePromise = applyAction(promised, open('accept_with_commitment'), VALID.promise_found_false, approver, ctx, day(2));
    expect(falsePromise).toMatchObject({ ok: true, state: { status: 'terminated', clock: 'stopped', termination: { cause: 'false_promise' } } });
    // the open procedure lapses with the case (like an open 补正 notice); the event log keeps its start
    for (const r of [withdrawn, expired, falsePromise]) {
      if (!r.ok) throw new Error('ended');
      expect(r.state.specialProcedure).toBeUndefined();
      expect(caseStateProblems(promised, r.state)).toEqual([]);
    }
    // supplying the 容缺 materials and the green channel are unaffected
    const supplied = applyAction(promised, open('accept_with_tolerance'), VALID.supply_missing, applicant, ctx, day(2));
    expect(supplied).toMatchObject({ ok: true, state: { clock: 'paused', tolerance: { supplied: true } } });
  });

  it('延长审批期限: approver only, in handling, once per case; the clock keeps running', () => {
    const { state, events } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, 'approve_step'],
      [approver, 'extend_time_limit', day(2)],
    ]);
    expect(state).toMatchObject({ status: 'under_review', clock: 'running', version: 4 });
    expect(state.extension).toEqual({ days: 10, reason: VALID.extend_time_limit.reason, legalBasis: VALID.extend_time_limit.legalBasis, at: day(2).toISOString() });
    expect(events[3]).toMatchObject({ clock: { from: 'running', to: 'running' }, legalBasis: VALID.extend_time_limit.legalBasis });
    expect(events[3]!.clock).not.toHaveProperty('effect');
    // the second one is refused (the server answers 409)
    const again = applyAction(promised, state, { ...VALID.extend_time_limit, days: 5 }, approver, ctx, day(3));
    expect(again).toMatchObject({ ok: false, code: 'guard_failed', guard: 'not_extended' });
    expect(allowedActions(promised, state, approver, ctx)).not.toContain('extend_time_limit');
    // roles: not the reviewer, not the window clerk
    const accepted = walk(promised, [[applicant, 'submit'], [clerk, 'accept']]).state;
    for (const actor of [reviewer, clerk, applicant, system])
      expect(applyAction(promised, accepted, VALID.extend_time_limit, actor, ctx, T0)).toMatchObject({ ok: false, code: 'forbidden' });
    // statuses: not before acceptance
    expect(applyAction(promised, newCaseSubmitted(promised), VALID.extend_time_limit, approver, ctx, T0)).toMatchObject({ code: 'illegal_transition' });
    // payload: whole days 1..60, reason and legal basis required
    for (const days of [0, 61, 2.5, '10'])
      expect(applyAction(promised, accepted, { ...VALID.extend_time_limit, days } as never, approver, ctx, T0)).toMatchObject({ code: 'invalid_payload', issues: [{ path: ['days'] }] });
    expect(applyAction(promised, accepted, { type: 'extend_time_limit', days: 10, reason: '延长' }, approver, ctx, T0)).toMatchObject({ code: 'invalid_payload', issues: [{ path: ['legalBasis'] }] });
    expect(applyAction(promised, accepted, { ...VALID.extend_time_limit, days: 60 }, approver, ctx, T0)).toMatchObject({ ok: true, state: { extension: { days: 60 } } });
    // allowed during a special procedure; kept after the decision
    const { state: done } = walk(promised, [
      [applicant, 'submit'],
      [clerk, 'accept'],
      [reviewer, 'approve_step'],
      [reviewer, 'approve_step'],
      [approver, 'start_special_procedure'],
      [approver, 'extend_time_limit'],
      [approver, 'end_special_procedure'],
      [approver, 'decide'],
      [clerk, 'complete'],
    ]);
    expect(done).toMatchObject({ status: 'completed', extension: { days: 10 }, specialProcedures: [{ procedure: 'hearing' }] });
  });

  it('older states without the new fields keep working', () => {
    const accepted = walk(promised, [[applicant, 'submit'], [clerk, 'accept']]).state;
    expect(accepted).not.toHaveProperty('specialProcedures');
    expect(accepted).not.toHaveProperty('extension');
    expect(caseStateProblems(promised, accepted)).toEqual([]);
    // the invariant: paused iff a procedure is open, in handling
    expect(caseStateProblems(promised, { ...accepted, clock: 'paused' })).toEqual(['clock.status']);
    const open = { procedure: 'hearing' as const, reason: '听证', startedAt: T0.toISOString() };
    expect(caseStateProblems(promised, { ...accepted, specialProcedure: open })).toEqual(['clock.status']);
    expect(caseStateProblems(promised, { ...accepted, specialProcedure: open, clock: 'paused' })).toEqual([]);
    const submitted = newCaseSubmitted(promised);
    expect(caseStateProblems(promised, { ...submitted, specialProcedure: open })).toEqual(['specialProcedure.status']);
    expect(caseStateProblems(promised, { ...submitted, extension: { days: 10, reason: 'x', legalBasis: 'y', at: T0.toISOString() } })).toEqual(['extension.acceptance']);
  });

  it('runs a case only on the definition version it was created with', () => {
    const s = newCaseSubmitted(promised);
    const v4 = { ...promised, version: 4 };
    expect(allowedActions(v4, s, clerk, ctx)).toEqual([]);
    expect(applyAction(v4, s, VALID.accept, clerk, ctx, T0)).toMatchObject({ ok: false, code: 'guard_failed', guard: 'definition_version' });
  });

  it('does not modify the state it is given; same input, same output', () => {
    const s = newCaseSubmitted(promised);
    const copy = structuredClone(s);
    const a = applyAction(promised, s, VALID.accept_with_tolerance, clerk, ctx, T0);
    const b = applyAction(promised, s, VALID.accept_with_tolerance, clerk, ctx, T0);
    expect(s).toEqual(copy);
    expect(a).toEqual(b);
  });

  it('exports a schema that parses every valid action', () => {
    for (const a of Object.values(VALID)) expect(actionSchema.safeParse(a).success).toBe(true);
  });
});

function newCaseSubmitted(def: WorkflowDefinition): CaseState {
  const r = applyAction(def, newCase(def), VALID.submit, applicant, ctx, T0);
  if (!r.ok) throw new Error('submit');
  return r.state;
}

// ---------------------------------------------------------------- exhaustive walk

const DEFS: WorkflowDefinition[] = [
  promised,
  immediate,
  { ...promised, id: 'one-step', reviewSteps: [{ key: 'all', role: 'approver', name: '审查' }] },
  { ...promised, id: 'no-steps', reviewSteps: [] },
];
const NOWS = [T0, day(6)];
const CONTEXTS: WorkflowContext[] = [ctx, { creditBlacklisted: true, badCredit: true }];

/** The state with what makes it differ in behaviour (not version, time or counters). */
const shape = (s: CaseState) =>
  JSON.stringify([
    s.status,
    s.reviewStepIndex,
    s.acceptance,
    s.tolerance?.supplied,
    s.greenChannel,
    s.decision !== undefined,
    s.specialProcedure !== undefined,
    s.extension !== undefined,
  ]);

/** Every reachable state of `def` (by shape), found breadth-first with valid payloads. */
function reachable(def: WorkflowDefinition): CaseState[] {
  const seen = new Map<string, CaseState>();
  const queue = [newCase(def)];
  seen.set(shape(queue[0]!), queue[0]!);
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const name of ACTION_NAMES)
      for (const actor of ACTORS)
        for (const now of NOWS)
          for (const c of CONTEXTS) {
            const action = name === 'set_green_channel' ? { ...VALID[name], enabled: !s.greenChannel } : VALID[name];
            const r = applyAction(def, s, action, actor, c, now);
            if (r.ok && !seen.has(shape(r.state))) {
              seen.set(shape(r.state), r.state);
              queue.push(r.state);
            }
          }
  }
  return [...seen.values()];
}

describe('exhaustive walk', () => {
  const all = DEFS.map((def) => ({ def, states: reachable(def) }));

  it('reaches every status, and every action succeeds somewhere', () => {
    const statuses = new Set(all.flatMap(({ states }) => states.map((s) => s.status)));
    expect([...statuses].sort()).toEqual([...CASE_STATUSES].sort());
    const used = new Set<ActionName>();
    for (const { def, states } of all)
      for (const s of states)
        for (const name of ACTION_NAMES)
          for (const actor of ACTORS)
            for (const now of NOWS) {
              const action = name === 'set_green_channel' ? { ...VALID[name], enabled: !s.greenChannel } : VALID[name];
              if (applyAction(def, s, action, actor, ctx, now).ok) used.add(name);
            }
    expect([...used].sort()).toEqual([...ACTION_NAMES].sort());
  });

  it('every status × action × actor × payload: no throw; a known, consistent status or the allowed list', () => {
    let checked = 0;
    const problems: string[] = [];
    for (const { def, states } of all)
      for (const s of states)
        for (const name of ACTION_NAMES)
          for (const actor of ACTORS)
            for (const c of CONTEXTS)
              for (const now of NOWS)
                for (const action of [VALID[name], INVALID[name]]) {
                  const r = applyAction(def, s, action, actor, c, now);
                  checked++;
                  const where = `${def.id} ${s.status}/${s.reviewStepIndex} ${name} by ${actor.kind}:${actor.roles.join()}`;
                  const allowed = allowedActions(def, s, actor, c);
                  if (r.ok) {
                    const ev = r.event;
                    if (!CASE_STATUSES.includes(r.state.status)) problems.push(`${where}: status ${r.state.status}`);
                    for (const p of caseStateProblems(def, r.state)) problems.push(`${where}: ${p}`);
                    if (r.state.version !== s.version + 1) problems.push(`${where}: version`);
                    if (ev.action !== name || ev.from !== s.status || ev.to !== r.state.status || ev.version !== r.state.version)
                      problems.push(`${where}: event`);
                    if (!allowed.includes(name)) problems.push(`${where}: succeeded but not offered`);
                  } else {
                    if (JSON.stringify(r.allowed) !== JSON.stringify(allowed)) problems.push(`${where}: allowed list`);
                    if (r.code === 'illegal_transition' && TRANSITIONS[name].from.includes(s.status))
                      problems.push(`${where}: illegal but in the table`);
                  }
                }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  }, 60_000); // thousands of cases: seconds on a loaded two-core machine

  it('terminal states allow nothing, to anyone', () => {
    let terminal = 0;
    for (const { def, states } of all)
      for (const s of states.filter((x) => TERMINAL_STATUSES.includes(x.status))) {
        terminal++;
        for (const actor of ACTORS) for (const c of CONTEXTS) expect(allowedActions(def, s, actor, c)).toEqual([]);
      }
    expect(terminal).toBeGreaterThanOrEqual(4);
  });

  it('garbage actions and actors never throw', () => {
    const s = newCaseSubmitted(promised);
    for (const junk of [null, undefined, 1, 'accept', {}, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' }]) {
      expect(applyAction(promised, s, junk as never, clerk, ctx, T0)).toMatchObject({ ok: false, code: 'invalid_payload' });
    }
    expect(applyAction(promised, s, VALID.accept, { kind: 'staff', roles: null } as never, ctx, T0)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(applyAction(promised, s, VALID.accept, clerk, ctx, new Date(Number.NaN))).toMatchObject({ ok: false, code: 'invalid_payload' });
  });
});

// ---------------------------------------------------------------- property: random sequences

const PROGRESS: CaseStatus[] = ['draft', 'submitted', 'correction_requested', 'accepted', 'under_review', 'decided'];

describe('random action sequences (fast-check)', () => {
  it('never reach an invalid state and give exactly one event per successful action', () => {
    const stepArb = fc.record({
      fromAllowed: fc.boolean(),
      pick: fc.nat(),
      actor: fc.constantFrom(...ACTORS),
      valid: fc.boolean(),
      advanceHours: fc.nat({ max: 72 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...DEFS),
        fc.constantFrom<WorkflowContext>(ctx, {}, { creditBlacklisted: true }, { badCredit: true, promisedDeadline: PROMISED }),
        fc.array(stepArb, { maxLength: 40 }),
        (def, c, steps) => {
          let state = newCase(def);
          let now = T0.getTime();
          const events: WorkflowEvent[] = [];
          let successes = 0;
          for (const step of steps) {
            now += step.advanceHours * 3_600_000;
            const offered = allowedActions(def, state, step.actor, c);
            const names = step.fromAllowed && offered.length > 0 ? offered : ACTION_NAMES;
            const name = names[step.pick % names.length]!;
            let action: { type: string; [k: string]: unknown } = step.valid ? VALID[name] : INVALID[name];
            if (name === 'set_green_channel' && step.valid) action = { ...VALID.set_green_channel, enabled: step.pick % 2 === 0 };
            if (name === 'accept_with_tolerance' && step.valid)
              action = { ...VALID.accept_with_tolerance, supplementDeadline: new Date(now + 86_400_000).toISOString() };
            const before = state;
            const r = applyAction(def, state, action, step.actor, c, new Date(now));
            if (r.ok) {
              successes++;
              events.push(r.event);
              expect(r.state.version).toBe(before.version + 1);
              expect(r.event.version).toBe(r.state.version);
              expect(r.event.from).toBe(before.status);
              expect(r.event.to).toBe(r.state.status);
              // no going back past acceptance, except 补正's return to submitted
              if (PROGRESS.includes(r.state.status) && PROGRESS.includes(before.status) && r.state.status !== 'submitted')
                expect(PROGRESS.indexOf(r.state.status)).toBeGreaterThanOrEqual(PROGRESS.indexOf(before.status));
              state = r.state;
            } else {
              expect(r.allowed).toEqual(offered);
              if (r.code === 'illegal_transition' || r.code === 'forbidden') expect(r.allowed).not.toContain(name);
            }
            expect(caseStateProblems(def, state)).toEqual([]);
            expect(TERMINAL_STATUSES.includes(state.status) ? allowedActions(def, state, step.actor, c) : []).toEqual([]);
          }
          // one event per success, versions 1..n in order: none lost, none duplicated
          expect(events).toHaveLength(successes);
          expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
          expect(state.version).toBe(successes);
          // the event log replays to the same status and clock
          if (events.length > 0) {
            expect(events[0]!.from).toBe('draft');
            for (let i = 1; i < events.length; i++) expect(events[i]!.from).toBe(events[i - 1]!.to);
            expect(events.at(-1)!.to).toBe(state.status);
            expect(events.at(-1)!.clock.to).toBe(state.clock);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
