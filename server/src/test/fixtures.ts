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

/** The application settings of test items: a form with a prefilled name, text, number and enum fields. */
export const TEST_APPLICATION: NonNullable<ItemInput['application']> = {
  form: {
    type: 'object',
    properties: {
      applicantName: { type: 'string', title: '申请人', 'x-prefill': 'applicant.name', maxLength: 50 },
      shopName: { type: 'string', title: '店铺名称', minLength: 2, maxLength: 100 },
      area: { type: 'number', title: '经营面积（平方米）', minimum: 1, maximum: 100000 },
      category: { type: 'string', title: '经营类别', enum: ['食品销售', '餐饮服务', '单位食堂'] },
      openingDate: { type: 'string', title: '拟开业日期', format: 'date' },
    },
    required: ['shopName', 'area', 'category'],
    'x-order': ['applicantName', 'shopName', 'area', 'category', 'openingDate'],
  },
};

/** Form data that completes TEST_APPLICATION's form. */
export const TEST_FORM = { shopName: '西湖奶茶店', area: 45, category: '餐饮服务' };

/** A minimal PDF (its magic bytes are what the upload check reads). */
export const TEST_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

/** A multipart/form-data body of `fields` and one file, for `app.inject`. */
export function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer }) {
  const boundary = `----onewindow${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
