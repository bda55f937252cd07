/**
 * One staff member: account facts, roles (edited in place; their sessions end so the change
 * applies at once), 停用/启用 and 重置初始密码, each after a confirmation.
 */
import { EditOutlined, KeyOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { StaffMember } from '../../api/admin';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from './AdminParts';
import { useAdminApi, useMe } from './auth';
import { GrantFields, grantInputsOf, grantRowsOf, placeGrantError, type GrantRow } from './GrantFields';
import { useAction, useRefreshAfterChange, useStaffMember } from './hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from './problems';
import { CopyValue, GrantLines, StaffStatusTag } from './StaffParts';
import { InitialPasswordInput, passwordRules } from './StaffCreatePage';

/** The roles card: read, or edited with GrantFields. */
function RolesCard({ staff }: { staff: StaffMember }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const refresh = useRefreshAfterChange();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ roles: GrantRow[] }>();
  const [listErrors, setListErrors] = useState<string[]>([]);
  const save = useAction((rows: GrantRow[]) => api.setStaffRoles(staff.id, grantInputsOf(rows)), {
    onSuccess: async () => {
      await refresh();
      void message.success(t('admin.staffPage.rolesSaved'));
      setEditing(false);
    },
    onError: (e) => {
      const placed = placeFieldErrors(e, placeGrantError);
      showFieldErrors(form, placed.fields);
      setListErrors(placed.rest.filter((f) => f.pointer === '/body/roles').map((f) => f.detail));
    },
  });
  const placedCount = save.error ? placeFieldErrors(save.error, placeGrantError).fields.length + listErrors.length : 0;
  const alert = save.error ? problemAlert(t, save.error) : null;

  return (
    <section className="ow-panel ow-admin-card" aria-labelledby="staff-roles">
      <div className="ow-admin-card-head">
        <h2 id="staff-roles" className="ow-admin-h2">
          {t('admin.staff.rolesTitle')}
        </h2>
        {!editing && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('admin.staffPage.editRoles')}
          </Button>
        )}
      </div>
      {!editing ? (
        <GrantLines grants={staff.roles} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          className="ow-admin-form"
          initialValues={{ roles: grantRowsOf(staff.roles) }}
          onFinish={(v) => {
            setListErrors([]);
            void save.run(v.roles ?? []);
          }}
          disabled={save.pending}
        >
          <Alert type="warning" showIcon title={t('admin.staffPage.rolesWarning')} className="ow-admin-dialog-alert" />
          {alert && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={alert.title}
              description={placedCount ? t('admin.staff.fixFields', { count: placedCount }) : alert.detail}
              className="ow-admin-dialog-alert"
            />
          )}
          <GrantFields listErrors={listErrors} />
          <div className="ow-admin-inline-bar">
            <Button
              onClick={() => {
                save.reset();
                setListErrors([]);
                setEditing(false);
              }}
            >
              {t('admin.common.cancel')}
            </Button>
            <Button type="primary" htmlType="submit" loading={save.pending}>
              {t('admin.staffPage.saveRoles')}
            </Button>
          </div>
        </Form>
      )}
    </section>
  );
}

