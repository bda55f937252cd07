/**
 * 共享申请与授权: for the organisations a steward (or an organisation administrator) acts for —
 * 待我审批 (conditional requests to them, with the working-day due date and the overdue flag;
 * approve with fields and validity no wider than requested, or refuse with the reason), 审批记录,
 * 我的申请 (their requests as consumer), and the grants they hold or gave (the provider revokes one
 * with the reason).
 */
import { CheckOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Checkbox, DatePicker, Form, Input, Modal, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { AccessRequestView, GrantView } from '@onewindow/domain';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useAction, useSearchUpdate } from '../hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from '../problems';
import { FieldTags, GrantStateTag, ReasonDialog, RequestStatusTag, ResponsiveList, pageOf, useSharingAnswer, useSharingApi } from './parts';
import { resourceHref } from './ResourcesPage';
import './sharing.css';

const PAGE_SIZE = 20;
const TABS = ['to-answer', 'answered', 'mine', 'grants-in', 'grants-out'] as const;
type TabKey = (typeof TABS)[number];

/** Display names of a resource's data items (key → name), when the resource can be read. */
function useFieldNames(code: string | undefined) {
  const api = useSharingApi();
  const q = useQuery({ queryKey: ['admin', 'sharing', 'resource', code], queryFn: ({ signal }) => api.resource(code!, signal), enabled: !!code, staleTime: 60_000, retry: false });
  return new Map((q.data?.fields ?? []).map((f) => [f.key, f.name]));
}

function Due({ r }: { r: AccessRequestView }) {
  const { t, i18n } = useTranslation();
  if (!r.dueDate || r.status !== 'pending') return <span className="ow-muted">—</span>;
  return (
    <span className="ow-share-due">
      <span className="ow-nowrap">{formatDate(r.dueDate, i18n.resolvedLanguage ?? 'zh-CN')}</span>
      {r.overdue && (
        <Tag color="red" variant="solid" className="ow-status-tag" data-testid="overdue">
          {t('admin.sharing.requests.overdue')}
        </Tag>
      )}
    </span>
  );
}

