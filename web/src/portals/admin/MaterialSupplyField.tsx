/**
 * 免提交来源 of a material in the item editor: none, an electronic licence type (the applicant's own
 * licence of that type), or a published shared resource with the fields that make up the material
 * and whose record it is (the applicant person's ID number or the enterprise's USCC). A controlled
 * input of the material's `supply` (domain `materialSupplySchema`).
 */
import { SUPPLY_KEYS, type MaterialSupply, type SupplyKey } from '@onewindow/domain';
import { useQuery } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { licencesApi } from '../../api/licences';
import { useSharingApi } from './sharing/parts';

type Kind = 'none' | MaterialSupply['kind'];

export function MaterialSupplyField({ value, onChange, id }: { value?: MaterialSupply | null; onChange?: (v: MaterialSupply | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const sharing = useSharingApi();
  const kind: Kind = value?.kind ?? 'none';
  const types = useQuery({ queryKey: ['licence-types'], queryFn: licencesApi.types, staleTime: 5 * 60_000, enabled: kind === 'licence' });
  const resources = useQuery({
    queryKey: ['admin', 'sharing', 'resources', 'published-all'],
    queryFn: ({ signal }) => sharing.resources({ status: 'published', page: 1, pageSize: 100 }, signal),
    staleTime: 5 * 60_000,
    enabled: kind === 'resource',
  });
  const resource = value?.kind === 'resource' ? resources.data?.items.find((r) => r.code === value.resource) : undefined;
  const set = (next: Kind) => {
    if (next === 'none') onChange?.(undefined);
    else if (next === 'licence') onChange?.({ kind: 'licence', licenceType: '' });
    else onChange?.({ kind: 'resource', resource: '', fields: [], key: 'idNumber' });
  };
  return (
    <Space direction="vertical" className="ow-admin-supply" style={{ width: '100%' }}>
      <Select<Kind>
        id={id}
        value={kind}
        onChange={set}
        aria-label={t('admin.supply.kind')}
        options={(['none', 'licence', 'resource'] as const).map((k) => ({ value: k, label: t(`admin.supply.kinds.${k}`) }))}
      />
      {value?.kind === 'licence' && (
        <Select
          showSearch
          optionFilterProp="label"
          value={value.licenceType || undefined}
          placeholder={t('admin.supply.licenceType')}
          aria-label={t('admin.supply.licenceType')}
          loading={types.isPending}
          onChange={(code: string) => onChange?.({ kind: 'licence', licenceType: code })}
          options={(types.data?.items ?? []).map((x) => ({ value: x.code, label: `${x.name}（${x.code}）` }))}
          data-testid="supply-licence-type"
        />
      )}
      {value?.kind === 'resource' && (
        <>
          <Select
            showSearch
            optionFilterProp="label"
            value={value.resource || undefined}
            placeholder={t('admin.supply.resource')}
            aria-label={t('admin.supply.resource')}
            loading={resources.isPending}
            onChange={(code: string) => onChange?.({ ...value, resource: code, fields: [] })}
            options={(resources.data?.items ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.provider.name}）` }))}
          />
          <Select
            mode="multiple"
            value={value.fields}
            placeholder={t('admin.supply.fields')}
            aria-label={t('admin.supply.fields')}
            disabled={!resource}
            onChange={(fields: string[]) => onChange?.({ ...value, fields })}
            options={(resource?.fields ?? []).map((f) => ({ value: f.key, label: f.name }))}
          />
          <Select<SupplyKey>
            value={value.key}
            aria-label={t('admin.supply.key')}
            onChange={(key) => onChange?.({ ...value, key })}
            options={SUPPLY_KEYS.map((k) => ({ value: k, label: t(`admin.supply.keys.${k}`) }))}
          />
        </>
      )}
    </Space>
  );
}
