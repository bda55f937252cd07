/**
 * The platform file store: where uploaded application materials live, behind one interface.
 *
 * - {@link LocalFileStore}: a directory (`$DATA_DIR/files` by default, `FILE_DIR`). Every write goes to
 *   a temporary file in the target's own directory, is fsynced, then renamed over the target (and the
 *   directory fsynced), so a reader — in this process or another one on the same machine or the same
 *   shared mount — sees either nothing or the whole file, and an acknowledged file survives a crash.
 * - {@link S3FileStore}: S3-compatible object storage (AWS S3, MinIO, a cloud OSS with an S3 API) for
 *   several machines. Client: `@aws-sdk/client-s3` v3 (Apache-2.0, maintained by AWS, `engines`
 *   node >= 20, about 22 MB in 25 packages). Chosen over `minio` (smaller, but older dependencies —
 *   lodash, xml2js, async, through2 — and rarer releases) because it is the reference S3 client that
 *   every S3-compatible vendor documents, is released weekly, and its pluggable `requestHandler` lets the
 *   tests check the exact HTTP requests without a server. Configured for compatibility: request
 *   checksums only when required (several S3-compatible servers reject the newer `x-amz-checksum-*`
 *   trailers) with an explicit `Content-MD5` instead, which every S3 server verifies.
 *
 * Every stored file gets its SM3 digest (GB/T 32905, Node's `createHash('sm3')`) and size, returned by
 * `put` for the caller to record with the material (the S3 store also keeps it as `x-amz-meta-sm3`).
 *
 * Uploads are checked before anything is stored ({@link checkUpload}, {@link storeUpload}): only PDF,
 * JPEG and PNG, recognised by their magic bytes through the small signature table below rather than the
 * `file-type` package — its current major (22) requires Node 22, and for three accepted formats a
 * 30-line table that parses nothing (no container, no decompression of untrusted input) is easier to
 * audit than a detector of 150 formats. A few refused formats are recognised only to name them in the
 * problem (a ZIP, an executable, an HTML page…).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat as fsStat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { Config, FileStoreConfig } from '../config.js';
import { ProblemError } from './errors.js';

// ------------------------------------------------------------------------------------------ API

export interface FileMeta {
  /** media type of the content (as detected by {@link checkUpload}) */
  contentType: string;
}

export interface StoredFile {
  key: string;
  /** bytes stored */
  size: number;
  /** SM3 digest of the content, lower-case hex (64 characters) */
  sm3: string;
}

export interface FileStat {
  key: string;
  size: number;
  modified: Date;
  /** kept by the S3 store as object metadata; the local store leaves them to the caller's records */
  contentType?: string;
  sm3?: string;
}

export interface FileStore {
  /**
   * Stores the whole body under key, replacing any earlier file, all or nothing: when the body fails
   * (a client abort, a size limit) nothing is left and an earlier file under the key is untouched.
   */
  put(key: string, body: Readable | AsyncIterable<Uint8Array> | Uint8Array, meta: FileMeta): Promise<StoredFile>;
  /** the content; throws {@link FileNotFoundError} */
  get(key: string): Promise<Readable>;
  /** undefined when there is no file under key */
  stat(key: string): Promise<FileStat | undefined>;
  /** removes the file; no error when there is none */
  delete(key: string): Promise<void>;
}

