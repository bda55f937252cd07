/** Pieces shared by the item pages: breadcrumb, loading and failure states. */
import { Breadcrumb, Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isNotFound } from '../../api/hooks';
import { CardSkeleton, ErrorState } from '../../components/QueryState';

export function AdminBreadcrumb({ items }: { items: { title: ReactNode; to?: string }[] }) {
  const { t } = useTranslation();
  return (
    <Breadcrumb
      className="ow-breadcrumb"
      items={[
        { title: <Link to="/admin/items">{t('admin.menu.items')}</Link> },
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

export function ItemFailure({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="ow-admin-page">
      <div className="ow-panel ow-admin-card">
        {isNotFound(error) ? (
          <Result
            status="404"
            title={t('admin.item.notFound')}
            extra={
              <Link to="/admin/items">
                <Button type="primary">{t('admin.common.backToList')}</Button>
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
