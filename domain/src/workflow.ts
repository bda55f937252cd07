/**
 * The application workflow (DOMAIN.md §3) as data, and the one engine that runs it.
 *
 * Model: egovernments DIGIT (business service → state → action with roles). A `WorkflowDefinition`
 * (one per service item, versioned) supplies the review steps and what the item allows; the
 * `TRANSITIONS` table says, for every action, the statuses it leaves, who may take it, the guards
 * that must hold and its effects (next status, clock effect, review-step move, what it records).
 * `allowedActions` and `applyAction` read the table; nothing else decides a transition.
 *
 * Pure and deterministic: no I/O, no clock of its own (`now` is passed in), never throws on any
 * input. Ownership of the case (is this applicant the case's applicant, is this clerk in the
 * handling organisation) is the server's business; the engine knows only actor kinds and roles.
 */
import { z } from 'zod';
import type { StaffRole } from './identity.js';

// ---------------------------------------------------------------- statuses and clock

export const CASE_STATUSES = [
  'draft',
  'submitted', // 待受理
  'correction_requested', // 补正
  'accepted', // 受理
  'under_review', // 审查
  'decided', // 准予 / 不予
  'completed', // 办结
  'rejected', // 不予受理
  'withdrawn', // 撤回
  'terminated', // 终止
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['rejected', 'completed', 'withdrawn', 'terminated'];

export type ClockState = 'running' | 'paused' | 'stopped';
export type ClockEffect = 'start' | 'pause' | 'resume' | 'stop';

/**
 * The clock every status implies when no special procedure is open. The clock starts on submission
 * (the acceptance time limit runs from then, the promised time limit from acceptance: the server
 * derives both from the events), pauses during 补正 and stops at the decision. In handling
 * (accepted, under_review) an open special procedure (听证、专家评审… 行政许可法第四十五条) pauses it
 * too: `clockOf` is the whole rule, and the engine keeps `state.clock` equal to it.
 */
export const CLOCK_OF_STATUS: Readonly<Record<CaseStatus, ClockState>> = {
  draft: 'stopped',
  submitted: 'running',
  correction_requested: 'paused',
  accepted: 'running',
  under_review: 'running',
  decided: 'stopped',
  completed: 'stopped',
  rejected: 'stopped',
  withdrawn: 'stopped',
  terminated: 'stopped',
};

/** The statuses in which the case is handled after acceptance: special procedures and extensions happen here. */
export const HANDLING_STATUSES: readonly CaseStatus[] = ['accepted', 'under_review'];

/**
 * The clock a case must have: its status's (CLOCK_OF_STATUS), except that in handling an open
 * special procedure pauses it (its time does not count towards the time limits, 第四十五条).
 */
export function clockOf(s: Pick<CaseState, 'status' | 'specialProcedure'>): ClockState {
  if (s.specialProcedure !== undefined && HANDLING_STATUSES.includes(s.status)) return 'paused';
  return CLOCK_OF_STATUS[s.status];
}

/** The clock after `effect`; `undefined` when the effect does not apply to `clock`. */
export function applyClockEffect(clock: ClockState, effect: ClockEffect | undefined): ClockState | undefined {
  if (effect === undefined) return clock;
  switch (effect) {
    case 'start':
      return clock === 'stopped' ? 'running' : undefined;
    case 'pause':
      return clock === 'running' ? 'paused' : undefined;
    case 'resume':
      return clock === 'paused' ? 'running' : undefined;
    case 'stop':
      return 'stopped';
  }
}

// ---------------------------------------------------------------- definition, case, actor, context

export interface ReviewStep {
  key: string;
  role: StaffRole;
  name: string;
}

/** The workflow of one service item, versioned: a case runs on the version it was created with. */
export interface WorkflowDefinition {
  id: string;
  version: number;
  /** 审查 steps, in order; may be empty (the approver decides right after acceptance) */
  reviewSteps: ReviewStep[];
  /** 即办件 (HANDLING_TYPES '1') → 'immediate'; 承诺件 ('2') → 'promised' */
  handlingType: 'immediate' | 'promised';
  /** 容缺受理 allowed for this item */
  allowsTolerance: boolean;
  /** 告知承诺制 allowed for this item */
  allowsCommitment: boolean;
  /** a high-risk matter (security, public safety, health, environment): 告知承诺 excluded */
  highRisk?: boolean;
}

export type AcceptanceMode = 'standard' | 'tolerance' | 'commitment' | 'immediate';

/**
 * Special procedures (特别程序) of 行政许可法第四十五条: the time they take is not counted in the
 * time limits of the decision (the clock pauses while one is open). One may be open at a time.
 */
export const SPECIAL_PROCEDURE_KINDS = [
  'hearing', // 听证 (行政许可法第四十六条、第四十七条)
  'tender', // 招标
  'auction', // 拍卖
  'inspection', // 检验、检测、检疫
  'appraisal', // 鉴定
  'expert_review', // 专家评审
  'public_notice', // 公示 (required by some laws and local rules before a decision)
] as const;
/** (`SpecialProcedure` in codes.ts is the item's catalogue code, 1 延长审批 / 2 其他.) */
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURE_KINDS)[number];

