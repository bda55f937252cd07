/**
 * 登记接入系统 and 修改接入系统: name, redirect addresses, the lowest assurance level it accepts,
 * the claims it may ask for, and — at registration only — whether it is a confidential (server) or
 * public (browser, app: PKCE) client. On registration the client id and the secret are shown
 * once; a change keeps the id, the secret and the type.
 */
import { Alert, App, Button, Checkbox, Col, Form, Input, Radio, Result, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import type { OidcClientInput } from '@onewindow/domain';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { OIDC_SCOPES, type OidcClient, type OidcClientUpdate, type OidcClientWithSecret, type OidcScope } from '../../api/admin';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from './AdminParts';
import { useAdminApi } from './auth';
import { useAction, useOidcClient, useRefreshAfterChange } from './hooks';
import { ClientStatusTag, DiscoveryCard, SecretPanel } from './OidcClientsPage';
import { pointerToNamePath, problemAlert, problemFields, showFieldErrors } from './problems';
import { CopyValue } from './StaffParts';

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

/** The form's values as the API takes them (without the type, which only a registration sets). */
const changesOf = (v: Values): OidcClientUpdate => ({
  name: v.name.trim(),
  redirectUris: lines(v.redirectUris),
  postLogoutRedirectUris: lines(v.postLogoutRedirectUris),
  minimumLevel: v.minimumLevel,
  scopes: v.scopes,
});

/** A registration as the form shows it: one address a line. */
const valuesOf = (c: OidcClient): Values => ({
  name: c.name,
  redirectUris: c.redirectUris.join('\n'),
  postLogoutRedirectUris: c.postLogoutRedirectUris.join('\n'),
  minimumLevel: c.minimumLevel as Values['minimumLevel'],
  scopes: c.scopes,
  confidential: c.confidential,
});

/** The server's field errors on the form: /body/redirectUris/1 → the redirect field, naming the line. */
function showServerErrors(t: TFunction, form: FormInstance<Values>, e: unknown): void {
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
}

/** The fields of a registration; the client type only when registering (it cannot change). */
function ClientFields({ withType }: { withType: boolean }) {
  const { t } = useTranslation();
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
  return (
    <>
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
      {withType && (
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
      )}
    </>
  );
}

export default function OidcClientFormPage() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const [form] = Form.useForm<Values>();
  const [created, setCreated] = useState<OidcClientWithSecret | null>(null);
  useDocumentTitle(t('admin.oidc.createTitle'));

  const save = useAction(
    (v: Values) => {
      const body: OidcClientInput = { ...changesOf(v), confidential: v.confidential };
      return api.createOidcClient(body);
    },
    {
      onSuccess: async (answer) => {
        setCreated({ ...answer, name: answer.name ?? form.getFieldValue('name') });
        window.scrollTo(0, 0);
        await refresh();
      },
      onError: (e) => showServerErrors(t, form, e),
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
          <ClientFields withType />
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

/** 编辑接入系统: the registration's facts that stay (id, type, dates) above the fields that may change. */
function EditClientForm({ client }: { client: OidcClient }) {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  useDocumentTitle(t('admin.oidc.editTitle', { name: client.name }));

  const save = useAction((v: Values) => api.updateOidcClient(client.clientId, changesOf(v)), {
    onSuccess: async (saved) => {
      await refresh();
      void message.success(t('admin.oidc.saved', { name: saved.name }));
      navigate('/admin/oidc-clients');
    },
    onError: (e) => showServerErrors(t, form, e),
  });
  const alert = save.error ? problemAlert(t, save.error) : null;

  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb root="oidc" items={[{ title: client.name }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.oidc.editTitle', { name: client.name })}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.oidc.editLead')}</p>
        </div>
      </div>
      <section className="ow-panel ow-admin-card" aria-labelledby="oidc-registration">
        <div className="ow-admin-card-head">
          <h2 id="oidc-registration" className="ow-admin-h2">
            {t('admin.oidc.registration')}
          </h2>
          <ClientStatusTag status={client.status} />
        </div>
        <dl className="ow-admin-kv ow-admin-client-facts">
          <dt>{t('admin.oidc.clientId')}</dt>
          <dd>
            <CopyValue value={client.clientId} label={t('admin.oidc.clientId')} />
          </dd>
          <dt>{t('admin.oidc.fields.type')}</dt>
          <dd>
            {t(client.confidential ? 'admin.oidc.confidential' : 'admin.oidc.public')}
            <span className="ow-muted ow-admin-client-fixed">{t('admin.oidc.typeFixed')}</span>
          </dd>
          <dt>{t('admin.oidc.cols.createdAt')}</dt>
          <dd>{formatDateTime(client.createdAt, lang)}</dd>
          {client.updatedAt && client.updatedAt !== client.createdAt && (
            <>
              <dt>{t('admin.oidc.updatedAt')}</dt>
              <dd>{formatDateTime(client.updatedAt, lang)}</dd>
            </>
          )}
        </dl>
        {client.status === 'disabled' && <Alert type="warning" showIcon title={t('admin.oidc.editDisabled')} />}
      </section>
      <Form
        form={form}
        layout="vertical"
        className="ow-admin-form"
        initialValues={valuesOf(client)}
        onFinish={(v) => void save.run(v)}
        disabled={save.pending}
        scrollToFirstError={{ block: 'center' }}
      >
        {alert && <Alert type="error" showIcon role="alert" title={alert.title} description={alert.detail} className="ow-admin-form-alert" />}
        <section className="ow-panel ow-admin-card" aria-label={t('admin.oidc.editFields')}>
          <ClientFields withType={false} />
        </section>
        <div className="ow-admin-form-bar">
          <Button onClick={() => navigate('/admin/oidc-clients')}>{t('admin.common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.pending}>
            {t('admin.oidc.saveSubmit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}

export function OidcClientEditPage() {
  const { clientId } = useParams();
  const client = useOidcClient(clientId);
  if (client.isPending) return <ItemLoading />;
  if (client.isError) return <ItemFailure error={client.error} onRetry={() => void client.refetch()} notFound="oidc" />;
  // one form per registration: a refetch (window focus) does not wipe what is being typed
  return <EditClientForm key={client.data.clientId} client={client.data} />;
}
