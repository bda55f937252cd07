/**
 * /verify and /verify/:identifier — 电子证照公开核验, for anyone (no login): a licence by its identifier
 * (what the QR code of a licence PDF opens), or an uploaded licence PDF (its embedded signed document).
 * The result in large type and colour (有效 / 已撤销 / 已暂扣 / 已过期 / 验证失败 / 未找到), the directory
 * fields the register returns (already masked by the server), the issuer and the e-seal with its key,
 * and the published seal keys.
 */
import {
  CheckCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
  FilePdfOutlined,
  KeyOutlined,
  QuestionCircleFilled,
  SafetyCertificateOutlined,
  SearchOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { checkLicenceIdentifier } from '@onewindow/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Descriptions, Empty, Form, Input, Modal, Tabs, Tag, Upload } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { API_BASE, ApiError } from '../../api/client';
import { licencesApi, type PublishedKey, type Verification } from '../../api/licences';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useIsMobile } from '../../lib/useMedia';
import { CitizenTheme } from '../citizen/parts';
import { formatDay, formatTime, LicenceStatusTag, problemMessage, resultTone, validityText } from '../citizen/licences/common';
import '../citizen/citizen.css';
import '../citizen/licences/licences.css';

/** Licence PDFs are a few hundred kilobytes; anything far larger is not one. */
const MAX_PDF_BYTES = 10 * 1024 * 1024;

