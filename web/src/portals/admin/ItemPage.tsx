import {
  CloudUploadOutlined, EditOutlined, ExportOutlined, HistoryOutlined, StopOutlined, TagsOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Tag } from 'antd';
import type { ItemDetail } from '@onewindow/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { GuideView } from '../../components/GuideView';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useAdminApi } from './auth';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from './AdminParts';
import { AliasDialog, VersionsDrawer, WithdrawDialog } from './ItemDialogs';
import { useAction, useAdminItem, useItemVersions, useRefreshAfterChange } from './hooks';
import { adminEditHref, publicItemHref } from './paths';
import { problemAlert } from './problems';
import { ItemStatusTag, VersionStatusTag } from './StatusTag';

type Dialog = 'aliases' | 'withdraw' | 'versions' | null;

function ItemWorkbench({ item }: { item: ItemDetail }) {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const refresh = useRefreshAfterChange();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const g = item.guide;
  const code = g.implementationCode;
  useDocumentTitle(g.name);
  const versions = useItemVersions(code, true);
  const publishedVersion = versions.data?.items.find((v) => v.status === 'published')?.version;
  const isDraft = item.versionStatus === 'draft';
  const lang = i18n.resolvedLanguage ?? 'zh-CN';

  const publish = useAction(() => api.publish(code, item.revision), {
    onSuccess: async (res) => {
      await refresh(code);
      void message.success(t('admin.publish.done', { version: res.version }));
    },
    onError: (e) => {
      const p = problemAlert(t, e);
      void message.error(p.detail ? `${p.title}${t('common.colon')}${p.detail}` : p.title);
    },
  });

  let notice: ReactNode = null;
  if (item.status === 'withdrawn') {
    const why = item.withdrawal
      ? t('admin.item.withdrawnWhy', { reason: item.withdrawal.reason, at: formatDateTime(item.withdrawal.at, lang) })
      : '';
    notice = (
      <Alert type="error" showIcon title={t('admin.item.withdrawnNotice')} description={`${why}${t('admin.item.withdrawnHint')}`} />
    );
  } else if (isDraft && publishedVersion !== undefined) {
    notice = (
      <Alert
        type="warning"
        showIcon
        title={t('admin.item.draftOverPublished', { version: item.version, published: publishedVersion })}
        description={t('admin.item.draftOverPublishedHint', { published: publishedVersion })}
      />
    );
  } else if (isDraft) {
    notice = <Alert type="info" showIcon title={t('admin.item.neverPublished')} description={t('admin.item.neverPublishedHint')} />;
  }

  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb items={[{ title: g.name }]} />
      <header className="ow-panel ow-admin-card ow-admin-item-head">
        <div className="ow-admin-item-title">
          <h1 className="ow-admin-h1">{g.name}</h1>
          <ItemStatusTag status={item.status} />
        </div>
        <dl className="ow-admin-facts">
          <div>
            <dt>{t('admin.item.code')}</dt>
            <dd>
              <code className="ow-code">{code}</code>
            </dd>
          </div>
          <div>
            <dt>{t('admin.item.currentVersion')}</dt>
            <dd>
              <span className="ow-admin-version-no">v{item.version}</span> <VersionStatusTag status={item.versionStatus} />
            </dd>
          </div>
          <div>
            <dt>{t('admin.item.publishedVersion')}</dt>
            <dd>
              {!versions.data ? (
                <span className="ow-muted">…</span>
              ) : item.status === 'withdrawn' ? (
                <span className="ow-muted">{t('admin.item.noneWithdrawn')}</span>
              ) : publishedVersion !== undefined ? (
                `v${publishedVersion}`
              ) : (
                <span className="ow-muted">{t('admin.list.notPublished')}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('admin.item.organisation')}</dt>
            <dd>{item.organisation.name}</dd>
          </div>
          <div>
            <dt>{t('admin.item.updatedAt')}</dt>
            <dd>{formatDateTime(item.updatedAt, lang)}</dd>
          </div>
        </dl>
        <div className="ow-admin-aliases">
          <span className="ow-admin-aliases-label">{t('admin.aliases.title')}</span>
          {item.aliases.length > 0 ? (
            <span className="ow-tags" data-testid="item-aliases">
              {item.aliases.map((a) => (
                <Tag key={a} color="blue" variant="filled">
                  {a}
                </Tag>
              ))}
            </span>
          ) : (
            <span className="ow-muted">{t('admin.aliases.none')}</span>
          )}
        </div>
        {notice && <div className="ow-admin-notice">{notice}</div>}
        <div className="ow-admin-actions" role="toolbar" aria-label={t('admin.item.actions')}>
          <Link to={adminEditHref(code)}>
            <Button icon={<EditOutlined />}>{t('admin.item.edit')}</Button>
          </Link>
          <Popconfirm
            title={t('admin.publish.confirmTitle', { version: item.version })}
            description={
              publishedVersion !== undefined
                ? t('admin.publish.confirmReplace', { published: publishedVersion })
                : t('admin.publish.confirmFirst')
            }
            okText={t('admin.publish.ok')}
            cancelText={t('admin.common.cancel')}
            onConfirm={() => publish.run()}
            disabled={!isDraft}
          >
            <Button
              type="primary"
              icon={<CloudUploadOutlined />}
              disabled={!isDraft}
              loading={publish.pending}
              title={isDraft ? undefined : t('admin.publish.noDraft')}
            >
              {t('admin.item.publish')}
            </Button>
          </Popconfirm>
          <Button
            danger
            icon={<StopOutlined />}
            disabled={item.status !== 'published'}
            onClick={() => setDialog('withdraw')}
            title={item.status === 'published' ? undefined : t('admin.withdraw.notPublished')}
          >
            {t('admin.item.withdraw')}
          </Button>
          <Button icon={<TagsOutlined />} onClick={() => setDialog('aliases')}>
            {t('admin.item.aliases')}
          </Button>
          <Button icon={<HistoryOutlined />} onClick={() => setDialog('versions')}>
            {t('admin.item.versions')}
          </Button>
          {item.status === 'published' && (
            <a href={publicItemHref(code)} target="_blank" rel="noopener noreferrer" className="ow-admin-portal-link">
              {t('admin.item.viewOnPortal')} <ExportOutlined aria-hidden />
            </a>
          )}
        </div>
      </header>

      <h2 className="ow-admin-preview-h">{t('admin.item.preview', { version: item.version })}</h2>
      <GuideView item={item} titleAs="h2" />

      <AliasDialog item={item} open={dialog === 'aliases'} onClose={() => setDialog(null)} />
      <WithdrawDialog item={item} open={dialog === 'withdraw'} onClose={() => setDialog(null)} />
      <VersionsDrawer item={item} open={dialog === 'versions'} onClose={() => setDialog(null)} />
    </div>
  );
}

/** One item: its state and versions, the actions on it, and its latest guide read-only. */
export default function ItemPage() {
  const { implementationCode } = useParams();
  const item = useAdminItem(implementationCode);
  if (item.isPending) return <ItemLoading />;
  if (item.isError) return <ItemFailure error={item.error} onRetry={() => void item.refetch()} />;
  return <ItemWorkbench item={item.data} />;
}
