/**
 * HTTP helpers shared by the modules' routes: the single file part of a multipart upload (with its
 * fields validated), downloads (`Content-Disposition` with the UTF-8 name), and optimistic
 * concurrency (`If-Match: "v<version>"` → expected version; `ETag` of a view).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { ProblemError, validationProblem, zodFields } from './errors.js';

export interface FilePart<F> {
  fields: F;
  filename: string;
  mimetype: string;
  stream: Readable & AsyncIterable<Uint8Array>;
}

/**
 * The single file part of a multipart upload and the fields sent before it (validated by `fields`,
 * each bad one named under /body). 415 when the request is not multipart, 400 without a file.
 */
export async function multipartFile<S extends z.ZodType>(request: FastifyRequest, maxBytes: number, fields: S): Promise<FilePart<z.infer<S>>> {
  if (!request.isMultipart()) throw new ProblemError(415, 'unsupported-media-type', 'problem.multipartRequired');
  const part = await request.file({ limits: { fileSize: maxBytes + 1, files: 1, fields: 5, fieldSize: 200 } });
  if (!part) throw validationProblem([{ pointer: '/body/file', code: 'required' }]);
  const raw = Object.fromEntries(
    Object.entries(part.fields).flatMap(([k, v]) => (v && !Array.isArray(v) && v.type === 'field' ? [[k, String(v.value)]] : [])),
  );
  const parsed = fields.safeParse(raw);
  if (!parsed.success) {
    part.file.resume();
    throw validationProblem(zodFields('/body', parsed.error));
  }
  return { fields: parsed.data as z.infer<S>, filename: part.filename, mimetype: part.mimetype, stream: part.file };
}

/** `Content-Disposition: attachment` with the UTF-8 name (RFC 6266 / 8187) and an ASCII fallback. */
export const attachmentDisposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Sends a stored file as a private download that browsers must not sniff or cache. */
export function sendDownload(reply: FastifyReply, file: { name: string; contentType: string; size: number }, body: Readable) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.size)
    .header('content-disposition', attachmentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

/** The version a change expects, from `If-Match: "v7"` (absent: no check); 400 on another shape. */
export function expectedVersion(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(Array.isArray(header) ? header[0]! : header);
  if (!m) throw new ProblemError(400, 'validation', 'problem.ifMatch', [{ pointer: '/headers/if-match', code: 'invalid_format' }]);
  return Number(m[1]);
}

/** Sets `ETag: "v<version>"` of the view and answers it. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, view: T): T {
  void reply.header('etag', `"v${view.version}"`);
  return view;
}