export default function VerifyPage() {
  const { t } = useTranslation();
  const { identifier: routeId } = useParams();
  const identifier = routeId?.trim() || undefined;
  const navigate = useNavigate();
  const [form] = Form.useForm<{ identifier: string }>();
  const [tab, setTab] = useState<'id' | 'file'>('id');
  const [file, setFile] = useState<{ name: string; problem?: 'notPdf' | 'tooLarge' } | null>(null);
  useDocumentTitle(t('licences.verify.title'));

  // the identifier of the address, checked here first (the server checks it again)
  const shapeProblem = identifier ? checkLicenceIdentifier(identifier) : null;
  const byId = useQuery({
    queryKey: ['licences', 'verify', identifier],
    queryFn: () => licencesApi.verify(identifier!),
    enabled: !!identifier && !shapeProblem,
    staleTime: 0,
    gcTime: 0,
  });
  const byFile = useMutation({ mutationFn: (f: File) => licencesApi.verifyPdf(f) });

  useEffect(() => {
    form.setFieldsValue({ identifier: identifier ?? '' });
    if (identifier) {
      setTab('id');
      setFile(null);
      byFile.reset();
    }
    // only a change of the address resets the page (the mutation object changes on every render)
  }, [identifier, form]);

  useEffect(() => {
    if (shapeProblem) form.setFields([{ name: 'identifier', errors: [t('licences.verify.idShape')] }]);
  }, [shapeProblem, form, t]);

  const submitId = ({ identifier: value }: { identifier: string }) => {
    const v = value.trim();
    setFile(null);
    byFile.reset();
    if (v === identifier) void byId.refetch();
    else navigate(`/verify/${encodeURIComponent(v)}`);
  };

  const checkFile = (f: File) => {
    byFile.reset();
    if (identifier) navigate('/verify', { replace: true });
    if (!/\.pdf$/i.test(f.name) && f.type !== 'application/pdf') return setFile({ name: f.name, problem: 'notPdf' });
    if (f.size > MAX_PDF_BYTES) return setFile({ name: f.name, problem: 'tooLarge' });
    setFile({ name: f.name });
    byFile.mutate(f);
  };

  let result: ReactNode = null;
  if (file) {
    result = file.problem ? (
      <Alert type="error" showIcon role="alert" title={t(`licences.verify.${file.problem}`, { size: '10 MB' })} description={t('licences.verify.fileOf', { name: file.name })} className="ow-lic-alert" />
    ) : byFile.isPending ? (
      <div className="ow-panel ow-lic-section" aria-busy>
        <CardSkeleton rows={4} />
      </div>
    ) : byFile.isError ? (
      <FailedCheck error={byFile.error} />
    ) : byFile.data ? (
      <ResultPanel v={byFile.data} source={t('licences.verify.fileOf', { name: file.name })} />
    ) : null;
  } else if (identifier && !shapeProblem) {
    result = byId.isPending ? (
      <div className="ow-panel ow-lic-section" aria-busy>
        <CardSkeleton rows={4} />
      </div>
    ) : byId.isError ? (
      <FailedCheck error={byId.error} />
    ) : (
      <ResultPanel v={byId.data} source={t('licences.verify.identifierOf', { identifier })} />
    );
  }

  return (
    <CitizenTheme>
    <div className="ow-lic ow-verify">
      <div className="ow-account-band ow-lic-band">
        <div className="ow-container">
          <Breadcrumb className="ow-account-crumbs" items={[{ title: <Link to="/">{t('licences.breadcrumbHome')}</Link> }, { title: t('licences.verify.title') }]} />
          <h1 className="ow-account-title ow-lic-title">
            <SafetyCertificateOutlined aria-hidden /> {t('licences.verify.title')}
          </h1>
          <p className="ow-verify-sub">{t('licences.verify.subtitle')}</p>
        </div>
      </div>
      <div className="ow-container ow-account-body ow-lic-body">
        <div className="ow-verify-grid">
          <div className="ow-verify-main">
            <section className="ow-panel ow-lic-section ow-verify-forms">
              <Tabs
                activeKey={tab}
                onChange={(k) => setTab(k as 'id' | 'file')}
                items={[
                  {
                    key: 'id',
                    label: (
                      <span>
                        <SearchOutlined aria-hidden /> {t('licences.verify.byId')}
                      </span>
                    ),
                    children: (
                      <Form form={form} layout="vertical" name="verify" onFinish={submitId} requiredMark={false} initialValues={{ identifier: identifier ?? '' }}>
                        <Form.Item label={t('licences.verify.idLabel')} htmlFor="verify_identifier" className="ow-verify-iditem">
                          <div className="ow-verify-idrow">
                            <Form.Item
                              name="identifier"
                              noStyle
                              rules={[
                                { required: true, whitespace: true, message: t('licences.verify.idRequired') },
                                {
                                  validator: async (_, v: string | undefined) => {
                                    if (v?.trim() && checkLicenceIdentifier(v.trim())) throw new Error(t('licences.verify.idShape'));
                                  },
                                },
                              ]}
                            >
                              <Input size="large" allowClear spellCheck={false} autoComplete="off" placeholder={t('licences.verify.idPlaceholder')} className="ow-lic-mono" />
                            </Form.Item>
                            <Button type="primary" size="large" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={byId.isFetching} data-testid="verify-submit">
                              {t('licences.verify.submit')}
                            </Button>
                          </div>
                        </Form.Item>
                      </Form>
                    ),
                  },
                  {
                    key: 'file',
                    label: (
                      <span>
                        <FilePdfOutlined aria-hidden /> {t('licences.verify.byFile')}
                      </span>
                    ),
                    children: (
                      <div className="ow-verify-file">
                        <p className="ow-muted">{t('licences.verify.fileHint')}</p>
                        <Upload
                          accept="application/pdf,.pdf"
                          maxCount={1}
                          showUploadList={false}
                          beforeUpload={(f) => {
                            checkFile(f);
                            return false;
                          }}
                        >
                          <Button size="large" icon={<UploadOutlined />} loading={byFile.isPending} data-testid="verify-upload">
                            {byFile.isPending ? t('licences.verify.checking') : t('licences.verify.choose')}
                          </Button>
                        </Upload>
                      </div>
                    ),
                  },
                ]}
              />
            </section>
            <div aria-live="polite">{result}</div>
          </div>
          <aside className="ow-verify-side">
            <section className="ow-panel ow-lic-section">
              <h2 className="ow-lic-h2">{t('licences.verify.how.title')}</h2>
              <ol className="ow-verify-how">
                {(t('licences.verify.how.items', { returnObjects: true }) as string[]).map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
              <KeysLink />
            </section>
          </aside>
        </div>
      </div>
    </div>
    </CitizenTheme>
  );
}

function FailedCheck({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text = error instanceof ApiError && error.status === 413 ? t('licences.verify.tooLarge', { size: '1 MB' }) : problemMessage(t, error);
  return <Alert type="error" showIcon role="alert" className="ow-lic-alert" title={t('licences.verify.failed')} description={text} />;
}

const RESULT_ICON = {
  ok: <CheckCircleFilled />,
  warn: <ExclamationCircleFilled />,
  bad: <CloseCircleFilled />,
  unknown: <QuestionCircleFilled />,
};

/** The verdict, large, and what the register says about the licence. */
function ResultPanel({ v, source }: { v: Verification; source: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const tone = resultTone(v.result);
  const mobile = useIsMobile();
  const l = v.licence;
  return (
    <section className={`ow-panel ow-verify-result ow-verify-${tone}`} data-testid="verify-result" data-result={v.result} aria-labelledby="verify-verdict">
      <div className="ow-verify-verdict">
        <span className="ow-verify-icon" aria-hidden>
          {RESULT_ICON[tone]}
        </span>
        <div className="ow-verify-words">
          <h2 id="verify-verdict" className="ow-verify-title">
            {t(`licences.verify.result.${v.result}.title`)}
            {l && <span className="ow-verify-licname">{l.name}</span>}
          </h2>
          <p className="ow-verify-desc">{t(`licences.verify.result.${v.result}.desc`)}</p>
          <p className="ow-verify-source">{source}</p>
        </div>
      </div>
      {l && (
        <div className="ow-verify-fields">
          <h3 className="ow-lic-h3">{t('licences.verify.fieldsTitle')}</h3>
          <Descriptions
            className="ow-lic-desc"
            bordered
            size="small"
            layout={mobile ? 'vertical' : 'horizontal'}
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'name', label: t('licences.fields.name'), children: l.name },
              { key: 'number', label: t('licences.fields.number'), children: <span className="ow-lic-mono">{l.number}</span> },
              { key: 'holder', label: t('licences.fields.holder'), children: l.holder },
              { key: 'holderCode', label: t('licences.fields.holderCode'), children: <span className="ow-lic-mono">{l.holderCode}</span> },
              { key: 'holderCodeType', label: t('licences.fields.holderCodeType'), children: t(`licences.codeType.${l.holderCodeType}`) },
              { key: 'status', label: t('licences.fields.status'), children: <LicenceStatusTag status={l.status} /> },
              { key: 'issuer', label: t('licences.fields.issuer'), children: l.issuer },
              { key: 'issuerCode', label: t('licences.fields.issuerCode'), children: <span className="ow-lic-mono">{l.issuerCode}</span> },
              { key: 'issueDate', label: t('licences.fields.issueDate'), children: formatDay(l.issueDate, lang) },
              { key: 'validity', label: t('licences.fields.validity'), children: validityText(t, lang, l.validFrom, l.validTo) },
              ...(l.revokedAt ? [{ key: 'revokedAt', label: t('licences.fields.revokedAt'), children: formatTime(l.revokedAt, lang) }] : []),
              ...(l.suspendedAt && l.status === 'suspended' ? [{ key: 'suspendedAt', label: t('licences.fields.suspendedAt'), children: formatTime(l.suspendedAt, lang) }] : []),
              { key: 'jurisdiction', label: t('licences.fields.jurisdiction'), children: <span className="ow-lic-mono">{l.jurisdiction}</span> },
              { key: 'identifier', label: t('licences.fields.identifier'), span: { xs: 1, sm: 1, md: 2 }, children: <span className="ow-lic-mono ow-lic-break">{l.identifier}</span> },
            ]}
          />
          {l.holderCodeType === '111' && <p className="ow-muted ow-lic-hint">{t('licences.verify.maskedNote')}</p>}
          <h3 className="ow-lic-h3">{t('licences.verify.sealTitle')}</h3>
          <div className="ow-verify-seal">
            <span className="ow-lic-seal-mark" aria-hidden>
              <SafetyCertificateOutlined />
            </span>
            <dl className="ow-lic-kv">
              <dt>{t('licences.fields.seal')}</dt>
              <dd>{l.seal.name}</dd>
              <dt>{t('licences.fields.issuer')}</dt>
              <dd>
                {l.seal.organisation} <span className="ow-lic-mono ow-muted">{l.seal.organisationCode}</span>
              </dd>
              <dt>{t('licences.fields.algorithm')}</dt>
              <dd>{l.seal.algorithm}</dd>
              <dt>{t('licences.fields.keyId')}</dt>
              <dd className="ow-lic-mono ow-lic-break" data-testid="verify-key-id">
                {l.seal.keyId}
              </dd>
            </dl>
          </div>
        </div>
      )}
    </section>
  );
}

