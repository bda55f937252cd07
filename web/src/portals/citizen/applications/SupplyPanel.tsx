/**
 * 免提交 on a draft: what the applicant's own electronic licences and the departments' shared data
 * can supply (materials, and form fields prefilled), why something cannot be, and one consent that
 * fetches them. Nothing is fetched before the applicant agrees; a licence used is listed among its
 * authorisations in 我的证照, a record read is in the exchange log.
 */
import { CheckCircleFilled, CloudDownloadOutlined, DatabaseOutlined, IdcardOutlined, InfoCircleOutlined, ThunderboltFilled } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Checkbox, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { consentToSupply, supplyPlan, type Application, type SupplyPlan, type SupplyReason } from '../../../api/applications';
import { problemMessage } from './common';

export const supplyPlanKey = (id: string) => ['application-supply', id] as const;

/** The reason's message key: the grant refusals share one. */
export const reasonKey = (r: SupplyReason) =>
  ['no-grant', 'expired', 'revoked', 'fields-outside-grant', 'purpose-mismatch'].includes(r) ? 'noGrant' : r === 'unknown-licence-type' || r === 'unknown-resource' ? 'unsupported' : r;

export interface SupplyPanelProps {
  app: Application;
  /** saves unsaved form edits first; answers the application's current version, or null when that failed */
  beforeConsent: () => Promise<number | null>;
  /** the application after consent (its form with the prefilled fields) */
  onSupplied: (app: Application) => void;
  /** 412 and other failures */
  onFailed: (e: unknown) => Promise<void>;
  disabled?: boolean;
}

export function SupplyPanel({ app, beforeConsent, onSupplied, onFailed, disabled = false }: SupplyPanelProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const q = useQuery({ queryKey: supplyPlanKey(app.id), queryFn: () => supplyPlan(app.id) });
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const plan = q.data;
  // items without anything to supply show nothing (no flash of an empty section while loading)
  if (q.isPending || (plan && plan.materials.length + plan.prefill.length === 0)) return null;
  if (q.isError || !plan) return <Alert type="warning" showIcon className="ow-apps-alert" title={t('applications.supply.loadFailed')} description={problemMessage(t, q.error)} />;

  const available = plan.materials.filter((m) => m.state === 'available').length + plan.prefill.filter((p) => p.state === 'available' && !prefilledAll(app, p)).length;
  const supplied = plan.materials.filter((m) => m.state === 'supplied').length;
  const needsLevel = [...plan.materials, ...plan.prefill].some((x) => x.state === 'unavailable' && x.reason === 'level-required');

  const consent = async () => {
    setBusy(true);
    try {
      const version = await beforeConsent();
      if (version === null) return;
      const updated = await consentToSupply(app.id, version);
      onSupplied(updated);
      await client.invalidateQueries({ queryKey: supplyPlanKey(app.id) });
      const o = updated.supplyOutcome;
      if (o.supplied.length || o.prefilled.length) void message.success(t('applications.supply.done', { materials: o.supplied.length, fields: o.prefilled.length }));
      if (o.failed.length) void message.warning(t('applications.supply.someFailed', { count: o.failed.length }));
      setAgreed(false);
    } catch (e) {
      if (e instanceof ApiError && e.status !== 412) await client.invalidateQueries({ queryKey: supplyPlanKey(app.id) });
      await onFailed(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="ow-panel ow-apps-section ow-supply" aria-labelledby="sec-supply" data-testid="supply-panel">
      <h2 id="sec-supply" className="ow-apps-h2">
        <span className="ow-apps-step ow-supply-step" aria-hidden>
          <ThunderboltFilled />
        </span>
        {t('applications.supply.title')}
      </h2>
      <p className="ow-supply-intro">{t('applications.supply.intro')}</p>
      <ul className="ow-supply-list">
        {plan.materials.map((m) => (
          <SupplyRow
            key={m.material}
            icon={m.kind === 'licence' ? <IdcardOutlined /> : <DatabaseOutlined />}
            title={m.materialName}
            source={t(`applications.supply.source.${m.kind}`, { name: m.source.name })}
            detail={
              m.licence
                ? t('applications.supply.licenceDetail', { issuer: m.provider?.name ?? '', number: m.licence.number })
                : m.provider
                  ? t('applications.supply.providerDetail', { provider: m.provider.name })
                  : null
            }
            state={m.state}
            reason={m.reason}
          />
        ))}
        {plan.prefill.map((p) => (
          <SupplyRow
            key={p.resource.code}
            icon={<CloudDownloadOutlined />}
            title={t('applications.supply.prefillTitle', { fields: p.fields.map((f) => app.formDefinition.properties[f]?.title ?? f).join('、') })}
            source={t('applications.supply.source.shared', { name: p.resource.name })}
            detail={p.provider ? t('applications.supply.providerDetail', { provider: p.provider.name }) : null}
            state={p.state === 'available' && prefilledAll(app, p) ? 'supplied' : p.state}
            reason={p.reason}
          />
        ))}
      </ul>
      {needsLevel && (
        <Alert
          type="info"
          showIcon
          className="ow-supply-alert"
          title={t('applications.supply.levelTitle')}
          description={
            <>
              {t('applications.supply.levelHint')} <Link to="/account">{t('applications.supply.levelLink')}</Link>
            </>
          }
        />
      )}
      {available > 0 && (
        <div className="ow-supply-consent">
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="supply-consent">
            {t('applications.supply.consent')}
          </Checkbox>
          <Button type="primary" icon={<CloudDownloadOutlined />} onClick={() => void consent()} disabled={!agreed || disabled || busy} loading={busy} data-testid="supply-button">
            {t('applications.supply.button', { count: available })}
          </Button>
        </div>
      )}
      {supplied > 0 && (
        <p className="ow-supply-saved" data-testid="supply-saved">
          <CheckCircleFilled aria-hidden /> {t('applications.supply.saved', { count: app.materialsSaved })}
        </p>
      )}
    </section>
  );
}

/** Whether every field a prefill offer fills already has a value. */
function prefilledAll(app: Application, p: SupplyPlan['prefill'][number]): boolean {
  return p.fields.every((f) => app.form[f] !== undefined && app.form[f] !== null && app.form[f] !== '');
}

function SupplyRow({ icon, title, source, detail, state, reason }: { icon: React.ReactNode; title: string; source: string; detail: string | null; state: 'available' | 'supplied' | 'unavailable'; reason: SupplyReason | null }) {
  const { t } = useTranslation();
  return (
    <li className={`ow-supply-row is-${state}`}>
      <span className="ow-supply-icon" aria-hidden>
        {icon}
      </span>
      <div className="ow-supply-main">
        <div className="ow-supply-title">{title}</div>
        <div className="ow-supply-source">{source}</div>
        {detail && <div className="ow-supply-detail">{detail}</div>}
        {state === 'unavailable' && reason && (
          <div className="ow-supply-reason">
            <InfoCircleOutlined aria-hidden /> {t(`applications.supply.reason.${reasonKey(reason)}`)}
          </div>
        )}
      </div>
      <Tag className="ow-supply-state" color={state === 'supplied' ? 'green' : state === 'available' ? 'blue' : 'default'}>
        {t(`applications.supply.state.${state}`)}
      </Tag>
    </li>
  );
}
