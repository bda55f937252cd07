/**
 * Role grants of a staff member, inside a form: one row per grant with the role, and its scope —
 * an organisation (searched by name or credit code on the server as the administrator types,
 * narrowed by region if they like) for the organisation roles, a region (with everything below it)
 * for the others. Only the roles the signed-in administrator may hand out are offered.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Cascader, Form, Select } from 'antd';
import type { StaffRole } from '@onewindow/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation, Region } from '../../api/client';
import type { StaffGrant, StaffGrantInput } from '../../api/admin';
import { adminOrganisations, adminRegions, grantableRoles, isOrganisationRole } from './access';
import { useMe } from './auth';
import { fetchRegionChildren, regionPath, useDebouncedValue, useOrganisationSearch } from './hooks';
import type { NamePath } from './problems';

/** A grant as the form holds it. */
export interface GrantRow {
  role?: StaffRole;
  /** region of a region role */
  regionCode?: string;
  /** region the organisation search is narrowed to (not sent) */
  orgRegion?: string;
  organisationId?: string;
  /** the chosen organisation's name, to show it without looking it up (not sent) */
  organisationName?: string;
}

export const grantRowsOf = (grants: StaffGrant[]): GrantRow[] =>
  grants.map((g) =>
    g.organisationId
      ? { role: g.role, orgRegion: g.regionCode, organisationId: g.organisationId, organisationName: g.organisationName ?? undefined }
      : { role: g.role, regionCode: g.regionCode },
  );

/** The rows as the API takes them, in the same order (so that /body/roles/3 is the fourth row). */
export const grantInputsOf = (rows: GrantRow[] | undefined): StaffGrantInput[] =>
  (rows ?? []).map((r) =>
    r.role && isOrganisationRole(r.role) ? { role: r.role, organisationId: r.organisationId } : { role: r.role!, regionCode: r.regionCode },
  );

/** Where an error about /body/roles/… shows: a whole grant's error (403 grantForbidden) under its role. */
export function placeGrantError(path: NamePath): NamePath | null {
  if (path[0] !== 'roles') return path;
  if (path.length === 1) return null;
  if (path.length === 2) return ['roles', path[1]!, 'role'];
  return ['roles', path[1]!, path[2] === 'regionCode' || path[2] === 'organisationId' ? path[2] : 'role'];
}

const levelOf = (code: string): Region['level'] => (code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county');

interface CascaderOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: CascaderOption[];
}

type RegionRoot = { code: string; name: string };

/** 浙江省 / 杭州市 / 西湖区: a region within the administrator's, children loaded as they open. */
export function RegionCascader({
  value,
  onChange,
  roots,
  id,
  placeholder,
  'aria-label': ariaLabel,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** the administrator's regions, named (GET /me answers the names) */
  roots: RegionRoot[];
  id?: string;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const queryClient = useQueryClient();
  const [children, setChildren] = useState<Record<string, Region[]>>({});
  const root = value ? roots.find((r) => regionPath(value).includes(r.code))?.code : undefined;
  const path = value ? regionPath(value, root) : undefined;

  const load = async (code: string) => {
    if (children[code]) return;
    const list = await fetchRegionChildren(queryClient, code).catch(() => [] as Region[]);
    setChildren((c) => ({ ...c, [code]: list }));
  };
  // a value set from outside (an existing grant, a picked organisation) shows its names: load the regions above it
  const pathKey = path?.join('/');
  useEffect(() => {
    if (!path) return;
    for (const code of path.slice(0, -1)) void load(code);
  }, [pathKey]);

  const options = useMemo(() => {
    const build = (r: Pick<Region, 'code' | 'name' | 'level'>): CascaderOption => {
      const kids = children[r.code];
      return {
        value: r.code,
        label: r.name,
        isLeaf: r.level === 'county' || kids?.length === 0,
        children: kids?.length ? kids.map(build) : undefined,
      };
    };
    return roots.map((r) => build({ code: r.code, name: r.name, level: levelOf(r.code) }));
  }, [roots, children]);

  return (
    <Cascader
      id={id}
      aria-label={ariaLabel}
      options={options}
      value={path}
      changeOnSelect
      placeholder={placeholder}
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last) void load(String(last.value));
      }}
      onChange={(p) => onChange?.(p && p.length ? String(p[p.length - 1]) : undefined)}
      classNames={{ popup: { root: 'ow-admin-cascader-popup' } }}
      allowClear={false}
    />
  );
}

