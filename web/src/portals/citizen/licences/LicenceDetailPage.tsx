/**
 * /my/licences/:identifier — one licence of the wallet: its directory fields (目录信息), the type's
 * fields (照面信息, from the signed document, labelled by the licence type), the identifier, the e-seal
 * and a link to its public verification page, the PDF download (503 when the node lacks the CJK
 * font), and its authorisations of use.
 */
import { CopyOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Result, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { licencesApi, verifyPath, type LicenceType, type WalletLicence } from '../../../api/licences';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useIsMobile } from '../../../lib/useMedia';
import { AuthorisationsSection } from './AuthorisationsSection';
import { formatDay, formatTime, HolderFrame, LicenceStatusTag, problemMessage, useWallet, validityText } from './common';

export default function LicenceDetailPage() {
  const { t } = useTranslation();
  const { identifier = '' } = useParams();
  const q = useWallet();
  const licence = q.data?.items.find((l) => l.identifier === identifier);
  useDocumentTitle(licence ? `${licence.name} - ${t('licences.title')}` : t('licences.detail.title'));
  const crumbs = [{ title: <Link to="/my/licences">{t('licences.title')}</Link> }, { title: licence?.name ?? t('licences.detail.title') }];
  return (
    <HolderFrame title={t('licences.detail.title')} crumbs={crumbs}>
      {q.isPending ? (
        <div className="ow-panel ow-lic-section">
          <CardSkeleton rows={8} />
        </div>
      ) : q.isError ? (
        <div className="ow-panel ow-lic-section">
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        </div>
      ) : !licence ? (
        <div className="ow-panel ow-lic-section">
          <Result status="404" title={t('licences.detail.notFound')} subTitle={t('licences.detail.notFoundHint')} extra={<Link to="/my/licences">{t('licences.detail.back')}</Link>} />
        </div>
      ) : (
        <Detail licence={licence} />
      )}
    </HolderFrame>
  );
}