/** An open special procedure; `expectedEndDate` is a calendar date (YYYY-MM-DD), for information. */
export interface OpenSpecialProcedure {
  procedure: SpecialProcedureKind;
  reason: string;
  startedAt: string;
  expectedEndDate?: string;
}
/** A special procedure that has ended, with its result (the hearing's record, the experts' opinion …). */
export interface ClosedSpecialProcedure {
  procedure: SpecialProcedureKind;
  reason: string;
  startedAt: string;
  endedAt: string;
  outcome: string;
}

/** 延长审批期限 (行政许可法第四十二条): approved by the head of the organ, once per case. */
export interface TimeLimitExtension {
  /** working days added to the promised and statutory time limits (the law's usual figure is 10) */
  days: number;
  reason: string;
  legalBasis: string;
  at: string;
}

export interface Decision {
  outcome: 'granted' | 'refused';
  reason: string;
  legalBasis?: string;
  at: string;
}

/** The state of one case (办件). Timestamps are ISO-8601 UTC strings. */
export interface CaseState {
  definitionId: string;
  definitionVersion: number;
  status: CaseStatus;
  clock: ClockState;
  /** index of the pending review step; `reviewSteps.length` when all are approved */
  reviewStepIndex: number;
  /** how the case was accepted (set on acceptance) */
  acceptance?: AcceptanceMode;
  /** the open 补正 notice: one complete list (一次性告知); present iff status is correction_requested */
  pendingCorrection?: { items: string[]; requestedAt: string };
  /** 补正 rounds completed */
  correctionRounds: number;
  /** 容缺受理: the missing secondary materials and their supplement deadline */
  tolerance?: { missing: string[]; deadline: string; supplied: boolean; suppliedAt?: string };
  /** present iff status is decided or completed */
  decision?: Decision;
  /** present iff status is completed */
  delivery?: { method: DeliveryMethod; at: string };
  /** present iff status is rejected (不予受理) */
  rejection?: { reason: string; legalBasis: string; at: string };
  /** present iff status is withdrawn (撤回) */
  withdrawn?: { reason?: string; at: string };
  /** present iff status is terminated (终止) */
  termination?: { cause: 'tolerance_expired' | 'false_promise'; reason?: string; at: string; revokedDecision?: Decision };
  /** the open special procedure (特别程序); only in accepted / under_review, and the clock is paused iff present */
  specialProcedure?: OpenSpecialProcedure;
  /** the special procedures ended, oldest first; absent on cases that never had one (read as []) */
  specialProcedures?: ClosedSpecialProcedure[];
  /** 延长审批期限: at most one per case; kept after the decision (the server moves the deadlines by it) */
  extension?: TimeLimitExtension;
  /** 绿色通道: handled with priority; no change of status */
  greenChannel: boolean;
  /** incremented by exactly one on every successful action (optimistic locking on the server) */
  version: number;
}

export interface Actor {
  kind: 'applicant' | 'staff' | 'system';
  /** staff roles held in the handling organisation; empty for applicants and the system */
  roles: StaffRole[];
}

/** Facts from outside the case, looked up by the server before calling the engine. */
export interface WorkflowContext {
  /** the applicant is on a credit blacklist (失信联合惩戒): 容缺 and 告知承诺 excluded */
  creditBlacklisted?: boolean;
  /** the applicant has a bad credit record: 告知承诺 excluded */
  badCredit?: boolean;
  /** the promised time limit's end (ISO, computed with the working-day calendar); 容缺 deadlines may not exceed it */
  promisedDeadline?: string;
}

/** A new case, in draft, pinned to the definition's version. */
export function newCase(def: WorkflowDefinition): CaseState {
  return {
    definitionId: def.id,
    definitionVersion: def.version,
    status: 'draft',
    clock: 'stopped',
    reviewStepIndex: 0,
    correctionRounds: 0,
    greenChannel: false,
    version: 0,
  };
}

// ---------------------------------------------------------------- actions (zod: the server uses them at the edge)

