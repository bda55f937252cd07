/** Pieces shared by the workbench's pages: the parts' icons, breadcrumb, loading and failure states. */
import {
  AlertOutlined, CommentOutlined, LikeOutlined, MessageOutlined, QrcodeOutlined, ApiOutlined, AuditOutlined, DatabaseOutlined, FileDoneOutlined, FileProtectOutlined, IdcardOutlined, KeyOutlined, ProfileOutlined,
  SafetyCertificateOutlined, ShareAltOutlined, ShopOutlined, TeamOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { isNotFound } from '../../api/hooks';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { AREA_PATHS, type Area } from './access';
import { AdminForbidden } from './SessionPages';

/** The icon of each part of the workbench (menu, home). */
export const AREA_ICONS: Record<Area, ReactNode> = {
  applications: <FileDoneOutlined />,
  window: <ShopOutlined />,
  supervision: <AlertOutlined />,
  identity: <IdcardOutlined />,
  items: <ProfileOutlined />,
  staff: <TeamOutlined />,
  oidc: <ApiOutlined />,
  exchangeLog: <AuditOutlined />,
  resources: <DatabaseOutlined />,
  sharing: <ShareAltOutlined />,
  licences: <FileProtectOutlined />,
  credentials: <SafetyCertificateOutlined />,
  keys: <KeyOutlined />,
  feedback: <LikeOutlined />,
  feedbackRatings: <CommentOutlined />,
  complaints: <MessageOutlined />,
  feedbackWindow: <QrcodeOutlined />,
};

/** The trail from a part of the workbench (事项管理 by default) to the page. */
export function AdminBreadcrumb({ items, root = 'items' }: { items: { title: ReactNode; to?: string }[]; root?: Area }) {
  const { t } = useTranslation();
  return (
    <Breadcrumb
      className="ow-breadcrumb"
      items={[
        { title: <Link to={AREA_PATHS[root]}>{t(`admin.menu.${root}`)}</Link> },
        ...items.map((i) => ({ title: i.to ? <Link to={i.to}>{i.title}</Link> : <span className="ow-breadcrumb-current">{i.title}</span> })),
      ]}
    />
  );
}

export function ItemLoading() {
  return (
    <div className="ow-admin-page">
      <div className="ow-panel ow-admin-card">
        <CardSkeleton rows={4} />
      </div>
      <div className="ow-panel ow-admin-card">
        <CardSkeleton rows={6} />
      </div>
    </div>
  );
}

/** A page's record failed to load: 403 and 404 have pages of their own, the rest an error with retry. */
const NOT_FOUND = {
  item: { title: 'admin.item.notFound', to: '/admin/items', label: 'admin.common.backToList' },
  staff: { title: 'admin.staffPage.notFound', to: '/admin/staff', label: 'admin.staff.backToList' },
  oidc: { title: 'admin.oidc.notFound', to: '/admin/oidc-clients', label: 'admin.oidc.backToList' },
  application: { title: 'admin.applications.detail.notFound', to: '/admin/applications', label: 'admin.applications.detail.back' },
  resource: { title: 'admin.sharing.resource.notFound', to: '/admin/sharing/resources', label: 'admin.sharing.resource.backToList' },
  rectification: { title: 'admin.feedback.rect.notFound', to: '/admin/feedback/rectifications', label: 'admin.feedback.rect.back' },
  complaint: { title: 'admin.feedback.complaint.notFound', to: '/admin/feedback/complaints', label: 'admin.feedback.complaint.back' },
} as const;

export function ItemFailure({ error, onRetry, notFound = 'item' }: { error: unknown; onRetry: () => void; notFound?: keyof typeof NOT_FOUND }) {
  const { t } = useTranslation();
  // a record outside the administrator's region or organisation
  if (error instanceof ApiError && error.status === 403) return <AdminForbidden />;
  const back = NOT_FOUND[notFound];
  return (
    <div className="ow-admin-page">
      <div className="ow-panel ow-admin-card">
        {isNotFound(error) ? (
          <Result
            status="404"
            title={t(back.title)}
            extra={
              <Link to={back.to}>
                <Button type="primary">{t(back.label)}</Button>
              </Link>
            }
          />
        ) : (
          <ErrorState error={error} onRetry={onRetry} />
        )}
      </div>
    </div>
  );
}

/** The number of records a list found, announced to assistive technology when it changes. */
export function ListCount({ children }: { children: ReactNode }) {
  return (
    <span className="ow-muted ow-admin-count ow-wb-count" role="status">
      {children}
    </span>
  );
}
