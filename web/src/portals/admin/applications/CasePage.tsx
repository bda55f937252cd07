/**
 * 办件详情: the case as the handling staff see it — applicant (masked), enterprise, form data
 * (read-only, in the form's order), materials with their files, time limits and card, the review
 * steps, the full history — with 认领/释放 and the action panel (ActionPanel). A window draft the
 * clerk entered opens the window page instead (WindowDraft).
 */
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { orderedFields, type CaseState, type FormField, type MaterialTrustLevel } from '@onewindow/domain';
import { Alert, App, Button, Steps, Tag, Timeline } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { claimApplication, type ApplicationEvent, type StaffApplication, type Supply } from '../../../api/applications';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from '../AdminParts';
import { CaseGrid, CaseHead, CaseSection, useReloadCase } from '../CaseParts';
import { useAction } from '../hooks';
import { problemAlert } from '../problems';
import { ActionPanel } from './ActionPanel';
import { CaseStatusTag, ChannelTag, FileLink, GreenChannelMark, isClaimConflict, useCase, WarningCard } from './parts';
import { WindowDraft } from './WindowPages';

const TERMINAL = ['completed', 'rejected', 'withdrawn', 'terminated'];

function valueText(t: TFunction, field: FormField, v: unknown): string {
  if (v === undefined || v === null || v === '') return t('admin.applications.detail.formEmpty');
  if (typeof v === 'boolean') return v ? t('admin.applications.detail.yes') : t('admin.applications.detail.no');
  if (Array.isArray(v)) return v.join('、');
  void field;
  return String(v);
}

