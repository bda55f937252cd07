import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accessRequestInputSchema, decideAccess, normalizePurpose, resourceInputSchema, type ResourceInput } from './sharing.js';

const at = new Date('2026-06-01T04:00:00Z');
const grant = (over: Partial<{ fields: string[]; purpose: string; expiresAt: Date; revokedAt: Date | null; grantedAt: Date; id: string }> = {}) => ({
  id: 'g1',
  fields: ['idNumber', 'name'],
  purpose: '公积金提取审核',
  grantedAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: new Date('2026-12-31T15:59:59.999Z'),
  revokedAt: null,
  ...over,
});
const ask = { fields: ['name'], purpose: '公积金提取审核', at };

describe('decideAccess (the exchange gateway’s rule)', () => {
  it('grants an access within the fields and purpose of a live grant', () => {
    expect(decideAccess([grant()], ask)).toMatchObject({ ok: true, grant: { id: 'g1' } });
    expect(decideAccess([grant()], { ...ask, purpose: '  公积金提取审核 ' })).toMatchObject({ ok: true });
  });

  it('names why it refuses', () => {
    expect(decideAccess([], ask)).toEqual({ ok: false, reason: 'no-grant' });
    expect(decideAccess([grant({ grantedAt: new Date('2026-07-01T00:00:00Z') })], ask)).toEqual({ ok: false, reason: 'no-grant' });
    expect(decideAccess([grant()], { ...ask, purpose: '其他用途' })).toEqual({ ok: false, reason: 'purpose-mismatch' });
    expect(decideAccess([grant()], { ...ask, fields: ['name', 'address'] })).toEqual({ ok: false, reason: 'fields-outside-grant' });
    expect(decideAccess([grant({ expiresAt: new Date('2026-05-31T15:59:59.999Z') })], ask)).toEqual({ ok: false, reason: 'expired' });
    expect(decideAccess([grant({ revokedAt: new Date('2026-05-01T00:00:00Z') })], ask)).toEqual({ ok: false, reason: 'revoked' });
    // a revocation after the instant asked about does not count yet
    expect(decideAccess([grant({ revokedAt: new Date('2026-07-01T00:00:00Z') })], ask)).toMatchObject({ ok: true });
  });

  it('uses any covering grant, and the latest grant for the purpose to explain a refusal', () => {
    const narrow = grant({ id: 'narrow', fields: ['name'] });
    const old = grant({ id: 'old', fields: ['name', 'address'], expiresAt: new Date('2026-03-01T00:00:00Z') });
    expect(decideAccess([narrow, old], { ...ask, fields: ['address'] })).toEqual({ ok: false, reason: 'fields-outside-grant' });
    const wide = grant({ id: 'wide', fields: ['name', 'address'] });
    expect(decideAccess([narrow, wide], { ...ask, fields: ['address'] })).toMatchObject({ ok: true, grant: { id: 'wide' } });
    const revokedLater = grant({ id: 'r', grantedAt: new Date('2026-04-01T00:00:00Z'), revokedAt: new Date('2026-05-01T00:00:00Z') });
    expect(decideAccess([old, revokedLater], ask)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('never grants a field outside the grant (property)', () => {
    const keys = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(fc.uniqueArray(keys, { minLength: 1 }), fc.uniqueArray(keys, { minLength: 1 }), (granted, asked) => {
        const d = decideAccess([grant({ fields: granted })], { ...ask, fields: asked });
        expect(d.ok).toBe(asked.every((f) => granted.includes(f)));
      }),
    );
  });

  it('normalises purposes', () => {
    expect(normalizePurpose(' 公积金  提取\n审核 ')).toBe('公积金 提取 审核');
  });
});

describe('sharing contracts', () => {
  const base: ResourceInput = {
    code: '330000-RK-0001',
    name: '人口基础信息',
    classification: '基础信息资源/人口',
    providerUscc: '113300000024820857',
    summary: '全省户籍人口的基础信息',
    format: 'JSON',
    fields: [{ key: 'idNumber', name: '公民身份号码', type: 'code' }],
    sharingType: 'conditional',
    sharingCondition: '依法履职需要',
    method: 'api',
    openData: 'closed',
    updateCycle: 'realtime',
  };

  it('accepts a complete resource and requires the condition or legal basis of its sharing type', () => {
    expect(resourceInputSchema.safeParse(base).success).toBe(true);
    const codes = (r: unknown) => (resourceInputSchema.safeParse(r).error?.issues ?? []).map((i) => `${i.path.join('.')}:${i.message}`);
    expect(codes({ ...base, sharingCondition: undefined })).toEqual(['sharingCondition:sharing.conditionRequired']);
    expect(codes({ ...base, sharingType: 'none' })).toEqual(['legalBasis:sharing.legalBasisRequired']);
    expect(codes({ ...base, sharingType: 'unconditional', sharingCondition: undefined })).toEqual([]);
    expect(codes({ ...base, fields: [base.fields[0], base.fields[0]] })).toEqual(['fields.1.key:sharing.fieldDuplicate']);
    expect(codes({ ...base, code: 'a/b' })).toEqual(['code:sharing.resourceCode']);
    expect(codes({ ...base, providerUscc: '113300000024820858' })).toEqual(['providerUscc:uscc']);
  });

  it('checks a request’s dates', () => {
    const req = { resourceCode: '330000-RK-0001', fields: ['idNumber'], purpose: '身份核验', legalBasis: '依法', until: '2027-02-29' };
    expect(accessRequestInputSchema.safeParse(req).success).toBe(false);
    expect(accessRequestInputSchema.safeParse({ ...req, until: '2027-02-28' }).success).toBe(true);
  });
});