function Parties({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  return (
    <div className="ow-share-parties">
      <div>
        <span className="ow-muted">{t('admin.sharing.requests.consumer')}</span> {from}
      </div>
      <div>
        <span className="ow-muted">{t('admin.sharing.requests.provider')}</span> {to}
      </div>
    </div>
  );
}

/** 批准: the requested data items (some may be left out) and a last day no later than requested. */
function ApproveDialog({ request, onClose }: { request: AccessRequestView; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useSharingApi();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const names = useFieldNames(request.resourceCode);
  const [form] = Form.useForm<{ fields: string[]; until: Dayjs; opinion?: string }>();
  const requested = dayjs(request.until);
  const save = useAction(
    (v: { fields: string[]; until: Dayjs; opinion?: string }) =>
      api.approveRequest(request.id, { fields: v.fields, until: v.until.format('YYYY-MM-DD'), ...(v.opinion?.trim() ? { opinion: v.opinion.trim() } : {}) }),
    {
      onSuccess: async () => {
        void message.success(t('admin.sharing.requests.approvedDone', { name: request.resourceName }));
        await queryClient.invalidateQueries({ queryKey: ['admin', 'sharing'] });
        onClose();
      },
      onError: (e) => showFieldErrors(form, placeFieldErrors(e, (p) => (p[0] === 'fields' || p[0] === 'until' ? [p[0]] : null)).fields),
    },
  );
  const alert = save.error ? problemAlert(t, save.error) : null;
  return (
    <Modal
      open
      title={t('admin.sharing.requests.approveTitle', { name: request.resourceName })}
      okText={t('admin.sharing.requests.approve')}
      cancelText={t('admin.common.cancel')}
      okButtonProps={{ loading: save.pending, 'data-testid': 'approve-ok' }}
      onOk={() => void form.validateFields().then((v) => save.run(v))}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      width={600}
    >
      <div data-testid="approve-dialog">
        <p className="ow-share-dialog-text">
          {t('admin.sharing.requests.approveText', { consumer: request.consumer.name, purpose: request.purpose, until: formatDate(request.until, i18n.resolvedLanguage ?? 'zh-CN') })}
        </p>
        {alert && <Alert type="error" showIcon className="ow-share-dialog-alert" title={alert.title} description={alert.detail} />}
        <Form form={form} layout="vertical" requiredMark={false} initialValues={{ fields: request.fields, until: requested }}>
          <Form.Item
            name="fields"
            label={t('admin.sharing.requests.grantFields')}
            extra={t('admin.sharing.requests.grantFieldsExtra')}
            rules={[{ required: true, type: 'array', min: 1, message: t('admin.sharing.request.fieldsRequired') }]}
          >
            <Checkbox.Group className="ow-share-field-checks" options={request.fields.map((f) => ({ value: f, label: names.get(f) ?? f }))} />
          </Form.Item>
          <Form.Item name="until" label={t('admin.sharing.requests.grantUntil')} extra={t('admin.sharing.requests.grantUntilExtra')} rules={[{ required: true, message: t('admin.sharing.request.untilRequired') }]}>
            <DatePicker className="ow-share-date" allowClear={false} disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(requested, 'day')} />
          </Form.Item>
          <Form.Item name="opinion" label={t('admin.sharing.requests.opinion')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

function RequestCard({ r, actions }: { r: AccessRequestView; actions?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <>
      <div className="ow-share-card-head">
        <Link to={resourceHref(r.resourceCode)} className="ow-share-title">
          {r.resourceName}
        </Link>
        <RequestStatusTag status={r.status} automatic={r.automatic} />
      </div>
      <code className="ow-code ow-share-code">{r.resourceCode}</code>
      <Parties from={r.consumer.name} to={r.provider.name} />
      <dl className="ow-admin-kv ow-admin-kv-compact">
        <dt>{t('admin.sharing.requests.purpose')}</dt>
        <dd>{r.purpose}</dd>
        <dt>{t('admin.sharing.requests.fields')}</dt>
        <dd>
          <FieldTags keys={r.fields} />
        </dd>
        <dt>{t('admin.sharing.requests.until')}</dt>
        <dd>{formatDate(r.until, lang)}</dd>
        {r.status === 'pending' && (
          <>
            <dt>{t('admin.sharing.requests.due')}</dt>
            <dd>
              <Due r={r} />
            </dd>
          </>
        )}
        {r.refusalReason && (
          <>
            <dt>{t('admin.sharing.requests.refusalReason')}</dt>
            <dd>{r.refusalReason}</dd>
          </>
        )}
      </dl>
      {actions}
    </>
  );
}

function RequestList({ view, statusFilter }: { view: 'to-answer' | 'mine'; statusFilter?: 'pending' }) {
  const { t, i18n } = useTranslation();
  const api = useSharingApi();
  const answer = useSharingAnswer();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [params, update] = useSearchUpdate();
  const page = pageOf(params.get('page'));
  const overdueOnly = params.get('overdue') === '1' && view === 'to-answer' && statusFilter === 'pending';
  const search = { view, status: statusFilter, overdue: overdueOnly || undefined, page, pageSize: PAGE_SIZE };
  const query = useQuery({ queryKey: ['admin', 'sharing', 'requests', search], queryFn: ({ signal }) => api.requests(search, signal), placeholderData: keepPreviousData, staleTime: 0 });
  const [approving, setApproving] = useState<AccessRequestView | null>(null);
  const [refusing, setRefusing] = useState<AccessRequestView | null>(null);
  const answering = view === 'to-answer';
  const setPage = (p: number) => update({ page: p });

  const actions = (r: AccessRequestView) =>
    answering && r.status === 'pending' ? (
      <span className="ow-admin-row-actions ow-share-answer">
        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setApproving(r)} data-testid="approve-open">
          {t('admin.sharing.requests.approve')}
        </Button>
        <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRefusing(r)} data-testid="refuse-open">
          {t('admin.sharing.requests.refuse')}
        </Button>
      </span>
    ) : null;

  const columns: TableColumnsType<AccessRequestView> = [
    ...accessColumns<AccessRequestView>(t),
    {
      title: t('admin.sharing.requests.dates'),
      key: 'dates',
      width: 150,
      render: (_v, r) => (
        <>
          <div className="ow-nowrap">{t('admin.sharing.requests.requestedOn', { date: formatDate(r.requestedAt, lang) })}</div>
          <div className="ow-muted ow-nowrap">{t('admin.sharing.requests.untilShort', { date: formatDate(r.until, lang) })}</div>
          {r.status === 'pending' && (
            <div className="ow-share-due-line">
              <span className="ow-muted">{t('admin.sharing.requests.dueShort')}</span> <Due r={r} />
            </div>
          )}
        </>
      ),
    },
    {
      title: t('admin.sharing.requests.status'),
      key: 'status',
      width: 120,
      render: (_v, r) => (
        <>
          <RequestStatusTag status={r.status} automatic={r.automatic} />
          {r.refusalReason && <div className="ow-muted ow-share-reason">{r.refusalReason}</div>}
          {r.opinion && <div className="ow-muted ow-share-reason">{r.opinion}</div>}
          {r.answeredAt && !r.automatic && <div className="ow-muted ow-nowrap">{formatDateTime(r.answeredAt, lang)}</div>}
        </>
      ),
    },
    ...(answering && statusFilter === 'pending' ? [{ title: t('admin.sharing.requests.actions'), key: 'actions', width: 104, render: (_v: unknown, r: AccessRequestView) => actions(r) }] : []),
  ];

  const empty = t(answering ? (statusFilter === 'pending' ? 'admin.sharing.requests.emptyToAnswer' : 'admin.sharing.requests.emptyAnswered') : 'admin.sharing.requests.emptyMine');
  return (
    <>
      {answering && statusFilter === 'pending' && (
        <div className="ow-share-list-tools">
          <Checkbox
            checked={overdueOnly}
            onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}
          >
            {t('admin.sharing.requests.overdueOnly')}
          </Checkbox>
          <span className="ow-muted">{t('admin.sharing.requests.deadlineNote')}</span>
        </div>
      )}
      <ResponsiveList<AccessRequestView>
        query={query}
        columns={columns}
        rowKey={(r) => r.id}
        card={(r) => <RequestCard r={r} actions={actions(r)} />}
        empty={empty}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        scrollX={980}
        testId={`requests-${view}`}
      />
      {approving && <ApproveDialog request={approving} onClose={() => setApproving(null)} />}
      <ReasonDialog
        open={!!refusing}
        title={t('admin.sharing.requests.refuseTitle', { name: refusing?.resourceName ?? '' })}
        description={refusing ? t('admin.sharing.requests.refuseText', { consumer: refusing.consumer.name }) : undefined}
        label={t('admin.sharing.requests.refusalReason')}
        okText={t('admin.sharing.requests.refuse')}
        onClose={() => setRefusing(null)}
        onSubmit={(reason) => answer(() => api.refuseRequest(refusing!.id, reason), t('admin.sharing.requests.refusedDone'))}
      />
    </>
  );
}

function GrantList({ view }: { view: 'consumer' | 'provider' }) {
  const { t, i18n } = useTranslation();
  const api = useSharingApi();
  const answer = useSharingAnswer();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [params, update] = useSearchUpdate();
  const page = pageOf(params.get('page'));
  const search = { view, page, pageSize: PAGE_SIZE };
  const query = useQuery({ queryKey: ['admin', 'sharing', 'grants', search], queryFn: ({ signal }) => api.grants(search, signal), placeholderData: keepPreviousData, staleTime: 0 });
  const [revoking, setRevoking] = useState<GrantView | null>(null);
  const provider = view === 'provider';
  const setPage = (p: number) => update({ page: p });
  const state = (g: GrantView) => (
    <>
      <GrantStateTag state={g.state} />
      {g.automatic && (
        <Tag variant="outlined" className="ow-status-tag">
          {t('admin.sharing.grants.automatic')}
        </Tag>
      )}
      {g.revocation && <div className="ow-muted ow-share-reason">{t('admin.sharing.grants.revokedBecause', { reason: g.revocation.reason })}</div>}
    </>
  );
  const revokeButton = (g: GrantView) =>
    provider && g.state === 'active' ? (
      <Button size="small" danger icon={<StopOutlined />} onClick={() => setRevoking(g)} data-testid="revoke-open">
        {t('admin.sharing.grants.revoke')}
      </Button>
    ) : null;

  const columns: TableColumnsType<GrantView> = [
    ...accessColumns<GrantView>(t),
    {
      title: t('admin.sharing.grants.validity'),
      key: 'validity',
      width: 140,
      render: (_v, g) => (
        <>
          <div className="ow-nowrap">{t('admin.sharing.grants.from', { date: formatDate(g.grantedAt, lang) })}</div>
          <div className="ow-nowrap">{t('admin.sharing.grants.until', { date: formatDate(g.validUntil, lang) })}</div>
        </>
      ),
    },
    { title: t('admin.sharing.requests.status'), key: 'state', width: 130, render: (_v, g) => state(g) },
    ...(provider ? [{ title: t('admin.sharing.requests.actions'), key: 'actions', width: 100, render: (_v: unknown, g: GrantView) => revokeButton(g) }] : []),
  ];

  return (
    <>
      <ResponsiveList<GrantView>
        query={query}
        columns={columns}
        rowKey={(g) => g.id}
        card={(g) => (
          <>
            <div className="ow-share-card-head">
              <Link to={resourceHref(g.resourceCode)} className="ow-share-title">
                {g.resourceName}
              </Link>
              <GrantStateTag state={g.state} />
            </div>
            <code className="ow-code ow-share-code">{g.resourceCode}</code>
            <Parties from={g.consumer.name} to={g.provider.name} />
            <dl className="ow-admin-kv ow-admin-kv-compact">
              <dt>{t('admin.sharing.requests.purpose')}</dt>
              <dd>{g.purpose}</dd>
              <dt>{t('admin.sharing.requests.fields')}</dt>
              <dd>
                <FieldTags keys={g.fields} />
              </dd>
              <dt>{t('admin.sharing.grants.validity')}</dt>
              <dd>{t('admin.sharing.grants.until', { date: formatDate(g.validUntil, lang) })}</dd>
              {g.revocation && (
                <>
                  <dt>{t('admin.sharing.grants.revokeReason')}</dt>
                  <dd>{g.revocation.reason}</dd>
                </>
              )}
            </dl>
            {revokeButton(g)}
          </>
        )}
        empty={t(provider ? 'admin.sharing.grants.emptyProvider' : 'admin.sharing.grants.emptyConsumer')}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        scrollX={960}
        testId={`grants-${view}`}
      />
      <ReasonDialog
        open={!!revoking}
        title={t('admin.sharing.grants.revokeTitle', { name: revoking?.resourceName ?? '' })}
        description={revoking ? t('admin.sharing.grants.revokeText', { consumer: revoking.consumer.name }) : undefined}
        label={t('admin.sharing.grants.revokeReason')}
        okText={t('admin.sharing.grants.revoke')}
        onClose={() => setRevoking(null)}
        onSubmit={(reason) => answer(() => api.revokeGrant(revoking!.id, reason), t('admin.sharing.grants.revokedDone'))}
      />
    </>
  );
}

export default function RequestsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.sharing.requests.title'));
  const api = useSharingApi();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'to-answer';
  const pendingCount = useQuery({
    queryKey: ['admin', 'sharing', 'requests', 'count'],
    queryFn: ({ signal }) => api.requests({ view: 'to-answer', status: 'pending', page: 1, pageSize: 1 }, signal),
    staleTime: 0,
  });
  const pending = pendingCount.data?.total ?? 0;
  const labels: Record<TabKey, React.ReactNode> = {
    'to-answer': (
      <span>
        {t('admin.sharing.requests.tabs.toAnswer')} <Badge count={pending} size="small" className="ow-share-badge" />
      </span>
    ),
    answered: t('admin.sharing.requests.tabs.answered'),
    mine: t('admin.sharing.requests.tabs.mine'),
    'grants-in': t('admin.sharing.requests.tabs.grantsIn'),
    'grants-out': t('admin.sharing.requests.tabs.grantsOut'),
  };
  const body: Record<TabKey, React.ReactNode> = {
    'to-answer': <RequestList view="to-answer" statusFilter="pending" />,
    answered: <RequestList view="to-answer" />,
    mine: <RequestList view="mine" />,
    'grants-in': <GrantList view="consumer" />,
    'grants-out': <GrantList view="provider" />,
  };
  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.requests.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.requests.lead')}</p>
        </div>
        <Link to="/admin/sharing/resources">
          <Button type="primary">{t('admin.sharing.requests.new')}</Button>
        </Link>
      </div>
      <div className="ow-panel ow-admin-card">
        <Tabs
          activeKey={tab}
          className="ow-share-tabs"
          onChange={(k) => setParams(k === 'to-answer' ? {} : { tab: k })}
          items={TABS.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{labels[k]}</span>, children: tab === k ? body[k] : null }))}
        />
      </div>
    </div>
  );
}

/** The columns requests and grants share: the resource, the two parties, the purpose with its fields. */
function accessColumns<T extends { resourceCode: string; resourceName: string; consumer: { name: string }; provider: { name: string }; purpose: string; fields: string[] }>(
  t: TFunction,
): TableColumnsType<T> {
  return [
    {
      title: t('admin.sharing.requests.resource'),
      key: 'resource',
      render: (_v, r) => (
        <>
          <Link to={resourceHref(r.resourceCode)} className="ow-share-title">
            {r.resourceName}
          </Link>
          <code className="ow-code ow-share-code">{r.resourceCode}</code>
        </>
      ),
    },
    { title: t('admin.sharing.requests.parties'), key: 'parties', width: 210, render: (_v, r) => <Parties from={r.consumer.name} to={r.provider.name} /> },
    {
      title: t('admin.sharing.requests.purposeFields'),
      key: 'purpose',
      width: 220,
      render: (_v, r) => (
        <>
          <div>{r.purpose}</div>
          <FieldTags keys={r.fields} />
        </>
      ),
    },
  ];
}
