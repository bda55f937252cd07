/**
 * 新增人员: a staff account with an initial password (changed at first sign-in) and its roles.
 * Errors the server finds (user name taken, a grant outside the administrator's power) are shown
 * on the fields they concern.
 */
import { ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { passwordStrongEnough, randomInitialPassword, type StaffMember } from '../../api/admin';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminBreadcrumb } from './AdminParts';
import { useAdminApi } from './auth';
import { GrantFields, grantInputsOf, placeGrantError, useNewGrantRow, type GrantRow } from './GrantFields';
import { useAction, useRefreshAfterChange } from './hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from './problems';
import { CopyValue } from './StaffParts';
import { staffHref } from './StaffListPage';

interface Values {
  username: string;
  name: string;
  phone: string;
  password: string;
  roles: GrantRow[];
}

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
const cleanPhone = (v: string) => v.normalize('NFKC').replace(/[\s()-]/g, '').replace(/^(?:\+86|0086)/, '');

/** The initial password with a button that makes one up. */
export function InitialPasswordInput({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <div className="ow-admin-code-row">
      <Input.Password
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        maxLength={64}
        visibilityToggle={{ visible, onVisibleChange: setVisible }}
      />
      <Button
        icon={<ThunderboltOutlined />}
        onClick={() => {
          onChange?.(randomInitialPassword());
          setVisible(true);
        }}
      >
        {t('admin.staff.generate')}
      </Button>
    </div>
  );
}

export const passwordRules = (t: (k: string) => string) => [
  { required: true, message: t('admin.staff.passwordRequired') },
  {
    validator: async (_r: unknown, v: string | undefined) => {
      if (v && !passwordStrongEnough(v)) throw new Error(t('admin.password.weak'));
    },
  },
];

export default function StaffCreatePage() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [listErrors, setListErrors] = useState<string[]>([]);
  const newRow = useNewGrantRow();
  useDocumentTitle(t('admin.staff.createTitle'));

  const created = (s: StaffMember, password: string) => {
    void refresh();
    void message.success(t('admin.staff.created', { username: s.username }));
    modal.success({
      title: t('admin.staff.createdTitle'),
      width: 480,
      content: (
        <div className="ow-admin-created">
          <p>{t('admin.staff.createdHint')}</p>
          <dl className="ow-admin-kv">
            <dt>{t('admin.staff.fields.username')}</dt>
            <dd>
              <CopyValue value={s.username} label={t('admin.staff.fields.username')} />
            </dd>
            <dt>{t('admin.staff.fields.password')}</dt>
            <dd>
              <CopyValue value={password} label={t('admin.staff.fields.password')} secret />
            </dd>
          </dl>
        </div>
      ),
      okText: t('admin.common.gotIt'),
    });
    navigate(staffHref(s.id), { replace: true });
  };

  const save = useAction(
    (v: Values) =>
      api.createStaff({
        username: v.username.trim().toLowerCase(),
        name: v.name.trim(),
        phone: cleanPhone(v.phone),
        password: v.password,
        roles: grantInputsOf(v.roles),
      }),
    {
      onSuccess: (s) => created(s, form.getFieldValue('password') as string),
      onError: (e) => {
        const placed = placeFieldErrors(e, placeGrantError);
        showFieldErrors(form, placed.fields);
        setListErrors(placed.rest.filter((f) => f.pointer === '/body/roles').map((f) => f.detail));
        const first = placed.fields[0];
        if (first) form.scrollToField(first.name, { block: 'center' });
      },
    },
  );
  const placedCount = save.error ? placeFieldErrors(save.error, placeGrantError).fields.length + listErrors.length : 0;
  const alert = save.error ? problemAlert(t, save.error) : null;

  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb root="staff" items={[{ title: t('admin.staff.createTitle') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.staff.createTitle')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.staff.createLead')}</p>
        </div>
      </div>
      <Form
        form={form}
        layout="vertical"
        className="ow-admin-form"
        initialValues={{ roles: [newRow] }}
        onFinish={(v) => {
          setListErrors([]);
          void save.run(v);
        }}
        onValuesChange={() => listErrors.length && setListErrors([])}
        disabled={save.pending}
        scrollToFirstError={{ block: 'center' }}
      >
        {alert && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={alert.title}
            description={placedCount ? t('admin.staff.fixFields', { count: placedCount }) : alert.detail}
            className="ow-admin-form-alert"
          />
        )}
        <section className="ow-panel ow-admin-card" aria-labelledby="staff-account">
          <h2 id="staff-account" className="ow-admin-h2">
            {t('admin.staff.account')}
          </h2>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="username"
                label={t('admin.staff.fields.username')}
                extra={t('admin.staff.usernameExtra')}
                rules={[
                  { required: true, whitespace: true, message: t('admin.staff.usernameRequired') },
                  {
                    validator: async (_r, v: string | undefined) => {
                      if (v && !USERNAME_PATTERN.test(v.trim().toLowerCase())) throw new Error(t('admin.staff.usernameShape'));
                    },
                  },
                ]}
              >
                <Input autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={32} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('admin.staff.fields.name')} rules={[{ required: true, whitespace: true, message: t('admin.staff.nameRequired') }]}>
                <Input autoComplete="off" maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="phone"
                label={t('admin.staff.fields.phone')}
                extra={t('admin.staff.phoneExtra')}
                rules={[
                  { required: true, whitespace: true, message: t('admin.staff.phoneRequired') },
                  {
                    validator: async (_r, v: string | undefined) => {
                      if (v && !MOBILE_PATTERN.test(cleanPhone(v))) throw new Error(t('admin.staff.phoneShape'));
                    },
                  },
                ]}
              >
                <Input inputMode="tel" autoComplete="off" maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="password" label={t('admin.staff.fields.password')} extra={t('admin.staff.passwordExtra')} rules={passwordRules(t)}>
                <InitialPasswordInput />
              </Form.Item>
            </Col>
          </Row>
        </section>
        <section className="ow-panel ow-admin-card" aria-labelledby="staff-roles">
          <h2 id="staff-roles" className="ow-admin-h2">
            {t('admin.staff.rolesTitle')}
          </h2>
          <p className="ow-muted ow-admin-section-hint">{t('admin.staff.rolesHint')}</p>
          <GrantFields listErrors={listErrors} />
        </section>
        <div className="ow-admin-form-bar">
          <Button onClick={() => navigate('/admin/staff')}>{t('admin.common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.pending}>
            {t('admin.staff.createSubmit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
