/**
 * 登记接入系统: name, redirect addresses, the lowest assurance level it accepts, the claims it
 * may ask for, and whether it is a confidential (server) or public (browser, app: PKCE) client.
 * On success the client id and the secret are shown once.
 */
import { Alert, Button, Checkbox, Col, Form, Input, Radio, Result, Row, Select } from 'antd';
import type { OidcClientInput } from '@onewindow/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { OIDC_SCOPES, type OidcClientWithSecret, type OidcScope } from '../../api/admin';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminBreadcrumb } from './AdminParts';
import { useAdminApi } from './auth';
import { useAction, useRefreshAfterChange } from './hooks';
import { DiscoveryCard, SecretPanel } from './OidcClientsPage';
import { pointerToNamePath, problemAlert, problemFields, showFieldErrors } from './problems';

interface Values {
  name: string;
  redirectUris: string;
  postLogoutRedirectUris?: string;
  minimumLevel: 2 | 3 | 4 | 5;
  scopes: OidcScope[];
  confidential: boolean;
}

const LEVELS = [2, 3, 4, 5] as const;
const FIELDS = ['name', 'redirectUris', 'postLogoutRedirectUris', 'minimumLevel', 'scopes', 'confidential'];

const lines = (v: string | undefined) =>
  (v ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.host;
  } catch {
    return false;
  }
}

export default function OidcClientFormPage() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const [form] = Form.useForm<Values>();
  const [created, setCreated] = useState<OidcClientWithSecret | null>(null);
  useDocumentTitle(t('admin.oidc.createTitle'));

  const urlRules = (required: boolean) => [
    ...(required ? [{ required: true, whitespace: true, message: t('admin.oidc.redirectRequired') }] : []),
    {
      validator: async (_r: unknown, v: string | undefined) => {
        const list = lines(v);
        const bad = list.findIndex((l) => !isHttpUrl(l));
        if (bad >= 0) throw new Error(t('admin.oidc.urlLine', { n: bad + 1 }));
        if (list.length > 10) throw new Error(t('admin.oidc.urlTooMany', { count: 10 }));
      },
    },
  ];

  const save = useAction(
    (v: Values) => {
      const body: OidcClientInput = {
        name: v.name.trim(),
        redirectUris: lines(v.redirectUris),
        postLogoutRedirectUris: lines(v.postLogoutRedirectUris),
        minimumLevel: v.minimumLevel,
        scopes: v.scopes,
        confidential: v.confidential,
      };
      return api.createOidcClient(body);
    },
    {
      onSuccess: async (answer) => {
        setCreated({ ...answer, name: answer.name ?? form.getFieldValue('name') });
        window.scrollTo(0, 0);
        await refresh();
      },
      onError: (e) => {
        // /body/redirectUris/1 → the redirect field, naming the line
        const errors = new Map<string, string[]>();
        for (const f of problemFields(e)) {
          const path = pointerToNamePath(f.pointer);
          const field = path?.[0];
          if (typeof field !== 'string' || !FIELDS.includes(field)) continue;
          const line = path![1];
          const message = typeof line === 'number' && field.endsWith('Uris') ? t('admin.oidc.lineError', { n: line + 1, detail: f.detail }) : f.detail;
          errors.set(field, [...(errors.get(field) ?? []), message]);
        }
        showFieldErrors(form, [...errors].map(([name, list]) => ({ name: [name], errors: list })));
      },
    },
  );
  const alert = save.error ? problemAlert(t, save.error) : null;

  if (created) {
    return (
      <div className="ow-admin-page">
        <AdminBreadcrumb root="oidc" items={[{ title: t('admin.oidc.createTitle') }]} />
        <section className="ow-panel ow-admin-card">
          <Result
            status="success"
            title={t('admin.oidc.created', { name: created.name ?? '' })}
            subTitle={t('admin.oidc.createdHint')}
            className="ow-admin-result"
          />
          <SecretPanel client={created} />
          <div className="ow-admin-inline-bar">
            <Link to="/admin/oidc-clients">
              <Button type="primary">{t('admin.oidc.backToList')}</Button>
            </Link>
          </div>
        </section>
        <DiscoveryCard />
      </div>
    );
  }

  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb root="oidc" items={[{ title: t('admin.oidc.createTitle') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.oidc.createTitle')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.oidc.createLead')}</p>
        </div>
      </div>
      <Form
        form={form}
        layout="vertical"
        className="ow-admin-form"
        initialValues={{ minimumLevel: 2, scopes: ['profile'], confidential: true }}
        onFinish={(v) => void save.run(v)}
        disabled={save.pending}
        scrollToFirstError={{ block: 'center' }}
      >
        {alert && <Alert type="error" showIcon role="alert" title={alert.title} description={alert.detail} className="ow-admin-form-alert" />}
        <section className="ow-panel ow-admin-card">
          <Form.Item
            name="name"
            label={t('admin.oidc.fields.name')}
            extra={t('admin.oidc.nameExtra')}
            rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('admin.oidc.nameRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="redirectUris" label={t('admin.oidc.fields.redirectUris')} extra={t('admin.oidc.redirectExtra')} rules={urlRules(true)}>
            <Input.TextArea rows={3} placeholder="https://xt.example.gov.cn/oidc/callback" spellCheck={false} autoCapitalize="none" />
          </Form.Item>
          <Form.Item name="postLogoutRedirectUris" label={t('admin.oidc.fields.postLogoutRedirectUris')} extra={t('admin.oidc.postLogoutExtra')} rules={urlRules(false)}>
            <Input.TextArea rows={2} placeholder="https://xt.example.gov.cn/" spellCheck={false} autoCapitalize="none" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="minimumLevel" label={t('admin.oidc.fields.minimumLevel')} extra={t('admin.oidc.levelExtra')}>
                <Select options={LEVELS.map((l) => ({ value: l, label: t(`admin.oidc.levels.${l}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="scopes"
            label={t('admin.oidc.fields.scopes')}
            extra={t('admin.oidc.scopesExtra')}
            rules={[{ required: true, type: 'array', min: 1, message: t('admin.oidc.scopesRequired') }]}
          >
            <Checkbox.Group className="ow-admin-checks" options={OIDC_SCOPES.map((s) => ({ value: s, label: t(`admin.oidc.scopeLabels.${s}`) }))} />
          </Form.Item>
          <Form.Item name="confidential" label={t('admin.oidc.fields.type')}>
            <Radio.Group className="ow-admin-radios">
              <Radio value={true}>
                <strong>{t('admin.oidc.confidential')}</strong>
                <span className="ow-muted ow-admin-radio-hint">{t('admin.oidc.confidentialHint')}</span>
              </Radio>
              <Radio value={false}>
                <strong>{t('admin.oidc.public')}</strong>
                <span className="ow-muted ow-admin-radio-hint">{t('admin.oidc.publicHint')}</span>
              </Radio>
            </Radio.Group>
          </Form.Item>
        </section>
        <div className="ow-admin-form-bar">
          <Button onClick={() => navigate('/admin/oidc-clients')}>{t('admin.common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.pending}>
            {t('admin.oidc.createSubmit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
