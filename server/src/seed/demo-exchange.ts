/**
 * The demo node's data exchange: the population and enterprise registers behind the gateway
 * (node-table adapters), and the grants the demo departments hold for 免提交 — 西湖区民政局 reads
 * population data for 养老服务补贴申领, 西湖区市场监督管理局 enterprise registration data for its
 * licences. Requested and answered like any grant (the conditional one approved by the provider's
 * side), once: a node whose catalogue already has grants is left alone.
 */
import { DEFAULT_SHARING_ANSWER_WORKING_DAYS, SUPPLY_PURPOSE, type WorkingCalendar } from '@onewindow/domain';
import type { Db } from '../platform/db.js';
import * as exchange from '../modules/exchange/service.js';
import * as reference from '../modules/reference/service.js';
import * as sharing from '../modules/sharing/service.js';

const REQUESTER = { system: 'system:seed' } as const;
/** the provider's side of the demo (a request is never answered by whoever made it) */
const PROVIDER = { system: 'system:seed-provider' } as const;

export const DEMO_ADAPTERS = [
  { resource: '330000-RK-0001', kind: 'population' },
  { resource: '330000-QY-0001', kind: 'enterprise' },
] as const;

export const DEMO_SUPPLY_GRANTS = [
  {
    consumerUscc: '11330106002527038F', // 杭州市西湖区民政局
    resourceCode: '330000-RK-0001',
    fields: ['idNumber', 'name', 'gender', 'ethnicity', 'birthDate', 'householdAddress', 'status'],
    legalBasis: '《浙江省公共数据条例》第二十三条；《养老服务补贴申领办法》关于核实申请人户籍的规定',
  },
  {
    consumerUscc: '11330106MB1D27406G', // 杭州市西湖区市场监督管理局
    resourceCode: '330000-QY-0001',
    fields: ['uscc', 'name', 'entityType', 'legalRepresentative', 'address', 'establishedOn', 'businessScope', 'status'],
    legalBasis: '《中华人民共和国市场主体登记管理条例》；《食品经营许可和备案管理办法》第十三条',
  },
];

export async function seedDemoExchange(db: Db, deps: { timeZone: string; calendar: WorkingCalendar }, now = new Date()): Promise<{ adapters: number; grants: number }> {
  let adapters = 0;
  let grants = 0;
  const sharingDeps: sharing.SharingDeps = { ...deps, answerWorkingDays: DEFAULT_SHARING_ANSWER_WORKING_DAYS };
  const until = `${Number(now.toISOString().slice(0, 4)) + 3}-12-31`;
  await db.transaction(async (tx) => {
    for (const a of DEMO_ADAPTERS) {
      if (await exchange.hasAdapter(tx, a.resource)) continue;
      const resource = await sharing.getResource(tx, REQUESTER, a.resource).catch(() => null);
      if (!resource) continue;
      await exchange.setAdapterAsNode(tx, REQUESTER.system, a.resource, { kind: a.kind });
      adapters++;
    }
    for (const g of DEMO_SUPPLY_GRANTS) {
      const consumer = await reference.findOrganisationByUscc(tx, g.consumerUscc);
      if (!consumer) continue;
      const check = await sharing.checkGrant(tx, { consumerOrgId: consumer.id, resourceCode: g.resourceCode, fields: g.fields, purpose: SUPPLY_PURPOSE, at: now });
      if (check.ok || check.reason !== 'no-grant') continue;
      const request = await sharing.createRequest(tx, sharingDeps, REQUESTER, { resourceCode: g.resourceCode, consumerUscc: g.consumerUscc, fields: g.fields, purpose: SUPPLY_PURPOSE, legalBasis: g.legalBasis, until }, now);
      if (request.status === 'pending') await sharing.approveRequest(tx, sharingDeps, PROVIDER, request.id, { opinion: '演示数据：同意按申请的信息项共享' }, now);
      grants++;
    }
  });
  return { adapters, grants };
}