function FormData({ app }: { app: StaffApplication }) {
  const { t } = useTranslation();
  const fields = orderedFields(app.formDefinition);
  return (
    <dl className="ow-wb-form-data">
      {fields.map(([key, field]) => {
        const prefilled = field['x-prefill'] ? app.prefilled[key] : undefined;
        const v = field['x-prefill'] ? prefilled : app.form[key];
        return (
          <div key={key} className="ow-wb-form-row">
            <dt>{field.title ?? key}</dt>
            <dd className={v === undefined || v === '' ? 'ow-muted' : undefined}>{valueText(t, field, v)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Trust levels (DOMAIN.md §4): A issued with an e-seal … D under a commitment; none: nothing in hand yet. */
const TRUST_COLOURS: Record<MaterialTrustLevel | 'none', string> = { A: 'green', B: 'blue', C: 'gold', D: 'orange', none: 'default' };

/** A material supplied by a licence (its identifier, verifiable) or by shared data (the record read, and the exchange). */
function SuppliedMaterial({ supply }: { supply: Supply }) {
  const { t } = useTranslation();
  return (
    <div className="ow-wb-supplied">
      <div className="ow-wb-sub">
        {t(`admin.applications.detail.supplied.${supply.kind}`, { name: supply.sourceName, provider: supply.provider.name })}
      </div>
      {supply.kind === 'licence' ? (
        <div className="ow-wb-sub ow-wb-mono">
          {supply.sourceRef}{' '}
          <a href={`/verify/${encodeURIComponent(supply.sourceRef)}`} target="_blank" rel="noopener noreferrer">
            {t('admin.applications.detail.verifyLicence')}
          </a>
        </div>
      ) : (
        <>
          {supply.data && (
            <dl className="ow-wb-record">
              {Object.entries(supply.data).map(([k, v]) => (
                <div key={k}>
                  <dt>{supply.fieldNames[k] ?? k}</dt>
                  <dd>{v === null || v === '' ? '—' : String(v)}</dd>
                </div>
              ))}
            </dl>
          )}
          <div className="ow-muted ow-wb-sub ow-wb-mono">{t('admin.applications.detail.exchangeId', { id: supply.exchangeId })}</div>
        </>
      )}
    </div>
  );
}

function Materials({ app }: { app: StaffApplication }) {
  const { t } = useTranslation();
  const missing = new Set(app.case.tolerance && !app.case.tolerance.supplied ? app.case.tolerance.missing : []);
  const replaced = new Set(app.commitmentSignedAt ? (app.commitment?.replacesMaterials ?? []) : []);
  return (
    <ol className="ow-wb-materials">
      {app.materials.map((m) => {
        const files = app.files.filter((f) => f.kind === 'material' && f.materialCode === m.code);
        const state = app.materialStates?.find((x) => x.code === m.code);
        const supply = app.supplies?.find((x) => x.material === m.code);
        return (
          <li key={m.code} className="ow-wb-material" data-testid={`material-${m.code}`}>
            <div className="ow-wb-material-head">
              <span className="ow-wb-material-name">{m.name}</span>
              <span className="ow-wb-material-tags">
                <Tag className="ow-status-tag" color={m.required ? 'red' : 'default'} variant="outlined">
                  {m.required ? t('admin.applications.detail.materialRequired') : t('admin.applications.detail.materialOptional')}
                </Tag>
                {m.mayBeMissing && (
                  <Tag className="ow-status-tag" color="gold" variant="outlined">
                    {t('admin.applications.detail.mayBeMissing')}
                  </Tag>
                )}
                {state && (
                  <Tag className="ow-status-tag" color={TRUST_COLOURS[state.trustLevel ?? 'none']} data-testid={`trust-${m.code}`}>
                    {t(`admin.applications.detail.provenance.${state.provenance}`)}
                    {state.trustLevel && ` · ${t('admin.applications.detail.trust', { level: state.trustLevel })}`}
                  </Tag>
                )}
              </span>
            </div>
            {m.requiredNote && <div className="ow-muted ow-wb-sub">{m.requiredNote}</div>}
            {supply ? (
              <SuppliedMaterial supply={supply} />
            ) : files.length ? (
              <ul className="ow-wb-files">
                {files.map((f) => (
                  <li key={f.id}>
                    <FileLink appId={app.id} file={f} />
                  </li>
                ))}
              </ul>
            ) : (
              <div className="ow-muted ow-wb-sub">
                {m.byForm
                  ? t('admin.applications.detail.byForm')
                  : m.source !== 'applicant'
                    ? t('admin.applications.detail.fromPlatform')
                    : missing.has(m.code) || missing.has(m.name)
                      ? t('admin.applications.detail.missingUnderTolerance')
                      : replaced.has(m.code)
                        ? t('admin.applications.detail.replacedByCommitment')
                        : t('admin.applications.detail.noFile')}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** What an event carries besides its action: opinion, reason, legal basis, the items of a 补正, the decision… */
function EventBody({ app, e }: { app: StaffApplication; e: ApplicationEvent }) {
  const { t } = useTranslation();
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const files = app.files.filter((f) => f.eventSeq === e.seq);
  const rows: [string, ReactNode][] = [];
  // the server's event carries the step's key and index (not its name): the name comes from the case's steps
  const rs = e.reviewStep as { key?: string; index?: number; name?: string } | null;
  const stepName = rs ? (rs.name ?? app.reviewSteps.find((x) => x.key === rs.key)?.name ?? (rs.index !== undefined ? app.reviewSteps[rs.index]?.name : undefined)) : undefined;
  if (stepName) rows.push([t('admin.applications.detail.step'), stepName]);
  if (typeof p.outcome === 'string' && (e.action === 'decide' || e.action === 'accept_and_decide')) rows.push([t('admin.applications.detail.decision'), t(`admin.applications.outcome.${p.outcome}`)]);
  if (typeof p.delivery === 'string') rows.push([t('admin.applications.detail.delivery'), t(`admin.applications.delivery.${p.delivery}`)]);
  if (typeof p.procedure === 'string') rows.push([t('admin.applications.panel.procedure'), t(`admin.applications.procedure.${p.procedure}`)]);
  if (typeof p.days === 'number') rows.push([t('admin.applications.panel.days'), String(p.days)]);
  if (typeof p.enabled === 'boolean') rows.push([t('admin.applications.greenChannel'), p.enabled ? t('admin.applications.detail.yes') : t('admin.applications.detail.no')]);
  if (Array.isArray(p.items)) rows.push([t('admin.applications.detail.items'), <ol key="i" className="ow-wb-event-list">{(p.items as string[]).map((x, i) => <li key={i}>{x}</li>)}</ol>]);
  if (Array.isArray(p.missing)) rows.push([t('admin.applications.panel.missing'), (p.missing as string[]).map((c) => app.materials.find((m) => m.code === c)?.name ?? c).join('、')]);
  if (typeof p.supplementDeadline === 'string') rows.push([t('admin.applications.panel.supplementDeadline'), formatDateTime(p.supplementDeadline, 'zh-CN')]);
  if (e.opinion) rows.push([t('admin.applications.detail.opinion'), e.opinion]);
  if (e.reason) rows.push([t('admin.applications.detail.reason'), e.reason]);
  if (typeof p.outcome === 'string' && e.action === 'end_special_procedure') rows.push([t('admin.applications.panel.procedureOutcome'), p.outcome]);
  if (e.legalBasis) rows.push([t('admin.applications.detail.legalBasis'), e.legalBasis]);
  if (typeof p.note === 'string') rows.push([t('admin.applications.detail.note'), p.note]);
  if (files.length)
    rows.push([
      t('admin.applications.detail.files'),
      <ul key="f" className="ow-wb-files">
        {files.map((f) => (
          <li key={f.id}>
            <FileLink appId={app.id} file={f} />
          </li>
        ))}
      </ul>,
    ]);
  if (!rows.length) return null;
  return (
    <dl className="ow-admin-kv ow-admin-kv-compact ow-wb-event-kv">
      {rows.map(([k, v], i) => (
        <div key={i} className="ow-wb-kv-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function History({ app }: { app: StaffApplication }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  if (!app.events.length) return <p className="ow-muted">{t('admin.applications.detail.historyEmpty')}</p>;
  const color = (e: ApplicationEvent) => (['reject', 'return_step', 'promise_found_false', 'tolerance_expired'].includes(e.action) ? 'red' : e.action === 'request_correction' ? 'orange' : e.actorKind === 'applicant' ? 'gray' : 'blue');
  return (
    <Timeline
      className="ow-wb-timeline"
      items={[...app.events].reverse().map((e) => ({
        key: e.seq,
        color: color(e),
        content: (
          <div className="ow-wb-event" data-testid="history-event" data-action={e.action}>
            <div className="ow-wb-event-head">
              <strong>{t(`admin.applications.actions.${e.action}`, { defaultValue: e.action })}</strong>
              <Tag className="ow-status-tag" variant="outlined">
                {t(`admin.applications.actor.${e.actorKind}`)}
              </Tag>
              {e.from !== e.to && (
                <span className="ow-muted ow-wb-sub">
                  {t(`admin.applications.status.${e.from}`)} → {t(`admin.applications.status.${e.to}`)}
                </span>
              )}
              <time className="ow-muted ow-wb-event-at" dateTime={e.at}>
                {formatDateTime(e.at, lang)}
              </time>
            </div>
            <EventBody app={app} e={e} />
          </div>
        ),
      }))}
    />
  );
}

/** 受理 → the review steps → 决定 → 办结, with the current position. */
function StepsBar({ app }: { app: StaffApplication }) {
  const { t } = useTranslation();
  const s = app.case;
  const steps = [t('admin.applications.detail.stepAccept'), ...app.reviewSteps.map((r) => r.name), t('admin.applications.detail.stepDecide'), t('admin.applications.detail.stepComplete')];
  const accepted = !['draft', 'submitted', 'correction_requested', 'rejected'].includes(s.status) && s.acceptance !== undefined;
  let current = 0;
  if (accepted) current = 1 + Math.min(s.reviewStepIndex, app.reviewSteps.length);
  if (s.status === 'decided' || (s.status === 'terminated' && s.decision)) current = steps.length - 1;
  if (s.status === 'completed') current = steps.length;
  const failed = ['rejected', 'terminated', 'withdrawn'].includes(s.status);
  return (
    <Steps
      className="ow-wb-steps"
      direction="vertical"
      size="small"
      current={current}
      status={failed ? 'error' : s.status === 'completed' ? 'finish' : 'process'}
      items={steps.map((title) => ({ title }))}
    />
  );
}

function Deadlines({ app }: { app: StaffApplication }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const s: CaseState = app.case;
  const closed = TERMINAL.includes(app.status) || app.status === 'decided';
  const missingNames = (s.tolerance?.missing ?? []).map((c) => app.materials.find((m) => m.code === c)?.name ?? c).join('、');
  return (
    <>
      <dl className="ow-admin-kv ow-wb-deadlines">
        <dt>{t('admin.applications.detail.promisedDeadline')}</dt>
        <dd className="ow-wb-deadline-dd">
          <span data-testid="promised-deadline">{app.promisedDeadline ? formatDate(app.promisedDeadline, lang) : t('admin.applications.queue.noDeadline')}</span>
          {app.promisedDeadline && <WarningCard level={app.warning} withHint={!closed} />}
        </dd>
        {app.acceptanceDeadline && (
          <>
            <dt>{t('admin.applications.detail.acceptanceDeadline')}</dt>
            <dd className="ow-wb-deadline-dd">
              <span>{formatDate(app.acceptanceDeadline, lang)}</span>
              <WarningCard level={app.warning} withHint={!closed} />
            </dd>
          </>
        )}
        <dt>{t('admin.applications.detail.statutoryDeadline')}</dt>
        <dd>{app.statutoryDeadline ? formatDate(app.statutoryDeadline, lang) : '—'}</dd>
        <dt>{t('admin.applications.detail.promisedLimit')}</dt>
        <dd>{app.promisedLimitDays !== null ? t('admin.applications.detail.workingDays', { count: app.promisedLimitDays }) : '—'}</dd>
        <dt>{t('admin.applications.detail.statutoryLimit')}</dt>
        <dd>{app.statutoryLimitDays !== null ? t('admin.applications.detail.workingDays', { count: app.statutoryLimitDays }) : '—'}</dd>
        <dt>{t('admin.applications.detail.clockLabel')}</dt>
        <dd>{t(`admin.applications.detail.clock.${s.clock}`)}</dd>
      </dl>
      {s.extension && <Alert type="info" className="ow-wb-note" title={t('admin.applications.detail.extension', { days: s.extension.days, reason: s.extension.reason })} />}
      {s.specialProcedure && (
        <Alert
          type="warning"
          className="ow-wb-note"
          title={t(s.specialProcedure.expectedEndDate ? 'admin.applications.detail.specialOpen' : 'admin.applications.detail.specialOpenNoEnd', {
            procedure: t(`admin.applications.procedure.${s.specialProcedure.procedure}`),
            reason: s.specialProcedure.reason,
            end: s.specialProcedure.expectedEndDate,
          })}
        />
      )}
      {s.tolerance && (
        <Alert
          type={s.tolerance.supplied ? 'success' : 'warning'}
          className="ow-wb-note"
          title={
            s.tolerance.supplied
              ? t('admin.applications.detail.toleranceSupplied', { at: formatDateTime(s.tolerance.suppliedAt, lang) })
              : t('admin.applications.detail.toleranceInfo', { missing: missingNames, deadline: formatDateTime(s.tolerance.deadline, lang) })
          }
        />
      )}
    </>
  );
}

/** The outcome of a closed or decided case: decision, rejection, termination, delivery. */
function Outcome({ app }: { app: StaffApplication }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const s = app.case;
  if (s.pendingCorrection)
    return (
      <Alert
        type="warning"
        showIcon
        className="ow-wb-outcome"
        title={t('admin.applications.detail.correctionPending', { at: formatDateTime(s.pendingCorrection.requestedAt, lang) })}
        description={
          <ol className="ow-wb-event-list">
            {s.pendingCorrection.items.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ol>
        }
      />
    );
  if (s.rejection)
    return <Alert type="error" showIcon className="ow-wb-outcome" title={t('admin.applications.detail.rejection')} description={`${s.rejection.reason}（${s.rejection.legalBasis}）`} />;
  if (s.termination)
    return (
      <Alert
        type="error"
        showIcon
        className="ow-wb-outcome"
        title={`${t('admin.applications.detail.termination')}：${t(`admin.applications.detail.terminationCause.${s.termination.cause}`)}`}
        description={s.termination.reason}
      />
    );
  if (s.decision)
    return (
      <Alert
        type={s.decision.outcome === 'granted' ? 'success' : 'error'}
        showIcon
        className="ow-wb-outcome"
        data-testid="decision"
        title={`${t('admin.applications.detail.decision')}：${t(`admin.applications.outcome.${s.decision.outcome}`)}${s.delivery ? ` · ${t('admin.applications.detail.delivery')}：${t(`admin.applications.delivery.${s.delivery.method}`)}` : ''}`}
        description={[s.decision.reason, s.decision.legalBasis].filter(Boolean).join('；')}
      />
    );
  return null;
}

function ClaimBar({ app, onChanged }: { app: StaffApplication; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const open = !TERMINAL.includes(app.status) && app.status !== 'draft';
  const action = useAction((take: boolean) => claimApplication(app.id, take), {
    onSuccess: async (r) => {
      void message.success(r.claimedBy ? t('admin.applications.claim.claimed') : t('admin.applications.claim.released'));
      await onChanged();
    },
    onError: (e) => {
      if (isClaimConflict(e)) void onChanged();
    },
  });
  if (!open) return null;
  const other = app.claimedBy !== null && !app.claimedByMe;
  return (
    <div className={`ow-wb-claim ${other ? 'ow-wb-claim-other' : app.claimedByMe ? 'ow-wb-claim-mine' : ''}`} data-testid="claim-bar">
      <span className="ow-wb-claim-text">
        {other ? <LockOutlined aria-hidden /> : null}
        {other ? t('admin.applications.claim.other') : app.claimedByMe ? t('admin.applications.claim.mine') : t('admin.applications.claim.none')}
      </span>
      {!other &&
        (app.claimedByMe ? (
          <Button icon={<UnlockOutlined />} loading={action.pending} onClick={() => void action.run(false)}>
            {t('admin.applications.claim.release')}
          </Button>
        ) : (
          <Button type="primary" ghost icon={<LockOutlined />} loading={action.pending} onClick={() => void action.run(true)}>
            {t('admin.applications.claim.claim')}
          </Button>
        ))}
      {action.error !== null && (
        <Alert
          type="error"
          className="ow-wb-claim-error"
          title={isClaimConflict(action.error) ? t('admin.applications.claim.conflict') : problemAlert(t, action.error).title}
        />
      )}
    </div>
  );
}

export default function CasePage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const query = useCase(id);
  const app = query.data;
  useDocumentTitle(app ? `${app.number} ${app.itemName}` : t('admin.applications.queue.title'));
  const reload = useReloadCase(query, ['admin', 'applications', 'queue']);

  if (query.isPending) return <ItemLoading />;
  if (query.isError || !app) return <ItemFailure error={query.error} onRetry={() => void query.refetch()} notFound="application" />;
  if (app.status === 'draft') return <WindowDraft app={app} onChanged={reload} />;

  const other = app.claimedBy !== null && !app.claimedByMe;

  return (
    <div className="ow-admin-page ow-wb-case" data-testid="case-page" data-status={app.status} data-version={app.version}>
      <AdminBreadcrumb root="applications" items={[{ title: app.number }]} />
      <CaseHead
        title={app.itemName}
        tags={
          <>
            <CaseStatusTag status={app.status} />
            <ChannelTag channel={app.channel} />
            {app.greenChannel && <GreenChannelMark />}
            {app.promisedDeadline && <WarningCard level={app.warning} />}
          </>
        }
        facts={[
          { key: 'number', label: t('admin.applications.detail.number'), value: app.number, className: 'ow-wb-number', testId: 'case-number' },
          { key: 'itemCode', label: t('admin.applications.detail.itemCode'), value: app.implementationCode, className: 'ow-wb-code' },
          { key: 'submittedAt', label: t('admin.applications.detail.submittedAt'), value: formatDateTime(app.submittedAt, lang) },
          app.case.acceptance && { key: 'acceptance', label: t('admin.applications.detail.acceptance'), value: t(`admin.applications.acceptance.${app.case.acceptance}`) },
          app.closedAt && { key: 'closedAt', label: t('admin.applications.detail.closedAt'), value: formatDateTime(app.closedAt, lang) },
        ]}
      >
        <Outcome app={app} />
        <ClaimBar app={app} onChanged={reload} />
      </CaseHead>

      <CaseGrid
        back={{ to: '/admin/applications', label: t('admin.applications.detail.back') }}
        main={
          <>
            <CaseSection id="case-applicant" title={t('admin.applications.detail.applicant')}>
              <dl className="ow-wb-facts" data-testid="applicant">
                <div>
                  <dt>{t('admin.applications.detail.name')}</dt>
                  <dd>{app.applicant.name ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('admin.applications.detail.idNumber')}</dt>
                  <dd className="ow-wb-code">{app.applicant.idNumber ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('admin.applications.detail.phone')}</dt>
                  <dd>{app.applicant.phone ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('admin.applications.detail.level')}</dt>
                  <dd>{app.applicant.level !== null ? t('admin.applications.detail.levelValue', { level: app.applicant.level }) : '—'}</dd>
                </div>
                <div className="ow-wb-facts-wide">
                  <dt>{t('admin.applications.detail.enterprise')}</dt>
                  <dd>{app.enterprise ? (app.enterprise.name ?? app.enterprise.id) : t('admin.applications.detail.noEnterprise')}</dd>
                </div>
              </dl>
              {app.channel === 'window' && <p className="ow-muted ow-wb-sub">{t('admin.applications.detail.enteredAtWindow')}</p>}
              {app.commitmentSignedAt && <p className="ow-muted ow-wb-sub">{t('admin.applications.detail.commitmentSigned', { at: formatDateTime(app.commitmentSignedAt, lang) })}</p>}
            </CaseSection>

            <CaseSection id="case-form" title={t('admin.applications.detail.form')}>
              <FormData app={app} />
            </CaseSection>

            <CaseSection id="case-materials" title={t('admin.applications.detail.materials')}>
              <Materials app={app} />
              {app.files.some((f) => f.kind !== 'material') && (
                <>
                  <h3 className="ow-wb-h3">{t('admin.applications.detail.otherFiles')}</h3>
                  <ul className="ow-wb-files">
                    {app.files
                      .filter((f) => f.kind !== 'material' && f.eventSeq !== null)
                      .map((f) => (
                        <li key={f.id}>
                          <Tag className="ow-status-tag" variant="outlined">
                            {t(`admin.applications.fileKind.${f.kind}`)}
                          </Tag>{' '}
                          <FileLink appId={app.id} file={f} />
                        </li>
                      ))}
                  </ul>
                </>
              )}
            </CaseSection>

            <CaseSection id="case-history" title={t('admin.applications.detail.history')}>
              <History app={app} />
            </CaseSection>
          </>
        }
        side={
          <>
            <CaseSection id="case-actions" title={t('admin.applications.panel.title')} className="ow-wb-panel" testId="action-panel">
              <ActionPanel app={app} blocked={other} onDone={reload} />
            </CaseSection>
            <CaseSection id="case-deadlines" title={t('admin.applications.detail.deadlines')}>
              <Deadlines app={app} />
            </CaseSection>
            <CaseSection id="case-steps" title={t('admin.applications.detail.steps')}>
              <StepsBar app={app} />
            </CaseSection>
          </>
        }
      />
    </div>
  );
}
