/**
 * Typed errors rendered once as RFC 9457 problem+json. Messages are keys, translated per request.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { FieldError, ProblemDetails } from '@onewindow/domain';
import { hasMessage, pickLocale, translate } from './i18n.js';

export const PROBLEM_BASE = 'https://onewindow.dev/problems/';

export interface FieldIssue {
  pointer: string;
  code: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    /** short slug of the problem type, e.g. "validation" → https://onewindow.dev/problems/validation */
    readonly slug: string,
    /** message key of the title */
    readonly titleKey: string,
    readonly fields: FieldIssue[] = [],
    readonly detailKey?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(titleKey);
  }
}

export const notFound = (titleKey = 'problem.notFound') => new ProblemError(404, 'not-found', titleKey);
export const conflict = (titleKey: string, extensions: Record<string, unknown> = {}) =>
  new ProblemError(409, 'conflict', titleKey, [], undefined, extensions);
export const validationProblem = (fields: FieldIssue[]) =>
  new ProblemError(400, 'validation', 'problem.validation', fields, 'problem.validation.detail');

/** Turns zod issues into field issues under a JSON pointer prefix (e.g. "/body"). */
export function zodFields(prefix: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ pointer: `${prefix}/${issue.path.join('/')}`.replace(/\/$/, ''), code: issueKey(issue.code, issue.message) }));
}

function issueKey(code: string, message: string): string {
  if (hasMessage(message)) return message;
  if (code === 'invalid_type' && /received undefined/.test(message)) return 'required';
  return code;
}

function send(reply: FastifyReply, request: FastifyRequest, problem: ProblemError) {
  const locale = pickLocale(request.headers['accept-language']);
  const errors: FieldError[] = problem.fields.map((f) => ({ pointer: f.pointer, code: f.code, detail: translate(locale, f.code) }));
  const body: ProblemDetails = {
    type: `${PROBLEM_BASE}${problem.slug}`,
    title: translate(locale, problem.titleKey),
    status: problem.status,
    ...(problem.detailKey ? { detail: translate(locale, problem.detailKey) } : {}),
    instance: request.url,
    ...(errors.length ? { errors } : {}),
    ...problem.extensions,
  };
  if (problem.status === 429 && typeof problem.extensions.retryAfter === 'number') void reply.header('retry-after', String(problem.extensions.retryAfter));
  return reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload-too-large', 'problem.payloadTooLarge'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', 'problem.unsupportedMediaType'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad-json', 'problem.badJson'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad-json', 'problem.badJson'],
};

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) return send(reply, request, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext ?? 'body';
      const fields = error.validation.map((v) => ({
        pointer: `/${context === 'querystring' ? 'query' : context}${v.instancePath === '/' ? '' : v.instancePath}`,
        code: issueKey(v.keyword, v.message ?? ''),
      }));
      return send(reply, request, validationProblem(fields));
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return send(reply, request, new ProblemError(known[0], known[1], known[2]));
    if (error.name === 'SyntaxError' && error.statusCode === 400) return send(reply, request, new ProblemError(400, 'bad-json', 'problem.badJson'));
    if (error.statusCode === 429) return send(reply, request, new ProblemError(429, 'rate-limited', 'problem.rateLimited'));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const byStatus: Record<number, [string, string]> = {
        401: ['unauthorized', 'problem.unauthorized'],
        403: ['forbidden', 'problem.forbidden'],
        404: ['not-found', 'problem.notFound'],
        409: ['conflict', 'problem.conflict'],
      };
      const [slug, key] = byStatus[error.statusCode] ?? ['bad-request', 'problem.validation'];
      return send(reply, request, new ProblemError(error.statusCode, slug, key));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, new ProblemError(500, 'internal', 'problem.internal'));
  });
}

export function problemNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, request, new ProblemError(404, 'not-found', 'problem.routeNotFound'));
}
