import { Radio, Select } from 'antd';
import { ENTERPRISE_TOPICS, ITEM_TYPES, ONLINE_DEPTHS, PERSONAL_TOPICS, TOPICS } from '@onewindow/domain';
import { useTranslation } from 'react-i18next';
import { useOrganisations, useRegions, useTopics } from '../../api/hooks';
import { codeLabel, topicLabel } from '../../lib/format';
import type { AudienceGroup, SearchState } from '../../lib/searchParams';

export type FilterPatch = Partial<Omit<SearchState, 'page' | 'pageSize'>>;

interface Props {
  state: SearchState;
  onChange: (patch: FilterPatch) => void;
}

function topicsOf(group: AudienceGroup | undefined): readonly string[] {
  if (group === 'personal') return PERSONAL_TOPICS;
  if (group === 'legal') return ENTERPRISE_TOPICS;
  return TOPICS;
}

function Field({ label, htmlFor, children }: { label: string; htmlFor?: string; children: React.ReactNode }) {
  return (
    <div className="ow-filter">
      <label className="ow-filter-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** The filters of the search page, each bound to a URL parameter. */
export function SearchFilters({ state, onChange }: Props) {
  const { t } = useTranslation();
  const regions = useRegions();
  const organisations = useOrganisations(state.region);
  const personal = useTopics('personal');
  const legal = useTopics('legal');
  const counted = [
    ...(state.audienceGroup !== 'legal' ? (personal.data?.items ?? []) : []),
    ...(state.audienceGroup !== 'personal' ? (legal.data?.items ?? []) : []),
  ];
  const counts = new Map(counted.map((x) => [x.name, x.count]));
  const topicNames = [...topicsOf(state.audienceGroup)];
  // topics the node has beyond the default list
  for (const x of counted) if (!topicNames.includes(x.name)) topicNames.push(x.name);

  const setGroup = (group: AudienceGroup | undefined) => {
    const patch: FilterPatch = { audienceGroup: group };
    if (state.topic && group && !topicsOf(group).includes(state.topic)) patch.topic = undefined;
    onChange(patch);
  };

  return (
    <div className="ow-filters">
      <Field label={t('filters.audienceGroup')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={state.audienceGroup ?? ''}
          onChange={(e) => setGroup((e.target.value as AudienceGroup | '') || undefined)}
          className="ow-filter-radio"
          options={[
            { value: '', label: t('filters.any') },
            { value: 'personal', label: t('audienceGroup.personal') },
            { value: 'legal', label: t('audienceGroup.legal') },
          ]}
        />
      </Field>
      <Field label={t('filters.topic')} htmlFor="filter-topic">
        <Select
          id="filter-topic"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filters.any')}
          value={state.topic}
          onChange={(v?: string) => onChange({ topic: v })}
          options={topicNames.map((name) => {
            const c = counts.get(name);
            return { value: name, label: c !== undefined ? `${topicLabel(t, name)} (${c})` : topicLabel(t, name) };
          })}
          className="ow-filter-control"
        />
      </Field>
      <Field label={t('filters.itemType')} htmlFor="filter-item-type">
        <Select
          id="filter-item-type"
          allowClear
          placeholder={t('filters.any')}
          value={state.itemType}
          onChange={(v?: SearchState['itemType']) => onChange({ itemType: v })}
          options={Object.keys(ITEM_TYPES).map((code) => ({ value: code, label: codeLabel(t, 'itemType', code) }))}
          className="ow-filter-control"
        />
      </Field>
      <Field label={t('filters.onlineDepth')} htmlFor="filter-online">
        <Select
          id="filter-online"
          allowClear
          placeholder={t('filters.any')}
          value={state.onlineDepth}
          onChange={(v?: SearchState['onlineDepth']) => onChange({ onlineDepth: v })}
          options={Object.keys(ONLINE_DEPTHS)
            .reverse()
            .map((code) => ({ value: code, label: codeLabel(t, 'onlineDepth', code) }))}
          className="ow-filter-control"
        />
      </Field>
      <Field label={t('filters.region')} htmlFor="filter-region">
        <Select
          id="filter-region"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filters.chooseRegion')}
          loading={regions.isPending}
          value={state.region}
          onChange={(v?: string) => onChange({ region: v, organisation: undefined })}
          options={(regions.data?.items ?? []).map((r) => ({
            value: r.code,
            label: r.name,
            title: codeLabel(t, 'regionLevel', r.level),
            className: `ow-region-${r.level}`,
          }))}
          className="ow-filter-control"
        />
      </Field>
      <Field label={t('filters.organisation')} htmlFor="filter-org">
        <Select
          id="filter-org"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filters.searchOrg')}
          loading={organisations.isPending}
          value={state.organisation}
          onChange={(v?: string) => onChange({ organisation: v })}
          options={(organisations.data?.items ?? []).map((o) => ({ value: o.uscc, label: o.name }))}
          className="ow-filter-control"
          popupMatchSelectWidth={false}
        />
      </Field>
    </div>
  );
}