/** keys come from the application (e.g. `materials/<application id>/<uuid>`), never from users */
export class FileKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid file key ${JSON.stringify(key.slice(0, 100))}: segments of [a-z0-9_-] separated by "/"`);
  }
}

export class FileNotFoundError extends ProblemError {
  constructor(readonly key: string) {
    super(404, 'not-found', 'problem.fileNotFound');
  }
}

const KEY = /^[a-z0-9_-]{1,128}(\/[a-z0-9_-]{1,128}){0,15}$/;

/** Keys are `/`-separated segments of `[a-z0-9_-]` (no dots: no `..`, no hidden or temporary names). */
export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length > 512 || !KEY.test(key)) throw new FileKeyError(String(key));
  return key;
}

// --------------------------------------------------------------------------------- digest

class Digest {
  private readonly sm3 = createHash('sm3');
  private readonly md5: ReturnType<typeof createHash> | undefined;
  size = 0;
  constructor(withMd5 = false) {
    this.md5 = withMd5 ? createHash('md5') : undefined;
  }
  update(chunk: Uint8Array) {
    this.sm3.update(chunk);
    this.md5?.update(chunk);
    this.size += chunk.length;
  }
  result() {
    return { size: this.size, sm3: this.sm3.digest('hex'), md5: this.md5?.digest('base64') };
  }
}

async function* chunksOf(body: Readable | AsyncIterable<Uint8Array> | Uint8Array): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string') throw new TypeError('file bodies are bytes, not strings');
    yield chunk;
  }
}

/** writes every chunk to the open file, hashing on the way */
async function writeAll(handle: Awaited<ReturnType<typeof open>>, body: Parameters<FileStore['put']>[1], digest: Digest) {
  for await (const chunk of chunksOf(body)) {
    digest.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
  }
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/** makes a rename or a new entry in dir durable (a no-op where directories cannot be opened) */
async function syncDir(dir: string) {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(errno(e) ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}

// ------------------------------------------------------------------------------ local store

export class LocalFileStore implements FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    const file = path.join(this.root, ...validateKey(key).split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new FileKeyError(key);
    return file;
  }

  async put(key: string, body: Parameters<FileStore['put']>[1], _meta: FileMeta): Promise<StoredFile> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    const created = await mkdir(dir, { recursive: true });
    if (created) {
      // make the new directories themselves durable: each one's entry lives in its parent
      for (let d = dir; ; d = path.dirname(d)) {
        await syncDir(path.dirname(d));
        if (d === created) break;
      }
    }
    // dot names are never valid keys, so a temporary file can neither collide with nor be read as one;
    // one left by a crash (power loss mid-write) is recognisable as `.<name>.<uuid>.tmp`
    const temp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
    const handle = await open(temp, 'wx', 0o640);
    let open_ = true;
    try {
      const digest = new Digest();
      await writeAll(handle, body, digest);
      await handle.sync();
      await handle.close();
      open_ = false;
      await rename(temp, file);
      await syncDir(dir);
      const { size, sm3 } = digest.result();
      return { key, size, sm3 };
    } catch (e) {
      if (open_) await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      if (['ENOENT', 'ENOTDIR'].includes(errno(e) ?? '')) throw new FileNotFoundError(key);
      throw e;
    }
    // the open handle keeps the content readable even if the file is deleted or replaced meanwhile
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw new FileNotFoundError(key);
    }
    return handle.createReadStream();
  }

  async stat(key: string): Promise<FileStat | undefined> {
    const file = this.pathOf(key);
    try {
      const s = await fsStat(file);
      return s.isFile() ? { key, size: s.size, modified: s.mtime } : undefined;
    } catch (e) {
      if (['ENOENT', 'ENOTDIR'].includes(errno(e) ?? '')) return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await unlink(file);
      await syncDir(path.dirname(file));
    } catch (e) {
      // EISDIR / EPERM: key names a directory of other keys, so there is no file under it
      if (!['ENOENT', 'ENOTDIR', 'EISDIR', 'EPERM'].includes(errno(e) ?? '')) throw e;
    }
  }
}

// --------------------------------------------------------------------------------- S3 store

const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface S3FileStoreOptions {
  /** bodies of unknown length are spooled here before the upload (default: the OS temp directory) */
  spoolDir?: string;
  /** attempts of a PutObject (the SDK itself does not retry streamed bodies) */
  putAttempts?: number;
}

export class S3FileStore implements FileStore {
  private readonly spoolDir: string;
  private readonly putAttempts: number;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    options: S3FileStoreOptions = {},
  ) {
    this.spoolDir = options.spoolDir ?? tmpdir();
    this.putAttempts = options.putAttempts ?? 3;
  }

  /** the client for a configuration; `overrides` is for tests (a recording `requestHandler`) */
  static clientConfig(c: Extract<FileStoreConfig, { store: 's3' }>, overrides: Partial<S3ClientConfig> = {}): S3ClientConfig {
    return {
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      region: c.region,
      forcePathStyle: c.forcePathStyle,
      // explicit credentials: never the AWS default chain (environment, ~/.aws, instance metadata)
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      logger: silentLogger,
      ...overrides,
    };
  }

  static fromConfig(c: Extract<FileStoreConfig, { store: 's3' }>, overrides: Partial<S3ClientConfig> = {}): S3FileStore {
    return new S3FileStore(new S3Client(S3FileStore.clientConfig(c, overrides)), c.bucket);
  }

  /**
   * A body of unknown length is first spooled to a private temporary file: S3 needs the length (and we
   * send its MD5) up front, memory stays bounded, the SM3 digest goes into the object's metadata, and a
   * failed attempt can be retried from the file. An upload that fails never creates the object (a
   * PutObject is atomic); nothing like an incomplete multipart upload is left to clean.
   */
  async put(key: string, body: Parameters<FileStore['put']>[1], meta: FileMeta): Promise<StoredFile> {
    validateKey(key);
    const digest = new Digest(true);
    if (body instanceof Uint8Array) {
      digest.update(body);
      const d = digest.result();
      await this.send(key, () => body, d, meta);
      return { key, size: d.size, sm3: d.sm3 };
    }
    await mkdir(this.spoolDir, { recursive: true });
    const spool = path.join(this.spoolDir, `onewindow-upload-${randomUUID()}.tmp`);
    const handle = await open(spool, 'wx', 0o600);
    try {
      try {
        await writeAll(handle, body, digest);
      } finally {
        await handle.close();
      }
      const d = digest.result();
      await this.send(key, () => createReadStream(spool), d, meta);
      return { key, size: d.size, sm3: d.sm3 };
    } finally {
      await rm(spool, { force: true });
    }
  }

  private async send(key: string, body: () => Readable | Uint8Array, d: ReturnType<Digest['result']>, meta: FileMeta) {
    for (let attempt = 1; ; attempt++) {
      const content = body();
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: content,
            ContentLength: d.size,
            ContentMD5: d.md5,
            ContentType: meta.contentType,
            Metadata: { sm3: d.sm3 },
          }),
        );
        return;
      } catch (e) {
        if (content instanceof Readable) content.destroy();
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const transient = status === undefined || status >= 500 || status === 429;
        if (attempt >= this.putAttempts || !transient) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  async get(key: string): Promise<Readable> {
    validateKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const b = out.Body as unknown;
      if (b instanceof Readable) return b;
      if (b && typeof (b as ReadableStream).getReader === 'function') return Readable.fromWeb(b as import('node:stream/web').ReadableStream);
      throw new Error('S3 GetObject returned no body stream');
    } catch (e) {
      if (isNotFound(e)) throw new FileNotFoundError(key);
      throw e;
    }
  }

  async stat(key: string): Promise<FileStat | undefined> {
    validateKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: out.ContentLength ?? 0,
        modified: out.LastModified ?? new Date(0),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
        ...(out.Metadata?.sm3 ? { sm3: out.Metadata.sm3 } : {}),
      };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
}

/** The store a node's configuration names. */
export function createFileStore(config: Pick<Config, 'files'>): FileStore {
  const c = config.files;
  return c.store === 's3' ? S3FileStore.fromConfig(c) : new LocalFileStore(c.dir);
}

// ------------------------------------------------------------------------- content checks

export interface UploadPolicy {
  /** largest file accepted, in bytes (`UPLOAD_MAX_BYTES`) */
  maxBytes: number;
  /** accepted media types: a subset of {@link ACCEPTED_TYPES} (all three by default) */
  accept?: readonly AcceptedType[];
}

export const uploadPolicy = (config: Pick<Config, 'files'>, accept?: readonly AcceptedType[]): UploadPolicy => ({
  maxBytes: config.files.maxBytes,
  ...(accept ? { accept } : {}),
});

type Bytes = Uint8Array;
const startsWith = (b: Bytes, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** the accepted formats: magic bytes at offset 0, file name extensions, and other names of the type */
const ACCEPTED = {
  'application/pdf': { magic: ascii('%PDF-'), extensions: ['pdf'], aliases: ['application/x-pdf'] },
  'image/jpeg': { magic: [0xff, 0xd8, 0xff], extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], aliases: ['image/jpg', 'image/pjpeg'] },
  'image/png': { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: ['png'], aliases: ['image/x-png'] },
} as const;

export type AcceptedType = keyof typeof ACCEPTED;
export const ACCEPTED_TYPES = Object.keys(ACCEPTED) as AcceptedType[];

/** formats recognised only to be named in a refusal */
const REFUSED: [string, (b: Bytes) => boolean][] = [
  ['application/zip', (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])],
  ['application/x-msdownload', (b) => startsWith(b, ascii('MZ'))],
  ['application/x-executable', (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46])],
  ['application/x-ole-storage', (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ['application/gzip', (b) => startsWith(b, [0x1f, 0x8b])],
  ['application/vnd.rar', (b) => startsWith(b, ascii('Rar!\x1a\x07'))],
  ['application/x-7z-compressed', (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['image/gif', (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))],
  ['image/webp', (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)],
  ['image/heic', (b) => startsWith(b, ascii('ftyp'), 4) && ['heic', 'heix', 'mif1', 'msf1'].some((brand) => startsWith(b, ascii(brand), 8))],
  ['image/tiff', (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])],
  ['image/bmp', (b) => startsWith(b, ascii('BM'))],
];

function markup(b: Bytes): string | undefined {
  let text = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  text = text.replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '').replace(/^[\s\0]+/, '').toLowerCase();
  if (/^<(!doctype html|html|head|body|script|iframe|!--)/.test(text)) return 'text/html';
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
  if (text.startsWith('<?xml')) return 'application/xml';
  return undefined;
}

/** The media type of content from its first bytes: one of the accepted types, a named other one, or undefined. */
export function detectType(firstBytes: Bytes): string | undefined {
  for (const [type, f] of Object.entries(ACCEPTED)) if (startsWith(firstBytes, f.magic)) return type;
  return REFUSED.find(([, test]) => test(firstBytes))?.[0] ?? markup(firstBytes);
}

/** bytes {@link storeUpload} reads before checking (more than any signature needs) */
export const SNIFF_BYTES = 4096;

export class UploadTooLargeError extends ProblemError {
  constructor(readonly maxBytes: number) {
    super(413, 'payload-too-large', 'problem.uploadTooLarge', [], 'problem.uploadTooLarge.detail', { maxBytes });
  }
}

export class UnsupportedUploadError extends ProblemError {
  constructor(
    /** `application/octet-stream` when not recognised */
    readonly detectedType: string,
    /** `type`: not an accepted format; `mismatch`: accepted, but the declared name or type says otherwise */
    readonly reason: 'type' | 'mismatch',
    acceptedTypes: readonly string[],
  ) {
    super(
      415,
      'unsupported-media-type',
      reason === 'type' ? 'problem.uploadType' : 'problem.uploadMismatch',
      [],
      reason === 'type' ? 'problem.uploadType.detail' : 'problem.uploadMismatch.detail',
      { detectedType, acceptedTypes: [...acceptedTypes] },
    );
  }
}

export interface CheckedUpload {
  contentType: AcceptedType;
  /** the canonical extension of the detected type, for the stored file's download name */
  extension: string;
}

/**
 * Checks an upload before storing it: declared size within the limit, content a PDF, JPEG or PNG by its
 * magic bytes, and neither the declared file name's extension nor the declared media type contradicting
 * it. A missing extension or an `application/octet-stream` / missing type claims nothing.
 */
export function checkUpload(
  firstBytes: Bytes,
  declaredName: string | undefined,
  declaredType: string | undefined,
  size: number | undefined,
  policy: UploadPolicy,
): CheckedUpload {
  if (size !== undefined && size > policy.maxBytes) throw new UploadTooLargeError(policy.maxBytes);
  const accept = policy.accept ?? ACCEPTED_TYPES;
  const detected = detectType(firstBytes);
  if (!detected || !(accept as readonly string[]).includes(detected)) {
    throw new UnsupportedUploadError(detected ?? 'application/octet-stream', 'type', accept);
  }
  const type = detected as AcceptedType;
  const format = ACCEPTED[type];
  const claimed = declaredType?.split(';')[0]!.trim().toLowerCase();
  if (claimed && claimed !== 'application/octet-stream' && claimed !== type && !(format.aliases as readonly string[]).includes(claimed)) {
    throw new UnsupportedUploadError(type, 'mismatch', accept);
  }
  const base = (declaredName ?? '').trim().split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (extension && !(format.extensions as readonly string[]).includes(extension)) {
    throw new UnsupportedUploadError(type, 'mismatch', accept);
  }
  return { contentType: type, extension: format.extensions[0] };
}

export interface DeclaredUpload {
  /** the file name the client gave */
  name?: string;
  /** the media type the client gave */
  type?: string;
  /** the length the client announced, when it did */
  size?: number;
}

/**
 * Checks and stores an upload as it streams in: reads the first {@link SNIFF_BYTES}, runs
 * {@link checkUpload}, then streams the rest into the store counting bytes, and fails with
 * {@link UploadTooLargeError} as soon as the limit is passed. The store's all-or-nothing `put` means a
 * refused, aborted or oversized upload leaves nothing behind (and an earlier file under the key stays).
 * On any failure the source is released (a Node stream is destroyed).
 */
export async function storeUpload(
  store: FileStore,
  key: string,
  source: Readable | AsyncIterable<Uint8Array>,
  policy: UploadPolicy,
  declared: DeclaredUpload = {},
): Promise<StoredFile & CheckedUpload> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  const next = async (): Promise<Buffer | undefined> => {
    const r = await it.next();
    if (r.done) return undefined;
    if (typeof r.value === 'string') throw new TypeError('uploads are bytes, not strings');
    return Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
  };
  try {
    validateKey(key);
    if (declared.size !== undefined && declared.size > policy.maxBytes) throw new UploadTooLargeError(policy.maxBytes);
    const head: Buffer[] = [];
    let count = 0;
    let ended = false;
    while (count < SNIFF_BYTES) {
      const chunk = await next();
      if (!chunk) {
        ended = true;
        break;
      }
      head.push(chunk);
      count += chunk.length;
    }
    if (count > policy.maxBytes) throw new UploadTooLargeError(policy.maxBytes);
    const first = Buffer.concat(head);
    const checked = checkUpload(first.subarray(0, SNIFF_BYTES), declared.name, declared.type, declared.size, policy);
    async function* body(): AsyncGenerator<Buffer> {
      yield first;
      if (ended) return;
      for (let chunk = await next(); chunk; chunk = await next()) {
        count += chunk.length;
        if (count > policy.maxBytes) throw new UploadTooLargeError(policy.maxBytes);
        yield chunk;
      }
    }
    const stored = await store.put(key, body(), { contentType: checked.contentType });
    return { ...stored, ...checked };
  } catch (e) {
    try {
      await it.return?.();
    } catch {
      // the source had failed already
    }
    if (source instanceof Readable && !source.destroyed) source.destroy();
    throw e;
  }
}

/** The display name of an uploaded file: the client's base name without control characters, or `file.<ext>`. */
export const uploadName = (filename: string, extension: string): string =>
  (filename.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || `file.${extension}`;
