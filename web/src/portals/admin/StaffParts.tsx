/** Pieces shared by the staff pages: role labels with their scope, status tags, copyable values. */
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { App, Button, Tag, Tooltip } from 'antd';
import type { StaffRole } from '@onewindow/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffGrant } from '../../api/admin';
import { isOrganisationRole, ROLE_ORDER } from './access';

const byRole = (a: { role: StaffRole }, b: { role: StaffRole }) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role);

/** The scope of a grant by name, as the server answers it: the organisation of an organisation role, the region of a region role. */
export const grantScope = (g: StaffGrant): string => (g.organisationId ? (g.organisationName ?? '—') : (g.regionName ?? g.regionCode));

/** 窗口受理 · 杭州市西湖区市场监督管理局, one line per grant. */
export function GrantLines({ grants, className }: { grants: readonly StaffGrant[]; className?: string }) {
  const { t } = useTranslation();
  if (grants.length === 0) return <span className="ow-muted">{t('admin.staff.noRoles')}</span>;
  return (
    <ul className={`ow-admin-grants ${className ?? ''}`}>
      {[...grants].sort(byRole).map((g) => (
        <li key={`${g.role}|${g.organisationId ?? g.regionCode}`}>
          <span className={`ow-admin-role ow-admin-role-${isOrganisationRole(g.role) ? 'org' : 'region'}`}>{t(`admin.roles.${g.role}`)}</span>
          <span className="ow-admin-grant-scope">{grantScope(g)}</span>
        </li>
      ))}
    </ul>
  );
}

export function StaffStatusTag({ status }: { status: 'active' | 'disabled' }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'green' : 'default'} variant="outlined" className="ow-status-tag">
      {t(`admin.staff.status.${status}`)}
    </Tag>
  );
}

/** A value with a copy button (client ids, secrets, addresses). */
export function CopyValue({ value, label, secret = false }: { value: string; label: string; secret?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      void message.success(t('admin.common.copied'));
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      void message.warning(t('admin.common.copyFailed'));
    }
  };
  return (
    <div className={`ow-admin-copy ${secret ? 'ow-admin-copy-secret' : ''}`}>
      <code className="ow-code" aria-label={label}>
        {value}
      </code>
      <Tooltip title={copied ? t('admin.common.copied') : t('admin.common.copy')}>
        <Button
          size="small"
          icon={copied ? <CheckOutlined /> : <CopyOutlined />}
          onClick={() => void copy()}
          aria-label={t('admin.common.copyNamed', { name: label })}
        >
          {t('admin.common.copy')}
        </Button>
      </Tooltip>
    </div>
  );
}