/** 重置初始密码: a new initial password, changed at the next sign-in; the member's sessions end. */
function ResetPasswordDialog({ staff, open, onClose }: { staff: StaffMember; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const refresh = useRefreshAfterChange();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useAction((password: string) => api.resetStaffPassword(staff.id, password), {
    onSuccess: async () => {
      const password = form.getFieldValue('password') as string;
      await refresh();
      close();
      modal.success({
        title: t('admin.staffPage.resetDone', { username: staff.username }),
        width: 480,
        content: (
          <div className="ow-admin-created">
            <p>{t('admin.staff.createdHint')}</p>
            <CopyValue value={password} label={t('admin.staff.fields.password')} secret />
          </div>
        ),
        okText: t('admin.common.gotIt'),
      });
    },
    onError: (e) => showFieldErrors(form, placeFieldErrors(e, () => ['password']).fields),
  });
  const close = () => {
    reset.reset();
    form.resetFields();
    onClose();
  };
  const alert = reset.error && !placeFieldErrors(reset.error).fields.length ? problemAlert(t, reset.error) : null;
  return (
    <Modal
      open={open}
      title={t('admin.staffPage.resetTitle', { username: staff.username })}
      okText={t('admin.staffPage.resetOk')}
      okButtonProps={{ danger: true }}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={reset.pending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('admin.staffPage.resetWarning')} className="ow-admin-dialog-alert" />
      {alert && <Alert type="error" showIcon title={alert.title} description={alert.detail} className="ow-admin-dialog-alert" />}
      <Form form={form} layout="vertical" onFinish={(v) => void reset.run(v.password)}>
        <Form.Item name="password" label={t('admin.staffPage.newInitial')} extra={t('admin.staff.passwordExtra')} rules={passwordRules(t)}>
          <InitialPasswordInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StaffWorkbench({ staff }: { staff: StaffMember }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const api = useAdminApi();
  const refresh = useRefreshAfterChange();
  const { message, modal } = App.useApp();
  const [resetOpen, setResetOpen] = useState(false);
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const self = staff.id === me.id;
  useDocumentTitle(staff.username);

  const setStatus = useAction((status: StaffMember['status']) => api.setStaffStatus(staff.id, status), {
    onSuccess: async (s) => {
      await refresh();
      void message.success(t(s.status === 'active' ? 'admin.staffPage.enabled' : 'admin.staffPage.disabled', { username: s.username }));
    },
    onError: (e) => {
      const p = problemAlert(t, e);
      void message.error(p.detail ? `${p.title}${t('common.colon')}${p.detail}` : p.title);
    },
  });

  const confirmStatus = () => {
    const disabling = staff.status === 'active';
    modal.confirm({
      title: t(disabling ? 'admin.staffPage.disableTitle' : 'admin.staffPage.enableTitle', { username: staff.username }),
      content: t(disabling ? 'admin.staffPage.disableText' : 'admin.staffPage.enableText'),
      okText: t(disabling ? 'admin.staffPage.disable' : 'admin.staffPage.enable'),
      okButtonProps: { danger: disabling },
      cancelText: t('admin.common.cancel'),
      onOk: () => setStatus.run(disabling ? 'disabled' : 'active'),
    });
  };

  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb root="staff" items={[{ title: staff.username }]} />
      <header className="ow-panel ow-admin-card ow-admin-item-head">
        <div className="ow-admin-item-title">
          <h1 className="ow-admin-h1">{staff.username}</h1>
          <StaffStatusTag status={staff.status} />
          {self && <span className="ow-muted">{t('admin.staffPage.self')}</span>}
        </div>
        <dl className="ow-admin-facts ow-admin-staff-facts">
          <div>
            <dt>{t('admin.staff.fields.name')}</dt>
            <dd>{staff.name}</dd>
          </div>
          <div>
            <dt>{t('admin.staff.fields.phone')}</dt>
            <dd>{staff.phone ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('admin.staffPage.password')}</dt>
            <dd>{staff.passwordChangeRequired ? t('admin.staffPage.passwordInitial') : t('admin.staffPage.passwordOwn')}</dd>
          </div>
          <div>
            <dt>{t('admin.staff.cols.createdAt')}</dt>
            <dd>{formatDateTime(staff.createdAt, lang)}</dd>
          </div>
        </dl>
        {staff.status === 'disabled' && (
          <div className="ow-admin-notice">
            <Alert type="error" showIcon title={t('admin.staffPage.disabledNotice')} />
          </div>
        )}
        <div className="ow-admin-actions" role="toolbar" aria-label={t('admin.staffPage.actions')}>
          <Button icon={<KeyOutlined />} onClick={() => setResetOpen(true)}>
            {t('admin.staffPage.reset')}
          </Button>
          {!self &&
            (staff.status === 'active' ? (
              <Button danger icon={<StopOutlined />} onClick={confirmStatus} loading={setStatus.pending}>
                {t('admin.staffPage.disable')}
              </Button>
            ) : (
              <Button icon={<CheckCircleOutlined />} onClick={confirmStatus} loading={setStatus.pending}>
                {t('admin.staffPage.enable')}
              </Button>
            ))}
        </div>
      </header>
      <RolesCard key={staff.roles.map((r) => `${r.role}${r.organisationId ?? r.regionCode}`).join()} staff={staff} />
      <ResetPasswordDialog staff={staff} open={resetOpen} onClose={() => setResetOpen(false)} />
    </div>
  );
}

export default function StaffPage() {
  const { id } = useParams();
  const staff = useStaffMember(id);
  if (staff.isPending) return <ItemLoading />;
  if (staff.isError) return <ItemFailure error={staff.error} onRetry={() => void staff.refetch()} notFound="staff" />;
  return <StaffWorkbench staff={staff.data} />;
}
