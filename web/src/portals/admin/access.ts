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

/** Roles whose tools come in later releases, with the home's message that says so. */
export const LATER_TOOLS: { roles: readonly StaffRole[]; key: 'auditor' | 'steward' }[] = [
  { roles: ['auditor'], key: 'auditor' },
  { roles: ['data_steward'], key: 'steward' },
];

/** The later tools a staff member's roles will open (the home tells them). */
export const laterToolsOf = (me: Pick<Me, 'roles'>) => LATER_TOOLS.filter((l) => me.roles.some((r) => l.roles.includes(r.role)));

/**
 * Whether the menu lists the home: for staff no area is open to, and for staff whose roles also
 * have tools still to come (审计、数据管理), so that its notice stays at hand.
 */
export const showsHome = (me: Pick<Me, 'roles'>) => areasOf(me).length === 0 || laterToolsOf(me).length > 0;

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
