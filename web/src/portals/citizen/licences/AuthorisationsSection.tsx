/**
 * 用证授权 of a licence of the wallet: the authorisations (active, expired, revoked), granting a
 * time-limited, purpose-bound one to an organisation (searched by name or USCC) or to one of the
 * person's applications, and revoking one after a confirmation. Field problems of the server come
 * back under their fields.
 */
import { BankOutlined, FileTextOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, DatePicker, Empty, Form, Input, Modal, Radio, Select, Spin, Tag, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { myApplications } from '../../../api/applications';
import { licencesApi, type Authorisation, type AuthorisationStatus, type WalletLicence } from '../../../api/licences';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { applyFieldErrors, problemText } from '../forms';
import { formatDay, formatTime, problemMessage, WALLET_KEY } from './common';

const STATUS_COLOUR: Record<AuthorisationStatus, string> = { active: 'success', expired: 'default', revoked: 'error' };
const authorisationsKey = (identifier: string) => ['licences', 'authorisations', identifier] as const;

export function AuthorisationsSection({ licence }: { licence: WalletLicence }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const [granting, setGranting] = useState(false);
  const q = useQuery({ queryKey: authorisationsKey(licence.identifier), queryFn: () => licencesApi.authorisations(licence.identifier), staleTime: 0 });

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: authorisationsKey(licence.identifier) });
    void qc.invalidateQueries({ queryKey: WALLET_KEY });
  };

  const revoke = useMutation({
    mutationFn: (a: Authorisation) => licencesApi.revoke(licence.identifier, a.id),
    onSuccess: () => {
      void message.success(t('licences.authorisations.revoked'));
      refresh();
    },
    onError: (e) => {
      void message.error(`${t('licences.authorisations.failed')}：${problemMessage(t, e)}`);
      refresh();
    },
  });

  const granteeOf = (a: Authorisation) => a.granteeName ?? `${t('licences.authorisations.application')} ${a.granteeId.slice(0, 8)}…`;

  const confirmRevoke = (a: Authorisation) => {
    void modal.confirm({
      title: t('licences.authorisations.revokeTitle'),
      content: t('licences.authorisations.revokeHint', { grantee: granteeOf(a) }),
      okText: t('licences.authorisations.revokeOk'),
      okButtonProps: { danger: true, 'data-testid': 'revoke-confirm' } as ButtonProps,
      cancelText: t('licences.authorisations.cancel'),
      onOk: () => revoke.mutateAsync(a).catch(() => undefined),
    });
  };

  return (
    <section className="ow-panel ow-lic-section" aria-labelledby="sec-auth" data-testid="authorisations">
      <div className="ow-lic-h2row">
        <h2 id="sec-auth" className="ow-lic-h2">
          {t('licences.authorisations.title')}
        </h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting(true)} disabled={licence.status !== 'valid'} data-testid="grant-open">
          {t('licences.authorisations.grant')}
        </Button>
      </div>
      <p className="ow-muted ow-lic-hint">{t('licences.authorisations.intro')}</p>
      {q.isPending ? (
        <CardSkeleton rows={3} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('licences.authorisations.empty')} />
      ) : (
        <ul className="ow-lic-auth-list">
          {q.data.items.map((a) => (
            <li key={a.id} className={`ow-lic-auth ow-lic-auth-${a.status}`} data-testid="authorisation" data-status={a.status}>
              <div className="ow-lic-auth-top">
                <span className="ow-lic-auth-grantee">
                  {a.granteeKind === 'organisation' ? <BankOutlined aria-hidden /> : <FileTextOutlined aria-hidden />} {granteeOf(a)}
                </span>
                <Tag color={STATUS_COLOUR[a.status]} className="ow-lic-status">
                  {t(`licences.authorisations.status.${a.status}`)}
                </Tag>
              </div>
              <dl className="ow-lic-auth-facts">
                <div>
                  <dt>{t('licences.authorisations.purpose')}</dt>
                  <dd>{a.purpose}</dd>
                </div>
                <div>
                  <dt>{t('licences.authorisations.validUntil')}</dt>
                  <dd>{formatDay(a.validUntil, lang)}</dd>
                </div>
                <div>
                  <dt>{t('licences.authorisations.createdAt')}</dt>
                  <dd>{formatTime(a.createdAt, lang)}</dd>
                </div>
                {a.revokedAt && (
                  <div>
                    <dt>{t('licences.authorisations.revokedAt')}</dt>
                    <dd>{formatTime(a.revokedAt, lang)}</dd>
                  </div>
                )}
              </dl>
              {a.status === 'active' && (
                <div className="ow-lic-auth-actions">
                  <Button danger size="small" icon={<StopOutlined />} onClick={() => confirmRevoke(a)} loading={revoke.isPending && revoke.variables?.id === a.id} data-testid="revoke-open">
                    {t('licences.authorisations.revoke')}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <GrantDialog
        licence={licence}
        open={granting}
        onClose={() => setGranting(false)}
        onGranted={() => {
          setGranting(false);
          void message.success(t('licences.authorisations.granted'));
          refresh();
        }}
      />
    </section>
  );
}

interface GrantValues {
  granteeKind: 'organisation' | 'application';
  granteeId?: string;
  purpose?: string;
  validUntil?: Dayjs;
}

/** The last day an authorisation may run to: one year ahead, less a day (as the server counts). */
const lastDay = () => dayjs().add(1, 'year').subtract(1, 'day');

function GrantDialog({ licence, open, onClose, onGranted }: { licence: WalletLicence; open: boolean; onClose: () => void; onGranted: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const kind = Form.useWatch('granteeKind', form) ?? 'organisation';
  const [failure, setFailure] = useState<{ title: string; detail?: string } | null>(null);
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');

  // a pause in typing before the organisations are searched
  useEffect(() => {
    const timer = window.setTimeout(() => setTerm(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const orgs = useQuery({ queryKey: ['licences', 'organisations', term], queryFn: () => licencesApi.organisations(term), enabled: open && kind === 'organisation' && term.length > 0, staleTime: 60_000 });
  const apps = useQuery({ queryKey: ['licences', 'my-applications'], queryFn: () => myApplications({ pageSize: 50 }), enabled: open && kind === 'application', staleTime: 30_000 });

  useEffect(() => {
    if (open) {
      form.resetFields();
      setFailure(null);
      setSearch('');
    }
  }, [open, form]);

  const grant = useMutation({
    mutationFn: (v: GrantValues) =>
      licencesApi.grant(licence.identifier, { granteeKind: v.granteeKind, granteeId: v.granteeId!, purpose: (v.purpose ?? '').trim(), validUntil: v.validUntil!.format('YYYY-MM-DD') }),
    onSuccess: onGranted,
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['granteeKind', 'granteeId', 'purpose', 'validUntil'])) setFailure(problemText(t, e));
    },
  });

  const submit = async () => {
    setFailure(null);
    try {
      grant.mutate(await form.validateFields());
    } catch {
      // the form shows what is missing
    }
  };

  return (
    <Modal
      open={open}
      title={t('licences.authorisations.form.title')}
      onCancel={onClose}
      okText={t('licences.authorisations.form.submit')}
      cancelText={t('licences.authorisations.cancel')}
      onOk={() => void submit()}
      confirmLoading={grant.isPending}
      okButtonProps={{ 'data-testid': 'grant-submit' } as ButtonProps}
      destroyOnHidden
      className="ow-lic-grant"
    >
      <p className="ow-muted ow-lic-hint">{licence.name} · {licence.number}</p>
      {failure && <Alert type="error" showIcon role="alert" className="ow-lic-alert" title={failure.title} description={failure.detail} />}
      <Form<GrantValues> form={form} layout="vertical" name="grant" initialValues={{ granteeKind: 'organisation', validUntil: dayjs().add(30, 'day') }} requiredMark>
        <Form.Item name="granteeKind" label={t('licences.authorisations.form.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            onChange={() => form.setFieldValue('granteeId', undefined)}
            options={(['organisation', 'application'] as const).map((k) => ({ value: k, label: t(`licences.authorisations.kind.${k}`) }))}
          />
        </Form.Item>
        {kind === 'organisation' ? (
          <Form.Item name="granteeId" label={t('licences.authorisations.form.organisation')} rules={[{ required: true, message: t('licences.authorisations.form.organisationRequired') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t('licences.authorisations.form.organisationPlaceholder')}
              notFoundContent={orgs.isFetching ? <Spin size="small" /> : term ? t('licences.authorisations.form.noOrganisation') : null}
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name, uscc: o.uscc }))}
              optionRender={(o) => (
                <div className="ow-lic-org-option">
                  <span>{o.label}</span>
                  <span className="ow-muted ow-lic-mono">{(o.data as { uscc: string }).uscc}</span>
                </div>
              )}
            />
          </Form.Item>
        ) : (
          <Form.Item name="granteeId" label={t('licences.authorisations.form.application')} rules={[{ required: true, message: t('licences.authorisations.form.applicationRequired') }]}>
            <Select
              loading={apps.isFetching}
              placeholder={t('licences.authorisations.form.applicationPlaceholder')}
              notFoundContent={apps.isFetching ? <Spin size="small" /> : t('licences.authorisations.form.noApplication')}
              options={(apps.data?.items ?? []).filter((a) => a.status !== 'withdrawn').map((a) => ({ value: a.id, label: `${a.itemName}（${a.number}）` }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="purpose"
          label={t('licences.authorisations.form.purpose')}
          rules={[
            {
              validator: async (_, v: string | undefined) => {
                const n = (v ?? '').trim().length;
                if (n < 2 || n > 200) throw new Error(t('licences.authorisations.form.purposeRequired'));
              },
            },
          ]}
          required
        >
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('licences.authorisations.form.purposePlaceholder')} />
        </Form.Item>
        <Form.Item name="validUntil" label={t('licences.authorisations.form.validUntil')} extra={t('licences.authorisations.form.validUntilHint')} rules={[{ required: true, message: t('licences.authorisations.form.validUntilRequired') }]}>
          <DatePicker className="ow-lic-date" disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(lastDay(), 'day')} />
        </Form.Item>
      </Form>
      <p className="ow-muted ow-lic-hint">{t('licences.authorisations.form.notice')}</p>
    </Modal>
  );
}
