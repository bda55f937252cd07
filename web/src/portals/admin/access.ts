/**
 * Which parts of the workbench a staff member's roles open. The server decides every request on
 * its own; this only keeps the navigation to what the roles allow.
 */
import { ORG_ASSIGNABLE_ROLES, STAFF_ROLES, type StaffRole } from '@onewindow/domain';
import type { Me } from '../../api/admin';

export const AREA_ROLES = {
  /** 办件: the queue and the cases of the handling staff (受理、审查、审批) */
  applications: ['window_clerk', 'reviewer', 'approver'],
  /** 窗口受理 (综合窗口): a window clerk enters the application of the person at the counter */
  window: ['window_clerk'],
  /** 现场核验: the window clerk checks an applicant's ID card in person (level 5) */
  identity: ['window_clerk'],
  /** 事项管理 */
  items: ['catalogue_admin', 'platform_admin'],
  /** 人员与角色 */
  staff: ['platform_admin', 'org_admin'],
  /** 接入系统 */
  oidc: ['platform_admin'],
  /** 电子监察: red and yellow cards across the supervisor's region */
  supervision: ['supervisor'],
  /** 交换日志: every exchange of the gateway touching the auditor's region, and the SM3 chain's state */
  exchangeLog: ['auditor'],
  /** 资源目录 (政务信息资源目录): read by staff who request, provide or oversee shared data; managed by the provider's stewards */
  resources: ['data_steward', 'org_admin', 'platform_admin', 'auditor'],
  /** 共享申请与授权: requests of the organisations a steward or an organisation administrator acts for, and to them */
  sharing: ['data_steward', 'org_admin'],
  /** 证照管理: the licences an approver's organisation issued (suspend, reinstate, revoke) */
  licences: ['approver'],
  /** 交换凭证: the consuming systems of an organisation (the organisation's or the region's administrator) */
  credentials: ['org_admin', 'platform_admin'],
  /** 签章密钥: the organisation's SM2 signing keys (the same administrators) */
  keys: ['org_admin', 'platform_admin'],
  /** 差评整改: the rectification of the organisation's 差评 (核实、回访、整改、回复); a supervisor of the region reviews appeals */
  feedback: ['feedback_officer', 'org_admin', 'supervisor'],
  /** 评价数据: the ratings in scope, and their exports (好差评数据上报) */
  feedbackRatings: ['feedback_officer', 'org_admin', 'supervisor'],
  /** 投诉建议: the complaints and suggestions to answer (a supervisor answers the escalated ones of the region) */
  complaints: ['feedback_officer', 'org_admin', 'supervisor'],
  /** 窗口评价: the window clerk's rating QR code (一次一评) and the visits served at the window */
  feedbackWindow: ['window_clerk'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Area = keyof typeof AREA_ROLES;
export const AREAS = Object.keys(AREA_ROLES) as Area[];

export const AREA_PATHS: Record<Area, string> = {
  applications: '/admin/applications',
  window: '/admin/applications/new',
  identity: '/admin/identity-checks',
  items: '/admin/items',
  staff: '/admin/staff',
  oidc: '/admin/oidc-clients',
  supervision: '/admin/supervision',
  exchangeLog: '/admin/exchange/log',
  resources: '/admin/sharing/resources',
  sharing: '/admin/sharing/requests',
  licences: '/admin/licences',
  credentials: '/admin/exchange/credentials',
  keys: '/admin/organisation-keys',
  feedback: '/admin/feedback/rectifications',
  feedbackRatings: '/admin/feedback/ratings',
  complaints: '/admin/feedback/complaints',
  feedbackWindow: '/admin/feedback/window',
};

/** The part an address belongs to: the one with the longest matching path (办件 /admin/applications, 窗口受理 /admin/applications/new). */
export function areaOfPath(pathname: string): Area | undefined {
  let best: Area | undefined;
  for (const a of AREAS) {
    const p = AREA_PATHS[a];
    const match = pathname === p || pathname.startsWith(`${p}/`) || pathname.startsWith(`${p}?`);
    if (match && (!best || p.length > AREA_PATHS[best].length)) best = a;
  }
  return best;
}

/** Roles in the order they are listed (handling roles first, as on an organisation chart). */
export const ROLE_ORDER = Object.keys(STAFF_ROLES) as StaffRole[];
/** Roles of the handling workbench (受理、审查、审批). */
export const HANDLING_ROLES: readonly StaffRole[] = AREA_ROLES.applications;

export const isOrganisationRole = (role: StaffRole) => STAFF_ROLES[role].scope === 'organisation';

export function mayEnter(me: Pick<Me, 'roles'>, area: Area): boolean {
  const allowed: readonly StaffRole[] = AREA_ROLES[area];
  return me.roles.some((r) => allowed.includes(r.role));
}

export const areasOf = (me: Pick<Me, 'roles'>): Area[] => AREAS.filter((a) => mayEnter(me, a));

/** Whether the menu lists the home: for staff no area is open to (it lists their roles). */
export const showsHome = (me: Pick<Me, 'roles'>) => areasOf(me).length === 0;

/** Where a staff member lands: their first area, or the home that lists their roles. */
export function homePath(me: Pick<Me, 'roles'>): string {
  const [first] = areasOf(me);
  return first ? AREA_PATHS[first] : '/admin/home';
}

const holds = (me: Pick<Me, 'roles'>, role: StaffRole) => me.roles.some((r) => r.role === role);

/**
 * The roles a staff administrator may hand out: a platform administrator any role within their
 * region; an organisation administrator the handling roles and org_admin in their organisation.
 */
export function grantableRoles(me: Pick<Me, 'roles'>): StaffRole[] {
  if (holds(me, 'platform_admin')) return ROLE_ORDER;
  if (holds(me, 'org_admin')) return ROLE_ORDER.filter((r) => ORG_ASSIGNABLE_ROLES.includes(r));
  return [];
}

/** Regions a platform administrator holds (the roots of their region picker), with their names. */
export const adminRegions = (me: Pick<Me, 'roles'>): { code: string; name: string }[] => {
  const seen = new Map<string, string>();
  for (const r of me.roles) if (r.role === 'platform_admin' && !seen.has(r.regionCode)) seen.set(r.regionCode, r.regionName ?? r.regionCode);
  return [...seen].map(([code, name]) => ({ code, name }));
};

/** Regions a role is held over (GB/T 2260 codes), e.g. a data steward's or a platform administrator's. */
export const roleRegions = (me: Pick<Me, 'roles'>, role: StaffRole): string[] => [...new Set(me.roles.filter((r) => r.role === role).map((r) => r.regionCode))];

/** Organisations a role is held in (organisation roles: org_admin, approver…). */
export const roleOrganisations = (me: Pick<Me, 'roles'>, role: StaffRole): { id: string; name: string; regionCode: string }[] => {
  const seen = new Map<string, { id: string; name: string; regionCode: string }>();
  for (const r of me.roles) {
    if (r.role === role && r.organisationId && !seen.has(r.organisationId)) seen.set(r.organisationId, { id: r.organisationId, name: r.organisationName ?? r.organisationId, regionCode: r.regionCode });
  }
  return [...seen.values()];
};

/** Organisations an organisation administrator runs (when they are not platform administrators). */
export const adminOrganisations = (me: Me): { id: string; name: string; regionCode: string }[] => {
  const seen = new Map<string, { id: string; name: string; regionCode: string }>();
  for (const r of me.roles) {
    if (r.role === 'org_admin' && r.organisationId && !seen.has(r.organisationId)) {
      seen.set(r.organisationId, { id: r.organisationId, name: r.organisationName ?? r.organisationId, regionCode: r.regionCode });
    }
  }
  return [...seen.values()];
};

/** Where to go after signing in: `next`, unless it is a part the roles do not open (then the staff member's home). */
export function landingFor(me: Pick<Me, 'roles'>, next: string): string {
  const area = areaOfPath(next);
  return area && !mayEnter(me, area) ? homePath(me) : next;
}
