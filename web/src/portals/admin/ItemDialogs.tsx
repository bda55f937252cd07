/** The item page's dialogs: 常用说法 (aliases), 撤销 (withdraw with a reason), 版本历史 (versions). */
import { Alert, App, Drawer, Form, Input, Modal, Select, Skeleton } from 'antd';
import type { ItemDetail } from '@onewindow/domain';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useMedia';
import { useAdminApi } from './auth';
import { problemAlert, problemFieldErrors } from './problems';
import { useAction, useItemVersions, useRefreshAfterChange } from './hooks';
import { adminVersionHref } from './paths';
import { VersionStatusTag } from './StatusTag';

const ALIAS_MAX = 50;
const ALIASES_MAX = 100;

interface DialogProps {
  item: ItemDetail;
  open: boolean;
  onClose: () => void;
}

/** Everyday words (开奶茶店) under which citizens find the item; saved at once into search. */
export function AliasDialog({ item, open, onClose }: DialogProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const refresh = useRefreshAfterChange();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ aliases: string[] }>();
  const code = item.guide.implementationCode;
  const sent = useRef<string[]>([]);
  const save = useAction((aliases: string[]) => api.setAliases(code, (sent.current = aliases), item.revision), {
    onSuccess: async () => {
      await refresh(code);
      void message.success(t('admin.aliases.saved'));
      close();
    },
    onError: (e) => {
      // "/body/aliases/3": name the word the server refused
      const fields = problemFieldErrors(e).map((f) => {
        const word = sent.current[Number(f.pointer.split('/')[3])];
        return word ? `${word}${t('common.colon')}${f.detail}` : f.detail;
      });
      if (fields.length) form.setFields([{ name: 'aliases', errors: fields }]);
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  const alert = save.error && !problemFieldErrors(save.error).length ? problemAlert(t, save.error) : null;

  return (
    <Modal
      open={open}
      title={t('admin.aliases.title')}
      okText={t('admin.common.save')}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={save.pending}
      destroyOnHidden
    >
      <p className="ow-muted">{t('admin.aliases.hint')}</p>
      {alert && <Alert type="error" showIcon title={alert.title} description={alert.detail} className="ow-admin-dialog-alert" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ aliases: item.aliases }}
        onFinish={(v) => void save.run((v.aliases ?? []).map((a) => a.trim()).filter(Boolean))}
      >
        <Form.Item
          name="aliases"
          label={t('admin.aliases.label')}
          extra={t('admin.aliases.extra', { max: ALIAS_MAX, count: ALIASES_MAX })}
          rules={[
            {
              validator: async (_r, v: string[] | undefined) => {
                if ((v ?? []).some((a) => a.trim().length > ALIAS_MAX)) throw new Error(t('admin.aliases.tooLong', { max: ALIAS_MAX }));
                if ((v ?? []).length > ALIASES_MAX) throw new Error(t('admin.aliases.tooMany', { count: ALIASES_MAX }));
              },
            },
          ]}
        >
          <Select
            mode="tags"
            open={false}
            tokenSeparators={[',', '，', '、', ';', '；']}
            placeholder={t('admin.aliases.placeholder')}
            aria-label={t('admin.aliases.label')}
            suffixIcon={null}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 撤销: takes a published item off the portal, with a reason kept in the audit log. */
export function WithdrawDialog({ item, open, onClose }: DialogProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const refresh = useRefreshAfterChange();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const code = item.guide.implementationCode;
  const withdraw = useAction((reason: string) => api.withdraw(code, reason, item.revision), {
    onSuccess: async () => {
      await refresh(code);
      void message.success(t('admin.withdraw.done'));
      close();
    },
    onError: (e) => {
      const fields = problemFieldErrors(e).map((f) => f.detail);
      if (fields.length) form.setFields([{ name: 'reason', errors: fields }]);
    },
  });
  const close = () => {
    withdraw.reset();
    onClose();
  };
  const alert = withdraw.error && !problemFieldErrors(withdraw.error).length ? problemAlert(t, withdraw.error) : null;

  return (
    <Modal
      open={open}
      title={t('admin.withdraw.title', { name: item.guide.name })}
      okText={t('admin.withdraw.ok')}
      okButtonProps={{ danger: true }}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={withdraw.pending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('admin.withdraw.warning')} className="ow-admin-dialog-alert" />
      {alert && <Alert type="error" showIcon title={alert.title} description={alert.detail} className="ow-admin-dialog-alert" />}
      <Form form={form} layout="vertical" onFinish={(v) => void withdraw.run(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('admin.withdraw.reason')}
          rules={[
            { required: true, whitespace: true, message: t('admin.withdraw.reasonRequired') },
            { min: 2, max: 500, message: t('admin.withdraw.reasonLength') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={500} showCount placeholder={t('admin.withdraw.placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 版本历史: every version, newest first; each opens read-only. */
export function VersionsDrawer({ item, open, onClose }: DialogProps) {
  const { t, i18n } = useTranslation();
  const mobile = useIsMobile();
  const code = item.guide.implementationCode;
  const versions = useItemVersions(code, open);
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const list = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Drawer open={open} onClose={onClose} title={t('admin.versions.title')} size={mobile ? '100%' : 440} placement="right">
      {versions.isPending && <Skeleton active />}
      {versions.isError && <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />}
      {versions.data && (
        <ol className="ow-admin-version-list">
          {list.map((v) => (
            <li key={v.version} className={v.version === item.version ? 'current' : undefined}>
              <Link to={adminVersionHref(code, v.version)} onClick={onClose} className="ow-admin-version-link">
                <span className="ow-admin-version-no">v{v.version}</span>
                <VersionStatusTag status={v.status} />
                {v.version === item.version && <span className="ow-muted">{t('admin.versions.latest')}</span>}
              </Link>
              <dl className="ow-admin-version-meta">
                <dt>{t('admin.versions.createdAt')}</dt>
                <dd>{formatDateTime(v.createdAt, lang)}</dd>
                <dt>{t('admin.versions.updatedAt')}</dt>
                <dd>{formatDateTime(v.updatedAt, lang)}</dd>
                {v.publishedAt && (
                  <>
                    <dt>{t('admin.versions.publishedAt')}</dt>
                    <dd>{formatDateTime(v.publishedAt, lang)}</dd>
                  </>
                )}
                <dt>{t('admin.versions.createdBy')}</dt>
                <dd>{v.createdBy}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </Drawer>
  );
}
