/** Valid test data built from the national code rules (never typed-in check digits). */
import type { ItemInput } from '@onewindow/domain';
import { organUscc, sampleItem } from '@onewindow/domain/testing';

export const TEST_ORG = {
  uscc: organUscc('330106', '00250287A'),
  name: '杭州市西湖区市场监督管理局',
  shortName: '西湖区市场监管局',
  regionCode: '330106',
  level: '4' as const,
  nature: '1' as const,
  phone: '0571-87000000',
  address: '杭州市西湖区文三路1号',
};

/** A complete, valid item of TEST_ORG; `n` varies the codes. */
export function validItem(n = 1, overrides: Partial<ItemInput> = {}): ItemInput {
  const basicCode = `000120${String(n).padStart(3, '0')}000`;
  return sampleItem(TEST_ORG.uscc, basicCode, {
    name: `食品经营许可证核发${n === 1 ? '' : `（${n}）`}`,
    handlingOrganisation: '西湖区市场监督管理局食品经营许可科',
    places: [{ name: '西湖区行政服务中心', address: '杭州市西湖区文三路1号', officeHours: '工作日 9:00-17:00' }],
    ...overrides,
  });
}
