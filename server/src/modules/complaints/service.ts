/**
 * 投诉建议: complaints and suggestions about an item, an organisation or a staff member.
 *
 * - Routing: an item's complaint goes to the item's organisation (catalogue), an organisation's to
 *   itself, a staff member's to the organisation of the staff member's rating code (feedback).
 * - Deadline: the organisation answers within `answerDays` working days of the filing day, on the
 *   holiday calendar in the node's time zone; past it the complaint is escalated to the region's
 *   supervisors (scheduler.ts), who may then answer it themselves.
 * - Who sees a complaint: its filer, the organisation's 好差评专员 (feedback_officer) and
 *   administrator, and the supervisors of its region; to anyone else it does not exist (404).
 * - Every change is one transaction with its audit entry; the filer's notice of the answer too.
 *
 * Attachments are uploaded first (PDF, JPEG or PNG by content, within UPLOAD_MAX_BYTES, exactly as
 * application materials) and bound to the complaint when it is filed.
 */
import {
  COMPLAINT_KINDS, dateInZone, type ComplaintInput, type ComplaintKind, type ComplaintStatus, type ComplaintSubject, type ComplaintView,
  type WorkingCalendar,
} from '@onewindow/domain';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { appendAudit } from '../../platform/audit.js';
import { holdsRole, regionCoversSql, type Actor } from '../../platform/auth.js';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { conflict, notFound, ProblemError, validationProblem } from '../../platform/errors.js';
import { storeUpload, uploadName, type FileStore, type UploadPolicy } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal } from '../../platform/personal-data.js';
import { enforce, type Limit } from '../../platform/throttle.js';
import * as catalogue from '../catalogue/service.js';
import * as feedback from '../feedback/service.js';
import * as identity from '../identity/service.js';
import { notify } from '../notifications/service.js';
import * as reference from '../reference/service.js';
import { provisionalCalendar } from '../applications/service.js';
import { complaintFiles, complaints } from './schema.js';

export interface ComplaintDeps {
  db: Db;
  /** names of filers and staff (decrypted here, masked for whoever may not see them) */
  identity: identity.IdentityDeps;
  calendar: WorkingCalendar;
  timeZone: string;
  /** working days the organisation has to answer (COMPLAINT_ANSWER_DAYS) */
  answerDays: number;
  /** the node's region: audit entries of uploads not yet bound to a complaint */
  nodeRegion: string;
}

export type ComplaintFileDeps = ComplaintDeps & { files: FileStore; policy: UploadPolicy };

/** Abuse limits per account: complaints filed, attachments uploaded. */
export const COMPLAINT_LIMITS: { perDay: Limit; uploadsPerHour: Limit } = {
  perDay: { max: 10, windowSeconds: 86_400 },
  uploadsPerHour: { max: 30, windowSeconds: 3_600 },
};

type Row = typeof complaints.$inferSelect;
type FileRow = typeof complaintFiles.$inferSelect;

// ---------------------------------------------------------------- who may see and act

type Side = 'filer' | 'organisation' | 'supervisor';

/** The sides the actor acts on for this complaint (none: it does not exist for them). */
function sidesOf(actor: Actor, row: Pick<Row, 'filerAccountId' | 'organisationId' | 'regionCode'>): Side[] {
  const sides: Side[] = [];
  if (actor.kind === 'person' && actor.accountId === row.filerAccountId) sides.push('filer');
  if (holdsRole(actor, 'feedback_officer', { organisationId: row.organisationId }) || holdsRole(actor, 'org_admin', { organisationId: row.organisationId })) {
    sides.push('organisation');
  }
  if (holdsRole(actor, 'supervisor', { regionCode: row.regionCode })) sides.push('supervisor');
  return sides;
}

