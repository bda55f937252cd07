/**
 * /my/licences — 我的证照: the licences of the signed-in person and of the enterprises they act for,
 * as cards (name, holder, number, issuer, issue date, validity, status, active authorisations), with a
 * filter by holder kind. Personal licences need 实名核验 (level 3): a notice links to 个人中心.
 */
import { BankOutlined, RightOutlined, SafetyCertificateOutlined, ShareAltOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { WalletLicence } from '../../../api/licences';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useIsMobile } from '../../../lib/useMedia';
import { formatDay, HolderFrame, LicenceStatusTag, useWallet, validityText } from './common';

type Filter = 'all' | 'person' | 'enterprise';
const FILTERS: Filter[] = ['all', 'person', 'enterprise'];

export const licencePath = (identifier: string) => `/my/licences/${encodeURIComponent(identifier)}`;

export default function MyLicencesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('licences.title'));
  return (
    <HolderFrame title={t('licences.title')} crumbs={[{ title: t('licences.title') }]}>
      <Wallet />
    </HolderFrame>
  );
}

function Wallet() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const q = useWallet();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS.includes(params.get('holder') as Filter) ? params.get('holder') : 'all') as Filter;
  const setFilter = (f: Filter) => {
    const usp = new URLSearchParams(params);
    if (f === 'all') usp.delete('holder');
    else usp.set('holder', f);
    setParams(usp, { replace: true });
  };

  if (q.isPending) {
    return (
      <div className="ow-panel ow-lic-section">
        <CardSkeleton rows={6} />
      </div>
    );
  }
  if (q.isError) {
    return (
      <div className="ow-panel ow-lic-section">
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  }
  const { items, personLicencesNeedLevel3 } = q.data;
  const level3Link = (
    <Link to="/account">
      <Button type="primary" icon={<SafetyCertificateOutlined />}>
        {t('licences.level3.action')}
      </Button>
    </Link>
  );
  const shown = filter === 'all' ? items : items.filter((l) => l.holderKind === filter);
  return (
    <>
      {personLicencesNeedLevel3 && (
        <Alert
          type="warning"
          showIcon
          className="ow-lic-alert"
          data-testid="licences-level3"
          title={t('licences.level3.title')}
          description={
            <>
              <div>{t('licences.level3.desc')}</div>
              {/* phones: the button under the words (beside them, the words would be squeezed) */}
              {mobile && <div className="ow-lic-alert-action">{level3Link}</div>}
            </>
          }
          action={mobile ? undefined : level3Link}
        />
      )}
      <div className="ow-panel ow-lic-section">
        <p className="ow-lic-intro">{t('licences.list.intro')}</p>
        <div className="ow-lic-toolbar">
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            options={FILTERS.map((f) => ({ value: f, label: t(`licences.list.${f}`) }))}
            block={mobile}
            className="ow-lic-filter"
          />
          <span className="ow-muted ow-lic-total">{t('licences.list.total', { count: shown.length })}</span>
        </div>
        {shown.length === 0 ? (
          <Empty
            className="ow-lic-empty"
            description={
              <>
                <div>{t('licences.list.empty')}</div>
                <div className="ow-muted">{t('licences.list.emptyHint')}</div>
              </>
            }
          />
        ) : (
          <ul className="ow-lic-cards" data-testid="licence-cards">
            {shown.map((l) => (
              <li key={l.identifier}>
                <LicenceCard licence={l} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function LicenceCard({ licence: l }: { licence: WalletLicence }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const rows: [string, string][] = [
    [t('licences.fields.number'), l.number],
    [t('licences.fields.issuer'), l.issuer],
    [t('licences.fields.issueDate'), formatDay(l.issueDate, lang)],
    [t('licences.fields.validity'), validityText(t, lang, l.validFrom, l.validTo)],
  ];
  return (
    <Link to={licencePath(l.identifier)} className={`ow-lic-card ow-lic-card-${l.status}`} data-testid="licence-card" data-identifier={l.identifier}>
      <div className="ow-lic-card-head">
        <span className="ow-lic-card-name">{l.name}</span>
        <LicenceStatusTag status={l.status} />
      </div>
      <div className="ow-lic-card-holder">
        {l.holderKind === 'enterprise' ? <BankOutlined aria-hidden /> : <UserOutlined aria-hidden />}
        <span className="ow-lic-card-holdername">{l.holderName}</span>
        <span className="ow-lic-kind">{t(`licences.holderKind.${l.holderKind}`)}</span>
      </div>
      <dl className="ow-lic-card-facts">
        {rows.map(([k, v]) => (
          <div key={k} className="ow-lic-fact">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="ow-lic-card-foot">
        <span className={l.activeAuthorisations > 0 ? 'ow-lic-auths active' : 'ow-lic-auths'}>
          <ShareAltOutlined aria-hidden />{' '}
          {l.activeAuthorisations > 0 ? t('licences.list.activeAuthorisations', { count: l.activeAuthorisations }) : t('licences.list.noAuthorisations')}
        </span>
        <span className="ow-lic-card-open">
          {t('licences.list.open')} <RightOutlined aria-hidden />
        </span>
      </div>
    </Link>
  );
}
