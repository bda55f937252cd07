/**
 * Test data built from the national code rules (check characters computed, never typed in).
 * For tests of every package; not part of the runtime API (`@onewindow/domain/testing`).
 */
import type { ItemInput } from './item.js';
import { usccCheckChar } from './validators.js';

/** A valid USCC of a government organ (registration 1, category 1) in `region`. */
export function organUscc(region: string, subject: string): string {
  const first17 = `11${region}${subject}`;
  return first17 + usccCheckChar(first17);
}

/** A complete, valid county-level item (食品经营许可证核发) of the organisation `orgUscc`. */
export function sampleItem(orgUscc: string, basicCode: string, overrides: Partial<ItemInput> = {}): ItemInput {
  const implementationCode = `${orgUscc}4${basicCode}`;
  return {
    name: '食品经营许可证核发',
    summary: '从事食品销售和餐饮服务活动，应当依法取得食品经营许可。',
    basicCode,
    implementationCode,
    itemType: '01',
    legalBasis: '《中华人民共和国食品安全法》第三十五条',
    exerciseLevel: '4',
    organisationUscc: orgUscc,
    organisationNature: '1',
    statutoryTimeLimit: { value: 20, unit: 'working-day' },
    promisedTimeLimit: { value: 5, unit: 'working-day' },
    acceptanceConditions: '申请人已取得营业执照，具有与经营的食品品种、数量相适应的经营场所。',
    process: [{ name: '申请' }, { name: '受理' }, { name: '审查' }, { name: '决定' }, { name: '送达' }],
    jointDepartments: [],
    handlingOrganisation: '食品经营许可科',
    intermediaryServices: [],
    result: { name: '食品经营许可证', type: 'licence' },
    fee: { charged: false },
    serviceScope: 'city',
    audiences: ['2', '6'],
    topics: ['食品药品', '准营准办'],
    channels: ['1', '2', '3'],
    handlingType: '2',
    specialProcedures: [],
    supportsAppointment: true,
    supportsOnlinePayment: false,
    supportsDelivery: true,
    online: { available: true, url: `/items/${implementationCode}`, depth: '4' },
    places: [{ name: '行政服务中心', address: '文三路1号', officeHours: '工作日 9:00-17:00' }],
    consultPhone: '0571-87000001',
    supervisionPhone: '12345',
    visitsRequired: 0,
    materials: [
      { code: `${implementationCode}001`, name: '食品经营许可申请书', forms: ['electronic'], copies: 1, required: true, source: 'applicant', mayBeMissing: false },
      { code: `${implementationCode}002`, name: '营业执照', forms: ['electronic'], copies: 0, required: true, source: 'platform', sourceNote: '电子证照：营业执照', mayBeMissing: false },
      { code: `${implementationCode}003`, name: '食品安全管理制度文本', forms: ['copy'], copies: 1, required: true, source: 'applicant', mayBeMissing: true },
    ],
    ...overrides,
  };
}
