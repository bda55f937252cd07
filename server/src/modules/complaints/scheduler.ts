/**
 * The complaints' background work, run by every node process on the job timer and safe with several
 * processes on one database: each batch claims its rows with `for update skip locked`.
 *
 * Escalation (督办): an open complaint still unanswered after its due date (in the node's time zone)
 * gets `escalatedAt`, an audit entry, and a notice to every active supervisor whose region covers
 * the complaint's; from then on those supervisors may answer it themselves.
 */
import { COMPLAINT_KINDS, dateInZone, type ComplaintKind } from '@onewindow/domain';
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import * as identity from '../identity/service.js';
import { notify } from '../notifications/service.js';
import * as reference from '../reference/service.js';
import { complaints } from './schema.js';

export interface ComplaintJobDeps {
  db: Db;
  timeZone: string;
}

/** Escalates the open complaints past their due date; answers how many. */
export async function escalateOverdue(deps: ComplaintJobDeps, now = new Date(), batch = 50): Promise<number> {
  const today = dateInZone(now, deps.timeZone);
  let done = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(complaints)
        .where(and(eq(complaints.status, 'open'), isNull(complaints.escalatedAt), lt(complaints.dueDate, today)))
        .orderBy(asc(complaints.dueDate), asc(complaints.id))
        .limit(batch)
        .for('update', { skipLocked: true });
      if (due.length === 0) return 0;
      const orgs = await reference.organisationNames(tx, [...new Set(due.map((r) => r.organisationId))]);
      for (const row of due) {
        await tx.update(complaints).set({ escalatedAt: now, version: row.version + 1, updatedAt: now }).where(eq(complaints.id, row.id));
        const supervisors = await identity.staffHoldingRole(tx, 'supervisor', row.regionCode);
        await appendAudit(tx, {
          actor: 'system',
          action: 'complaint.escalate',
          entityType: 'complaint',
          entityId: row.id,
          regionCode: row.regionCode,
          ownerOrgId: row.organisationId,
          detail: { number: row.number, dueDate: row.dueDate, supervisorsNotified: supervisors.length },
        });
        const kindName = COMPLAINT_KINDS[row.kind as ComplaintKind];
        for (const accountId of supervisors) {
          await notify(tx, {
            accountId,
            kind: 'complaint.escalated',
            title: `${kindName}逾期未答复，请督办：${row.title}`,
            body: `${kindName}编号 ${row.number}，${orgs.get(row.organisationId) ?? '承办部门'}应于 ${row.dueDate} 前答复，至今未答复。`,
            link: `/admin/feedback/complaints/${row.id}`,
            sms: false,
          });
        }
      }
      return due.length;
    });
    done += n;
    if (n < batch) return done;
  }
}

/** One round of the complaints' background work. */
export async function runComplaintJobs(deps: ComplaintJobDeps, now = new Date()) {
  return { escalated: await escalateOverdue(deps, now) };
}
