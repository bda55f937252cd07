/**
 * One resource of the catalogue: every item of the catalogue metadata (DOMAIN.md §5) and its data
 * items. A steward of another organisation requests it; the provider's stewards edit, publish and
 * withdraw it (with the reason), and set how the exchange gateway fetches it (交换接口).
 */
import { ApiOutlined, CloudUploadOutlined, EditOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Radio, Table } from 'antd';
import type { ResourceView } from '@onewindow/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ADAPTER_KINDS, type AdapterKind } from '../../../api/sharing';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useIsMobile } from '../../../lib/useMedia';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from '../AdminParts';
import { useMe } from '../auth';
import { useAction } from '../hooks';
import { placeFieldErrors, showFieldErrors } from '../problems';
import { actsFor, ReasonDialog, ResourceStatusTag, SharingTypeTag, useActingOrganisations, useFailMessage, useSharingApi } from './parts';
import { RequestDialog } from './RequestDialog';
import './sharing.css';

export const resourceEditHref = (code: string) => `/admin/sharing/resources/${encodeURIComponent(code)}/edit`;

function Metadata({ r }: { r: ResourceView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <dl className="ow-admin-kv ow-share-kv" data-testid="resource-metadata">
      <dt>{t('admin.sharing.meta.code')}</dt>
      <dd>
        <code className="ow-code">{r.code}</code>
      </dd>
      <dt>{t('admin.sharing.meta.classification')}</dt>
      <dd>{r.classification}</dd>
      <dt>{t('admin.sharing.meta.provider')}</dt>
      <dd>
        {r.provider.name}
        <span className="ow-muted ow-share-sub">{t('admin.sharing.meta.providerCode', { code: r.provider.uscc })}</span>
      </dd>
      <dt>{t('admin.sharing.meta.summary')}</dt>
      <dd className="ow-share-pre">{r.summary}</dd>
      <dt>{t('admin.sharing.meta.format')}</dt>
      <dd>{r.format}</dd>
      <dt>{t('admin.sharing.meta.sharingType')}</dt>
      <dd>
        <SharingTypeTag type={r.sharingType} />
      </dd>
      {r.sharingCondition && (
        <>
          <dt>{t('admin.sharing.meta.condition')}</dt>
          <dd className="ow-share-pre">{r.sharingCondition}</dd>
        </>
      )}
      {r.legalBasis && (
        <>
          <dt>{t('admin.sharing.meta.legalBasis')}</dt>
          <dd className="ow-share-pre">{r.legalBasis}</dd>
        </>
      )}
      <dt>{t('admin.sharing.meta.method')}</dt>
      <dd>{t(`admin.sharing.methods.${r.method}`)}</dd>
      <dt>{t('admin.sharing.meta.openData')}</dt>
      <dd>{t(`admin.sharing.openData.${r.openData}`)}</dd>
      <dt>{t('admin.sharing.meta.updateCycle')}</dt>
      <dd>{t(`admin.sharing.cycles.${r.updateCycle}`)}</dd>
      <dt>{t('admin.sharing.meta.publishDate')}</dt>
      <dd>{r.publishDate ? formatDate(r.publishDate, lang) : t('admin.sharing.meta.notPublished')}</dd>
      <dt>{t('admin.sharing.meta.status')}</dt>
      <dd>
        <ResourceStatusTag status={r.status} />
        {r.withdrawal && (
          <span className="ow-muted ow-share-sub">
            {t('admin.sharing.meta.withdrawn', { at: formatDateTime(r.withdrawal.at, lang), reason: r.withdrawal.reason })}
          </span>
        )}
      </dd>
    </dl>
  );
}

