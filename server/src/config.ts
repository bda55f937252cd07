/** Environment → typed, validated configuration. The only reader of process.env. */
import { z } from 'zod';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_COMPLAINT_ANSWER_DAYS, DEFAULT_RECTIFICATION_LIMITS, isRegionCodeShape, isValidUscc, type RectificationLimits } from '@onewindow/domain';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NODE_REGION: z.string().refine(isRegionCodeShape, 'must be a 6-digit GB/T 2260 region code').default('330000'),
  NODE_NAME: z.string().min(1).default('浙江省政务服务网'),
  NODE_HOTLINE: z.string().min(1).default('12345'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  APP_MODE: z.enum(['development', 'production']).default('development'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PERSONAL_DATA_KEYS: z.string().min(1).optional(),
  PERSONAL_DATA_INDEX_KEY: z.string().min(1).optional(),
  SECRETS_FILE: z.string().min(1).optional(),
  SECOND_FACTOR: z.enum(['off', 'staff', 'all']).default('off'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  SMS_SENDER: z.enum(['outbox', 'http']).default('outbox'),
  SMS_HTTP_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_HTTP_TOKEN: z.string().min(1).optional(),
  ACR_PREFIX: z.string().min(1).default('urn:onewindow:loa:'),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** development only: POST /api/v1/dev/bare-insert, the baseline of `npm run bench:apply` */
  BENCH_BASELINE: z.enum(['true', 'false']).default('false'),
  WEB_DIST: z.string().optional(),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  SEARCH_TOTAL_CAP: z.coerce.number().int().min(1).default(10_000),
  /** working days a provider has to answer a conditional data-sharing request (有条件共享) */
  SHARING_ANSWER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  /** 差评整改 (好差评): working days to verify (核实, with the call back) and to rectify and reply, from the rating */
  FEEDBACK_VERIFY_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_RECTIFICATION_LIMITS.verifyDays),
  FEEDBACK_RECTIFY_DAYS: z.coerce.number().int().min(1).max(120).default(DEFAULT_RECTIFICATION_LIMITS.rectifyDays),
  /** working days a supervisor has to review an appeal (申诉) against a 差评, from the appeal */
  FEEDBACK_APPEAL_REVIEW_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_RECTIFICATION_LIMITS.appealReviewDays),
  /** a rectification step is flagged due when this many working days or fewer are left */
  FEEDBACK_DUE_SOON_DAYS: z.coerce.number().int().min(0).max(30).default(DEFAULT_RECTIFICATION_LIMITS.dueSoonDays),
  /** working days an organisation has to answer a complaint or suggestion (投诉建议) before it is escalated */
  COMPLAINT_ANSWER_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_COMPLAINT_ANSWER_DAYS),
  /** seconds a process keeps an answer of the public 好差评 figures and rectifications (0: never) */
  FEEDBACK_PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /**
   * the node's own organisation (USCC): when set, identity's population-registry look-ups go through
   * the exchange gateway as this consumer, and are logged as exchanges; unset, identity reads its tables
   */
  REGISTRY_EXCHANGE_CONSUMER_USCC: z.string().refine(isValidUscc, 'must be a valid USCC (GB 32100)').optional(),
  REGISTRY_EXCHANGE_RESOURCE: z.string().min(1).default('330000-RK-0001'),
  REGISTRY_EXCHANGE_PURPOSE: z.string().min(1).default('统一身份认证实名核验'),
  /** the CJK font of licence PDFs (TrueType/OpenType, or a .ttc collection: its Simplified Chinese face) */
  LICENCE_FONT: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'),
  FILE_STORE: z.enum(['local', 's3']).default('local'),
  FILE_DIR: z.string().min(1).optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !/^https?:\/\/[^/]*@/.test(u), 'credentials go in S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, not the URL')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3–63 of a-z 0-9 . -)').optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
}).superRefine((e, ctx) => {
  if (e.FILE_STORE === 's3') {
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!e[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when FILE_STORE=s3' });
    }
  }
  if (e.SMS_SENDER === 'http' && !e.SMS_HTTP_URL) ctx.addIssue({ code: 'custom', path: ['SMS_HTTP_URL'], message: 'required when SMS_SENDER=http' });
  if (e.APP_MODE === 'production') {
    // production never keeps codes in a readable outbox, never loads demo accounts, and runs behind TLS
    if (e.SMS_SENDER === 'outbox') ctx.addIssue({ code: 'custom', path: ['SMS_SENDER'], message: 'production needs a real SMS sender (SMS_SENDER=http)' });
    if (e.SEED_DEMO === 'true') ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'demo data (with demo passwords) is for development only: set SEED_DEMO=false' });
    if (!e.PUBLIC_URL?.startsWith('https://')) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'production needs an https:// public URL' });
  }
});

/** never echoed back in error messages */
const SECRETS = new Set([
  'DATABASE_URL',
  'PERSONAL_DATA_KEYS',
  'PERSONAL_DATA_INDEX_KEY',
  'SMS_HTTP_TOKEN',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
]);

