/**
 * 登记资源 and 修改资源: the catalogue metadata of a resource (DOMAIN.md §5) and its data items,
 * for an organisation the steward acts for. A registration is a draft until published; an edit
 * keeps the code and the provider.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, Radio, Row, Select } from 'antd';
import {
  FIELD_TYPES, OPEN_DATA_ATTRIBUTES, SHARING_METHODS, SHARING_TYPES, UPDATE_CYCLES,
  type ResourceInput, type ResourceView, type SharingType,
} from '@onewindow/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from '../AdminParts';
import { useAction } from '../hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from '../problems';
import { OrgSelect, useActingOrganisations, useSharingApi } from './parts';
import { RESOURCE_CLASSES, resourceHref } from './ResourcesPage';
import './sharing.css';

type Values = Omit<ResourceInput, 'fields'> & { fields: { key: string; name: string; type: ResourceInput['fields'][number]['type']; description?: string }[] };

const valuesOf = (r: ResourceView): Values => ({
  code: r.code,
  name: r.name,
  classification: r.classification,
  providerUscc: r.provider.uscc,
  summary: r.summary,
  format: r.format,
  fields: r.fields.map((f) => ({ ...f })),
  sharingType: r.sharingType,
  sharingCondition: r.sharingCondition ?? undefined,
  legalBasis: r.legalBasis ?? undefined,
  method: r.method,
  openData: r.openData,
  updateCycle: r.updateCycle,
});

const trimmed = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

const inputOf = (v: Values): ResourceInput => ({
  ...v,
  fields: v.fields.map((f) => ({ key: f.key.trim(), name: f.name.trim(), type: f.type, ...(trimmed(f.description) ? { description: trimmed(f.description) } : {}) })),
  sharingCondition: v.sharingType === 'conditional' ? trimmed(v.sharingCondition) : undefined,
  legalBasis: v.sharingType === 'none' ? trimmed(v.legalBasis) : undefined,
});

function ResourceForm({ existing }: { existing?: ResourceView }) {
  const { t } = useTranslation();
  const api = useSharingApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { acting, all } = useActingOrganisations('steward');
  const sharingType = Form.useWatch('sharingType', form) as SharingType | undefined;
  useEffect(() => {
    if (existing) form.setFieldsValue(valuesOf(existing));
  }, [existing, form]);
  const save = useAction((v: Values) => (existing ? api.updateResource(existing.code, inputOf(v)) : api.registerResource(inputOf(v))), {
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'sharing'] });
      navigate(resourceHref(r.code));
    },
    onError: (e) => showFieldErrors(form, placeFieldErrors(e).fields),
  });
  const alert = save.error ? problemAlert(t, save.error) : null;

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      className="ow-admin-form"
      requiredMark={false}
      scrollToFirstError
      onFinish={(v) => void save.run(v)}
      initialValues={existing ? valuesOf(existing) : { sharingType: 'conditional', method: 'api', openData: 'closed', updateCycle: 'daily', format: '数据库表（JSON 接口）', fields: [{ key: '', name: '', type: 'string' }], providerUscc: acting.length === 1 ? acting[0]!.uscc : undefined }}
    >
      {alert && <Alert type="error" showIcon className="ow-admin-form-alert" title={alert.title} description={alert.detail} />}
      <section className="ow-panel ow-admin-card">
        <h2 className="ow-admin-h2">{t('admin.sharing.form.basics')}</h2>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="providerUscc" label={t('admin.sharing.meta.provider')} rules={[{ required: true, message: t('admin.sharing.form.providerRequired') }]}>
              <OrgSelect id="resource-provider" orgs={existing ? (all.data ?? []) : acting} valueKey="uscc" loading={all.isPending} disabled={!!existing} placeholder={t('admin.sharing.form.providerPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="code" label={t('admin.sharing.meta.code')} extra={t('admin.sharing.form.codeExtra')} rules={[{ required: true, pattern: /^[0-9A-Za-z][0-9A-Za-z.-]{2,63}$/, message: t('admin.sharing.form.codeRule') }]}>
              <Input id="resource-code" disabled={!!existing} maxLength={64} placeholder="330000-RK-0003" spellCheck={false} autoCapitalize="none" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('admin.sharing.form.name')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('admin.sharing.form.nameRequired') }]}>
              <Input id="resource-name" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="classification" label={t('admin.sharing.meta.classification')} extra={t('admin.sharing.form.classificationExtra')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('admin.sharing.form.classificationRequired') }]}>
              <Input id="resource-classification" maxLength={200} placeholder={`${RESOURCE_CLASSES[0]}/人口`} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="summary" label={t('admin.sharing.meta.summary')} rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('admin.sharing.form.summaryRequired') }]}>
          <Input.TextArea id="resource-summary" rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="format" label={t('admin.sharing.meta.format')} rules={[{ required: true, whitespace: true, max: 50, message: t('admin.sharing.form.formatRequired') }]}>
              <Input id="resource-format" maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="updateCycle" label={t('admin.sharing.meta.updateCycle')}>
              <Select options={Object.keys(UPDATE_CYCLES).map((c) => ({ value: c, label: t(`admin.sharing.cycles.${c}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </section>

      <section className="ow-panel ow-admin-card">
        <h2 className="ow-admin-h2">{t('admin.sharing.form.sharing')}</h2>
        <Form.Item name="sharingType" label={t('admin.sharing.meta.sharingType')}>
          <Radio.Group className="ow-admin-radios">
            {(Object.keys(SHARING_TYPES) as SharingType[]).map((x) => (
              <Radio key={x} value={x}>
                <strong>{t(`admin.sharing.types.${x}`)}</strong>
                <span className="ow-muted ow-admin-radio-hint">{t(`admin.sharing.typeHints.${x}`)}</span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {sharingType === 'conditional' && (
          <Form.Item name="sharingCondition" label={t('admin.sharing.meta.condition')} rules={[{ required: true, whitespace: true, max: 1000, message: t('admin.sharing.form.conditionRequired') }]}>
            <Input.TextArea id="resource-condition" rows={2} maxLength={1000} />
          </Form.Item>
        )}
        {sharingType === 'none' && (
          <Form.Item name="legalBasis" label={t('admin.sharing.meta.legalBasis')} rules={[{ required: true, whitespace: true, max: 1000, message: t('admin.sharing.form.legalBasisRequired') }]}>
            <Input.TextArea id="resource-legal-basis" rows={2} maxLength={1000} />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="method" label={t('admin.sharing.meta.method')}>
              <Select options={Object.keys(SHARING_METHODS).map((m) => ({ value: m, label: t(`admin.sharing.methods.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="openData" label={t('admin.sharing.meta.openData')}>
              <Select options={Object.keys(OPEN_DATA_ATTRIBUTES).map((m) => ({ value: m, label: t(`admin.sharing.openData.${m}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </section>

      <section className="ow-panel ow-admin-card">
        <h2 className="ow-admin-h2">{t('admin.sharing.form.items')}</h2>
        <p className="ow-muted ow-admin-section-hint">{t('admin.sharing.form.itemsHint')}</p>
        <Form.List name="fields" rules={[{ validator: async (_r, v: unknown[]) => { if (!v || v.length === 0) throw new Error(t('admin.sharing.form.itemsRequired')); } }]}>
          {(rows, { add, remove }, { errors }) => (
            <>
              <ol className="ow-share-item-rows">
                {rows.map((row, i) => (
                  <li key={row.key} className="ow-share-item-row">
                    <span className="ow-share-item-no" aria-hidden>
                      {i + 1}
                    </span>
                    <Form.Item name={[row.name, 'name']} label={t('admin.sharing.items.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.sharing.form.itemNameRequired') }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'key']} label={t('admin.sharing.items.key')} rules={[{ required: true, pattern: /^[a-z][a-zA-Z0-9_]{0,63}$/, message: t('admin.sharing.form.itemKeyRule') }]}>
                      <Input maxLength={64} spellCheck={false} autoCapitalize="none" />
                    </Form.Item>
                    <Form.Item name={[row.name, 'type']} label={t('admin.sharing.items.type')}>
                      <Select options={FIELD_TYPES.map((x) => ({ value: x, label: t(`admin.sharing.fieldTypes.${x}`) }))} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'description']} label={t('admin.sharing.items.description')}>
                      <Input maxLength={500} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('admin.sharing.form.removeItem', { n: i + 1 })} onClick={() => remove(row.name)} disabled={rows.length === 1} className="ow-share-item-remove" />
                  </li>
                ))}
              </ol>
              <Form.ErrorList errors={errors} />
              <Button icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', type: 'string' })} disabled={rows.length >= 200}>
                {t('admin.sharing.form.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </section>

      <div className="ow-admin-form-bar">
        <Button onClick={() => navigate(existing ? resourceHref(existing.code) : '/admin/sharing/resources')}>{t('admin.common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.pending} data-testid="resource-save">
          {existing ? t('admin.common.save') : t('admin.sharing.form.register')}
        </Button>
      </div>
    </Form>
  );
}

export function ResourceCreatePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.sharing.form.createTitle'));
  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb root="resources" items={[{ title: t('admin.sharing.form.createTitle') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.form.createTitle')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.form.createLead')}</p>
        </div>
      </div>
      <ResourceForm />
    </div>
  );
}

export function ResourceEditPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const api = useSharingApi();
  const query = useQuery({ queryKey: ['admin', 'sharing', 'resource', code], queryFn: ({ signal }) => api.resource(code, signal), staleTime: 0 });
  useDocumentTitle(t('admin.sharing.form.editTitle'));
  if (query.isPending) return <ItemLoading />;
  if (query.isError) return <ItemFailure error={query.error} onRetry={() => void query.refetch()} notFound="resource" />;
  return (
    <div className="ow-admin-page">
      <AdminBreadcrumb root="resources" items={[{ title: query.data.name, to: resourceHref(code) }, { title: t('admin.sharing.form.editTitle') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.form.editTitle')}</h1>
          <p className="ow-muted ow-admin-lead">{query.data.name}</p>
        </div>
      </div>
      <ResourceForm existing={query.data} />
    </div>
  );
}