const text = z.string().trim().min(1).max(2000);
const itemList = z.array(z.string().trim().min(1).max(500)).min(1).max(200);
export const DELIVERY_METHODS = ['e_licence', 'post', 'pickup'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** The longest 延长审批期限 accepted, in working days (第四十二条: 10; other laws may allow more). */
export const MAX_EXTENSION_DAYS = 60;

const decisionFields = {
  outcome: z.enum(['granted', 'refused']),
  reason: text,
  legalBasis: text.optional(),
};
/** A refusal (不予) must cite its legal basis. */
const refusalHasBasis = (d: { outcome: string; legalBasis?: string | undefined }) =>
  d.outcome !== 'refused' || d.legalBasis !== undefined;
const refusalIssue = { message: 'workflow.decision.legalBasisRequired', path: ['legalBasis'] };

export const actionSchemas = {
  submit: z.object({ type: z.literal('submit') }),
  request_correction: z.object({ type: z.literal('request_correction'), items: itemList, note: text.optional() }),
  supply_correction: z.object({ type: z.literal('supply_correction'), note: text.optional() }),
  accept: z.object({ type: z.literal('accept') }),
  accept_with_tolerance: z.object({
    type: z.literal('accept_with_tolerance'),
    missing: itemList,
    commitmentSigned: z.literal(true),
    supplementDeadline: z.iso.datetime({ offset: true }),
  }),
  accept_with_commitment: z.object({ type: z.literal('accept_with_commitment'), commitmentSigned: z.literal(true) }),
  supply_missing: z.object({ type: z.literal('supply_missing'), note: text.optional() }),
  tolerance_expired: z.object({ type: z.literal('tolerance_expired') }),
  reject: z.object({ type: z.literal('reject'), reason: text, legalBasis: text }),
  approve_step: z.object({ type: z.literal('approve_step'), opinion: text }),
  return_step: z.object({ type: z.literal('return_step'), opinion: text }),
  decide: z.object({ type: z.literal('decide'), ...decisionFields }).refine(refusalHasBasis, refusalIssue),
  complete: z.object({ type: z.literal('complete'), delivery: z.enum(DELIVERY_METHODS) }),
  withdraw: z.object({ type: z.literal('withdraw'), reason: text.optional() }),
  promise_found_false: z.object({ type: z.literal('promise_found_false'), reason: text, legalBasis: text.optional() }),
  accept_and_decide: z
    .object({ type: z.literal('accept_and_decide'), ...decisionFields })
    .refine(refusalHasBasis, refusalIssue),
  set_green_channel: z.object({ type: z.literal('set_green_channel'), enabled: z.boolean(), reason: text }),
  start_special_procedure: z.object({
    type: z.literal('start_special_procedure'),
    procedure: z.enum(SPECIAL_PROCEDURE_KINDS),
    reason: text,
    /** the expected end, a calendar date (YYYY-MM-DD) in the node's time zone */
    expectedEndDate: z.iso.date().optional(),
  }),
  end_special_procedure: z.object({ type: z.literal('end_special_procedure'), outcome: text }),
  extend_time_limit: z.object({
    type: z.literal('extend_time_limit'),
    /** working days; 第四十二条 allows 10, other laws may allow more: up to 60 */
    days: z.number().int().min(1).max(MAX_EXTENSION_DAYS),
    reason: text,
    legalBasis: text,
  }),
} as const;

export type ActionName = keyof typeof actionSchemas;
export const ACTION_NAMES = Object.keys(actionSchemas) as ActionName[];
export type Action = { [K in ActionName]: z.infer<(typeof actionSchemas)[K]> }[ActionName];
export type ActionOf<K extends ActionName> = Extract<Action, { type: K }>;

/** Any action, parsed by its `type`. */
export const actionSchema = z.union(Object.values(actionSchemas) as unknown as [z.ZodType<Action>, ...z.ZodType<Action>[]]);

// ---------------------------------------------------------------- guards

/** What a guard sees. `action` and `now` are there only when applying (not when listing). */
interface GuardInput {
  def: WorkflowDefinition;
  state: CaseState;
  ctx: WorkflowContext;
}
interface CheckInput<K extends ActionName = ActionName> extends GuardInput {
  action: ActionOf<K>;
  now: Date;
}

/** Guards on the definition, the case and the context: they decide which actions are offered. */
export const GUARDS = {
  immediate_item: ({ def }: GuardInput) => def.handlingType === 'immediate',
  tolerance_allowed: ({ def }: GuardInput) => def.allowsTolerance,
  commitment_allowed: ({ def }: GuardInput) => def.allowsCommitment,
  not_high_risk: ({ def }: GuardInput) => def.highRisk !== true,
  not_blacklisted: ({ ctx }: GuardInput) => ctx.creditBlacklisted !== true,
  good_credit: ({ ctx }: GuardInput) => ctx.creditBlacklisted !== true && ctx.badCredit !== true,
  review_step_pending: ({ def, state }: GuardInput) => state.reviewStepIndex < def.reviewSteps.length,
  has_previous_step: ({ state }: GuardInput) => state.reviewStepIndex > 0,
  review_complete: ({ def, state }: GuardInput) => state.reviewStepIndex >= def.reviewSteps.length,
  no_missing_materials: ({ state }: GuardInput) => state.tolerance === undefined || state.tolerance.supplied,
  missing_materials_pending: ({ state }: GuardInput) => state.tolerance !== undefined && !state.tolerance.supplied,
  accepted_by_commitment: ({ state }: GuardInput) => state.acceptance === 'commitment',
  /** 特别程序: none open (while one is, the case is not decided and the review steps do not move) */
  no_special_procedure: ({ state }: GuardInput) => state.specialProcedure === undefined,
  special_procedure_open: ({ state }: GuardInput) => state.specialProcedure !== undefined,
  /** 延长审批期限: only once per case */
  not_extended: ({ state }: GuardInput) => state.extension === undefined,
} as const;
export type GuardName = keyof typeof GUARDS;

/** Checks that need the payload or the time: applied by `applyAction` only. */
export const CHECKS = {
  /** 容缺: the supplement deadline lies after now and not after the promised time limit */
  supplement_deadline_within_promise: ({ action, ctx, now }: CheckInput) => {
    if (action.type !== 'accept_with_tolerance' || ctx.promisedDeadline === undefined) return false;
    const deadline = Date.parse(action.supplementDeadline);
    const promised = Date.parse(ctx.promisedDeadline);
    return Number.isFinite(promised) && deadline > now.getTime() && deadline <= promised;
  },
  /** 容缺: the supplement deadline has passed */
  supplement_deadline_passed: ({ state, now }: CheckInput) =>
    state.tolerance !== undefined && now.getTime() >= Date.parse(state.tolerance.deadline),
  /** 绿色通道: the flag actually changes */
  green_channel_changes: ({ action, state }: CheckInput) =>
    action.type === 'set_green_channel' && action.enabled !== state.greenChannel,
} as const;
export type CheckName = keyof typeof CHECKS;

// ---------------------------------------------------------------- the transition table

/** Who may take an action: the applicant, the system (scheduler), staff with one of the roles,
 *  or staff with the role of the pending review step (the approver once all steps are done). */
export type ActorRule =
  | { kind: 'applicant' }
  | { kind: 'system' }
  | { kind: 'staff'; roles: readonly StaffRole[] }
  | { kind: 'staff'; roles: 'current_step' };

export interface Transition<K extends ActionName = ActionName> {
  action: K;
  from: readonly CaseStatus[];
  actor: ActorRule;
  guards: readonly GuardName[];
  checks: readonly CheckName[];
  /** next status; 'same' keeps it */
  to: CaseStatus | 'same';
  clock?: ClockEffect;
  reviewStep?: 'advance' | 'back';
  /** what the action records on the case (pure; the engine sets status, clock, step and version) */
  record?: (action: ActionOf<K>, state: CaseState, at: string) => Partial<CaseState>;
}

const OPEN_BEFORE_DECISION: readonly CaseStatus[] = [
  'draft',
  'submitted',
  'correction_requested',
  'accepted',
  'under_review',
];
const IN_HANDLING = HANDLING_STATUSES;
const CLERK: readonly StaffRole[] = ['window_clerk'];
const APPROVER: readonly StaffRole[] = ['approver'];
const REVIEWER_OR_APPROVER: readonly StaffRole[] = ['reviewer', 'approver'];

type Table = { [K in ActionName]: Transition<K> };

/** The application workflow. One row per action. */
export const TRANSITIONS: Table = {
  submit: { action: 'submit', from: ['draft'], actor: { kind: 'applicant' }, guards: [], checks: [], to: 'submitted', clock: 'start' },
  request_correction: {
    action: 'request_correction',
    from: ['submitted'],
    actor: { kind: 'staff', roles: CLERK },
    guards: [],
    checks: [],
    to: 'correction_requested',
    clock: 'pause',
    record: (a, _s, at) => ({ pendingCorrection: { items: a.items, requestedAt: at } }),
  },
  supply_correction: {
    action: 'supply_correction',
    from: ['correction_requested'],
    actor: { kind: 'applicant' },
    guards: [],
    checks: [],
    to: 'submitted',
    clock: 'resume',
    record: (_a, s) => ({ pendingCorrection: undefined, correctionRounds: s.correctionRounds + 1 }),
  },
  accept: {
    action: 'accept',
    from: ['submitted'],
    actor: { kind: 'staff', roles: CLERK },
    guards: [],
    checks: [],
    to: 'accepted',
    record: () => ({ acceptance: 'standard' }),
  },
  accept_with_tolerance: {
    action: 'accept_with_tolerance',
    from: ['submitted'],
    actor: { kind: 'staff', roles: CLERK },
    guards: ['tolerance_allowed', 'not_blacklisted'],
    checks: ['supplement_deadline_within_promise'],
    to: 'accepted',
    record: (a) => ({
      acceptance: 'tolerance',
      tolerance: { missing: a.missing, deadline: new Date(a.supplementDeadline).toISOString(), supplied: false },
    }),
  },
  accept_with_commitment: {
    action: 'accept_with_commitment',
    from: ['submitted'],
    actor: { kind: 'staff', roles: CLERK },
    guards: ['commitment_allowed', 'not_high_risk', 'good_credit'],
    checks: [],
    to: 'accepted',
    record: () => ({ acceptance: 'commitment' }),
  },
  supply_missing: {
    action: 'supply_missing',
    from: IN_HANDLING,
    actor: { kind: 'applicant' },
    guards: ['missing_materials_pending'],
    checks: [],
    to: 'same',
    record: (_a, s, at) => (s.tolerance ? { tolerance: { ...s.tolerance, supplied: true, suppliedAt: at } } : {}),
  },
  tolerance_expired: {
    action: 'tolerance_expired',
    from: IN_HANDLING,
    actor: { kind: 'system' },
    guards: ['missing_materials_pending'],
    checks: ['supplement_deadline_passed'],
    to: 'terminated',
    clock: 'stop',
    record: (_a, _s, at) => ({ specialProcedure: undefined, termination: { cause: 'tolerance_expired', at } }),
  },
  reject: {
    action: 'reject',
    from: ['submitted', 'correction_requested'],
    actor: { kind: 'staff', roles: CLERK },
    guards: [],
    checks: [],
    to: 'rejected',
    clock: 'stop',
    record: (a, _s, at) => ({ pendingCorrection: undefined, rejection: { reason: a.reason, legalBasis: a.legalBasis, at } }),
  },
  approve_step: {
    action: 'approve_step',
    from: IN_HANDLING,
    actor: { kind: 'staff', roles: 'current_step' },
    guards: ['review_step_pending', 'no_special_procedure'],
    checks: [],
    to: 'under_review',
    reviewStep: 'advance',
  },
  return_step: {
    action: 'return_step',
    from: ['under_review'],
    actor: { kind: 'staff', roles: 'current_step' },
    guards: ['has_previous_step', 'no_special_procedure'],
    checks: [],
    to: 'under_review',
    reviewStep: 'back',
  },
  decide: {
    action: 'decide',
    from: IN_HANDLING,
    actor: { kind: 'staff', roles: APPROVER },
    guards: ['review_complete', 'no_missing_materials', 'no_special_procedure'],
    checks: [],
    to: 'decided',
    clock: 'stop',
    record: (a, _s, at) => ({ decision: decisionOf(a, at) }),
  },
  complete: {
    action: 'complete',
    from: ['decided'],
    actor: { kind: 'staff', roles: CLERK },
    guards: [],
    checks: [],
    to: 'completed',
    record: (a, _s, at) => ({ delivery: { method: a.delivery, at } }),
  },
  withdraw: {
    action: 'withdraw',
    from: OPEN_BEFORE_DECISION,
    actor: { kind: 'applicant' },
    guards: [],
    checks: [],
    to: 'withdrawn',
    clock: 'stop',
    // an open 补正 notice or special procedure lapses with the case (the event log keeps its start)
    record: (a, _s, at) => ({
      pendingCorrection: undefined,
      specialProcedure: undefined,
      withdrawn: a.reason === undefined ? { at } : { reason: a.reason, at },
    }),
  },
  promise_found_false: {
    action: 'promise_found_false',
    from: ['accepted', 'under_review', 'decided'],
    actor: { kind: 'staff', roles: APPROVER },
    guards: ['accepted_by_commitment'],
    checks: [],
    to: 'terminated',
    clock: 'stop',
    record: (a, s, at) => ({
      decision: undefined,
      specialProcedure: undefined,
      termination: {
        cause: 'false_promise',
        reason: a.reason,
        at,
        ...(s.decision ? { revokedDecision: s.decision } : {}),
      },
    }),
  },
  accept_and_decide: {
    action: 'accept_and_decide',
    from: ['submitted'],
    actor: { kind: 'staff', roles: CLERK },
    guards: ['immediate_item'],
    checks: [],
    to: 'decided',
    clock: 'stop',
    record: (a, _s, at) => ({ acceptance: 'immediate', decision: decisionOf(a, at) }),
  },
  set_green_channel: {
    action: 'set_green_channel',
    from: ['submitted', 'correction_requested', 'accepted', 'under_review'],
    actor: { kind: 'staff', roles: ['window_clerk', 'approver'] },
    guards: [],
    checks: ['green_channel_changes'],
    to: 'same',
    record: (a) => ({ greenChannel: a.enabled }),
  },
  // 特别程序 (行政许可法第四十五条): 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 (and 公示): the
  // time taken is not counted in the time limits, so the clock pauses from start to end. While one is
  // open the review steps do not move and the case is not decided; the applicant may still withdraw,
  // and the scheduler's 容缺 termination and a false promise (告知承诺) still end the case.
  start_special_procedure: {
    action: 'start_special_procedure',
    from: IN_HANDLING,
    actor: { kind: 'staff', roles: REVIEWER_OR_APPROVER },
    guards: ['no_special_procedure'],
    checks: [],
    to: 'same',
    clock: 'pause',
    record: (a, _s, at) => ({
      specialProcedure:
        a.expectedEndDate === undefined
          ? { procedure: a.procedure, reason: a.reason, startedAt: at }
          : { procedure: a.procedure, reason: a.reason, startedAt: at, expectedEndDate: a.expectedEndDate },
    }),
  },
  end_special_procedure: {
    action: 'end_special_procedure',
    from: IN_HANDLING,
    actor: { kind: 'staff', roles: REVIEWER_OR_APPROVER },
    guards: ['special_procedure_open'],
    checks: [],
    to: 'same',
    clock: 'resume',
    record: (a, s, at) =>
      s.specialProcedure
        ? {
            specialProcedure: undefined,
            specialProcedures: [
              ...(s.specialProcedures ?? []),
              {
                procedure: s.specialProcedure.procedure,
                reason: s.specialProcedure.reason,
                startedAt: s.specialProcedure.startedAt,
                endedAt: at,
                outcome: a.outcome,
              },
            ],
          }
        : {},
  },
  // 延长审批期限 (第四十二条): 二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将
  // 延长期限的理由告知申请人. Once per case, by the approver (the organ's head or their delegate); the
  // clock keeps running: the server adds `days` working days to the promised and statutory deadlines.
  extend_time_limit: {
    action: 'extend_time_limit',
    from: IN_HANDLING,
    actor: { kind: 'staff', roles: APPROVER },
    guards: ['not_extended'],
    checks: [],
    to: 'same',
    record: (a, _s, at) => ({ extension: { days: a.days, reason: a.reason, legalBasis: a.legalBasis, at } }),
  },
};

function decisionOf(a: ActionOf<'decide'> | ActionOf<'accept_and_decide'>, at: string): Decision {
  return a.legalBasis === undefined
    ? { outcome: a.outcome, reason: a.reason, at }
    : { outcome: a.outcome, reason: a.reason, legalBasis: a.legalBasis, at };
}

// ---------------------------------------------------------------- the engine

/** The record of one transition, stored by the server in the same transaction as the new state. */
export interface WorkflowEvent {
  action: ActionName;
  from: CaseStatus;
  to: CaseStatus;
  actor: Actor;
  /** ISO-8601 UTC */
  at: string;
  /** the case version after the action */
  version: number;
  clock: { from: ClockState; to: ClockState; effect?: ClockEffect };
  /** the review step approved or returned to */
  reviewStep?: { index: number; key: string };
  opinion?: string;
  reason?: string;
  legalBasis?: string;
  /** the validated action */
  payload: Action;
}

export type FailureCode = 'illegal_transition' | 'forbidden' | 'guard_failed' | 'invalid_payload';
export type ApplyResult =
  | { ok: true; state: CaseState; event: WorkflowEvent }
  | {
      ok: false;
      code: FailureCode;
      /** what this actor may do now (equal to `allowedActions`) */
      allowed: ActionName[];
      guard?: GuardName | CheckName | 'definition_version';
      /** zod issues of an invalid payload */
      issues?: { path: (string | number)[]; message: string }[];
    };

/** The roles allowed by a rule on this case (for 'current_step': the pending step's, else the approver). */
export function rolesFor(rule: ActorRule, def: WorkflowDefinition, state: CaseState): readonly StaffRole[] {
  if (rule.kind !== 'staff') return [];
  if (rule.roles !== 'current_step') return rule.roles;
  const step = def.reviewSteps[state.reviewStepIndex];
  return step ? [step.role] : APPROVER;
}

function actorMatches(rule: ActorRule, actor: Actor, def: WorkflowDefinition, state: CaseState): boolean {
  if (actor.kind !== rule.kind) return false;
  if (rule.kind !== 'staff') return true;
  const roles = rolesFor(rule, def, state);
  return Array.isArray(actor.roles) && actor.roles.some((r) => roles.includes(r));
}

const pinned = (def: WorkflowDefinition, state: CaseState) =>
  def.id === state.definitionId && def.version === state.definitionVersion;

function firstFailingGuard(row: Transition, input: GuardInput): GuardName | undefined {
  return row.guards.find((g) => !GUARDS[g](input));
}

/** The actions `actor` may take on the case now (payload and time checks aside), in table order. */
export function allowedActions(
  def: WorkflowDefinition,
  state: CaseState,
  actor: Actor,
  ctx: WorkflowContext = {},
): ActionName[] {
  if (!pinned(def, state)) return [];
  return ACTION_NAMES.filter((name) => {
    const row = TRANSITIONS[name] as Transition;
    return (
      row.from.includes(state.status) &&
      actorMatches(row.actor, actor, def, state) &&
      firstFailingGuard(row, { def, state, ctx }) === undefined
    );
  });
}

const isActionName = (v: unknown): v is ActionName => typeof v === 'string' && Object.hasOwn(actionSchemas, v);

/**
 * Apply `action` by `actor` at `now`. Checks, in order: the action exists for the case's status
 * (illegal_transition), the actor may take it (forbidden), the payload (invalid_payload), the guards
 * and then the payload/time checks (guard_failed). Never throws; the input state is not modified.
 */
export function applyAction(
  def: WorkflowDefinition,
  state: CaseState,
  action: Action | { type: string; [key: string]: unknown },
  actor: Actor,
  ctx: WorkflowContext = {},
  now: Date,
): ApplyResult {
  const allowed = () => allowedActions(def, state, actor, ctx);
  const type: unknown = (action as { type?: unknown } | null)?.type;
  if (!isActionName(type)) {
    return { ok: false, code: 'invalid_payload', allowed: allowed(), issues: [{ path: ['type'], message: 'workflow.action.unknown' }] };
  }
  const row = TRANSITIONS[type] as Transition;
  if (!row.from.includes(state.status)) return { ok: false, code: 'illegal_transition', allowed: allowed() };
  if (!actorMatches(row.actor, actor, def, state)) return { ok: false, code: 'forbidden', allowed: allowed() };
  if (!pinned(def, state)) return { ok: false, code: 'guard_failed', allowed: [], guard: 'definition_version' };

  const parsed = actionSchemas[type].safeParse(action);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'invalid_payload',
      allowed: allowed(),
      issues: parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    };
  }
  const payload = parsed.data as Action;
  if (!Number.isFinite(now.getTime())) {
    return { ok: false, code: 'invalid_payload', allowed: allowed(), issues: [{ path: ['now'], message: 'workflow.now.invalid' }] };
  }
  const failedGuard = firstFailingGuard(row, { def, state, ctx });
  if (failedGuard) return { ok: false, code: 'guard_failed', allowed: allowed(), guard: failedGuard };
  const failedCheck = row.checks.find((c) => !CHECKS[c]({ def, state, ctx, action: payload, now }));
  if (failedCheck) return { ok: false, code: 'guard_failed', allowed: allowed(), guard: failedCheck };

  const to = row.to === 'same' ? state.status : row.to;
  const at = now.toISOString();
  const recorded = row.record ? (row.record as (a: Action, s: CaseState, at: string) => Partial<CaseState>)(payload, state, at) : {};
  const clock = applyClockEffect(state.clock, row.clock);
  const specialProcedure = 'specialProcedure' in recorded ? recorded.specialProcedure : state.specialProcedure;
  if (clock === undefined || clock !== clockOf({ status: to, specialProcedure })) {
    // A table inconsistent with `clockOf`; the table test rules it out.
    return { ok: false, code: 'illegal_transition', allowed: allowed() };
  }
  let reviewStepIndex = state.reviewStepIndex;
  let reviewStep: WorkflowEvent['reviewStep'];
  if (row.reviewStep === 'advance') {
    reviewStep = { index: reviewStepIndex, key: def.reviewSteps[reviewStepIndex]?.key ?? '' };
    reviewStepIndex += 1;
  } else if (row.reviewStep === 'back') {
    reviewStepIndex -= 1;
    reviewStep = { index: reviewStepIndex, key: def.reviewSteps[reviewStepIndex]?.key ?? '' };
  }
  const next: CaseState = dropUndefined({
    ...state,
    ...recorded,
    status: to,
    clock,
    reviewStepIndex,
    version: state.version + 1,
  });
  const p = payload as { opinion?: string; reason?: string; legalBasis?: string };
  const event: WorkflowEvent = dropUndefined({
    action: type,
    from: state.status,
    to,
    actor: { kind: actor.kind, roles: [...actor.roles] },
    at,
    version: next.version,
    clock: row.clock ? { from: state.clock, to: clock, effect: row.clock } : { from: state.clock, to: clock },
    reviewStep,
    opinion: p.opinion,
    reason: p.reason,
    legalBasis: p.legalBasis,
    payload,
  });
  return { ok: true, state: next, event };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------- invariants

