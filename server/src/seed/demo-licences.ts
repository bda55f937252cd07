/**
 * Demo licence types (电子证照类型) and the signing keys of the demo organisations that issue them.
 * Type code = the defining ministry's USCC + 3 digits; the ministries' codes are made up for the demo
 * (government organs under 100000, registration 1 category 1), with their GB 32100 check characters
 * computed, never typed in.
 */
import { usccCheckChar, type LicenceTypeField } from '@onewindow/domain';
import type { Db } from '../platform/db.js';
import type { Keyring } from '../platform/crypto.js';
import * as licences from '../modules/licences/service.js';
import * as reference from '../modules/reference/service.js';
import { loadDemoData } from './check-data.js';

const ACTOR = 'system:seed';

/** A national organ's USCC (registration 1, category 1, region 100000) with its check character. */
export function ministryUscc(subject: string): string {
  const first17 = `11100000${subject}`;
  return first17 + usccCheckChar(first17);
}

export const DEMO_MINISTRIES = {
  samr: { name: '国家市场监督管理总局', uscc: ministryUscc('000013338') },
  nhc: { name: '国家卫生健康委员会', uscc: ministryUscc('000013346') },
  mps: { name: '公安部', uscc: ministryUscc('000013258') },
  mnr: { name: '自然资源部', uscc: ministryUscc('000013397') },
} as const;

const f = (key: string, label: string, type: LicenceTypeField['type'] = 'string', required = false): LicenceTypeField => ({ key, label, type, required });

export const DEMO_LICENCE_TYPES = [
  {
    code: `${DEMO_MINISTRIES.samr.uscc}009`,
    name: '营业执照',
    definingMinistry: DEMO_MINISTRIES.samr.name,
    validityYears: null,
    fields: [f('entityType', '类型', 'string', true), f('legalRepresentative', '法定代表人', 'string', true), f('registeredCapital', '注册资本'), f('establishedOn', '成立日期', 'date', true), f('address', '住所', 'string', true), f('businessScope', '经营范围', 'string', true)],
  },
  {
    code: `${DEMO_MINISTRIES.samr.uscc}011`,
    name: '食品经营许可证',
    definingMinistry: DEMO_MINISTRIES.samr.name,
    validityYears: 5,
    fields: [f('legalRepresentative', '法定代表人（负责人）', 'string', true), f('address', '住所'), f('premises', '经营场所', 'string', true), f('mainActivity', '主体业态', 'string', true), f('scope', '经营项目', 'string', true)],
  },
  {
    code: `${DEMO_MINISTRIES.nhc.uscc}001`,
    name: '出生医学证明',
    definingMinistry: DEMO_MINISTRIES.nhc.name,
    validityYears: null,
    fields: [f('childName', '新生儿姓名', 'string', true), f('sex', '性别', 'string', true), f('bornAt', '出生时间', 'string', true), f('birthPlace', '出生地点', 'string', true), f('motherName', '母亲姓名', 'string', true), f('fatherName', '父亲姓名'), f('institution', '接生机构名称', 'string', true)],
  },
  {
    code: `${DEMO_MINISTRIES.mps.uscc}003`,
    name: '机动车驾驶证',
    definingMinistry: DEMO_MINISTRIES.mps.name,
    validityYears: 6,
    fields: [f('sex', '性别', 'string', true), f('nationality', '国籍', 'string', true), f('address', '住址'), f('birthDate', '出生日期', 'date', true), f('firstIssuedOn', '初次领证日期', 'date', true), f('vehicleClass', '准驾车型', 'string', true), f('fileNumber', '档案编号')],
  },
  {
    code: `${DEMO_MINISTRIES.mnr.uscc}001`,
    name: '不动产权证书',
    definingMinistry: DEMO_MINISTRIES.mnr.name,
    validityYears: null,
    fields: [f('ownership', '共有情况', 'string', true), f('location', '坐落', 'string', true), f('unitNumber', '不动产单元号', 'string', true), f('rightType', '权利类型', 'string', true), f('rightNature', '权利性质', 'string', true), f('use', '用途', 'string', true), f('area', '面积（平方米）', 'number', true), f('term', '使用期限')],
  },
];

/** Demo departments that issue licences: market regulation, health, public security, natural resources. */
const ISSUER = /市场监督管理局|卫生健康|公安局|规划和自然资源局/;

/**
 * Loads the licence types that are missing and gives every issuing demo organisation without an
 * active key a new one (so it runs on every start without rotating anything).
 */
export async function seedDemoLicences(db: Db, keyring: Keyring | undefined): Promise<{ licenceTypes: number; organisationKeys: number }> {
  const licenceTypes = await licences.ensureTypes(db, DEMO_LICENCE_TYPES);
  if (!keyring) return { licenceTypes, organisationKeys: 0 };
  const data = loadDemoData();
  const issuing = new Set(data.items.filter((i) => i.result.type === 'licence').map((i) => i.organisationUscc));
  const ids: string[] = [];
  for (const org of data.organisations) {
    if (!ISSUER.test(org.name) && !issuing.has(org.uscc)) continue;
    const row = await reference.findOrganisationByUscc(db, org.uscc);
    if (row) ids.push(row.id);
  }
  const missing = await licences.organisationsWithoutKey(db, ids);
  await db.transaction(async (tx) => {
    for (const id of missing) await licences.generateKey(tx, { keyring }, ACTOR, id);
  });
  return { licenceTypes, organisationKeys: missing.length };
}
