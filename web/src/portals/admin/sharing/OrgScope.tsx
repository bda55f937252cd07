/**
 * Which organisation a page of organisation administration (交换凭证, 签章密钥, 证照管理) is about:
 * the one the staff member runs, or — for a platform administrator or a staff member of several
 * organisations — the one picked, kept in the address (?org=).
 */
import { Alert } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Organisation } from '../../../api/client';
import { CardSkeleton } from '../../../components/QueryState';
import { useMe } from '../auth';
import { useAllOrganisations } from '../hooks';
import { roleOrganisations } from '../access';
import { OrgSelect, actsFor } from './parts';

export interface Scope {
  /** organisations to choose from */
  choices: Organisation[];
  organisation: Organisation | undefined;
  loading: boolean;
  failed: boolean;
  choose: (id: string | undefined) => void;
}

/**
 * `kind`: 'admin' — organisations the staff member administers, or of a platform administrator's
 * region; 'approver' — organisations the staff member is an approver of.
 */
export function useOrgScope(kind: 'admin' | 'approver' = 'admin'): Scope {
  const me = useMe();
  const all = useAllOrganisations();
  const [params, setParams] = useSearchParams();
  const choices = useMemo(() => {
    const list = all.data ?? [];
    if (kind === 'approver') {
      const ids = new Set(roleOrganisations(me, 'approver').map((o) => o.id));
      return list.filter((o) => ids.has(o.id));
    }
    return list.filter((o) => actsFor(me, o, 'admin'));
  }, [all.data, me, kind]);
  const picked = params.get('org');
  const organisation = choices.find((o) => o.id === picked) ?? (choices.length === 1 || !picked ? choices[0] : undefined);
  return {
    choices,
    organisation,
    loading: all.isPending,
    failed: all.isError,
    choose: (id) => {
      const next = new URLSearchParams(params);
      if (id) next.set('org', id);
      else next.delete('org');
      next.delete('page');
      setParams(next, { replace: true });
    },
  };
}

/** The organisation line under a page's title: its name, or a picker when there is a choice. */
export function OrgScope({ scope }: { scope: Scope }) {
  const { t } = useTranslation();
  if (scope.loading) return <CardSkeleton rows={1} />;
  if (scope.failed) return <Alert type="error" showIcon title={t('admin.sharing.scope.failed')} className="ow-share-page-alert" />;
  if (scope.choices.length === 0) return <Alert type="info" showIcon title={t('admin.sharing.scope.none')} className="ow-share-page-alert" />;
  return (
    <div className="ow-panel ow-admin-card ow-share-scope" data-testid="org-scope">
      <label htmlFor="org-scope" className="ow-share-scope-label">
        {t('admin.sharing.scope.label')}
      </label>
      {scope.choices.length === 1 ? (
        <strong id="org-scope">{scope.organisation?.name}</strong>
      ) : (
        <OrgSelect id="org-scope" className="ow-share-scope-select" orgs={scope.choices} value={scope.organisation?.id} onChange={scope.choose} placeholder={t('admin.sharing.scope.pick')} />
      )}
      {scope.organisation && <span className="ow-muted ow-share-sub">{t('admin.sharing.meta.providerCode', { code: scope.organisation.uscc })}</span>}
    </div>
  );
}
