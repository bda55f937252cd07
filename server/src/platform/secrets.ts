/**
 * Key material of a node: the personal-data key ring and blind-index key, the OpenID Provider's
 * signing keys and cookie keys. Environment variables win; otherwise a JSON secrets file
 * (SECRETS_FILE, default DATA_DIR/secrets.json). Development creates the file with fresh random
 * keys on first start; production refuses to start without it, since losing keys loses data.
 *
 * Rotation: prepend a new `id:key` entry to `personalDataKeys` (old values still decrypt), and a
 * new signing key at the head of `oidcJwks` (old ID tokens still verify until they expire).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { parseIndexKey, parseKeyring, type IndexKey, type Keyring } from './crypto.js';

const fileSchema = z.object({
  personalDataKeys: z.string().min(1),
  personalDataIndexKey: z.string().min(1),
  /** private JWKs, the current signing key first */
  oidcJwks: z.array(z.record(z.string(), z.unknown())).min(1),
  /** keys signing the provider's cookies, the current first */
  cookieKeys: z.array(z.string().min(32)).min(1),
});
export type SecretsFile = z.infer<typeof fileSchema>;

export interface Secrets {
  keyring: Keyring;
  indexKey: IndexKey;
  oidcJwks: JWK[];
  cookieKeys: string[];
}

const random32 = () => randomBytes(32).toString('base64');

export async function generateSecrets(): Promise<SecretsFile> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    personalDataKeys: `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}:${random32()}`,
    personalDataIndexKey: random32(),
    oidcJwks: [{ ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }],
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

function readFile(file: string): SecretsFile {
  const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new ConfigError(`Invalid secrets file ${file}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** Loads (and in development, creates) the node's secrets. */
export async function loadSecrets(config: Config): Promise<Secrets> {
  let file: SecretsFile | undefined;
  if (fs.existsSync(config.secretsFile)) file = readFile(config.secretsFile);
  else if (config.mode === 'development') {
    file = await generateSecrets();
    fs.mkdirSync(path.dirname(config.secretsFile), { recursive: true });
    fs.writeFileSync(config.secretsFile, JSON.stringify(file, null, 2), { mode: 0o600, flag: 'wx' });
  } else {
    throw new ConfigError(`Secrets file ${config.secretsFile} is missing: create it with \`npm run secrets\` and keep a backup`);
  }
  return fromParts({
    personalDataKeys: config.personalDataKeys ?? file.personalDataKeys,
    personalDataIndexKey: config.personalDataIndexKey ?? file.personalDataIndexKey,
    oidcJwks: file.oidcJwks,
    cookieKeys: file.cookieKeys,
  });
}

export function fromParts(parts: SecretsFile): Secrets {
  try {
    return {
      keyring: parseKeyring(parts.personalDataKeys),
      indexKey: parseIndexKey(parts.personalDataIndexKey),
      oidcJwks: parts.oidcJwks as JWK[],
      cookieKeys: parts.cookieKeys,
    };
  } catch (error) {
    throw new ConfigError(`Unusable key material: ${(error as Error).message}`);
  }
}

let testSecrets: Promise<Secrets> | undefined;
/** Secrets for tests: the test configuration's keys, one generated signing key per test process. */
export function secretsForTests(config: Config): Promise<Secrets> {
  testSecrets ??= generateSecrets().then((s) =>
    fromParts({ ...s, personalDataKeys: config.personalDataKeys ?? s.personalDataKeys, personalDataIndexKey: config.personalDataIndexKey ?? s.personalDataIndexKey }),
  );
  return testSecrets;
}
