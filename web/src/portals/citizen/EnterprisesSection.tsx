/**
 * 我的企业: businesses the person represents or acts for; binding a business as its legal
 * representative (level 3 and a match in the enterprise registry); the representative's agents.
 */
import { BankOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { isValidUscc } from '@onewindow/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Form, Input, message, Modal, Popconfirm, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { identityApi, isStatus, problemSlug, retryAfterOf, type AgentInput, type AgentRow, type EnterpriseRow, type Me } from '../../api/identity';
import { ErrorState } from '../../components/QueryState';
import { formatDate, formatDateTime } from '../../lib/format';
import { applyFieldErrors, normaliseIdNumber, normaliseName, problemText, rules } from './forms';
import { ACCOUNT_KEY, useOn401, useOn401Error } from './session';

const ENTERPRISES_KEY = [...ACCOUNT_KEY, 'enterprises'];
const agentsKey = (id: string) => [...ENTERPRISES_KEY, id, 'agents'];
const normaliseUscc = (v: string) => v.normalize('NFKC').trim().toUpperCase();

const STATUS_COLOR: Record<string, string> = { active: 'green', revoked: 'default', expired: 'orange' };

function AgentForm({ enterprise, open, onClose }: { enterprise: EnterpriseRow; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; idNumber: string; validUntil?: string }>();
  const [failure, setFailure] = useState<{ title: string; detail?: string } | null>(null);
  const on401 = useOn401();
  const [messageApi, holder] = message.useMessage();
  const grant = useMutation({
    mutationFn: (input: AgentInput) => identityApi.grantAgent(enterprise.id, input),
    onSuccess: () => {
      void messageApi.success(t('account.enterprises.agents.granted'));
      void queryClient.invalidateQueries({ queryKey: agentsKey(enterprise.id) });
      form.resetFields();
      onClose();
    },
    onError: (e) => {
      on401(e);
      const wait = retryAfterOf(e);
      if (wait !== undefined) setFailure({ title: t('auth.tooMany', { seconds: wait }) });
      else if (!applyFieldErrors(form, e, ['name', 'idNumber', 'validUntil'])) setFailure(problemText(t, e));
    },
  });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      {holder}
      <Modal
        open={open}
        title={t('account.enterprises.agents.addTitle')}
        onCancel={onClose}
        okText={t('account.enterprises.agents.submit')}
        cancelText={t('account.cancel')}
        confirmLoading={grant.isPending}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p className="ow-muted">{enterprise.name}</p>
        <Alert type="info" showIcon title={t('account.enterprises.agents.addHint')} className="ow-auth-alert" />
        {failure && <Alert type="error" showIcon role="alert" title={failure.title} description={failure.detail} className="ow-auth-alert" />}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          name="grant-agent"
          disabled={grant.isPending}
          onFinish={(v) => {
            setFailure(null);
            grant.mutate({ name: normaliseName(v.name), idNumber: normaliseIdNumber(v.idNumber), ...(v.validUntil ? { validUntil: v.validUntil } : {}) });
          }}
        >
          <Form.Item name="name" label={t('account.enterprises.agents.name')} rules={rules.name(t)}>
            <Input maxLength={40} autoComplete="off" placeholder={t('auth.fields.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('account.enterprises.agents.idNumber')} rules={rules.idNumber(t)} validateTrigger="onBlur">
            <Input maxLength={18} autoComplete="off" spellCheck={false} placeholder={t('auth.fields.idNumberPlaceholder')} />
          </Form.Item>
          <Form.Item name="validUntil" label={t('account.enterprises.agents.validUntil')} extra={t('account.enterprises.agents.validUntilHint')}>
            <Input type="date" min={today} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Agents({ enterprise }: { enterprise: EnterpriseRow }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [messageApi, holder] = message.useMessage();
  const on401 = useOn401();
  const list = useQuery({ queryKey: agentsKey(enterprise.id), queryFn: ({ signal }) => identityApi.agents(enterprise.id, signal) });
  useOn401Error(list.error);
  const revoke = useMutation({
    mutationFn: (agentId: string) => identityApi.revokeAgent(enterprise.id, agentId),
    onSuccess: () => {
      void messageApi.success(t('account.enterprises.agents.revoked'));
      void queryClient.invalidateQueries({ queryKey: agentsKey(enterprise.id) });
    },
    onError: (e) => {
      on401(e);
      void messageApi.error(problemText(t, e).title);
    },
  });

  let body;
  if (list.isPending) body = <Skeleton active paragraph={{ rows: 1 }} />;
  else if (isStatus(list.error, 404)) body = <p className="ow-muted">{t('account.enterprises.agents.unavailable')}</p>;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0) body = <p className="ow-muted ow-agents-empty">{t('account.enterprises.agents.empty')}</p>;
  else {
    body = (
      <ul className="ow-agents">
        {list.data.items.map((a: AgentRow) => (
          <li key={a.id} className={`ow-agent ow-agent-${a.status}`}>
            <div className="ow-agent-who">
              <strong>{a.name}</strong>
              <span className="ow-mono ow-muted">{a.idNumber}</span>
              <Tag color={STATUS_COLOR[a.status]}>{t(`account.enterprises.agents.status.${a.status}`)}</Tag>
            </div>
            <div className="ow-agent-dates ow-muted">
              <span>
                {t('account.enterprises.validUntil')}：{a.validUntil ? formatDate(a.validUntil, i18n.language) : t('account.enterprises.noExpiry')}
              </span>
              <span>
                {t('account.enterprises.agents.grantedAt')}：{formatDateTime(a.grantedAt, i18n.language)}
              </span>
              {a.revokedAt && (
                <span>
                  {t('account.enterprises.agents.revokedAt')}：{formatDateTime(a.revokedAt, i18n.language)}
                </span>
              )}
            </div>
            {a.status === 'active' && (
              <Popconfirm
                title={t('account.enterprises.agents.revokeConfirm', { name: a.name })}
                okText={t('account.confirm')}
                cancelText={t('account.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => revoke.mutate(a.id)}
              >
                <Button danger size="small" className="ow-agent-revoke" loading={revoke.isPending && revoke.variables === a.id}>
                  {t('account.enterprises.agents.revoke')}
                </Button>
              </Popconfirm>
            )}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="ow-agents-box">
      {holder}
      <div className="ow-agents-head">
        <h4>
          <TeamOutlined aria-hidden /> {t('account.enterprises.agents.title')}
        </h4>
        {!isStatus(list.error, 404) && (
          <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('account.enterprises.agents.add')}
          </Button>
        )}
      </div>
      {body}
      <AgentForm enterprise={enterprise} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}

function EnterpriseCard({ e }: { e: EnterpriseRow }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="ow-enterprise">
      <div className="ow-enterprise-head">
        <span className="ow-enterprise-icon" aria-hidden>
          <BankOutlined />
        </span>
        <div className="ow-enterprise-who">
          <h3>{e.name}</h3>
          <div className="ow-enterprise-meta">
            <span className="ow-muted">{t('account.enterprises.uscc')}</span> <span className="ow-mono">{e.uscc}</span>
          </div>
        </div>
        <Tag color={e.role === 'representative' ? 'red' : 'blue'} className="ow-enterprise-role">
          {t(`account.enterprises.roles.${e.role}`)}
        </Tag>
      </div>
      {e.role === 'agent' && (
        <p className="ow-muted ow-enterprise-valid">
          {t('account.enterprises.validUntil')}：{e.validUntil ? formatDate(e.validUntil, i18n.language) : t('account.enterprises.noExpiry')}
        </p>
      )}
      {e.role === 'representative' && <Agents enterprise={e} />}
    </li>
  );
}

function BindForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ uscc: string }>();
  const [messageApi, holder] = message.useMessage();
  const on401 = useOn401();
  const bind = useMutation({
    mutationFn: (uscc: string) => identityApi.bindEnterprise(uscc),
    onSuccess: () => {
      form.resetFields();
      void messageApi.success(t('account.enterprises.bound'));
      void queryClient.invalidateQueries({ queryKey: ENTERPRISES_KEY });
    },
    onError: (e) => {
      on401(e);
      applyFieldErrors(form, e, ['uscc']);
    },
  });
  const e = bind.error;
  let alert = null;
  if (e && !(isStatus(e, 400) && (problemSlug(e) === 'validation'))) {
    const slug = problemSlug(e);
    const wait = retryAfterOf(e);
    if (slug === 'level-required') {
      alert = (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('account.enterprises.levelRequired')}
          description={t('account.enterprises.levelRequiredHint')}
          action={
            <Link to="/account">
              <Button size="small">{t('account.enterprises.goRaise')}</Button>
            </Link>
          }
          className="ow-auth-alert"
        />
      );
    } else if (wait !== undefined) {
      alert = <Alert type="warning" showIcon role="alert" title={t('auth.tooMany', { seconds: wait })} className="ow-auth-alert" />;
    } else {
      const text = problemText(t, e);
      alert = (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={slug === 'enterprise-registry' ? t('account.enterprises.registryFailed') : text.title}
          description={text.detail}
          className="ow-auth-alert"
        />
      );
    }
  }
  return (
    <div className="ow-bind">
      {holder}
      <h3 className="ow-account-h3">{t('account.enterprises.bindTitle')}</h3>
      <p className="ow-muted">{t('account.enterprises.bindHint')}</p>
      {me.level < 3 && !alert && (
        <Alert
          type="warning"
          showIcon
          title={t('account.enterprises.levelRequiredHint')}
          action={
            <Link to="/account">
              <Button size="small">{t('account.enterprises.goRaise')}</Button>
            </Link>
          }
          className="ow-auth-alert"
        />
      )}
      {alert}
      <Form form={form} layout="vertical" requiredMark={false} disabled={bind.isPending} onFinish={(v) => bind.mutate(normaliseUscc(v.uscc))} className="ow-bind-form" name="bind-enterprise">
        <div className="ow-bind-row">
          <Form.Item
            name="uscc"
            label={t('account.enterprises.uscc')}
            rules={[
              { required: true, whitespace: true, message: t('account.enterprises.usccRequired') },
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v.trim() && !isValidUscc(normaliseUscc(v))) throw new Error(t('account.enterprises.usccInvalid'));
                },
              },
            ]}
            validateTrigger="onBlur"
            className="ow-bind-field"
          >
            <Input size="large" maxLength={18} spellCheck={false} autoComplete="off" placeholder={t('account.enterprises.usccPlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" loading={bind.isPending} className="ow-bind-btn">
            {t('account.enterprises.bind')}
          </Button>
        </div>
      </Form>
    </div>
  );
}

export function EnterprisesSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ENTERPRISES_KEY, queryFn: ({ signal }) => identityApi.enterprises(signal) });
  useOn401Error(list.error);
  const unavailable = isStatus(list.error, 404);

  let body;
  if (list.isPending) body = <Skeleton active />;
  else if (unavailable) body = <Alert type="info" showIcon title={t('account.enterprises.unavailable')} className="ow-auth-alert" />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else {
    body = (
      <>
        {list.data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('account.enterprises.empty')} />
        ) : (
          <ul className="ow-enterprises">
            {list.data.items.map((e) => (
              <EnterpriseCard key={`${e.id}-${e.role}`} e={e} />
            ))}
          </ul>
        )}
        <BindForm me={me} />
      </>
    );
  }
  return (
    <section className="ow-panel ow-account-section" aria-labelledby="enterprises-title">
      <h2 id="enterprises-title" className="ow-account-h2">
        {t('account.enterprises.title')}
      </h2>
      <p className="ow-muted ow-account-intro">{t('account.enterprises.intro')}</p>
      {body}
    </section>
  );
}
