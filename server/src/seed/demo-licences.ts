/**
 * Demo licence types (电子证照类型), the signing keys of the demo organisations that issue them, and
 * the licences of the demo holders.
 * Type code = the defining ministry's USCC + 3 digits; the ministries' codes are made up for the demo
 * (government organs under 100000, registration 1 category 1), with their GB 32100 check characters
 * computed, never typed in.
 */
import { and, eq } from 'drizzle-orm';
import { licenceIdentifier, licenceIssueSchema, usccCheckChar, type LicenceTypeField } from '@onewindow/domain';
import type { Db } from '../platform/db.js';
import type { Keyring } from '../platform/crypto.js';
import { personalIndex } from '../platform/personal-data.js';
import * as licences from '../modules/licences/service.js';
import { licences as licenceRows } from '../modules/licences/schema.js';
import * as reference from '../modules/reference/service.js';
import { loadDemoData } from './check-data.js';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from './demo-identity.js';

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

// ---------------------------------------------------------------- demo holders' licences

/**
 * Licences of the demo holders (README): the business licence of 杭州西湖云帆科技有限公司, the driving
 * licence of 王小明 and the real-estate certificate of 李华, each issued on a fixed day by a demo
 * department, so that their serials — and identifiers — are the same on every demo node (the first
 * licence of its type and issuer that day: serial YYYYMMDD01). The driving licence keeps the default
 * number (the ID number it carries on paper would be shown by the public verification page).
 */
export const DEMO_HOLDER_LICENCES = [
  {
    key: 'businessLicence',
    typeCode: `${DEMO_MINISTRIES.samr.uscc}009`,
    issuerUscc: '11330106MB1D27406G', // 杭州市西湖区市场监督管理局
    issueDate: '2024-05-20',
    holder: 'yunfan',
    validFrom: '2019-03-12',
    validTo: null,
    // a business licence's number is the enterprise's unified social credit code
    number: DEMO_ENTERPRISES[0]!.uscc,
    data: {
      entityType: '有限责任公司（自然人投资或控股）',
      legalRepresentative: '王小明',
      registeredCapital: '伍佰万元整',
      establishedOn: '2019-03-12',
      address: '浙江省杭州市西湖区文三路 478 号华星时代广场 A 座 1203 室',
      businessScope: '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；数据处理服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。',
    },
  },
  {
    key: 'drivingLicence',
    typeCode: `${DEMO_MINISTRIES.mps.uscc}003`,
    issuerUscc: '11330100470107238R', // 杭州市公安局交通警察支队
    issueDate: '2022-08-16',
    holder: 'wang',
    data: {
      sex: '男',
      nationality: '中国',
      address: '浙江省杭州市西湖区文一路 115 号',
      birthDate: '1990-01-01',
      firstIssuedOn: '2010-08-16',
      vehicleClass: 'C1',
      fileNumber: '330100986512',
    },
  },
  {
    key: 'realEstateCertificate',
    typeCode: `${DEMO_MINISTRIES.mnr.uscc}001`,
    issuerUscc: '11330100MB1A92563N', // 杭州市规划和自然资源局
    issueDate: '2023-11-08',
    holder: 'li',
    number: '浙（2023）杭州市不动产权第0213587号',
    data: {
      ownership: '单独所有',
      location: '杭州市上城区钱江路 1366 号望江府 3 幢 2 单元 1201 室',
      unitNumber: '330102006003GB00012F00030045',
      rightType: '国有建设用地使用权/房屋所有权',
      rightNature: '出让/市场化商品房',
      use: '城镇住宅用地/住宅',
      area: 98.56,
      term: '国有建设用地使用权 2012年03月15日起 2082年03月14日止',
    },
  },
] as const satisfies readonly {
  key: string;
  typeCode: string;
  issuerUscc: string;
  issueDate: string;
  holder: 'yunfan' | 'wang' | 'li';
  validFrom?: string;
  validTo?: null;
  number?: string;
  data: Record<string, string | number>;
}[];

const HOLDERS = {
  yunfan: { name: DEMO_ENTERPRISES[0]!.name, code: DEMO_ENTERPRISES[0]!.uscc, codeType: '001' },
  wang: { name: DEMO_PEOPLE[0].name, code: DEMO_PEOPLE[0].idNumber, codeType: '111' },
  li: { name: DEMO_PEOPLE[1].name, code: DEMO_PEOPLE[1].idNumber, codeType: '111' },
} as const;

/** The serial of a demo holder's licence: its issue day and sequence 01. */
export const demoHolderSerial = (l: { issueDate: string }) => `${l.issueDate.replaceAll('-', '')}01`;

/** The identifier of a demo holder's licence (version 1). */
export function demoHolderLicenceIdentifier(key: (typeof DEMO_HOLDER_LICENCES)[number]['key']): string {
  const l = DEMO_HOLDER_LICENCES.find((x) => x.key === key)!;
  return licenceIdentifier({ typeCode: l.typeCode, issuerUscc: l.issuerUscc, serial: demoHolderSerial(l), version: 1 });
}

/**
 * Issues the demo holders' licences that are missing (a holder without a licence of the type from
 * the issuer), with the licences service's issuing function, on their fixed issue days. Runs on every
 * start; an issuer that is not registered or has no active key is skipped.
 */
export async function seedDemoHolderLicences(db: Db, deps: Pick<licences.LicenceDeps, 'keyring' | 'indexKey' | 'timeZone'>): Promise<{ licences: number }> {
  let issued = 0;
  await db.transaction(async (tx) => {
    for (const l of DEMO_HOLDER_LICENCES) {
      const org = await reference.findOrganisationByUscc(tx, l.issuerUscc);
      if (!org || (await licences.organisationsWithoutKey(tx, [org.id])).length > 0) continue;
      const holder = HOLDERS[l.holder];
      const index = holder.codeType === '111' ? personalIndex(deps.indexKey, 'idNumber', holder.code) : holder.code;
      const [held] = await tx
        .select({ id: licenceRows.id })
        .from(licenceRows)
        .where(and(eq(licenceRows.holderCodeIndex, index), eq(licenceRows.typeCode, l.typeCode), eq(licenceRows.issuerOrgId, org.id)))
        .limit(1);
      if (held) continue;
      const input = licenceIssueSchema.parse({
        organisationId: org.id,
        typeCode: l.typeCode,
        ...('number' in l ? { number: l.number } : {}),
        holder: holder.name,
        holderCode: holder.code,
        holderCodeType: holder.codeType,
        issueDate: l.issueDate,
        ...('validFrom' in l ? { validFrom: l.validFrom } : {}),
        ...('validTo' in l ? { validTo: l.validTo } : {}),
        data: l.data,
      });
      // issued "on" its day (10:00 in the demo province's UTC+8): the day of the serial
      const now = new Date(`${l.issueDate}T02:00:00Z`);
      await licences.issueLicence(tx, deps, ACTOR, input, { now });
      issued++;
    }
  });
  return { licences: issued };
}