/** SQL: the complaints of the staff member's organisations (feedback_officer, org_admin) and supervised regions. */
function staffScopeSql(actor: Actor): SQL {
  const orgIds = actor.roles.filter((g) => (g.role === 'feedback_officer' || g.role === 'org_admin') && g.organisationId).map((g) => g.organisationId!);
  const parts: SQL[] = actor.roles.filter((g) => g.role === 'supervisor').map((g) => regionCoversSql(complaints.regionCode, g.regionCode));
  if (orgIds.length) parts.push(inArray(complaints.organisationId, orgIds));
  return parts.length ? or(...parts)! : sql`false`;
}

async function findRow(db: Executor, id: string, forUpdate = false): Promise<Row | undefined> {
  const q = db.select().from(complaints).where(eq(complaints.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The complaint when the actor may see it; 404 otherwise (its existence is not revealed). */
async function visibleRow(db: Executor, actor: Actor, id: string, forUpdate = false): Promise<{ row: Row; sides: Side[] }> {
  const row = await findRow(db, id, forUpdate);
  const sides = row ? sidesOf(actor, row) : [];
  if (!row || sides.length === 0) throw notFound('problem.complaintNotFound');
  return { row, sides };
}

function checkVersion(row: Row, expected: number | undefined) {
  if (expected !== undefined && expected !== row.version) {
    throw new ProblemError(412, 'precondition-failed', 'problem.staleComplaint', [], 'problem.staleComplaint.detail', { version: row.version });
  }
}

// ---------------------------------------------------------------- views

async function fullNames(deps: ComplaintDeps, db: Executor, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const claims = await identity.accountClaims({ ...deps.identity, db: db as Db }, id);
    if (claims) names.set(id, claims.name);
  }
  return names;
}

/** Views of complaints for the filer (their own name; staff names masked) or for staff (the filer masked). */
async function views(deps: ComplaintDeps, db: Executor, rows: Row[], viewer: 'filer' | 'staff', now: Date): Promise<ComplaintView[]> {
  if (rows.length === 0) return [];
  const today = dateInZone(now, deps.timeZone);
  const files = await db
    .select()
    .from(complaintFiles)
    .where(inArray(complaintFiles.complaintId, rows.map((r) => r.id)))
    .orderBy(asc(complaintFiles.createdAt), asc(complaintFiles.id));
  const orgs = await reference.organisationNames(db, [...new Set(rows.map((r) => r.organisationId))]);
  const people = rows.flatMap((r) => [r.filerAccountId, ...(r.staffId ? [r.staffId] : []), ...(r.answeredBy ? [r.answeredBy] : [])]);
  const names = await fullNames(deps, db, people);
  const name = (id: string, masked: boolean) => {
    const n = names.get(id) ?? '';
    return masked ? maskPersonal('name', n) : n;
  };
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind as ComplaintKind,
    subject: r.subject as ComplaintSubject,
    item: r.itemId ? { id: r.itemId, name: r.itemName ?? '' } : null,
    staff: r.staffId ? { id: r.staffId, name: name(r.staffId, viewer === 'filer') } : null,
    organisation: { id: r.organisationId, name: orgs.get(r.organisationId) ?? '' },
    regionCode: r.regionCode,
    title: r.title,
    content: r.content,
    attachments: files.filter((f) => f.complaintId === r.id).map(fileView),
    status: r.status as ComplaintStatus,
    dueDate: r.dueDate,
    overdue: r.status === 'open' && today > r.dueDate,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    // the filer hears from the organisation; staff see who answered
    answer:
      r.answer !== null && r.answeredAt
        ? { text: r.answer, by: viewer === 'filer' || !r.answeredBy ? (orgs.get(r.organisationId) ?? '') : name(r.answeredBy, false), at: r.answeredAt.toISOString() }
        : null,
    filerRating: r.filerRatedAt ? { satisfied: r.filerSatisfied ?? false, comment: r.filerComment ?? '', at: r.filerRatedAt.toISOString() } : null,
    filer: name(r.filerAccountId, viewer === 'staff'),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  }));
}

const fileView = (f: FileRow) => ({ id: f.id, name: f.name, contentType: f.contentType, size: f.size });

