/**
 * Demo identities of the development node: a population registry of generated residents of
 * Zhejiang (valid GB 11643 numbers, fictitious people), an enterprise registry, the demo persons
 * and staff listed in the README, all with the demo password. Development mode only.
 */
import { loadCreditRecords } from '../modules/credit/service.js';
import { eq } from 'drizzle-orm';
import { idCardCheckChar, usccCheckChar, type RoleGrant, type StaffRole } from '@onewindow/domain';
import type { Db } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { protect } from '../platform/personal-data.js';
import { organisations } from '../modules/reference/schema.js';
import { accounts } from '../modules/identity/schema.js';
import { hashPassword } from '../modules/identity/passwords.js';
import { loadEnterprises, loadPopulation, type RegistryEnterprise, type RegistryPerson } from '../modules/identity/registry.js';
import { insertStaff } from '../modules/identity/staff.js';
import type { IdentityDeps } from '../modules/identity/service.js';

export const DEMO_PASSWORD = 'Demo@2026';

/** A valid ID number from region, birth date (YYYYMMDD) and 3-digit sequence. */
export const demoIdNumber = (region: string, birth: string, seq: number) => {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

/** A valid USCC: 9 (enterprise, market regulator) 1 (company), region, 9-character subject id. */
export const demoUscc = (region: string, subject: string) => {
  const first17 = `91${region}${subject}`;
  return first17 + usccCheckChar(first17);
};

/** Demo persons of the README: registered at level 2, and in the population registry. */
export const DEMO_PEOPLE = [
  { name: '王小明', idNumber: demoIdNumber('330106', '19900101', 123), phone: '13800138001', registered: true, householdAddress: '浙江省杭州市西湖区文三路 90 号 3 幢 201 室', ethnicity: '01' },
  { name: '李华', idNumber: demoIdNumber('330102', '19851215', 246), phone: '13800138002', registered: true, householdAddress: '浙江省杭州市上城区解放路 118 号 1 单元 502 室', ethnicity: '01' },
  // in the registry but not registered: the registration walk-through of the README
  { name: '陈静', idNumber: demoIdNumber('330105', '19950620', 322), phone: '13800138003', registered: false, householdAddress: '浙江省杭州市拱墅区湖墅南路 66 号 2 幢 803 室', ethnicity: '01' },
] as const;

export const DEMO_ENTERPRISES: RegistryEnterprise[] = [
  { uscc: demoUscc('330106', 'MA2H0XK11'), name: '杭州西湖云帆科技有限公司', regionCode: '330106', legalRepresentative: { name: '王小明', idNumber: DEMO_PEOPLE[0].idNumber }, entityType: '有限责任公司（自然人投资或控股）', address: '浙江省杭州市西湖区文三路 478 号华星时代广场 A 座 1203 室', registeredCapital: 500, establishedOn: '2019-03-12', businessScope: '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；数据处理服务；餐饮管理；食品销售（仅销售预包装食品）' },
  { uscc: demoUscc('330102', 'MA2H1QW27'), name: '杭州上城清禾餐饮管理有限公司', regionCode: '330102', legalRepresentative: { name: '李华', idNumber: DEMO_PEOPLE[1].idNumber }, entityType: '有限责任公司（自然人独资）', address: '浙江省杭州市上城区河坊街 210 号', registeredCapital: 50, establishedOn: '2019-07-02', businessScope: '餐饮服务；餐饮管理；食品经营' },
  { uscc: demoUscc('330108', 'MA2H2RT36'), name: '杭州滨江启明电子商务有限公司', regionCode: '330108', status: 'cancelled', legalRepresentative: { name: '王小明', idNumber: DEMO_PEOPLE[0].idNumber } },
];

/** Demo staff: user name → roles (organisation roles name the organisation by USCC). */
export const DEMO_STAFF: { username: string; name: string; phone: string; roles: { role: StaffRole; regionCode?: string; organisationUscc?: string }[] }[] = [
  { username: 'admin', name: '赵平台', phone: '13900000001', roles: [{ role: 'platform_admin', regionCode: '330000' }] },
  { username: 'catalogue', name: '钱目录', phone: '13900000002', roles: [{ role: 'catalogue_admin', regionCode: '330000' }] },
  { username: 'catalogue.xihu', name: '孙区目录', phone: '13900000003', roles: [{ role: 'catalogue_admin', regionCode: '330106' }] },
  { username: 'auditor', name: '周审计', phone: '13900000004', roles: [{ role: 'auditor', regionCode: '330000' }] },
  { username: 'steward', name: '吴数据', phone: '13900000005', roles: [{ role: 'data_steward', regionCode: '330000' }] },
  { username: 'supervisor', name: '何监察', phone: '13900000009', roles: [{ role: 'supervisor', regionCode: '330100' }] },
  // a data steward of one district (西湖区): requests shared data for its departments, which the
  // provincial steward (or the provider's administrator) answers — a requester never answers their own request
  { username: 'steward.xihu', name: '蒋数据', phone: '13900000010', roles: [{ role: 'data_steward', regionCode: '330106' }] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯鹏辉晨欣怡雪琳婷倩颖佳慧雅琪嘉子轩梓涵一诺欣然宇航浩然俊杰思远';
const REGIONS = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330122', '330127', '330182', '330203', '330205', '330302', '330402', '330502', '330602', '330702', '330802', '330902', '331002', '331102'];

/** Deterministic generator (mulberry32), so every demo node has the same residents. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoPopulation(size: number): RegistryPerson[] {
  const r = rng(20261128);
  const pick = (s: string) => Array.from(s)[Math.floor(r() * Array.from(s).length)]!;
  const out: RegistryPerson[] = DEMO_PEOPLE.map((p) => ({ name: p.name, idNumber: p.idNumber, householdAddress: p.householdAddress, ethnicity: p.ethnicity }));
  for (let i = 0; out.length < size; i++) {
    const year = 1950 + Math.floor(r() * 56);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const name = pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '');
    out.push({ name, idNumber: demoIdNumber(REGIONS[i % REGIONS.length]!, birth, 100 + (i % 800)), status: r() < 0.02 ? 'cancelled' : 'normal' });
  }
  return out;
}

export async function seedDemoIdentity(db: Db, deps: IdentityDeps): Promise<{ people: number; staff: number }> {
  const [any] = await db.select({ id: accounts.id }).from(accounts).limit(1);
  if (any) return { people: 0, staff: 0 };
  const population = demoPopulation(500);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let staff = 0;
  await db.transaction(async (tx) => {
    await loadPopulation(tx, deps.keyring, deps.indexKey, population);
    await loadEnterprises(tx, deps.keyring, deps.indexKey, DEMO_ENTERPRISES);
    // a demo enterprise with a bad credit record: 告知承诺 is not offered for its applications
    await loadCreditRecords(tx, deps.indexKey, [
      { subject: { kind: 'enterprise', uscc: DEMO_ENTERPRISES[1]!.uscc }, kind: 'bad_record', reason: '食品安全行政处罚（警告）', source: '信用浙江', listedOn: '2026-03-15', until: '2027-03-14' },
    ]);
    const now = new Date();
    for (const p of DEMO_PEOPLE.filter((x) => x.registered)) {
      const id = protect(deps.keyring, deps.indexKey, 'idNumber', p.idNumber);
      const phone = protect(deps.keyring, deps.indexKey, 'phone', p.phone);
      const name = protect(deps.keyring, deps.indexKey, 'name', p.name);
      await tx.insert(accounts).values({ id: newId(), kind: 'person', nameCipher: name.cipher, nameIndex: name.index, idNumberCipher: id.cipher, idNumberIndex: id.index, phoneCipher: phone.cipher, phoneIndex: phone.index, passwordHash, passwordChangedAt: now, createdAt: now, updatedAt: now });
    }
    const orgs = new Map((await tx.select({ id: organisations.id, uscc: organisations.uscc, regionCode: organisations.regionCode }).from(organisations)).map((o) => [o.uscc, o]));
    // window staff of the first demo department, so the handling roles have someone to log in as
    const [firstOrg] = await tx.select({ id: organisations.id, uscc: organisations.uscc, regionCode: organisations.regionCode }).from(organisations).where(eq(organisations.regionCode, '330106')).limit(1);
    const list = [...DEMO_STAFF];
    if (firstOrg) {
      list.push(
        { username: 'orgadmin.xihu', name: '郑管理', phone: '13900000006', roles: [{ role: 'org_admin', organisationUscc: firstOrg.uscc }] },
        { username: 'clerk.xihu', name: '冯窗口', phone: '13900000007', roles: [{ role: 'window_clerk', organisationUscc: firstOrg.uscc }] },
        { username: 'approver.xihu', name: '陈审批', phone: '13900000008', roles: [{ role: 'reviewer', organisationUscc: firstOrg.uscc }, { role: 'approver', organisationUscc: firstOrg.uscc }] },
        // 好差评专员: verifies and rectifies the department's 差评
        { username: 'feedback.xihu', name: '卫评价', phone: '13900000011', roles: [{ role: 'feedback_officer', organisationUscc: firstOrg.uscc }] },
      );
    }
    for (const s of list) {
      const grants = s.roles.flatMap((g): RoleGrant[] => {
        if (!g.organisationUscc) return [{ role: g.role, regionCode: g.regionCode ?? deps.config.nodeRegion, organisationId: null }];
        const org = orgs.get(g.organisationUscc);
        return org ? [{ role: g.role, regionCode: org.regionCode, organisationId: org.id }] : [];
      });
      await insertStaff(tx, deps, s, passwordHash, grants, 'system:seed', false);
      staff++;
    }
  });
  return { people: population.length, staff };
}
