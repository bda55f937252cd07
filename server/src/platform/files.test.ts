/**
 * The file store: round trips, atomic and durable writes (nothing partial ever visible), key
 * validation, content checks by magic bytes, streaming size limits, concurrency; the S3 store's
 * requests checked through a recording request handler (no S3 server here); configuration.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import {
  FileKeyError,
  FileNotFoundError,
  LocalFileStore,
  S3FileStore,
  UnsupportedUploadError,
  UploadTooLargeError,
  checkUpload,
  createFileStore,
  storeUpload,
} from './files.js';

// real minimal files
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126)]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
const HTML = Buffer.from('\ufeff  <!DOCTYPE html><html><script>alert(1)</script></html>');

const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const policy = { maxBytes: 64 * 1024 };
const read = async (s: Readable) => Buffer.concat(await s.toArray());

/** every name under dir, temporary files included */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

/** a stream of n bytes starting with head, in chunks, optionally failing after `failAfter` bytes */
function stream(head: Buffer, n: number, failAfter?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return this.destroy(new Error('client aborted'));
      if (sent >= n) return this.push(null);
      const size = Math.min(16 * 1024, n - sent);
      const chunk = Buffer.alloc(size, 0x20);
      if (sent < head.length) head.copy(chunk, 0, sent, Math.min(head.length, sent + size));
      sent += size;
      this.push(chunk);
    },
  });
}

function problem(fn: () => unknown): UnsupportedUploadError | UploadTooLargeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UnsupportedUploadError || e instanceof UploadTooLargeError) return e;
    throw e;
  }
  throw new Error('no problem raised');
}

