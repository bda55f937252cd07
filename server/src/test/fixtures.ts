/** Valid test data built from the national code rules (never typed-in check digits). */
import { usccCheckChar, type ItemInput } from '@onewindow/domain';

export function uscc(region: string, subject: string): string {
  const first17 = `11${region}${subject}`;
  return first17 + usccCheckChar(first17);
}

export const TEST_ORG = {
  uscc: uscc('330106', '00250287A'),
  name: '杭州市西湖区市场监督管理局',
  shortName: '西湖区市场监管局',
  regionCode: '330106',
  level: '4' as const,
  nature: '1' as const,
  phone: '0571-87000000',
  address: '杭州市西湖区文三路1号',
};

/** A complete, valid item; `n` varies the codes. */
export function validItem(n = 1, overrides: Partial<ItemInput> = {}): ItemInput {
  const seq = String(n).padStart(3, '0');
  const basicCode = `000120${seq.slice(0, 3)}000`.slice(0, 12);
  const implementationCode = `${TEST_ORG.uscc}4${basicCode}`;
  return {
    name: `食品经营许可证核发${n === 1 ? '' : `（${n}）`}`,
    summary: '从事食品销售和餐饮服务活动，应当依法取得食品经营许可。',
    basicCode,
    implementationCode,
    itemType: '01',
    legalBasis: '《中华人民共和国食品安全法》第三十五条',
    exerciseLevel: '4',
    organisationUscc: TEST_ORG.uscc,
    organisationNature: '1',
    statutoryTimeLimit: { value: 20, unit: 'working-day' },
    promisedTimeLimit: { value: 5, unit: 'working-day' },
    acceptanceConditions: '申请人已取得营业执照，具有与经营的食品品种、数量相适应的经营场所。',
    process: [{ name: '申请' }, { name: '受理' }, { name: '审查' }, { name: '决定' }, { name: '送达' }],
    jointDepartments: [],
    handlingOrganisation: '西湖区市场监督管理局食品经营许可科',
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
    places: [{ name: '西湖区行政服务中心', address: '杭州市西湖区文三路1号', officeHours: '工作日 9:00-17:00' }],
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