/** Why a case state is inconsistent with its definition, or [] (used by tests and the server's repair checks). */
export function caseStateProblems(def: WorkflowDefinition, s: CaseState): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  expect((CASE_STATUSES as readonly string[]).includes(s.status), 'status.unknown');
  expect(s.clock === clockOf(s), 'clock.status');
  expect(Number.isInteger(s.version) && s.version >= 0, 'version');
  expect(
    Number.isInteger(s.reviewStepIndex) && s.reviewStepIndex >= 0 && s.reviewStepIndex <= def.reviewSteps.length,
    'reviewStepIndex.range',
  );
  expect(s.status !== 'accepted' || s.reviewStepIndex === 0, 'reviewStepIndex.accepted');
  const decidedOrCompleted = s.status === 'decided' || s.status === 'completed';
  expect((s.decision !== undefined) === decidedOrCompleted, 'decision.status');
  expect((s.pendingCorrection !== undefined) === (s.status === 'correction_requested'), 'pendingCorrection.status');
  expect(s.pendingCorrection === undefined || s.pendingCorrection.items.length > 0, 'pendingCorrection.items');
  expect((s.delivery !== undefined) === (s.status === 'completed'), 'delivery.status');
  expect((s.rejection !== undefined) === (s.status === 'rejected'), 'rejection.status');
  expect((s.withdrawn !== undefined) === (s.status === 'withdrawn'), 'withdrawn.status');
  expect((s.termination !== undefined) === (s.status === 'terminated'), 'termination.status');
  const accepted = ['accepted', 'under_review', 'decided', 'completed'].includes(s.status);
  expect(!accepted || s.acceptance !== undefined, 'acceptance.missing');
  expect((s.tolerance !== undefined) === (s.acceptance === 'tolerance'), 'tolerance.acceptance');
  expect(s.tolerance === undefined || s.tolerance.missing.length > 0, 'tolerance.missing');
  expect(!decidedOrCompleted || s.tolerance === undefined || s.tolerance.supplied, 'tolerance.decidedUnsupplied');
  expect(
    !decidedOrCompleted || s.acceptance === 'immediate' || s.reviewStepIndex === def.reviewSteps.length,
    'reviewStepIndex.decided',
  );
  const inHandling = HANDLING_STATUSES.includes(s.status);
  expect(s.specialProcedure === undefined || inHandling, 'specialProcedure.status');
  expect(
    s.specialProcedure === undefined || (SPECIAL_PROCEDURE_KINDS as readonly string[]).includes(s.specialProcedure.procedure),
    'specialProcedure.procedure',
  );
  // procedures and extensions happen only after acceptance (and never on a 即办件, decided at once)
  expect((s.specialProcedures ?? []).length === 0 || (s.acceptance !== undefined && s.acceptance !== 'immediate'), 'specialProcedures.acceptance');
  expect(s.specialProcedures === undefined || Array.isArray(s.specialProcedures), 'specialProcedures.array');
  expect(s.extension === undefined || (s.acceptance !== undefined && s.acceptance !== 'immediate'), 'extension.acceptance');
  expect(
    s.extension === undefined || (Number.isInteger(s.extension.days) && s.extension.days >= 1 && s.extension.days <= MAX_EXTENSION_DAYS),
    'extension.days',
  );
  return problems;
}
