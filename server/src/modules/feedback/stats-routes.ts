/**
 * HTTP routes of 好差评 publication (public: indicators, published rectifications) and of the data
 * exports for the staff in scope (CSV with a UTF-8 BOM, or JSON; the columns of the domain contract).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { exportQuerySchema, feedbackScopeQuerySchema, RATING_EXPORT_COLUMNS, RECTIFICATION_EXPORT_COLUMNS } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PUBLIC, roles } from '../../platform/auth.js';
import { attachmentDisposition } from '../../platform/http.js';
import * as stats from './stats.js';

const HANDLERS = roles('supervisor', 'feedback_officer', 'org_admin');
const publicRectificationsQuery = feedbackScopeQuerySchema.omit({ from: true, to: true }).extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** A cell a spreadsheet would run as a formula (= + - @, tab, carriage return) gets a leading apostrophe (OWASP CSV injection). */
export const neutraliseFormula = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** A cell of the CSV export: text as is, arrays joined by `;`, objects as JSON, booleans true/false, null empty. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return neutraliseFormula(value.map(String).join(';'));
  if (typeof value === 'object') return neutraliseFormula(JSON.stringify(value));
  return neutraliseFormula(String(value));
}

/** CSV (RFC 4180, CRLF) with a UTF-8 byte order mark so that spreadsheet programs read Chinese right. */
export function toCsv(columns: readonly string[], rows: Record<string, unknown>[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => csvCell(r[c]))),
    { header: true, columns: [...columns], bom: true, record_delimiter: 'windows' },
  );
}

function sendExport(reply: FastifyReply, name: string, format: 'csv' | 'json', columns: readonly string[], rows: Record<string, unknown>[]) {
  void reply.header('content-disposition', attachmentDisposition(`${name}.${format}`)).header('cache-control', 'private, no-store');
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(rows));
  return reply.type('text/csv; charset=utf-8').send(toCsv(columns, rows));
}

/**
 * The public answers, kept for FEEDBACK_PUBLIC_CACHE_SECONDS by each process: the figures aggregate
 * every rating of a scope and period (seconds over a province's year on a small node), and the same
 * few scopes are asked again and again. The promise is kept, so concurrent requests for one scope
 * share one computation; a failure is not kept. The page says the figures are refreshed each minute.
 */
export function publicCache(seconds: number) {
  const cache = seconds > 0 ? new LRUCache<string, Promise<unknown>>({ max: 2000, ttl: seconds * 1000 }) : null;
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    if (!cache) return compute();
    const kept = cache.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const answer = compute();
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
    return answer;
  };
}

export function feedbackStatsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const deps: stats.ExportDeps = { db, timeZone: ctx.config.timeZone, identity: ctx.identity, nodeRegion: ctx.config.nodeRegion };
    const cached = publicCache(ctx.config.feedbackPublicCacheSeconds);
    // the period defaults to "the last 12 months to today": today is part of the key
    const keyOf = (what: string, q: object) => `${what}:${new Date().toISOString().slice(0, 10)}:${JSON.stringify(q, Object.keys(q).sort())}`;

    app.get('/public/feedback/stats', {
      config: { access: PUBLIC },
      schema: {
        tags: ['feedback'],
        summary: '好差评公开: counts, the four indicators, levels and the 12-month trend of a region, organisation or item (period in the node’s time zone; default the last 12 months)',
        querystring: feedbackScopeQuerySchema,
      },
    }, async (request) => cached(keyOf('stats', request.query), () => stats.stats(deps, request.query)));

    app.get('/public/feedback/rectifications', {
      config: { access: PUBLIC },
      schema: { tags: ['feedback'], summary: 'Closed 差评 rectifications as published: comment, measures and reply with personal data masked; no rater', querystring: publicRectificationsQuery },
    }, async (request) => cached(keyOf('rectifications', request.query), () => stats.publicRectifications(db, request.query)));

    app.get('/workbench/feedback/export/ratings', {
      config: { access: HANDLERS },
      schema: {
        tags: ['workbench'],
        summary: 'Export the ratings in the caller’s scope (RATING_EXPORT_COLUMNS; csv: UTF-8 with BOM, or json)',
        querystring: exportQuerySchema,
      },
    }, async (request, reply) => {
      const { period, rows } = await stats.exportRatings(deps, actorOf(request), request.query);
      return sendExport(reply, `ratings-${period.from}-${period.to}`, request.query.format, RATING_EXPORT_COLUMNS, rows);
    });

    app.get('/workbench/feedback/export/rectifications', {
      config: { access: HANDLERS },
      schema: {
        tags: ['workbench'],
        summary: 'Export the 差评 rectifications in the caller’s scope (RECTIFICATION_EXPORT_COLUMNS; csv: UTF-8 with BOM, or json)',
        querystring: exportQuerySchema,
      },
    }, async (request, reply) => {
      const { period, rows } = await stats.exportRectifications(deps, actorOf(request), request.query);
      return sendExport(reply, `rectifications-${period.from}-${period.to}`, request.query.format, RECTIFICATION_EXPORT_COLUMNS, rows);
    });
  };
}