function DataItems({ r }: { r: ResourceView }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  if (mobile) {
    return (
      <ol className="ow-share-item-list">
        {r.fields.map((f) => (
          <li key={f.key}>
            <strong>{f.name}</strong>
            <span className="ow-muted">
              <code className="ow-code">{f.key}</code> · {t(`admin.sharing.fieldTypes.${f.type}`)}
            </span>
            {f.description && <span className="ow-muted">{f.description}</span>}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      className="ow-admin-table ow-share-items"
      dataSource={r.fields.map((f, i) => ({ ...f, n: i + 1 }))}
      scroll={{ x: 560 }}
      columns={[
        { title: t('admin.sharing.items.n'), dataIndex: 'n', width: 56 },
        { title: t('admin.sharing.items.name'), dataIndex: 'name' },
        { title: t('admin.sharing.items.key'), dataIndex: 'key', width: 170, render: (k: string) => <code className="ow-code">{k}</code> },
        { title: t('admin.sharing.items.type'), dataIndex: 'type', width: 110, render: (x: string) => t(`admin.sharing.fieldTypes.${x}`) },
        { title: t('admin.sharing.items.description'), dataIndex: 'description', render: (x?: string) => x ?? '—' },
      ]}
    />
  );
}

/** 交换接口: how the gateway fetches the resource (the node's registries, or the provider's HTTP endpoint). */
function AdapterCard({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const api = useSharingApi();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ kind: AdapterKind; url?: string }>();
  const query = useQuery({ queryKey: ['admin', 'sharing', 'adapter', code], queryFn: ({ signal }) => api.adapter(code, signal), staleTime: 0 });
  const kind = Form.useWatch('kind', form);
  const current = query.data?.adapter;
  useEffect(() => {
    if (current) form.setFieldsValue({ kind: current.kind, url: current.url ?? undefined });
  }, [current, form]);
  const save = useAction((v: { kind: AdapterKind; url?: string }) => api.setAdapter(code, v.kind === 'http' ? { kind: v.kind, url: v.url!.trim() } : { kind: v.kind }), {
    onSuccess: async () => {
      void message.success(t('admin.sharing.adapter.saved'));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'sharing', 'adapter', code] });
    },
    onError: (e) => showFieldErrors(form, placeFieldErrors(e, (p) => (p[0] === 'url' || p[0] === 'kind' ? [p[0]] : null)).fields),
  });
  return (
    <section className="ow-panel ow-admin-card" aria-labelledby="adapter-title" data-testid="adapter-card">
      <h2 id="adapter-title" className="ow-admin-h2">
        <ApiOutlined aria-hidden /> {t('admin.sharing.adapter.title')}
      </h2>
      <p className="ow-muted ow-admin-section-hint">{t('admin.sharing.adapter.hint')}</p>
      {current ? (
        <p className="ow-share-adapter-now" data-testid="adapter-current" data-kind={current.kind}>
          {t('admin.sharing.adapter.current', { kind: t(`admin.sharing.adapter.kinds.${current.kind}`), at: formatDateTime(current.updatedAt, i18n.resolvedLanguage ?? 'zh-CN') })}
          {current.url && <code className="ow-code ow-share-url">{current.url}</code>}
        </p>
      ) : (
        query.isSuccess && <Alert type="warning" showIcon className="ow-share-dialog-alert" title={t('admin.sharing.adapter.none')} />
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void save.run(v)} initialValues={{ kind: 'http' }}>
        <Form.Item name="kind" label={t('admin.sharing.adapter.kind')}>
          <Radio.Group className="ow-admin-radios">
            {ADAPTER_KINDS.map((k) => (
              <Radio key={k} value={k}>
                <strong>{t(`admin.sharing.adapter.kinds.${k}`)}</strong>
                <span className="ow-muted ow-admin-radio-hint">{t(`admin.sharing.adapter.kindHints.${k}`)}</span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {kind === 'http' && (
          <Form.Item
            name="url"
            label={t('admin.sharing.adapter.url')}
            extra={t('admin.sharing.adapter.urlExtra')}
            rules={[{ required: true, type: 'url', message: t('admin.sharing.adapter.urlRequired') }]}
          >
            <Input id="adapter-url" placeholder="https://data.example.gov.cn/share/query" spellCheck={false} autoCapitalize="none" />
          </Form.Item>
        )}
        <Button htmlType="submit" type="primary" loading={save.pending} data-testid="adapter-save">
          {t('admin.sharing.adapter.save')}
        </Button>
      </Form>
    </section>
  );
}

export default function ResourcePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const api = useSharingApi();
  const { message } = App.useApp();
  const fail = useFailMessage();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['admin', 'sharing', 'resource', code], queryFn: ({ signal }) => api.resource(code, signal), staleTime: 0 });
  const { acting } = useActingOrganisations('steward');
  const [requesting, setRequesting] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  useDocumentTitle(query.data?.name ?? t('admin.sharing.catalogue.title'));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'sharing'] });
  const publish = useAction(() => api.publishResource(code), {
    onSuccess: async () => {
      void message.success(t('admin.sharing.resource.publishedDone'));
      await refresh();
    },
    onError: fail,
  });

  if (query.isPending) return <ItemLoading />;
  if (query.isError) return <ItemFailure error={query.error} onRetry={() => void query.refetch()} notFound="resource" />;
  const r = query.data;
  const manages = actsFor(me, r.provider, 'steward');
  const mayRequest = r.status === 'published' && r.sharingType !== 'none' && acting.some((o) => o.id !== r.provider.id);

  return (
    <div className="ow-admin-page" data-testid="resource-page" data-status={r.status}>
      <AdminBreadcrumb root="resources" items={[{ title: r.name }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{r.name}</h1>
          <p className="ow-share-head-tags">
            <code className="ow-code">{r.code}</code>
            <SharingTypeTag type={r.sharingType} />
            <ResourceStatusTag status={r.status} />
          </p>
        </div>
        <div className="ow-share-actions">
          {mayRequest && (
            <Button type="primary" icon={<SendOutlined />} onClick={() => setRequesting(true)} data-testid="request-open">
              {t('admin.sharing.resource.request')}
            </Button>
          )}
          {manages && (
            <>
              <Link to={resourceEditHref(r.code)}>
                <Button icon={<EditOutlined />}>{t('admin.sharing.resource.edit')}</Button>
              </Link>
              {r.status !== 'published' ? (
                <Button icon={<CloudUploadOutlined />} loading={publish.pending} onClick={() => void publish.run()} data-testid="resource-publish">
                  {t('admin.sharing.resource.publish')}
                </Button>
              ) : (
                <Button danger icon={<StopOutlined />} onClick={() => setWithdrawing(true)} data-testid="resource-withdraw">
                  {t('admin.sharing.resource.withdraw')}
                </Button>
              )}
            </>
          )}
        </div>
      </div>
      {r.sharingType === 'none' && r.status === 'published' && <Alert type="warning" showIcon className="ow-share-page-alert" title={t('admin.sharing.resource.notShareable')} description={r.legalBasis} />}

      <section className="ow-panel ow-admin-card" aria-labelledby="meta-title">
        <h2 id="meta-title" className="ow-admin-h2">
          {t('admin.sharing.resource.metadata')}
        </h2>
        <Metadata r={r} />
      </section>
      <section className="ow-panel ow-admin-card" aria-labelledby="items-title">
        <h2 id="items-title" className="ow-admin-h2">
          {t('admin.sharing.resource.items', { count: r.fields.length })}
        </h2>
        <DataItems r={r} />
      </section>
      {manages && <AdapterCard code={r.code} />}

      {mayRequest && <RequestDialog resource={r} open={requesting} onClose={() => setRequesting(false)} />}
      <ReasonDialog
        open={withdrawing}
        title={t('admin.sharing.resource.withdrawTitle', { name: r.name })}
        description={t('admin.sharing.resource.withdrawText')}
        okText={t('admin.sharing.resource.withdraw')}
        onClose={() => setWithdrawing(false)}
        onSubmit={async (reason) => {
          try {
            const done = await api.withdrawResource(r.code, reason);
            void message.success(t('admin.sharing.resource.withdrawnDone'));
            await refresh();
            return done;
          } catch (e) {
            fail(e);
            return undefined;
          }
        }}
      />
    </div>
  );
}