/** where uploaded files live: a local directory (default) or S3-compatible object storage */
export type FileStoreConfig =
  | { store: 'local'; dir: string }
  | {
      store: 's3';
      /** MinIO, a cloud OSS with an S3 API…; unset: AWS S3 itself */
      endpoint: string | undefined;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO needs it) */
      forcePathStyle: boolean;
    };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  nodeRegion: string;
  nodeName: string;
  hotline: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** development: demo data, the SMS outbox is readable; production: real senders and secrets required */
  mode: 'development' | 'production';
  /** the address users reach the node at (OIDC issuer base, passkey origin); cookies are Secure when https */
  publicUrl: string;
  /** personal-data key ring (`id:base64,…`) and blind-index key; from the secrets file when unset */
  personalDataKeys: string | undefined;
  personalDataIndexKey: string | undefined;
  /** keys generated for development, or provided to production (JSON) */
  secretsFile: string;
  /** who must confirm a password login with an SMS code */
  secondFactor: 'off' | 'staff' | 'all';
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  sms: { sender: 'outbox' } | { sender: 'http'; url: string; token: string | undefined };
  acrPrefix: string;
  /** creates the platform administrator `admin` at start when no platform administrator exists */
  bootstrapAdminPassword: string | undefined;
  seedDemo: boolean;
  benchBaseline: boolean;
  webDist: string;
  bodyLimit: number;
  timeZone: string;
  /** search totals are exact up to this many matches */
  searchTotalCap: number;
  /** working days a provider has to answer a conditional data-sharing request */
  sharingAnswerWorkingDays: number;
  /** 差评整改 deadlines in working days (FEEDBACK_*) */
  feedbackLimits: RectificationLimits;
  /** working days an organisation has to answer a complaint (投诉建议, COMPLAINT_ANSWER_DAYS) */
  complaintAnswerDays: number;
  /** seconds a process keeps a public 好差评 answer (FEEDBACK_PUBLIC_CACHE_SECONDS; 0 in tests) */
  feedbackPublicCacheSeconds: number;
  /** population-registry look-ups through the exchange gateway (null: identity reads its own tables) */
  registryExchange: { consumerUscc: string; resourceCode: string; purpose: string } | null;
  /** the CJK font licence PDFs are set in */
  licenceFont: string;
  /** uploaded files (application materials): where they are stored, and the largest accepted */
  files: FileStoreConfig & { maxBytes: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const shown = SECRETS.has(name) ? '(hidden)' : JSON.stringify(env[name]);
      return `  ${name}: ${i.message} (got ${shown})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const serverRoot = path.resolve(import.meta.dirname, '..');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    nodeRegion: e.NODE_REGION,
    nodeName: e.NODE_NAME,
    hotline: e.NODE_HOTLINE,
    logLevel: e.LOG_LEVEL,
    mode: e.APP_MODE,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    personalDataKeys: e.PERSONAL_DATA_KEYS,
    personalDataIndexKey: e.PERSONAL_DATA_INDEX_KEY,
    secretsFile: path.resolve(e.SECRETS_FILE ?? path.join(e.DATA_DIR, 'secrets.json')),
    secondFactor: e.SECOND_FACTOR,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    sms: e.SMS_SENDER === 'http' ? { sender: 'http', url: e.SMS_HTTP_URL!, token: e.SMS_HTTP_TOKEN } : { sender: 'outbox' },
    acrPrefix: e.ACR_PREFIX,
    bootstrapAdminPassword: e.BOOTSTRAP_ADMIN_PASSWORD,
    seedDemo: e.SEED_DEMO === 'true',
    benchBaseline: e.APP_MODE === 'development' && e.BENCH_BASELINE === 'true',
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : path.resolve(serverRoot, '../web/dist'),
    bodyLimit: e.BODY_LIMIT,
    timeZone: e.TIME_ZONE,
    searchTotalCap: e.SEARCH_TOTAL_CAP,
    sharingAnswerWorkingDays: e.SHARING_ANSWER_WORKING_DAYS,
    feedbackLimits: { verifyDays: e.FEEDBACK_VERIFY_DAYS, rectifyDays: e.FEEDBACK_RECTIFY_DAYS, appealReviewDays: e.FEEDBACK_APPEAL_REVIEW_DAYS, dueSoonDays: e.FEEDBACK_DUE_SOON_DAYS },
    complaintAnswerDays: e.COMPLAINT_ANSWER_DAYS,
    feedbackPublicCacheSeconds: e.FEEDBACK_PUBLIC_CACHE_SECONDS,
    registryExchange: e.REGISTRY_EXCHANGE_CONSUMER_USCC
      ? { consumerUscc: e.REGISTRY_EXCHANGE_CONSUMER_USCC, resourceCode: e.REGISTRY_EXCHANGE_RESOURCE, purpose: e.REGISTRY_EXCHANGE_PURPOSE }
      : null,
    licenceFont: path.resolve(e.LICENCE_FONT),
    files: {
      maxBytes: e.UPLOAD_MAX_BYTES,
      ...(e.FILE_STORE === 's3'
        ? {
            store: 's3' as const,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKeyId: e.S3_ACCESS_KEY_ID!,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
            // MinIO and most self-hosted S3 servers need path-style addressing; AWS prefers virtual hosts
            forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === 'true' : e.S3_ENDPOINT !== undefined,
          }
        : { store: 'local' as const, dir: path.resolve(e.FILE_DIR ?? path.join(e.DATA_DIR, 'files')) }),
    },
  };
}

/** Configuration for tests: in-memory PGlite unless TEST_DATABASE_URL names a server. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      LOG_LEVEL: 'silent',
      // tests read the public figures right after changing them
      FEEDBACK_PUBLIC_CACHE_SECONDS: '0',
      PERSONAL_DATA_KEYS: 'test1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      PERSONAL_DATA_INDEX_KEY: 'ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=',
      // uploads of a test go to a directory of its own under the system's temporary directory
      FILE_DIR: path.join(os.tmpdir(), `onewindow-test-files-${process.pid}-${Math.random().toString(36).slice(2, 10)}`),
    }),
    ...overrides,
  };
}