function Detail({ licence: l }: { licence: WalletLicence }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const { message } = AntApp.useApp();
  const mobile = useIsMobile();
  const [downloading, setDownloading] = useState(false);
  const [fontMissing, setFontMissing] = useState(false);

  const download = async () => {
    setDownloading(true);
    setFontMissing(false);
    try {
      const { blob, filename } = await licencesApi.pdf(l.identifier);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      void message.success(t('licences.detail.downloaded'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 503) setFontMissing(true);
      else void message.error(`${t('licences.detail.downloadFailed')}：${problemMessage(t, e)}`);
    } finally {
      setDownloading(false);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(l.identifier);
      void message.success(t('licences.detail.copied'));
    } catch {
      // no clipboard (insecure context): the identifier stays selectable
    }
  };

  return (
    <div className="ow-lic-detail" data-testid="licence-detail" data-status={l.status}>
      <section className={`ow-panel ow-lic-section ow-lic-head ow-lic-head-${l.status}`}>
        <div className="ow-lic-head-top">
          <div className="ow-lic-head-name">
            <h2 className="ow-lic-name">{l.name}</h2>
            <LicenceStatusTag status={l.status} />
          </div>
          <div className="ow-lic-head-actions">
            <Button type="primary" icon={<DownloadOutlined />} loading={downloading} onClick={() => void download()} data-testid="licence-download">
              {t('licences.detail.download')}
            </Button>
            <Link to={verifyPath(l.identifier)} data-testid="licence-verify-link">
              <Button icon={<SafetyCertificateOutlined />}>{t('licences.detail.verifyLink')}</Button>
            </Link>
          </div>
        </div>
        <div className="ow-lic-idrow">
          <span className="ow-lic-idlabel">{t('licences.fields.identifier')}</span>
          <code className="ow-lic-identifier" data-testid="licence-identifier">
            {l.identifier}
          </code>
          <Tooltip title={t('licences.detail.copy')}>
            <Button type="text" size="small" icon={<CopyOutlined />} aria-label={t('licences.detail.copy')} onClick={() => void copy()} />
          </Tooltip>
        </div>
        {fontMissing && <Alert type="warning" showIcon className="ow-lic-alert" role="alert" data-testid="licence-font-missing" title={t('licences.detail.fontMissing')} description={t('licences.detail.fontMissingHint')} />}
        {l.status !== 'valid' && <Alert type={l.status === 'revoked' ? 'error' : 'warning'} showIcon className="ow-lic-alert" title={t(`licences.detail.statusNote.${l.status}`)} />}
      </section>

      <div className="ow-lic-detail-grid">
        <div className="ow-lic-detail-main">
          <section className="ow-panel ow-lic-section" aria-labelledby="sec-directory">
            <h2 id="sec-directory" className="ow-lic-h2">
              {t('licences.detail.directory')}
            </h2>
            <Descriptions
              className="ow-lic-desc"
              bordered
              size="small"
              layout={mobile ? 'vertical' : 'horizontal'}
              column={{ xs: 1, sm: 1, md: 2 }}
              items={[
                { key: 'name', label: t('licences.fields.name'), children: l.name },
                { key: 'number', label: t('licences.fields.number'), children: <span className="ow-lic-mono">{l.number}</span> },
                { key: 'holder', label: t('licences.fields.holder'), children: l.holderName },
                { key: 'holderCodeType', label: t('licences.fields.holderCodeType'), children: t(`licences.codeType.${l.holderCodeType}`) },
                { key: 'holderCode', label: t('licences.fields.holderCode'), children: <span className="ow-lic-mono">{l.holderCode}</span> },
                { key: 'issuer', label: t('licences.fields.issuer'), children: l.issuer },
                { key: 'issuerCode', label: t('licences.fields.issuerCode'), children: <span className="ow-lic-mono">{l.issuerCode}</span> },
                { key: 'issueDate', label: t('licences.fields.issueDate'), children: formatDay(l.issueDate, lang) },
                { key: 'validity', label: t('licences.fields.validity'), children: validityText(t, lang, l.validFrom, l.validTo) },
                { key: 'jurisdiction', label: t('licences.fields.jurisdiction'), children: <span className="ow-lic-mono">{l.jurisdiction}</span> },
                { key: 'status', label: t('licences.fields.status'), children: <LicenceStatusTag status={l.status} /> },
                ...(l.suspendedAt && l.status === 'suspended' ? [{ key: 'suspendedAt', label: t('licences.fields.suspendedAt'), children: formatTime(l.suspendedAt, lang) }] : []),
                ...(l.revokedAt ? [{ key: 'revokedAt', label: t('licences.fields.revokedAt'), children: formatTime(l.revokedAt, lang) }] : []),
                { key: 'typeCode', label: t('licences.fields.typeCode'), children: <span className="ow-lic-mono">{l.typeCode}</span> },
              ]}
            />
          </section>
          <FaceSection licence={l} />
        </div>
        <div className="ow-lic-detail-side">
          <section className="ow-panel ow-lic-section" aria-labelledby="sec-seal">
            <h2 id="sec-seal" className="ow-lic-h2">
              {t('licences.detail.sealSection')}
            </h2>
            <div className="ow-lic-seal">
              <span className="ow-lic-seal-mark" aria-hidden>
                <SafetyCertificateOutlined />
              </span>
              <div className="ow-lic-seal-name">{l.seal.name}</div>
            </div>
            <dl className="ow-lic-kv">
              <dt>{t('licences.fields.issuer')}</dt>
              <dd>{l.seal.organisation}</dd>
              <dt>{t('licences.fields.issuerCode')}</dt>
              <dd className="ow-lic-mono">{l.seal.organisationCode}</dd>
              <dt>{t('licences.fields.algorithm')}</dt>
              <dd>{l.seal.algorithm}</dd>
              <dt>{t('licences.fields.keyId')}</dt>
              <dd className="ow-lic-mono">{l.seal.keyId}</dd>
            </dl>
            <p className="ow-muted ow-lic-hint">{t('licences.detail.verifyHint')}</p>
            <Link to={verifyPath(l.identifier)}>
              <SafetyCertificateOutlined aria-hidden /> {t('licences.detail.verifyLink')}
            </Link>
          </section>
        </div>
      </div>

      <AuthorisationsSection licence={l} />
    </div>
  );
}

/** A value of the licence's data in words. */
function valueText(t: (k: string) => string, lang: string, type: string | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('licences.yes') : t('licences.no');
  if (type === 'date' && typeof value === 'string') return formatDay(value, lang);
  return String(value);
}

/** 照面信息: the type's fields in their order, then any data key the type does not name. */
function FaceSection({ licence: l }: { licence: WalletLicence }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const mobile = useIsMobile();
  const doc = useQuery({ queryKey: ['licences', 'document', l.identifier], queryFn: () => licencesApi.document(l.identifier), staleTime: 5 * 60_000 });
  const types = useQuery({ queryKey: ['licences', 'types'], queryFn: licencesApi.types, staleTime: 60 * 60_000 });
  const type: LicenceType | undefined = types.data?.items.find((x) => x.code === l.typeCode);
  let body;
  if (doc.isPending || types.isPending) body = <CardSkeleton rows={4} />;
  else if (doc.isError) body = <Alert type="warning" showIcon title={t('licences.detail.faceFailed')} description={problemMessage(t, doc.error)} />;
  else {
    const data = doc.data.payload.data ?? {};
    const fields = type?.fields ?? [];
    const known = new Set(fields.map((f) => f.key));
    const items = [
      ...fields.filter((f) => f.key in data).map((f) => ({ key: f.key, label: f.label, children: valueText(t, lang, f.type, data[f.key]) })),
      ...Object.keys(data)
        .filter((k) => !known.has(k))
        .map((k) => ({ key: k, label: k, children: valueText(t, lang, undefined, data[k]) })),
    ];
    body = items.length === 0 ? <p className="ow-muted">{t('licences.detail.noFace')}</p> : <Descriptions className="ow-lic-desc" bordered size="small" layout={mobile ? 'vertical' : 'horizontal'} column={1} items={items} />;
  }
  return (
    <section className="ow-panel ow-lic-section" aria-labelledby="sec-face">
      <h2 id="sec-face" className="ow-lic-h2">
        {t('licences.detail.face')}
      </h2>
      {body}
    </section>
  );
}
