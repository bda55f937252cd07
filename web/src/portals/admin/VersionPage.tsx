import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Link, useParams } from 'react-router';
import { GuideView } from '../../components/GuideView';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useItemVersion } from './hooks';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from './AdminParts';
import { adminItemHref } from './paths';
import { VersionStatusTag } from './StatusTag';

/** One version of an item, read-only (版本历史 → vN). */
export default function VersionPage() {
  const { t, i18n } = useTranslation();
  const { implementationCode, version: versionParam } = useParams();
  const n = Number(versionParam);
  const version = Number.isInteger(n) && n >= 1 ? n : undefined;
  const item = useItemVersion(implementationCode, version);
  useDocumentTitle(item.data ? `${item.data.guide.name} v${item.data.version}` : undefined);
  if (version === undefined) return <ItemFailure error={new ApiError(404, undefined, 'no such version')} onRetry={() => undefined} />;
  if (item.isPending) return <ItemLoading />;
  if (item.isError) return <ItemFailure error={item.error} onRetry={() => void item.refetch()} />;
  const d = item.data;
  const code = d.guide.implementationCode;
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb items={[{ title: d.guide.name, to: adminItemHref(code) }, { title: t('admin.versions.crumb', { version: d.version }) }]} />
      <header className="ow-panel ow-admin-card ow-admin-item-head">
        <div className="ow-admin-item-title">
          <h1 className="ow-admin-h1">
            {d.guide.name} <span className="ow-admin-version-no">v{d.version}</span>
          </h1>
          <VersionStatusTag status={d.versionStatus} />
        </div>
        <Alert
          type="info"
          showIcon
          className="ow-admin-notice"
          title={t('admin.versions.readOnly', { version: d.version })}
          description={
            d.publishedAt
              ? t('admin.versions.publishedOn', { date: formatDateTime(d.publishedAt, lang) })
              : t('admin.versions.neverPublished')
          }
        />
        <div className="ow-admin-actions">
          <Link to={adminItemHref(code)}>
            <Button icon={<ArrowLeftOutlined />}>{t('admin.versions.back')}</Button>
          </Link>
        </div>
      </header>
      <h2 className="ow-admin-preview-h">{t('admin.item.preview', { version: d.version })}</h2>
      <GuideView item={d} titleAs="h2" />
    </div>
  );
}