/** Organisations a search shows at a time; more are found by typing. */
const ORG_PAGE = 20;

/**
 * The organisation of an organisation role. A platform administrator searches the organisations
 * of the chosen region (or of their own) on the server as they type — by part of the name or the
 * start of the credit code — so a region with hundreds of departments is not cut short; an
 * organisation administrator picks one of their own.
 */
function OrganisationSelect({
  region,
  own,
  name,
  onPick,
  value,
  onChange,
  id,
}: {
  /** the region searched (the row's region, or the administrator's only one) */
  region: string | undefined;
  own: { id: string; name: string }[] | null;
  /** the chosen organisation's name, when the form knows it */
  name?: string;
  onPick?: (org: Organisation | undefined) => void;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim().slice(0, 50), 300);
  const searching = !own && !!region;
  const found = useOrganisationSearch({ region, q: q || undefined, pageSize: ORG_PAGE }, searching && (open || !!q));
  const orgs = found.data?.items ?? [];

  if (own) {
    return (
      <Select
        id={id}
        value={value}
        onChange={onChange}
        options={own.map((o) => ({ value: o.id, label: o.name }))}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('admin.grants.organisationPlaceholder')}
        notFoundContent={t('admin.grants.noOrganisations')}
        classNames={{ popup: { root: 'ow-admin-org-popup' } }}
      />
    );
  }

  const more = found.data && found.data.total > orgs.length;
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => {
        onChange?.(v);
        onPick?.(orgs.find((o) => o.id === v));
      }}
      options={orgs.map((o) => ({ value: o.id, label: o.name, org: o }))}
      optionRender={(option) => {
        const o = (option.data as { org?: Organisation }).org;
        return (
          <span className="ow-admin-org-option">
            <span className="ow-admin-org-option-name">{option.label}</span>
            {o && (
              <span className="ow-admin-org-option-meta">
                {o.regionName} · {o.uscc}
              </span>
            )}
          </span>
        );
      }}
      // the chosen one by the name the form holds: it need not be among the options found
      labelRender={(p) => (p.value === value && name) || p.label || t('common.loading')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text, autoClearSearchValue: true }}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setText('');
      }}
      loading={found.isFetching}
      disabled={!region}
      placeholder={!region ? t('admin.grants.pickRegionFirst') : t('admin.grants.organisationSearch')}
      notFoundContent={
        found.isFetching ? t('common.loading') : q ? t('admin.grants.noOrganisationsFound', { q }) : t('admin.grants.noOrganisations')
      }
      popupRender={(menu) => (
        <>
          {menu}
          {more && (
            <div className="ow-admin-org-more" role="note">
              {t('admin.grants.moreOrganisations', { shown: orgs.length, total: found.data!.total })}
            </div>
          )}
        </>
      )}
      classNames={{ popup: { root: 'ow-admin-org-popup' } }}
    />
  );
}

/** A new grant row: an organisation administrator of one organisation gets it filled in. */
export function useNewGrantRow(): GrantRow {
  const me = useMe();
  if (adminRegions(me).length) return {};
  const own = adminOrganisations(me);
  return own.length === 1 ? { organisationId: own[0]!.id, organisationName: own[0]!.name } : {};
}

