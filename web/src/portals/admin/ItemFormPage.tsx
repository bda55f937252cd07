import { Alert, App } from 'antd';
import type { ItemDetail } from '@onewindow/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useNodeInfo } from '../../api/hooks';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useAdminApi } from './auth';
import { useAdminItem, useRefreshAfterChange } from './hooks';
import { ItemForm } from './ItemForm';
import { emptyItem, toFormValues } from './itemForm';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from './AdminParts';
import { adminItemHref } from './paths';

/** 新建事项: version 1, saved as a draft. */
export function CreateItemPage() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const node = useNodeInfo();
  useDocumentTitle(t('admin.form.createTitle'));
  // the supervision line defaults to the node's hotline (12345)
  const hotline = node.data?.hotline;
  const initial = useMemo(() => emptyItem(hotline ?? ''), [hotline]);
  if (node.isPending) return <ItemLoading />;

  const saved = (item: ItemDetail) => {
    const code = item.guide.implementationCode;
    queryClient.setQueryData(['admin', 'item', code], item);
    void message.success(t('admin.form.created', { version: item.version }));
    navigate(adminItemHref(code));
    void refresh(code);
  };
  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb items={[{ title: t('admin.form.createTitle') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.form.createTitle')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.form.createLead')}</p>
        </div>
      </div>
      <ItemForm
        mode="create"
        initialValues={initial}
        submitLabel={t('admin.form.saveDraft')}
        submit={(body, key) => api.create(body, key)}
        onSaved={saved}
        onCancel={() => navigate('/admin/items')}
      />
    </div>
  );
}

function EditForm({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const code = item.guide.implementationCode;
  useDocumentTitle(t('admin.form.editTitle', { name: item.guide.name }));
  const initial = useMemo(() => toFormValues(item.guide), [item.guide]);
  const opensNewVersion = item.versionStatus !== 'draft';
  const nextVersion = opensNewVersion ? item.version + 1 : item.version;

  let notice;
  if (item.status === 'withdrawn' && opensNewVersion) {
    notice = <Alert type="warning" showIcon title={t('admin.form.editWithdrawn', { next: nextVersion })} description={t('admin.form.editWithdrawnHint')} />;
  } else if (opensNewVersion) {
    notice = (
      <Alert
        type="warning"
        showIcon
        title={t('admin.form.editPublished', { version: item.version, next: nextVersion })}
        description={t('admin.form.editPublishedHint', { version: item.version, next: nextVersion })}
      />
    );
  } else {
    notice = <Alert type="info" showIcon title={t('admin.form.editDraft', { version: item.version })} description={t('admin.form.editDraftHint')} />;
  }

  const saved = (updated: ItemDetail) => {
    queryClient.setQueryData(['admin', 'item', code], updated);
    void message.success(t('admin.form.updated', { version: updated.version }));
    navigate(adminItemHref(code));
    void refresh(code);
  };
  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb items={[{ title: item.guide.name, to: adminItemHref(code) }, { title: t('admin.item.edit') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.form.editTitle', { name: item.guide.name })}</h1>
          <p className="ow-muted ow-admin-lead">
            <code className="ow-code">{code}</code>
          </p>
        </div>
      </div>
      <ItemForm
        mode="edit"
        item={item}
        initialValues={initial}
        notice={<div className="ow-admin-notice ow-admin-form-notice">{notice}</div>}
        submitLabel={opensNewVersion ? t('admin.form.saveNewDraft', { next: nextVersion }) : t('admin.form.saveDraftVersion', { version: item.version })}
        submit={(body) => api.update(code, body, item.revision)}
        onSaved={saved}
        onCancel={() => navigate(adminItemHref(code))}
      />
    </div>
  );
}

/** 编辑: changes the draft, or opens a new draft version of a published item. */
export function EditItemPage() {
  const { implementationCode } = useParams();
  const item = useAdminItem(implementationCode);
  if (item.isPending) return <ItemLoading />;
  if (item.isError) return <ItemFailure error={item.error} onRetry={() => void item.refetch()} />;
  return <EditForm item={item.data} />;
}