async function viewOf(deps: ComplaintDeps, db: Executor, row: Row, viewer: 'filer' | 'staff', now = new Date()): Promise<ComplaintView> {
  return (await views(deps, db, [row], viewer, now))[0]!;
}

// ---------------------------------------------------------------- attachments

export interface UploadInput {
  filename: string;
  mimetype: string;
  stream: Readable & AsyncIterable<Uint8Array>;
}

/**
 * Stores an attachment before the complaint is filed: the content checked and stored as it streams
 * in (refused types and sizes leave nothing), then its row written; if that fails the content goes.
 */
export async function uploadFile(deps: ComplaintFileDeps, accountId: string, input: UploadInput) {
  await enforce(deps.db, [{ key: `complaint-file:account:${accountId}`, limit: COMPLAINT_LIMITS.uploadsPerHour }]);
  const id = newId();
  const key = `complaints/${id}`;
  const stored = await storeUpload(deps.files, key, input.stream, deps.policy, { name: input.filename, type: input.mimetype });
  try {
    return await deps.db.transaction(async (tx) => {
      const [file] = await tx
        .insert(complaintFiles)
        .values({
          id,
          complaintId: null,
          uploadedBy: accountId,
          name: uploadName(input.filename, stored.extension),
          contentType: stored.contentType,
          size: stored.size,
          sm3: stored.sm3,
          storageKey: key,
          createdAt: new Date(),
        })
        .returning();
      await appendAudit(tx, { actor: accountId, action: 'complaint.file.upload', entityType: 'complaint_file', entityId: id, regionCode: deps.nodeRegion, detail: { size: stored.size, sm3: stored.sm3, contentType: stored.contentType } });
      return fileView(file!);
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}

/** An attachment of a complaint the caller may see, and its content. */
export async function downloadFile(deps: ComplaintDeps & { files: FileStore }, actor: Actor, id: string, fileId: string) {
  await visibleRow(deps.db, actor, id);
  const [f] = await deps.db.select().from(complaintFiles).where(and(eq(complaintFiles.id, fileId), eq(complaintFiles.complaintId, id)));
  if (!f) throw notFound('problem.fileNotFound');
  return { file: fileView(f), body: await deps.files.get(f.storageKey) };
}

// ---------------------------------------------------------------- filing

interface Routed {
  organisationId: string;
  regionCode: string;
  itemId: string | null;
  itemName: string | null;
  staffId: string | null;
}

/** The responsible organisation: the item's, the organisation itself, or the staff member's (by rating code). */
async function route(db: Executor, input: ComplaintInput): Promise<Routed> {
  const organisation = async (id: string, pointer: string) => {
    const org = await reference.findOrganisationById(db, id);
    if (!org) throw validationProblem([{ pointer, code: 'complaint.organisationUnknown' }]);
    return org;
  };
  if (input.subject === 'item') {
    const item = await catalogue.itemRef(db, input.itemId!);
    if (!item || item.status !== 'published') throw validationProblem([{ pointer: '/body/itemId', code: 'complaint.itemUnknown' }]);
    const org = await organisation(item.ownerOrgId, '/body/itemId');
    return { organisationId: org.id, regionCode: org.regionCode, itemId: item.id, itemName: item.name, staffId: null };
  }
  if (input.subject === 'organisation') {
    const org = await organisation(input.organisationId!, '/body/organisationId');
    return { organisationId: org.id, regionCode: org.regionCode, itemId: null, itemName: null, staffId: null };
  }
  const code = await feedback.findRatingCode(db, input.staffCode!);
  if (!code) throw validationProblem([{ pointer: '/body/staffCode', code: 'complaint.staffCodeUnknown' }]);
  const org = await organisation(code.organisationId, '/body/staffCode');
  return { organisationId: org.id, regionCode: org.regionCode, itemId: null, itemName: null, staffId: code.staffId };
}

/** 投诉建议编号: TS + region (6) + date (8) + sequence (4), serialised per region and day. */
async function nextNumber(tx: Tx, regionCode: string, day: string): Promise<string> {
  const prefix = `TS${regionCode}${day.replaceAll('-', '')}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${prefix}))`);
  const [row] = await tx.select({ last: sql<string | null>`max(${complaints.number})` }).from(complaints).where(like(complaints.number, `${prefix}%`));
  const last = row?.last ? Number(row.last.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

/** The answer deadline: `answerDays` working days after the filing day in the node's time zone. */
export const answerDueDate = (deps: Pick<ComplaintDeps, 'calendar' | 'timeZone' | 'answerDays'>, now: Date): string =>
  provisionalCalendar(deps.calendar).addWorkingDays(dateInZone(now, deps.timeZone), deps.answerDays);

/** Files a complaint (429 past the day's limit): routed, due date set, attachments bound, audited. */
export async function fileComplaint(tx: Tx, deps: ComplaintDeps, accountId: string, input: ComplaintInput, now = new Date()): Promise<ComplaintView> {
  await enforce(tx, [{ key: `complaint:account:${accountId}`, limit: COMPLAINT_LIMITS.perDay }], now);
  const routed = await route(tx, input);
  const wanted = input.attachments;
  const dup = wanted.findIndex((a, i) => wanted.indexOf(a) !== i);
  if (dup >= 0) throw validationProblem([{ pointer: `/body/attachments/${dup}`, code: 'complaint.attachmentDuplicate' }]);
  const found = wanted.length
    ? await tx.select().from(complaintFiles).where(inArray(complaintFiles.id, wanted)).for('update')
    : [];
  const bad = wanted.flatMap((a, i) => {
    const f = found.find((x) => x.id === a);
    return f && f.uploadedBy === accountId && f.complaintId === null ? [] : [{ pointer: `/body/attachments/${i}`, code: 'complaint.attachmentUnknown' }];
  });
  if (bad.length) throw validationProblem(bad);
  const id = newId();
  const number = await nextNumber(tx, routed.regionCode, dateInZone(now, deps.timeZone));
  const dueDate = answerDueDate(deps, now);
  const [row] = await tx
    .insert(complaints)
    .values({
      id,
      number,
      kind: input.kind,
      subject: input.subject,
      filerAccountId: accountId,
      ...routed,
      title: input.title,
      content: input.content,
      status: 'open',
      dueDate,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (wanted.length) await tx.update(complaintFiles).set({ complaintId: id }).where(inArray(complaintFiles.id, wanted));
  await appendAudit(tx, {
    actor: accountId,
    action: 'complaint.create',
    entityType: 'complaint',
    entityId: id,
    regionCode: routed.regionCode,
    ownerOrgId: routed.organisationId,
    detail: { number, kind: input.kind, subject: input.subject, itemId: routed.itemId, staffId: routed.staffId, dueDate, attachments: wanted },
  });
  return viewOf(deps, tx, row!, 'filer', now);
}

// ---------------------------------------------------------------- reading

/** The filer's complaints, newest first. */
export async function listMine(deps: ComplaintDeps, accountId: string, now = new Date()): Promise<{ items: ComplaintView[] }> {
  const rows = await deps.db.select().from(complaints).where(eq(complaints.filerAccountId, accountId)).orderBy(desc(complaints.createdAt), desc(complaints.id)).limit(200);
  return { items: await views(deps, deps.db, rows, 'filer', now) };
}

/** One complaint for its filer, its organisation's staff or a supervisor of its region. */
export async function getComplaint(deps: ComplaintDeps, actor: Actor, id: string, now = new Date()): Promise<ComplaintView> {
  const { row, sides } = await visibleRow(deps.db, actor, id);
  return viewOf(deps, deps.db, row, sides.includes('filer') ? 'filer' : 'staff', now);
}

export interface StaffListQuery {
  status?: 'open' | 'answered' | undefined;
  escalated?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** The complaints of the staff member's organisations and regions: open first, earliest deadline first. */
export async function listForStaff(deps: ComplaintDeps, actor: Actor, q: StaffListQuery, now = new Date()) {
  const where = and(
    staffScopeSql(actor),
    q.status ? eq(complaints.status, q.status) : undefined,
    q.escalated === undefined ? undefined : q.escalated ? isNotNull(complaints.escalatedAt) : isNull(complaints.escalatedAt),
  );
  const [total] = await deps.db.select({ n: count() }).from(complaints).where(where);
  const rows = await deps.db
    .select()
    .from(complaints)
    .where(where)
    .orderBy(sql`case when ${complaints.status} = 'open' then 0 else 1 end`, asc(complaints.dueDate), desc(complaints.createdAt), asc(complaints.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await views(deps, deps.db, rows, 'staff', now), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- answering and rating

/**
 * Answers an open complaint: its organisation's staff, or a supervisor of its region once it has
 * been escalated. Locks the row, checks the version, audits, and tells the filer.
 */
export async function answerComplaint(tx: Tx, deps: ComplaintDeps, actor: Actor, id: string, input: { answer: string }, expected: number | undefined, now = new Date()): Promise<ComplaintView> {
  const { row, sides } = await visibleRow(tx, actor, id, true);
  const side = sides.includes('organisation') ? 'organisation' : sides.includes('supervisor') && row.escalatedAt ? 'supervisor' : undefined;
  if (!side) throw new ProblemError(403, 'forbidden', 'problem.complaintAnswerForbidden', [], 'problem.complaintAnswerForbidden.detail');
  checkVersion(row, expected);
  if (row.status !== 'open') throw conflict('problem.complaintAnswered', { status: row.status });
  const [updated] = await tx
    .update(complaints)
    .set({ status: 'answered', answer: input.answer, answeredBy: actor.accountId, answeredAt: now, version: row.version + 1, updatedAt: now })
    .where(eq(complaints.id, id))
    .returning();
  await appendAudit(tx, {
    actor: actor.accountId,
    action: 'complaint.answer',
    entityType: 'complaint',
    entityId: id,
    regionCode: row.regionCode,
    ownerOrgId: row.organisationId,
    detail: { number: row.number, side, escalated: row.escalatedAt !== null, overdue: dateInZone(now, deps.timeZone) > row.dueDate },
  });
  const kindName = COMPLAINT_KINDS[row.kind as ComplaintKind];
  await notify(tx, {
    accountId: row.filerAccountId,
    kind: 'complaint.answered',
    title: `您的${kindName}已答复：${row.title}`,
    body: `${kindName}编号 ${row.number}。答复已送达，请查看答复内容并评价是否满意。`,
    link: `/me/complaints/${id}`,
    sms: false,
  });
  return viewOf(deps, tx, updated!, 'staff', now);
}

/** The filer rates the answer, once (409 before an answer and the second time). */
export async function rateAnswer(tx: Tx, deps: ComplaintDeps, accountId: string, id: string, input: { satisfied: boolean; comment: string }, now = new Date()): Promise<ComplaintView> {
  const row = await findRow(tx, id, true);
  if (!row || row.filerAccountId !== accountId) throw notFound('problem.complaintNotFound');
  if (row.status !== 'answered') throw conflict('problem.complaintNotAnswered', { status: row.status });
  if (row.filerRatedAt) throw conflict('problem.complaintRated');
  const [updated] = await tx
    .update(complaints)
    .set({ filerSatisfied: input.satisfied, filerComment: input.comment, filerRatedAt: now, version: row.version + 1, updatedAt: now })
    .where(eq(complaints.id, id))
    .returning();
  await appendAudit(tx, {
    actor: accountId,
    action: 'complaint.rate',
    entityType: 'complaint',
    entityId: id,
    regionCode: row.regionCode,
    ownerOrgId: row.organisationId,
    detail: { number: row.number, satisfied: input.satisfied },
  });
  return viewOf(deps, tx, updated!, 'filer', now);
}