/** The published seal keys: a dialog listing them, with the machine-readable address. */
function KeysLink() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [open, setOpen] = useState(false);
  const keys = useQuery({ queryKey: ['licences', 'keys'], queryFn: licencesApi.keys, enabled: open, staleTime: 5 * 60_000 });
  const colour: Record<PublishedKey['status'], string> = { active: 'success', retired: 'default', revoked: 'error' };
  return (
    <>
      <Button icon={<KeyOutlined />} onClick={() => setOpen(true)} block data-testid="keys-open">
        {t('licences.verify.keys')}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} title={t('licences.verify.keysTitle')} footer={<Button onClick={() => setOpen(false)}>{t('licences.verify.close')}</Button>} width={720}>
        <p className="ow-muted">{t('licences.verify.keysIntro')}</p>
        <p>
          <a href={`${API_BASE}/licences/keys`} target="_blank" rel="noreferrer">
            {t('licences.verify.keysJson')}：{API_BASE}/licences/keys
          </a>
        </p>
        {keys.isPending ? (
          <CardSkeleton rows={4} />
        ) : keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
        ) : keys.data.items.length === 0 ? (
          <Empty description={t('licences.verify.keysEmpty')} />
        ) : (
          <ul className="ow-verify-keys" data-testid="keys-list">
            {keys.data.items.map((k) => (
              <li key={k.keyId}>
                <div className="ow-verify-key-top">
                  <span className="ow-verify-key-org">{k.organisation}</span>
                  <Tag color={colour[k.status]}>{t(`licences.verify.keyStatus.${k.status}`)}</Tag>
                </div>
                <div className="ow-muted ow-lic-mono ow-lic-break">
                  {t('licences.fields.keyId')}：{k.keyId}
                </div>
                <div className="ow-muted">
                  {k.algorithm} · {t('licences.verify.keyCreated')}：{formatTime(k.createdAt, lang)}
                </div>
                <details>
                  <summary>{t('licences.verify.keyPem')}</summary>
                  <pre className="ow-verify-pem">{k.publicKeyPem}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Modal>
    </>
  );
}