let root: string;
let store: LocalFileStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ow-files-'));
  store = new LocalFileStore(path.join(root, 'files'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LocalFileStore', () => {
  it('round-trips a buffer and a stream with size and SM3', async () => {
    const a = await store.put('materials/app-1/a', PDF, { contentType: 'application/pdf' });
    expect(a).toEqual({ key: 'materials/app-1/a', size: PDF.length, sm3: sm3(PDF) });
    expect(await read(await store.get('materials/app-1/a'))).toEqual(PDF);

    const big = Buffer.alloc(200_000, 7);
    const b = await store.put('materials/app-1/b', Readable.from([big.subarray(0, 70_000), big.subarray(70_000)]), { contentType: 'image/png' });
    expect(b).toEqual({ key: 'materials/app-1/b', size: big.length, sm3: sm3(big) });
    expect(await read(await store.get('materials/app-1/b'))).toEqual(big);
    expect(await store.stat('materials/app-1/b')).toMatchObject({ key: 'materials/app-1/b', size: big.length });

    await store.put('materials/app-1/a', PNG, { contentType: 'image/png' }); // replaces
    expect(await read(await store.get('materials/app-1/a'))).toEqual(PNG);
    expect(await tree(store.root)).toEqual(['materials/app-1/a', 'materials/app-1/b']);
  });

  it('SM3 is the standard digest (GB/T 32905 example "abc")', async () => {
    const r = await store.put('abc', Buffer.from('abc'), { contentType: 'text/plain' });
    expect(r.sm3).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('delete, stat and get of missing keys', async () => {
    await store.put('x/y', PNG, { contentType: 'image/png' });
    await store.delete('x/y');
    await store.delete('x/y'); // idempotent
    await store.delete('x'); // a directory of keys, not a file
    expect(await store.stat('x/y')).toBeUndefined();
    expect(await store.stat('x')).toBeUndefined();
    await expect(store.get('x/y')).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(store.get('x')).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(store.get('nothing/here')).rejects.toMatchObject({ status: 404, slug: 'not-found' });
  });

  it('a failed stream leaves no file, no temporary file, and the earlier version intact', async () => {
    await store.put('m/a', PDF, { contentType: 'application/pdf' });
    await expect(store.put('m/a', stream(PNG, 100_000, 40_000), { contentType: 'image/png' })).rejects.toThrow('client aborted');
    await expect(store.put('m/b', stream(PNG, 100_000, 40_000), { contentType: 'image/png' })).rejects.toThrow('client aborted');
    expect(await tree(store.root)).toEqual(['m/a']);
    expect(await read(await store.get('m/a'))).toEqual(PDF);
    expect(await store.stat('m/b')).toBeUndefined();
  });

  it('no partial file is ever visible while a write is in progress', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow() {
      yield Buffer.alloc(50_000, 1);
      await gate;
      yield Buffer.alloc(50_000, 2);
    }
    const writing = store.put('m/slow', slow(), { contentType: 'application/pdf' });
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.stat('m/slow')).toBeUndefined();
    await expect(store.get('m/slow')).rejects.toBeInstanceOf(FileNotFoundError);
    const during = await tree(store.root);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^m\/\.slow\.[0-9a-f-]{36}\.tmp$/);
    release();
    expect((await writing).size).toBe(100_000);
    expect(await tree(store.root)).toEqual(['m/slow']);
  });

  it('refuses traversal and malformed keys before touching the disk', async () => {
    const bad = ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/', '', '.', 'a/.hidden', 'A', 'a b', 'a\\b', 'a/b.pdf', 'é', 'a\0b', 'x'.repeat(129)];
    for (const key of bad) {
      await expect(store.put(key, PNG, { contentType: 'image/png' }), key).rejects.toBeInstanceOf(FileKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(FileKeyError);
      await expect(store.stat(key), key).rejects.toBeInstanceOf(FileKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(FileKeyError);
    }
    expect(await tree(root)).toEqual([]);
  });

  it('concurrent puts of different keys (and of one key) all complete intact', async () => {
    const bodies = Array.from({ length: 24 }, (_, i) => Buffer.alloc(30_000 + i * 1000, i));
    const results = await Promise.all(bodies.map((b, i) => store.put(`c/${i % 3}/f${i}`, Readable.from([b]), { contentType: 'image/png' })));
    results.forEach((r, i) => expect(r).toEqual({ key: `c/${i % 3}/f${i}`, size: bodies[i]!.length, sm3: sm3(bodies[i]!) }));
    for (const [i, b] of bodies.entries()) expect(await read(await store.get(`c/${i % 3}/f${i}`))).toEqual(b);
    // the same key from several writers: the last rename wins, whole
    await Promise.all(bodies.slice(0, 6).map((b) => store.put('c/same', b, { contentType: 'image/png' })));
    const same = await readFile(path.join(store.root, 'c/same'));
    expect(bodies.slice(0, 6).some((b) => b.equals(same))).toBe(true);
    expect((await tree(store.root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('checkUpload', () => {
  it('accepts PDF, JPEG and PNG by their magic bytes', () => {
    expect(checkUpload(PDF, '营业执照.pdf', 'application/pdf', PDF.length, policy)).toEqual({ contentType: 'application/pdf', extension: 'pdf' });
    expect(checkUpload(JPEG, 'ID card.JPG', 'image/jpeg', undefined, policy)).toEqual({ contentType: 'image/jpeg', extension: 'jpg' });
    expect(checkUpload(JPEG, 'photo.jpeg', 'image/jpg', undefined, policy).contentType).toBe('image/jpeg');
    expect(checkUpload(PNG, 'C:\\scans\\a.png', 'image/png; charset=binary', undefined, policy).contentType).toBe('image/png');
    // no extension, a generic declared type: the content decides
    expect(checkUpload(PNG, 'scan', 'application/octet-stream', undefined, policy).contentType).toBe('image/png');
    expect(checkUpload(PDF, undefined, undefined, undefined, policy).contentType).toBe('application/pdf');
  });

  it('refuses a PNG named .pdf or declared as a PDF, naming the detected type', () => {
    const named = problem(() => checkUpload(PNG, 'contract.pdf', undefined, undefined, policy));
    expect(named).toMatchObject({ status: 415, slug: 'unsupported-media-type', titleKey: 'problem.uploadMismatch', extensions: { detectedType: 'image/png' } });
    const declared = problem(() => checkUpload(PNG, 'contract.png', 'application/pdf', undefined, policy));
    expect(declared).toMatchObject({ status: 415, extensions: { detectedType: 'image/png' } });
    expect(problem(() => checkUpload(PDF, 'scan.pdf.exe', 'application/pdf', undefined, policy))).toMatchObject({ status: 415 });
  });

  it('refuses an EXE, a ZIP, an HTML page, and unknown or empty content', () => {
    const cases: [Buffer, string, string][] = [
      [EXE, 'setup.pdf', 'application/x-msdownload'],
      [ZIP, 'documents.pdf', 'application/zip'],
      [HTML, 'page.png', 'text/html'],
      [Buffer.from('hello, plain text'), 'a.pdf', 'application/octet-stream'],
      [Buffer.alloc(0), 'empty.pdf', 'application/octet-stream'],
      [Buffer.from('GIF89a\x01\x00', 'latin1'), 'x.gif', 'image/gif'],
    ];
    for (const [bytes, name, detectedType] of cases) {
      expect(problem(() => checkUpload(bytes, name, 'application/pdf', undefined, policy)), name).toMatchObject({
        status: 415,
        slug: 'unsupported-media-type',
        titleKey: 'problem.uploadType',
        extensions: { detectedType, acceptedTypes: ['application/pdf', 'image/jpeg', 'image/png'] },
      });
    }
  });

  it('honours a narrower accept list and a declared size over the limit', () => {
    expect(problem(() => checkUpload(PNG, 'a.png', 'image/png', undefined, { ...policy, accept: ['application/pdf'] }))).toMatchObject({
      status: 415,
      extensions: { detectedType: 'image/png', acceptedTypes: ['application/pdf'] },
    });
    expect(problem(() => checkUpload(PDF, 'a.pdf', 'application/pdf', policy.maxBytes + 1, policy))).toMatchObject({
      status: 413,
      slug: 'payload-too-large',
      titleKey: 'problem.uploadTooLarge',
      extensions: { maxBytes: policy.maxBytes },
    });
  });
});

describe('storeUpload', () => {
  it('checks then stores a streamed upload', async () => {
    const r = await storeUpload(store, 'materials/1/a', stream(PDF, 50_000), policy, { name: 'a.pdf', type: 'application/pdf' });
    expect(r).toMatchObject({ key: 'materials/1/a', size: 50_000, contentType: 'application/pdf', extension: 'pdf' });
    const content = await read(await store.get('materials/1/a'));
    expect(content.subarray(0, PDF.length)).toEqual(PDF);
    expect(r.sm3).toBe(sm3(content));
    // small files, shorter than the sniffed head, in one chunk
    expect(await storeUpload(store, 'materials/1/b', Readable.from([PNG]), policy, { name: 'b.png' })).toMatchObject({ size: PNG.length, sm3: sm3(PNG) });
  });

  it('refuses wrong content before writing anything, and releases the source', async () => {
    const src = stream(EXE, 50_000);
    await expect(storeUpload(store, 'materials/1/x', src, policy, { name: 'x.pdf' })).rejects.toMatchObject({ status: 415, extensions: { detectedType: 'application/x-msdownload' } });
    expect(src.destroyed).toBe(true);
    await expect(storeUpload(store, 'materials/1/y', Readable.from([PNG]), policy, { name: 'y.pdf' })).rejects.toBeInstanceOf(UnsupportedUploadError);
    expect(await tree(root)).toEqual([]);
  });

  it('aborts past the limit while streaming and leaves nothing behind', async () => {
    // no declared size: only counting can catch it
    await expect(storeUpload(store, 'materials/1/big', stream(PDF, policy.maxBytes + 1), policy, { name: 'big.pdf' })).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(storeUpload(store, 'materials/1/big', stream(PNG, 10 * policy.maxBytes), policy)).rejects.toMatchObject({ status: 413, slug: 'payload-too-large' });
    // exactly the limit is fine
    expect((await storeUpload(store, 'materials/1/max', stream(PDF, policy.maxBytes), policy)).size).toBe(policy.maxBytes);
    // a limit smaller than the sniffed head
    await expect(storeUpload(store, 'materials/1/tiny', stream(PDF, 3000), { maxBytes: 2048 })).rejects.toBeInstanceOf(UploadTooLargeError);
    // declared too large: refused before reading
    await expect(storeUpload(store, 'materials/1/decl', stream(PDF, 10), policy, { size: policy.maxBytes + 1 })).rejects.toBeInstanceOf(UploadTooLargeError);
    // a client that disconnects midway
    await expect(storeUpload(store, 'materials/1/cut', stream(PDF, 60_000, 20_000), policy)).rejects.toThrow('client aborted');
    expect(await tree(store.root)).toEqual(['materials/1/max']);
  });

  it('refuses a bad key before reading', async () => {
    await expect(storeUpload(store, '../etc/x', Readable.from([PDF]), policy)).rejects.toBeInstanceOf(FileKeyError);
  });
});

// ---------------------------------------------------------------------------------- S3

interface Recorded {
  method: string;
  hostname: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: Buffer;
}

/** an in-memory S3 behind the SDK's request handler: records each signed request */
function fakeS3(options: { failPuts?: number } = {}) {
  const requests: Recorded[] = [];
  const objects = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  let failPuts = options.failPuts ?? 0;
  const xmlError = (code: string) => Readable.from([Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>m</Message></Error>`)]);
  const requestHandler = {
    async handle(request: { method: string; hostname: string; path: string; query: Record<string, unknown>; headers: Record<string, string>; body?: unknown }) {
      const body = request.body instanceof Readable ? Buffer.concat(await request.body.toArray()) : request.body ? Buffer.from(request.body as Uint8Array) : Buffer.alloc(0);
      requests.push({ method: request.method, hostname: request.hostname, path: request.path, query: request.query, headers: request.headers, body });
      const none = { statusCode: 404, headers: {}, body: Readable.from([]) };
      const object = objects.get(request.path);
      switch (request.method) {
        case 'PUT':
          if (failPuts-- > 0) return { response: { statusCode: 503, headers: {}, body: xmlError('SlowDown') } };
          objects.set(request.path, { body, headers: request.headers });
          return { response: { statusCode: 200, headers: { etag: '"e"' }, body: Readable.from([]) } };
        case 'GET':
          if (!object) return { response: { ...none, body: xmlError('NoSuchKey') } };
          return { response: { statusCode: 200, headers: { 'content-length': String(object.body.length), 'content-type': object.headers['content-type']! }, body: Readable.from([object.body]) } };
        case 'HEAD':
          if (!object) return { response: none };
          return {
            response: {
              statusCode: 200,
              headers: {
                'content-length': String(object.body.length),
                'content-type': object.headers['content-type']!,
                'last-modified': new Date(0).toUTCString(),
                'x-amz-meta-sm3': object.headers['x-amz-meta-sm3']!,
              },
              body: Readable.from([]),
            },
          };
        case 'DELETE':
          objects.delete(request.path);
          return { response: { statusCode: 204, headers: {}, body: Readable.from([]) } };
      }
      throw new Error(`unexpected ${request.method}`);
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
  return { requests, objects, requestHandler };
}

const s3Config = {
  store: 's3' as const,
  endpoint: 'http://minio.internal:9000',
  region: 'cn-east-1',
  bucket: 'onewindow-materials',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret-example-key',
  forcePathStyle: true,
};

describe('S3FileStore (requests checked against a recording handler, no S3 server)', () => {
  it('PUTs a signed path-style request with length, Content-MD5, type and the SM3 in metadata', async () => {
    const fake = fakeS3();
    const s3 = S3FileStore.fromConfig(s3Config, { requestHandler: fake.requestHandler });
    const spoolDir = path.join(root, 'spool');
    const spooled = new S3FileStore(s3.client, s3Config.bucket, { spoolDir });
    const r = await spooled.put('materials/app-1/a', stream(PDF, 50_000), { contentType: 'application/pdf' });
    const put = fake.requests[0]!;
    expect(put.method).toBe('PUT');
    expect(put.hostname).toBe('minio.internal');
    expect(put.path).toBe('/onewindow-materials/materials/app-1/a');
    expect(put.headers['content-length']).toBe('50000');
    expect(put.headers['content-type']).toBe('application/pdf');
    expect(put.headers['content-md5']).toBe(createHash('md5').update(put.body).digest('base64'));
    expect(put.headers['x-amz-meta-sm3']).toBe(r.sm3);
    expect(r).toEqual({ key: 'materials/app-1/a', size: 50_000, sm3: sm3(put.body) });
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-east-1\/s3\/aws4_request, SignedHeaders=.*content-md5.*x-amz-meta-sm3/);
    expect(Object.keys(put.headers).filter((h) => h.startsWith('x-amz-checksum'))).toEqual([]);
    expect(await tree(spoolDir)).toEqual([]); // the spool file is gone

    expect(await read(await s3.get('materials/app-1/a'))).toEqual(put.body);
    expect(await s3.stat('materials/app-1/a')).toMatchObject({ size: 50_000, contentType: 'application/pdf', sm3: r.sm3 });
    await s3.delete('materials/app-1/a');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/onewindow-materials/materials/app-1/a' });
    expect(await s3.stat('materials/app-1/a')).toBeUndefined();
    await expect(s3.get('materials/app-1/a')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('retries a transient failure from the spooled copy', async () => {
    const fake = fakeS3({ failPuts: 1 });
    const s3 = S3FileStore.fromConfig(s3Config, { requestHandler: fake.requestHandler });
    const r = await s3.put('m/b', stream(PNG, 20_000), { contentType: 'image/png' });
    const puts = fake.requests.filter((q) => q.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[1]!.body.length).toBe(20_000);
    expect(sm3(puts[1]!.body)).toBe(r.sm3);
  });

  it('virtual-hosted addressing without path style; nothing sent for a failed stream or a bad key', async () => {
    const fake = fakeS3();
    const s3 = S3FileStore.fromConfig({ ...s3Config, endpoint: 'https://oss.example.cn', forcePathStyle: false }, { requestHandler: fake.requestHandler });
    await s3.put('m/c', PNG, { contentType: 'image/png' });
    expect(fake.requests[0]).toMatchObject({ hostname: 'onewindow-materials.oss.example.cn', path: '/m/c' });
    await expect(s3.put('m/d', stream(PNG, 50_000, 10_000), { contentType: 'image/png' })).rejects.toThrow('client aborted');
    await expect(s3.put('../x', PNG, { contentType: 'image/png' })).rejects.toBeInstanceOf(FileKeyError);
    expect(fake.requests).toHaveLength(1);
  });

  it('storeUpload over S3: an oversized stream never reaches the bucket', async () => {
    const fake = fakeS3();
    const s3 = S3FileStore.fromConfig(s3Config, { requestHandler: fake.requestHandler });
    await expect(storeUpload(s3, 'm/e', stream(PDF, policy.maxBytes * 2), policy)).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(fake.requests).toEqual([]);
  });
});

describe('configuration', () => {
  it('local by default under DATA_DIR/files, 10 MiB limit; FILE_DIR overrides', () => {
    const c = loadConfig({ DATA_DIR: '/srv/ow' });
    expect(c.files).toEqual({ store: 'local', dir: path.resolve('/srv/ow/files'), maxBytes: 10 * 1024 * 1024 });
    expect(loadConfig({ FILE_DIR: '/mnt/files', UPLOAD_MAX_BYTES: '5242880' }).files).toEqual({ store: 'local', dir: '/mnt/files', maxBytes: 5242880 });
    expect(createFileStore({ files: { store: 'local', dir: root, maxBytes: 1024 } })).toBeInstanceOf(LocalFileStore);
  });

  it('FILE_STORE=s3 needs bucket and credentials, and never echoes the credentials', () => {
    let message = '';
    try {
      loadConfig({ FILE_STORE: 's3', S3_ACCESS_KEY_ID: 'AKIDVISIBLE', S3_SECRET_ACCESS_KEY: '' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/S3_BUCKET: required when FILE_STORE=s3/);
    expect(message).toMatch(/S3_SECRET_ACCESS_KEY/);
    expect(message).not.toContain('AKIDVISIBLE');
    expect(() => loadConfig({ FILE_STORE: 's3', S3_BUCKET: 'Bad_Bucket', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ FILE_STORE: 'ftp' })).toThrow(/FILE_STORE/);
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: '12' })).toThrow(/UPLOAD_MAX_BYTES/);
  });

  it('S3 settings: path style follows the endpoint unless set', () => {
    const base = { FILE_STORE: 's3', S3_BUCKET: 'ow-files', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(loadConfig({ ...base, S3_ENDPOINT: 'http://minio:9000' }).files).toEqual({
      store: 's3',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'ow-files',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      maxBytes: 10 * 1024 * 1024,
    });
    expect(loadConfig(base).files).toMatchObject({ endpoint: undefined, forcePathStyle: false });
    expect(loadConfig({ ...base, S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com', S3_REGION: 'oss-cn-hangzhou', S3_FORCE_PATH_STYLE: 'false' }).files).toMatchObject({
      region: 'oss-cn-hangzhou',
      forcePathStyle: false,
    });
    expect(() => loadConfig({ ...base, S3_ENDPOINT: 'https://id:pw@minio' })).toThrow(/S3_ENDPOINT/);
    const built = createFileStore({ files: { ...s3Config, maxBytes: 1024 } });
    expect(built).toBeInstanceOf(S3FileStore);
    expect((built as S3FileStore).bucket).toBe('onewindow-materials');
  });
});
