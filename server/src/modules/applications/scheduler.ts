/**
 * The applications' background work, run by every node process on a timer and safe with several
 * processes on one database: each batch claims its rows with `for update skip locked`, so two
 * processes never work on the same case at once and neither waits for the other.
 *
 * - 容缺 expiry: a case accepted with missing materials whose supplement deadline has passed is
 *   terminated by the engine's `tolerance_expired` action (as the system, with event, audit entry
 *   and the applicant's notice, like any other action).
 * - 红黄牌: the deadlines and warning of every open case are recomputed once per day in the node's
 *   time zone (working days pass even when nobody acts); a case turning yellow or red is audited.
 */
import { dateInZone, type CaseState } from '@onewindow/domain';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { act, timingOf, type ApplicationDeps } from './service.js';
import { applicationEvents, applications } from './schema.js';

export type SchedulerDeps = Pick<ApplicationDeps, 'calendar' | 'timeZone' | 'notify'> & { db: Db };

/** statuses whose clock can still move a deadline or a warning */
const OPEN = ['submitted', 'correction_requested', 'accepted', 'under_review'];

/** Terminates the 容缺 cases whose supplement deadline has passed; answers how many. */
export async function expireTolerances(deps: SchedulerDeps, now = new Date(), batch = 50): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: applications.id })
        .from(applications)
        .where(
          and(
            inArray(applications.status, ['accepted', 'under_review']),
            sql`${applications.caseState} -> 'tolerance' ->> 'supplied' = 'false'`,
            sql`(${applications.caseState} -> 'tolerance' ->> 'deadline')::timestamptz <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(asc(applications.id))
        .limit(batch)
        .for('update', { skipLocked: true });
      for (const { id } of due) await act(tx, deps, { kind: 'system' }, id, { type: 'tolerance_expired' }, undefined, now);
      return due.length;
    });
    done += n;
    if (n < batch) return done;
  }
}

/** Recomputes deadlines and 红黄牌 of the open cases not yet checked today; answers checked and changed counts. */
export async function recolour(deps: SchedulerDeps, now = new Date(), batch = 200): Promise<{ checked: number; changed: number }> {
  const today = dateInZone(now, deps.timeZone);
  let checked = 0;
  let changed = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(applications)
        .where(and(inArray(applications.status, OPEN), or(isNull(applications.warningCheckedOn), lt(applications.warningCheckedOn, today))))
        .orderBy(asc(applications.id))
        .limit(batch)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const events = await tx
        .select()
        .from(applicationEvents)
        .where(inArray(applicationEvents.applicationId, rows.map((r) => r.id)))
        .orderBy(asc(applicationEvents.seq));
      for (const row of rows) {
        const timing = timingOf(deps, row, row.caseState as CaseState, events.filter((e) => e.applicationId === row.id), now);
        await tx
          .update(applications)
          .set({ acceptanceDeadline: timing.acceptanceDeadline, promisedDeadline: timing.promisedDeadline, statutoryDeadline: timing.statutoryDeadline, deadlineProvisional: timing.deadlineProvisional, warning: timing.warning, warningCheckedOn: today })
          .where(eq(applications.id, row.id));
        if (timing.warning !== row.warning) {
          changed++;
          await appendAudit(tx, {
            actor: 'system',
            action: 'application.warning',
            entityType: 'application',
            entityId: row.id,
            regionCode: row.regionCode,
            ownerOrgId: row.handlingOrgId,
            detail: { number: row.number, from: row.warning, to: timing.warning, promisedDeadline: timing.promisedDeadline },
          });
        }
      }
      return rows.length;
    });
    checked += n;
    if (n < batch) return { checked, changed };
  }
}

/** One round of the applications' background work. */
export async function runApplicationJobs(deps: SchedulerDeps, now = new Date()) {
  const terminated = await expireTolerances(deps, now);
  const warnings = await recolour(deps, now);
  return { terminated, ...warnings };
}
