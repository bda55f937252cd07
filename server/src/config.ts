/** Environment → typed, validated configuration. The only reader of process.env. */
import { z } from 'zod';
import path from 'node:path';
import { isRegionCodeShape } from '@onewindow/domain';

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
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  WEB_DIST: z.string().optional(),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  SEARCH_TOTAL_CAP: z.coerce.number().int().min(1).default(10_000),
});

/** never echoed back in error messages */
const SECRETS = new Set(['ADMIN_TOKEN', 'DATABASE_URL']);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  nodeRegion: string;
  nodeName: string;
  hotline: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** catalogue administrator token (interim, until unified identity lands) */
  adminToken: string | undefined;
  seedDemo: boolean;
  webDist: string;
  bodyLimit: number;
  timeZone: string;
  /** search totals are exact up to this many matches */
  searchTotalCap: number;
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
    adminToken: e.ADMIN_TOKEN,
    seedDemo: e.SEED_DEMO === 'true',
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : path.resolve(serverRoot, '../web/dist'),
    bodyLimit: e.BODY_LIMIT,
    timeZone: e.TIME_ZONE,
    searchTotalCap: e.SEARCH_TOTAL_CAP,
  };
}

/** Configuration for tests: in-memory PGlite unless TEST_DATABASE_URL names a server. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: 'silent', ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' }),
    ...overrides,
  };
}
