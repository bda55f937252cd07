/**
 * 好差评 (GB/T 39735-2020 评价规范, GB/T 39734-2020 评价数据规范, 国办发〔2019〕51号) and 投诉建议:
 * the rating levels, channels and dimensions, the 差评 rectification machine with its working-day
 * deadlines, the published indicators with their formulas, and the API contracts shared by server
 * and web. Pure: no I/O.
 */
import { z } from 'zod';

// ---------------------------------------------------------------- ratings

/** Five levels; 4 and 5 are 差评 (DOMAIN.md §6). */
export const RATING_LEVELS = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' } as const;
export type RatingLevel = 1 | 2 | 3 | 4 | 5;
export const ratingLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export const isBadRating = (level: number): boolean => level >= 4;
/** 好评 for the indicators: 非常满意, 满意 and 基本满意 */
export const isGoodRating = (level: number): boolean => level >= 1 && level <= 3;

/** Where the rating was given (GB/T 39734 评价渠道). */
export const RATING_CHANNELS = {
  pc: 'PC 端',
  mobile: '移动端',
  qr: '窗口二维码',
  tablet: '政务大厅评价器',
  terminal: '大厅其他终端',
  phone: '电话',
  sms: '短信',
} as const;
export type RatingChannel = keyof typeof RATING_CHANNELS;
export const ratingChannelSchema = z.enum(Object.keys(RATING_CHANNELS) as [RatingChannel, ...RatingChannel[]]);

/** What was served: an application (一事一评) or a visit at a window (一次一评). */
export const SERVICE_EVENT_KINDS = ['application', 'visit'] as const;
export type ServiceEventKind = (typeof SERVICE_EVENT_KINDS)[number];
export const serviceEventKindSchema = z.enum(SERVICE_EVENT_KINDS);

/** Online service is rated on five dimensions; service on site on three. */
export type ServiceMode = 'online' | 'onsite';
export const RATING_DIMENSIONS = {
  online: { overall: '总体满意', efficiency: '办事效率', guideAccuracy: '指南准确', convenience: '办事便捷', usability: '系统好用' },
  onsite: { efficiency: '办事效率', skill: '业务能力', attitude: '服务态度' },
} as const;
export type RatingDimension = keyof (typeof RATING_DIMENSIONS)['online'] | keyof (typeof RATING_DIMENSIONS)['onsite'];
export const dimensionsOf = (mode: ServiceMode): string[] => Object.keys(RATING_DIMENSIONS[mode]);

/** Application states after which the applicant may rate (the service event has ended). */
export const RATEABLE_APPLICATION_STATUSES = ['completed', 'rejected', 'withdrawn', 'terminated'] as const;

/** Tags a rater may pick: praise with a good rating, the reasons with a 差评. */
export const RATING_TAGS = {
  good: {
    oneTrip: '一次办成',
    fewMaterials: '材料精简',
    fast: '办理快捷',
    clearGuide: '指南清晰',
    friendly: '热情周到',
    professional: '业务熟练',
    easyOnline: '网上好办',
  },
  bad: {
    manyTrips: '多次跑腿',
    repeatMaterials: '重复提交材料',
    slow: '办理超时',
    unclearGuide: '指南不清',
    attitude: '态度不好',
    unprofessional: '业务不熟',
    systemTrouble: '系统不好用',
    unfair: '办事不公',
  },
} as const;
export type RatingTag = keyof (typeof RATING_TAGS)['good'] | keyof (typeof RATING_TAGS)['bad'];
const ALL_TAGS = [...Object.keys(RATING_TAGS.good), ...Object.keys(RATING_TAGS.bad)] as [RatingTag, ...RatingTag[]];
export const ratingTagSchema = z.enum(ALL_TAGS);
export const tagsForLevel = (level: number): RatingTag[] =>
  Object.keys(isBadRating(level) ? RATING_TAGS.bad : RATING_TAGS.good) as RatingTag[];

export const COMMENT_MAX = 500;