/** The grants of a staff form (Form.List `roles`); `listErrors` are errors about the list as a whole. */
export function GrantFields({ listErrors = [] }: { listErrors?: string[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const form = Form.useFormInstance();
  const roles = grantableRoles(me);
  const regions = adminRegions(me);
  const platform = regions.length > 0;
  const ownOrgs = platform ? null : adminOrganisations(me);
  const newRow = useNewGrantRow();
  const roleOptions = roles.map((r) => ({
    value: r,
    label: t(`admin.roles.${r}`),
    title: t(`admin.roleHints.${r}`),
  }));

  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <div className="ow-admin-grant-list">
          {fields.length === 0 && <p className="ow-muted ow-admin-grant-empty">{t('admin.grants.none')}</p>}
          {fields.map((field, index) => (
            <fieldset key={field.key} className="ow-admin-entry ow-admin-grant" aria-labelledby={`grant-${field.key}`}>
              <div className="ow-admin-entry-head">
                <span className="ow-admin-entry-no" aria-hidden>
                  {index + 1}
                </span>
                <span className="ow-admin-grant-title" id={`grant-${field.key}`}>
                  {t('admin.grants.row', { n: index + 1 })}
                </span>
                <span className="ow-admin-entry-tools">
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('admin.grants.remove', { n: index + 1 })}
                  >
                    {t('admin.grants.removeShort')}
                  </Button>
                </span>
              </div>
              <div className="ow-admin-grant-fields">
                <Form.Item
                  name={[field.name, 'role']}
                  label={t('admin.grants.role')}
                  rules={[{ required: true, message: t('admin.grants.roleRequired') }]}
                  className="ow-admin-grant-role"
                >
                  <Select options={roleOptions} placeholder={t('admin.grants.rolePlaceholder')} />
                </Form.Item>
                <Form.Item
                  noStyle
                  dependencies={[['roles', field.name, 'role'], ['roles', field.name, 'orgRegion'], ['roles', field.name, 'organisationName']]}
                >
                  {({ getFieldValue }) => {
                    const role = getFieldValue(['roles', field.name, 'role']) as StaffRole | undefined;
                    if (!role) return <p className="ow-muted ow-admin-grant-wait">{t('admin.grants.pickRole')}</p>;
                    if (isOrganisationRole(role)) {
                      const orgRegion = getFieldValue(['roles', field.name, 'orgRegion']) as string | undefined;
                      const at = (key: keyof GrantRow) => ['roles', field.name, key];
                      return (
                        <>
                          {platform && (
                            <Form.Item
                              name={[field.name, 'orgRegion']}
                              label={t('admin.grants.orgRegion')}
                              className="ow-admin-grant-scope-field"
                            >
                              <RegionCascader
                                roots={regions}
                                placeholder={regions.length === 1 ? t('admin.grants.orgRegionAny', { region: regions[0]!.name }) : t('admin.grants.regionPlaceholder')}
                                // another region, other organisations
                                onChange={() => {
                                  form.setFieldValue(at('organisationId'), undefined);
                                  form.setFieldValue(at('organisationName'), undefined);
                                }}
                              />
                            </Form.Item>
                          )}
                          <Form.Item
                            name={[field.name, 'organisationId']}
                            label={t('admin.grants.organisation')}
                            rules={[{ required: true, message: t('admin.grants.organisationRequired') }]}
                            className="ow-admin-grant-scope-field ow-admin-grant-org"
                          >
                            <OrganisationSelect
                              // the region picked, else the administrator's only one
                              region={orgRegion ?? (regions.length === 1 ? regions[0]!.code : undefined)}
                              own={ownOrgs}
                              name={getFieldValue(at('organisationName')) as string | undefined}
                              onPick={(org) => {
                                form.setFieldValue(at('organisationName'), org?.name);
                                // found without a region: the row shows where the organisation is
                                if (org && !orgRegion) form.setFieldValue(at('orgRegion'), org.regionCode);
                              }}
                            />
                          </Form.Item>
                        </>
                      );
                    }
                    return (
                      <Form.Item
                        name={[field.name, 'regionCode']}
                        label={t('admin.grants.region')}
                        extra={t('admin.grants.regionExtra')}
                        rules={[{ required: true, message: t('admin.grants.regionRequired') }]}
                        className="ow-admin-grant-scope-field"
                      >
                        <RegionCascader roots={regions} placeholder={t('admin.grants.regionPlaceholder')} />
                      </Form.Item>
                    );
                  }}
                </Form.Item>
              </div>
            </fieldset>
          ))}
          <Form.ErrorList errors={listErrors} />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add(newRow)}
            className="ow-admin-grant-add"
          >
            {t('admin.grants.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