/**
 * Plain text of a comment as stored: markup removed (tags, and what is inside script and style),
 * control characters dropped, white space collapsed per line. Stored text is shown as text by every
 * page, and this keeps it free of markup even where a page, an export or another system does not.
 */
export function plainText(input: string): string {
  return input
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/[<>]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/[ \t\u3000]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const comment = (max: number) => z.string().max(max * 2).transform(plainText).pipe(z.string().max(max));

const ratingFields = {
  level: ratingLevelSchema,
  /** the dimensions of the event's mode, each on the five levels (all of them; the service checks the set) */
  dimensions: z.record(z.string(), ratingLevelSchema),
  tags: z.array(ratingTagSchema).max(8).default([]),
  comment: comment(COMMENT_MAX).default(''),
  channel: ratingChannelSchema,
  /** 匿名: the organisation does not see who rated, so it cannot call back */
  anonymous: z.boolean().default(false),
};

function checkRating(v: { level: number; tags: RatingTag[]; comment: string }, ctx: z.RefinementCtx) {
  const bad = isBadRating(v.level);
  v.tags.forEach((t, i) => {
    if ((t in RATING_TAGS.bad) !== bad) ctx.addIssue({ code: 'custom', path: ['tags', i], message: 'feedback.tagLevel' });
  });
  if (bad && v.comment.length < 5) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'feedback.badNeedsComment' });
}

/** A rating of a service event (POST /ratings): the event, the level, the dimensions, tags, comment and channel. */
export const ratingCreateSchema = z
  .object({ event: z.object({ kind: serviceEventKindSchema, id: z.uuid() }), ...ratingFields })
  .superRefine(checkRating);
export type RatingCreateInput = z.infer<typeof ratingCreateSchema>;

/** 追评: one addition, later, by the rater */
export const ratingAdditionSchema = z.object({ comment: comment(COMMENT_MAX).pipe(z.string().min(2)) });

export interface RatingView {
  id: string;
  event: { kind: ServiceEventKind; id: string; number: string | null; at: string };
  mode: ServiceMode;
  level: RatingLevel;
  dimensions: Record<string, RatingLevel>;
  tags: RatingTag[];
  comment: string;
  addition: { comment: string; at: string } | null;
  channel: RatingChannel;
  anonymous: boolean;
  realName: boolean;
  item: { id: string | null; name: string; implementationCode: string | null };
  organisation: { id: string; name: string };
  staff: { id: string; name: string } | null;
  regionCode: string;
  /** the rater: masked name for staff, null when anonymous */
  rater: string | null;
  rectification: { id: string; status: RectificationStatus; outcome: RectificationOutcome | null } | null;
  /** appeal upheld (mistaken or malicious): not counted in the indicators */
  excluded: boolean;
  createdAt: string;
}

/** A service event its person may rate (or has rated). */
export interface RateableEvent {
  kind: ServiceEventKind;
  id: string;
  number: string | null;
  mode: ServiceMode;
  itemName: string;
  organisationName: string;
  staffName: string | null;
  window: string | null;
  at: string;
  ratingId: string | null;
}

// ---------------------------------------------------------------- window visits (一次一评)

export const WINDOW_MAX = 20;
export const visitInputSchema = z.object({
  /** the person served, by ID number (they must hold an account to rate) */
  idNumber: z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, 'identity.idNumber'),
  organisationId: z.uuid(),
  /** 窗口号 */
  window: z.string().trim().min(1).max(WINDOW_MAX),
  itemId: z.uuid().optional(),
  /** what was done, when no item applies (咨询, 取件 …) */
  summary: z.string().trim().max(200).transform(plainText).default(''),
});
export type VisitInput = z.infer<typeof visitInputSchema>;

export interface VisitView {
  id: string;
  organisation: { id: string; name: string };
  window: string;
  staff: { id: string; name: string };
  itemName: string;
  summary: string;
  person: string;
  applicationNumber: string | null;
  visitedAt: string;
  rated: boolean;
}

/** The QR code of a staff member at a window opens /rate/staff/<code> on the person's phone. */
export interface StaffRatingCode {
  code: string;
  url: string;
  staffName: string;
  organisationName: string;
  window: string | null;
}

// ---------------------------------------------------------------- 差评 rectification

/**
 * 核实 → (有效) 整改 → 回复 → 办结; 核实 → (无效, with reason) 回复 → 办结; 核实 → 申诉 (误评 / 恶意差评),
 * reviewed by a supervisor: upheld → 办结 (the rating leaves the indicators), dismissed → 整改.
 */
export const RECTIFICATION_STATUSES = ['verifying', 'appealed', 'rectifying', 'replying', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const rectificationStatusSchema = z.enum(RECTIFICATION_STATUSES);
export const RECTIFICATION_OUTCOMES = ['rectified', 'not_valid', 'appeal_upheld'] as const;
export type RectificationOutcome = (typeof RECTIFICATION_OUTCOMES)[number];
export const APPEAL_GROUNDS = { mistaken: '误评', malicious: '恶意差评' } as const;
export type AppealGround = keyof typeof APPEAL_GROUNDS;

/** Working days of each step (local practice; the node configures them). */
export interface RectificationLimits {
  /** 核实 (including the call back), from the rating */
  verifyDays: number;
  /** 整改 and 回复, from the rating: the rectification deadline */
  rectifyDays: number;
  /** the supervisor's review of an appeal, from the appeal */
  appealReviewDays: number;
  /** yellow when this many working days or fewer are left */
  dueSoonDays: number;
}
export const DEFAULT_RECTIFICATION_LIMITS: RectificationLimits = { verifyDays: 3, rectifyDays: 15, appealReviewDays: 5, dueSoonDays: 2 };

export const rectificationActionSchemas = {
  /** 回访: the organisation contacted the rater (by phone); may be recorded more than once */
  callback: z.object({
    type: z.literal('callback'),
    reached: z.boolean(),
    note: z.string().max(1000).transform(plainText).pipe(z.string().min(2)),
  }),
  /** 核实结论: valid (rectify) or not valid (reply with the reason) */
  judge: z.object({
    type: z.literal('judge'),
    valid: z.boolean(),
    reason: z.string().max(1000).transform(plainText).pipe(z.string().min(2)),
  }),
  /** 申诉: the rating is mistaken or malicious; a supervisor reviews it */
  appeal: z.object({
    type: z.literal('appeal'),
    ground: z.enum(['mistaken', 'malicious']),
    reason: z.string().max(1000).transform(plainText).pipe(z.string().min(5)),
  }),
  /** 申诉审核 by a supervisor of the region */
  review_appeal: z.object({
    type: z.literal('review_appeal'),
    upheld: z.boolean(),
    opinion: z.string().max(1000).transform(plainText).pipe(z.string().min(2)),
  }),
  /** 整改: what was changed */
  rectify: z.object({
    type: z.literal('rectify'),
    measures: z.string().max(2000).transform(plainText).pipe(z.string().min(5)),
  }),
  /** 回复 to the rater (sent as a notice); closes the case */
  reply: z.object({
    type: z.literal('reply'),
    message: z.string().max(1000).transform(plainText).pipe(z.string().min(5)),
  }),
} as const;
export type RectificationActionName = keyof typeof rectificationActionSchemas;
export type RectificationAction = { [K in RectificationActionName]: z.infer<(typeof rectificationActionSchemas)[K]> }[RectificationActionName];
export const rectificationActionSchema = z.discriminatedUnion('type', [
  rectificationActionSchemas.callback,
  rectificationActionSchemas.judge,
  rectificationActionSchemas.appeal,
  rectificationActionSchemas.review_appeal,
  rectificationActionSchemas.rectify,
  rectificationActionSchemas.reply,
]);

/** Who acts: the handling organisation (its 好差评专员 or administrator), or a supervisor of its region. */
export type RectificationActor = 'organisation' | 'supervisor';

export interface RectificationTransition {
  from: RectificationStatus;
  action: RectificationActionName;
  /** the next state; a function of the action when it branches */
  to: RectificationStatus | ((a: RectificationAction) => RectificationStatus);
  by: RectificationActor;
  /** a real-name rating must have been called back before this action */
  needsCallback?: boolean;
}

/** The machine, as data. */
export const RECTIFICATION_TRANSITIONS: readonly RectificationTransition[] = [
  { from: 'verifying', action: 'callback', to: 'verifying', by: 'organisation' },
  { from: 'verifying', action: 'judge', to: (a) => ((a as { valid: boolean }).valid ? 'rectifying' : 'replying'), by: 'organisation', needsCallback: true },
  { from: 'verifying', action: 'appeal', to: 'appealed', by: 'organisation', needsCallback: true },
  { from: 'appealed', action: 'review_appeal', to: (a) => ((a as { upheld: boolean }).upheld ? 'closed' : 'rectifying'), by: 'supervisor' },
  { from: 'rectifying', action: 'callback', to: 'rectifying', by: 'organisation' },
  { from: 'rectifying', action: 'rectify', to: 'replying', by: 'organisation' },
  { from: 'replying', action: 'reply', to: 'closed', by: 'organisation' },
];

export interface RectificationState {
  status: RectificationStatus;
  realName: boolean;
  callbacks: number;
  /** set when a judge found the rating valid or a supervisor dismissed the appeal */
  valid: boolean | null;
}

export type RectificationStep =
  | { ok: true; to: RectificationStatus; outcome: RectificationOutcome | null; valid: boolean | null }
  | { ok: false; code: 'illegal_transition' | 'forbidden' | 'callback_required'; allowed: RectificationActionName[] };

export const allowedRectificationActions = (status: RectificationStatus, by?: RectificationActor): RectificationActionName[] =>
  RECTIFICATION_TRANSITIONS.filter((t) => t.from === status && (!by || t.by === by)).map((t) => t.action);

/** One step of the machine: checks the transition, who acts and the call-back rule; answers the new state. */
export function stepRectification(state: RectificationState, action: RectificationAction, by: RectificationActor): RectificationStep {
  const t = RECTIFICATION_TRANSITIONS.find((x) => x.from === state.status && x.action === action.type);
  const allowed = allowedRectificationActions(state.status);
  if (!t) return { ok: false, code: 'illegal_transition', allowed };
  if (t.by !== by) return { ok: false, code: 'forbidden', allowed: allowedRectificationActions(state.status, by) };
  if (t.needsCallback && state.realName && state.callbacks === 0) return { ok: false, code: 'callback_required', allowed: ['callback'] };
  const to = typeof t.to === 'function' ? t.to(action) : t.to;
  let valid = state.valid;
  if (action.type === 'judge') valid = action.valid;
  if (action.type === 'review_appeal') valid = action.upheld ? false : true;
  let outcome: RectificationOutcome | null = null;
  if (to === 'closed') outcome = action.type === 'review_appeal' ? 'appeal_upheld' : valid ? 'rectified' : 'not_valid';
  return { ok: true, to, outcome, valid };
}

export type DeadlineWarning = 'none' | 'due' | 'overdue';

/** The warning of a deadline on `today`: overdue after it, due when `dueSoonDays` working days or fewer are left. */
export function deadlineWarning(remainingWorkingDays: number | null, dueSoonDays: number): DeadlineWarning {
  if (remainingWorkingDays === null) return 'none';
  if (remainingWorkingDays < 0) return 'overdue';
  return remainingWorkingDays <= dueSoonDays ? 'due' : 'none';
}

export interface RectificationStepView {
  seq: number;
  action: RectificationActionName | 'open';
  from: RectificationStatus | null;
  to: RectificationStatus;
  /** account id, or 'system' */
  actor: string;
  /** the staff member who took the step (masked name); null for the system */
  actorName: string | null;
  /** the action's fields (reached, note, valid, reason, ground, upheld, opinion, measures, message) */
  detail: Record<string, unknown>;
  at: string;
}

export interface RectificationView {
  id: string;
  number: string;
  status: RectificationStatus;
  outcome: RectificationOutcome | null;
  valid: boolean | null;
  rating: RatingView;
  organisation: { id: string; name: string };
  regionCode: string;
  /** the current step's deadline and its warning */
  dueDate: string | null;
  warning: DeadlineWarning;
  verifyDue: string;
  rectifyDue: string;
  appealDue: string | null;
  /** the rater's contact for the call back: masked phone, or null when anonymous */
  raterContact: { name: string; phone: string | null } | null;
  callbacks: number;
  allowed: RectificationActionName[];
  steps: RectificationStepView[];
  version: number;
  openedAt: string;
  closedAt: string | null;
}

export const rectificationListQuerySchema = z.object({
  status: z.union([rectificationStatusSchema, z.literal('open')]).optional(),
  warning: z.enum(['due', 'overdue']).optional(),
  organisationId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RectificationListQuery = z.infer<typeof rectificationListQuerySchema>;

// ---------------------------------------------------------------- 投诉建议

export const COMPLAINT_KINDS = { complaint: '投诉', suggestion: '建议' } as const;
export type ComplaintKind = keyof typeof COMPLAINT_KINDS;
export const COMPLAINT_SUBJECTS = { item: '事项', organisation: '部门', staff: '工作人员' } as const;
export type ComplaintSubject = keyof typeof COMPLAINT_SUBJECTS;
/** open → answered (→ the filer rates the answer); escalated is a flag of an open complaint past its deadline */
export const COMPLAINT_STATUSES = ['open', 'answered'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const DEFAULT_COMPLAINT_ANSWER_DAYS = 10;

export const complaintInputSchema = z
  .object({
    kind: z.enum(['complaint', 'suggestion']),
    subject: z.enum(['item', 'organisation', 'staff']),
    itemId: z.uuid().optional(),
    organisationId: z.uuid().optional(),
    /** the staff member's rating code (from the QR code or the case page) */
    staffCode: z.string().trim().max(64).optional(),
    title: z.string().max(200).transform(plainText).pipe(z.string().min(4).max(100)),
    content: z.string().max(4000).transform(plainText).pipe(z.string().min(10).max(2000)),
    /** ids of files uploaded first (POST /complaints/files) */
    attachments: z.array(z.uuid()).max(5).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.subject === 'item' && !v.itemId) ctx.addIssue({ code: 'custom', path: ['itemId'], message: 'required' });
    if (v.subject === 'organisation' && !v.organisationId) ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'required' });
    if (v.subject === 'staff' && !v.staffCode) ctx.addIssue({ code: 'custom', path: ['staffCode'], message: 'required' });
  });
export type ComplaintInput = z.infer<typeof complaintInputSchema>;

export const complaintAnswerSchema = z.object({ answer: z.string().max(4000).transform(plainText).pipe(z.string().min(10).max(2000)) });
export const complaintRatingSchema = z.object({
  satisfied: z.boolean(),
  comment: comment(COMMENT_MAX).default(''),
});

export interface ComplaintView {
  id: string;
  number: string;
  kind: ComplaintKind;
  subject: ComplaintSubject;
  item: { id: string; name: string } | null;
  staff: { id: string; name: string } | null;
  organisation: { id: string; name: string };
  regionCode: string;
  title: string;
  content: string;
  attachments: { id: string; name: string; contentType: string; size: number }[];
  status: ComplaintStatus;
  dueDate: string;
  overdue: boolean;
  /** escalated to the supervising level (the region's supervisors) when overdue */
  escalatedAt: string | null;
  answer: { text: string; by: string; at: string } | null;
  filerRating: { satisfied: boolean; comment: string; at: string } | null;
  /** the filer, masked for staff */
  filer: string;
  version: number;
  createdAt: string;
}

export const complaintListQuerySchema = z.object({
  status: z.enum(['open', 'answered']).optional(),
  escalated: z.stringbool().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

// ---------------------------------------------------------------- indicators (公开)

/** Counts over one scope (organisation, item or region) and period; appeal-upheld ratings are left out. */
export interface FeedbackCounts {
  /** ratings counted */
  ratings: number;
  /** of them 非常满意, 满意 or 基本满意 */
  good: number;
  /** of them 不满意 or 非常不满意 */
  bad: number;
  /** 差评 found valid on verification (or whose appeal was dismissed) */
  badValid: number;
  /** of those, rectified and replied to (closed with outcome rectified) */
  badRectified: number;
  /** 差评 by raters who gave their name (not anonymous) */
  badRealName: number;
  /** of those, called back with the rater reached */
  badRealNameCalledBack: number;
  /** service events that ended in the period (applications closed, visits made) */
  events: number;
  /** of those events, rated */
  eventsRated: number;
}

export interface FeedbackIndicators {
  /** 好评率 = good / ratings */
  goodRate: number | null;
  /** 差评整改率 = badRectified / badValid */
  rectificationRate: number | null;
  /** 实名差评回访率 = badRealNameCalledBack / badRealName */
  callbackRate: number | null;
  /** 主动评价率 = eventsRated / events */
  activeRate: number | null;
}

/** A ratio rounded to four decimals (0.9523 = 95.23 %); null when there is nothing to divide by. */
export const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** The published indicators; the formulas are written down in docs/standards.md. */
export function indicatorsOf(c: FeedbackCounts): FeedbackIndicators {
  return {
    goodRate: ratio(c.good, c.ratings),
    rectificationRate: ratio(c.badRectified, c.badValid),
    callbackRate: ratio(c.badRealNameCalledBack, c.badRealName),
    activeRate: ratio(c.eventsRated, c.events),
  };
}

export const feedbackScopeQuerySchema = z.object({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  organisationId: z.uuid().optional(),
  itemId: z.uuid().optional(),
  /** the period, inclusive, in the node's time zone; default the last 12 months */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type FeedbackScopeQuery = z.infer<typeof feedbackScopeQuerySchema>;

export interface FeedbackMonth {
  month: string;
  ratings: number;
  good: number;
  bad: number;
  goodRate: number | null;
}

export interface FeedbackStatsView {
  scope: { regionCode: string | null; organisation: { id: string; name: string } | null; item: { id: string; name: string } | null };
  from: string;
  to: string;
  counts: FeedbackCounts;
  indicators: FeedbackIndicators;
  levels: Record<RatingLevel, number>;
  months: FeedbackMonth[];
}

/** A rectification as published: the rating's comment with personal data masked, what was done. */
export interface PublicRectificationView {
  number: string;
  itemName: string;
  organisationName: string;
  level: RatingLevel;
  comment: string;
  outcome: RectificationOutcome;
  measures: string | null;
  reply: string | null;
  ratedAt: string;
  closedAt: string;
}

// ---------------------------------------------------------------- exports

export const exportQuerySchema = feedbackScopeQuerySchema.extend({ format: z.enum(['csv', 'json']).default('csv') });

/** Columns of the ratings export (docs/standards.md, 好差评数据上报); the JSON export uses the same keys. */
export const RATING_EXPORT_COLUMNS = [
  'ratingId', 'eventKind', 'eventNumber', 'implementationCode', 'itemName', 'organisationUscc', 'organisationName', 'regionCode',
  'staffName', 'channel', 'mode', 'level', 'dimensions', 'tags', 'comment', 'addition', 'realName', 'anonymous', 'excluded', 'ratedAt',
] as const;
/** Columns of the rectifications export. */
export const RECTIFICATION_EXPORT_COLUMNS = [
  'rectificationNumber', 'ratingId', 'organisationUscc', 'organisationName', 'regionCode', 'level', 'status', 'outcome', 'valid',
  'calledBack', 'appealGround', 'measures', 'reply', 'verifyDue', 'rectifyDue', 'openedAt', 'closedAt', 'overdue',
] as const;
