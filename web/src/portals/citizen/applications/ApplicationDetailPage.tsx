/**
 * /my/applications/:id — one application: its status and what to do next (continue a draft, 补正,
 * supply the 容缺 materials), the deadlines with the 红黄牌 colour, the decision or the refusal,
 * the result documents, the timeline of events, the submitted form and materials, 撤回申请, and the
 * 服务评价 card once the case has ended.
 */
import { CheckCircleFilled, DownloadOutlined, EditOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Input, Result, Tag, Timeline } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { applicantAction, myFileUrl, type Application, type ApplicationEvent } from '../../../api/applications';
import { ApplicationForm } from '../../../components/ApplicationForm';
import { useIsMobile } from '../../../lib/useMedia';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApplicantFrame, ApplicationLoad, eventLabel, formatDay, formatSize, formatTime, materialName, problemMessage, StatusTag, useApplication, useStoreApplication, WarningTag } from './common';
import { MaterialsSection } from './MaterialsSection';
import { ApplicationRatingCard } from '../feedback/ApplicationRatingCard';

export default function ApplicationDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const q = useApplication(id);
  const app = q.data;
  useDocumentTitle(app ? `${app.number} - ${t('applications.detail.title')}` : t('applications.detail.title'));
  const crumbs = [{ title: <Link to="/my/applications">{t('applications.title')}</Link> }, { title: t('applications.detail.title') }];
  return (
    <ApplicantFrame title={t('applications.detail.title')} crumbs={crumbs}>
      <ApplicationLoad q={q}>{(loaded) => <Detail app={loaded} reload={() => void q.refetch()} />}</ApplicationLoad>
    </ApplicantFrame>
  );
}

function EventBody({ e }: { e: ApplicationEvent }) {
  const { t } = useTranslation();
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const rows: [string, string][] = [];
  if (e.opinion) rows.push([t('applications.fields.opinion'), e.opinion]);
  if (e.reason) rows.push([t('applications.fields.reason'), e.reason]);
  if (e.legalBasis) rows.push([t('applications.fields.legalBasis'), e.legalBasis]);
  if (typeof p.note === 'string' && p.note) rows.push([t('applications.fields.note'), p.note]);
  const items = Array.isArray(p.items) ? (p.items as string[]) : Array.isArray(p.missing) ? (p.missing as string[]) : null;
  return (
    <div className="ow-tl-body">
      {rows.map(([k, v]) => (
        <div key={k} className="ow-tl-row">
          <span className="ow-tl-key">{k}：</span>
          <span className="ow-tl-val">{v}</span>
        </div>
      ))}
      {items && (
        <ol className="ow-tl-items">
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Detail({ app, reload }: { app: Application; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const { message, modal } = AntApp.useApp();
  const store = useStoreApplication();
  const location = useLocation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const mobile = useIsMobile();
  const c = app.case;
  const outcome = c.decision?.outcome;

  // the confirmation after a submission, once
  const submitted = (location.state as { submitted?: boolean } | null)?.submitted === true;
  const [justSubmitted] = useState(submitted);
  useEffect(() => {
    if (submitted) navigate(location.pathname, { replace: true, state: null });
  }, [submitted, navigate, location.pathname]);

  const act = async (action: { type: string; [k: string]: unknown }, done: string) => {
    setBusy(true);
    try {
      store(await applicantAction(app.id, app.version, action));
      void message.success(done);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        reload();
        void message.warning(t('applications.edit.stale'));
      } else void message.error(problemMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = () => {
    let reason = '';
    void modal.confirm({
      title: t('applications.detail.withdrawTitle'),
      content: (
        <div className="ow-apps-withdraw">
          <p>{t('applications.detail.withdrawHint')}</p>
          <label className="ow-apps-label" htmlFor="withdraw-reason">
            {t('applications.detail.withdrawReason')}
          </label>
          <Input.TextArea id="withdraw-reason" rows={3} maxLength={2000} onChange={(e) => (reason = e.target.value)} />
        </div>
      ),
      okText: t('applications.detail.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('applications.start.cancel'),
      onOk: () => act({ type: 'withdraw', ...(reason.trim() ? { reason: reason.trim() } : {}) }, t('applications.detail.withdrawn')),
    });
  };

  const tolerancePending = c.tolerance && !c.tolerance.supplied && app.allowedActions.includes('supply_missing');
  const results = app.files.filter((f) => f.kind === 'result');
  const decidedOrDone = app.status === 'decided' || app.status === 'completed';
  const closed = ['completed', 'rejected', 'withdrawn', 'terminated'].includes(app.status);

  // ---- what to do next
  let next = (
    <Alert
      type={app.status === 'rejected' || app.status === 'terminated' ? 'error' : app.status === 'completed' ? 'success' : 'info'}
      showIcon
      className="ow-apps-alert"
      title={t(`applications.detail.next.${app.status}`)}
    />
  );
  if (app.status === 'draft') {
    next = (
      <Alert
        type="info"
        showIcon
        className="ow-apps-alert"
        title={t('applications.detail.next.draft')}
        action={
          <Link to={`/my/applications/${app.id}/edit`}>
            <Button type="primary" icon={<EditOutlined />}>
              {t('applications.detail.continueEdit')}
            </Button>
          </Link>
        }
      />
    );
  } else if (app.status === 'correction_requested' && c.pendingCorrection) {
    next = (
      <Alert
        type="warning"
        showIcon
        className="ow-apps-alert"
        title={t('applications.detail.next.correction_requested')}
        description={
          <>
            <div className="ow-apps-alert-p">{t('applications.edit.correctionList')}</div>
            <ol className="ow-apps-correction-list">
              {c.pendingCorrection.items.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ol>
            <Link to={`/my/applications/${app.id}/edit`}>
              <Button type="primary" icon={<EditOutlined />}>
                {t('applications.detail.goCorrect')}
              </Button>
            </Link>
          </>
        }
      />
    );
  }

  return (
    <div className="ow-apps-detail">
      {justSubmitted && app.status === 'submitted' && (
        <div className="ow-panel ow-apps-section ow-apps-success">
          <Result status="success" title={t('applications.edit.submitted')} subTitle={`${t('applications.fields.number')}：${app.number}`} />
        </div>
      )}
      <section className="ow-panel ow-apps-section ow-apps-head">
        <div className="ow-apps-head-top">
          <div className="ow-apps-head-name">
            <h2 className="ow-apps-itemname">
              <Link to={`/items/${app.implementationCode}`}>{app.itemName}</Link>
            </h2>
            <div className="ow-apps-head-tags">
              <StatusTag status={app.status} outcome={outcome} />
              <WarningTag warning={app.warning} />
              {app.greenChannel && <Tag color="green">{t('applications.detail.greenChannel')}</Tag>}
            </div>
          </div>
          {app.status === 'completed' && (
            <div className="ow-apps-done" role="status">
              <CheckCircleFilled aria-hidden />
              <span>{t('applications.detail.completedTitle')}</span>
            </div>
          )}
        </div>
        <Descriptions
          className="ow-apps-facts"
          size="small"
          column={{ xs: 1, sm: 2, md: 2, lg: 3 }}
          items={[
            { key: 'number', label: t('applications.fields.number'), children: <span className="ow-apps-number">{app.number}</span> },
            { key: 'as', label: t('applications.fields.applicantAs'), children: app.enterprise?.name ?? t('applications.fields.personal') },
            { key: 'channel', label: t('applications.fields.channel'), children: t(`applications.fields.${app.channel}`) },
            ...(app.submittedAt && (app.materialsSaved > 0 || app.tripsSaved > 0)
              ? [{ key: 'savings', label: t('applications.fields.savings'), children: <span className="ow-apps-savings" data-testid="savings">{t('applications.fields.savingsValue', { materials: app.materialsSaved, trips: app.tripsSaved })}</span> }]
              : []),
            { key: 'created', label: t('applications.fields.createdAt'), children: formatTime(app.createdAt, lang) },
            ...(app.submittedAt ? [{ key: 'submitted', label: t('applications.fields.submittedAt'), children: formatTime(app.submittedAt, lang) }] : []),
            ...(app.acceptedAt ? [{ key: 'accepted', label: t('applications.fields.acceptedAt'), children: formatTime(app.acceptedAt, lang) }] : []),
            ...(app.decidedAt ? [{ key: 'decided', label: t('applications.fields.decidedAt'), children: formatTime(app.decidedAt, lang) }] : []),
            ...(app.closedAt ? [{ key: 'closed', label: t('applications.fields.closedAt'), children: formatTime(app.closedAt, lang) }] : []),
            {
              key: 'promised',
              label: t('applications.fields.promisedDeadline'),
              children: (
                <span className={`ow-apps-deadline ow-apps-deadline-${app.warning}`}>
                  {formatDay(app.promisedDeadline, lang)}
                  {app.promisedLimitDays !== null && !app.promisedDeadline && <span className="ow-muted">（{t('timeLimit.working-day', { count: app.promisedLimitDays })}）</span>}
                </span>
              ),
            },
            {
              key: 'statutory',
              label: t('applications.fields.statutoryDeadline'),
              children: (
                <span>
                  {formatDay(app.statutoryDeadline, lang)}
                  {app.statutoryLimitDays !== null && !app.statutoryDeadline && <span className="ow-muted">（{t('timeLimit.working-day', { count: app.statutoryLimitDays })}）</span>}
                </span>
              ),
            },
          ]}
        />
        {app.deadlineProvisional && <p className="ow-muted">{t('applications.detail.deadlineProvisional')}</p>}
        {c.extension && <p className="ow-muted">{t('applications.detail.extension', { days: c.extension.days })}</p>}
        {c.specialProcedure && <Alert type="info" showIcon className="ow-apps-alert" title={t('applications.detail.specialProcedure')} />}
        {!['withdrawn', 'rejected', 'terminated'].includes(app.status) && (
          <>
            <h3 className="ow-apps-h3">{t('applications.detail.nextStep')}</h3>
            {next}
          </>
        )}
        {app.allowedActions.includes('withdraw') && (
          <div className="ow-apps-head-actions">
            <Button icon={<RollbackOutlined />} danger onClick={withdraw} disabled={busy}>
              {t('applications.detail.withdraw')}
            </Button>
          </div>
        )}
      </section>

      {closed && <ApplicationRatingCard applicationId={app.id} />}

      {tolerancePending && c.tolerance && (
        <section className="ow-panel ow-apps-section" aria-labelledby="sec-tolerance">
          <h2 id="sec-tolerance" className="ow-apps-h2">
            {t('applications.detail.tolerance')}
          </h2>
          <Alert type="warning" showIcon className="ow-apps-alert" title={t('applications.detail.toleranceDeadline', { date: formatTime(c.tolerance.deadline, lang) })} description={c.tolerance.missing.map((m) => materialName(app.materials, m)).join('；')} />
          <MaterialsSection app={app} editable only={c.tolerance.missing} onChanged={reload} />
          <div className="ow-apps-section-actions">
            <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void act({ type: 'supply_missing' }, t('applications.edit.suppliedMissing'))}>
              {t('applications.edit.supplyMissing')}
            </Button>
          </div>
        </section>
      )}
      {c.tolerance?.supplied && <Alert type="success" showIcon className="ow-apps-alert" title={t('applications.detail.toleranceSupplied', { date: formatTime(c.tolerance.suppliedAt, lang) })} />}

      {(c.decision || c.rejection || c.withdrawn || c.termination) && (
        <section className="ow-panel ow-apps-section" aria-labelledby="sec-decision">
          {c.decision && (
            <>
              <h2 id="sec-decision" className="ow-apps-h2">
                {t('applications.detail.decision')}
              </h2>
              <div className={`ow-apps-decision ${c.decision.outcome}`}>
                <div className="ow-apps-decision-outcome">{t(`applications.outcome.${c.decision.outcome}`)}</div>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'reason', label: t('applications.fields.reason'), children: c.decision.reason },
                    ...(c.decision.legalBasis ? [{ key: 'basis', label: t('applications.fields.legalBasis'), children: c.decision.legalBasis }] : []),
                    { key: 'at', label: t('applications.fields.decidedAt'), children: formatTime(c.decision.at, lang) },
                  ]}
                />
              </div>
              {c.delivery && <p className="ow-muted">{t('applications.detail.completedHint', { date: formatTime(c.delivery.at, lang), delivery: t(`applications.delivery.${c.delivery.method}`) })}</p>}
            </>
          )}
          {c.rejection && (
            <>
              <h2 id="sec-decision" className="ow-apps-h2">
                {t('applications.detail.rejection')}
              </h2>
              <div className="ow-apps-decision refused">
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'reason', label: t('applications.fields.reason'), children: c.rejection.reason },
                    { key: 'basis', label: t('applications.fields.legalBasis'), children: c.rejection.legalBasis },
                    { key: 'at', label: t('applications.fields.closedAt'), children: formatTime(c.rejection.at, lang) },
                  ]}
                />
              </div>
            </>
          )}
          {c.withdrawn && (
            <>
              <h2 id="sec-decision" className="ow-apps-h2">
                {t('applications.status.withdrawn')}
              </h2>
              <p>{t('applications.detail.withdrawnAt', { date: formatTime(c.withdrawn.at, lang) })}</p>
              {c.withdrawn.reason && (
                <p>
                  {t('applications.fields.reason')}：{c.withdrawn.reason}
                </p>
              )}
            </>
          )}
          {c.termination && (
            <>
              <h2 id="sec-decision" className="ow-apps-h2">
                {t('applications.detail.termination')}
              </h2>
              <p>{t(`applications.detail.terminationCause.${c.termination.cause}`)}</p>
              {c.termination.reason && (
                <p>
                  {t('applications.fields.reason')}：{c.termination.reason}
                </p>
              )}
            </>
          )}
        </section>
      )}

      {(decidedOrDone || results.length > 0) && (
        <section className="ow-panel ow-apps-section" aria-labelledby="sec-results">
          <h2 id="sec-results" className="ow-apps-h2">
            {t('applications.detail.results')}
          </h2>
          {results.length === 0 ? (
            <p className="ow-muted">{t('applications.detail.noResults')}</p>
          ) : (
            <ul className="ow-apps-results">
              {results.map((f) => (
                <li key={f.id}>
                  <a href={myFileUrl(app.id, f.id)} download={f.name}>
                    <DownloadOutlined aria-hidden /> {f.name}
                  </a>
                  <span className="ow-muted">{formatSize(f.size)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <div className="ow-apps-detail-grid">
        <section className="ow-panel ow-apps-section" aria-labelledby="sec-timeline">
          <h2 id="sec-timeline" className="ow-apps-h2">
            {t('applications.detail.timeline')}
          </h2>
          <Timeline
            className={mobile ? 'ow-apps-timeline compact' : 'ow-apps-timeline'}
            mode="start"
            items={([
              {
                key: 'created',
                color: 'gray',
                title: formatTime(app.createdAt, lang),
                content: <div className="ow-tl-title">{t('applications.detail.created')}</div>,
              },
              ...app.events.map((e) => ({
                key: String(e.seq),
                color: ['reject', 'tolerance_expired', 'promise_found_false'].includes(e.action) || (e.action === 'decide' && (e.payload as { outcome?: string } | null)?.outcome === 'refused') ? 'red' : e.action === 'request_correction' || e.action === 'return_step' ? 'orange' : e.action === 'complete' ? 'green' : 'blue',
                title: formatTime(e.at, lang),
                content: (
                  <div className="ow-tl">
                    <div className="ow-tl-title">
                      {eventLabel(t, e)}
                      <span className="ow-tl-actor">{t(`applications.actor.${e.actorKind}`)}</span>
                    </div>
                    <EventBody e={e} />
                  </div>
                ),
              })),
              ...(!closed && app.status !== 'draft'
                ? [{ key: 'pending', color: 'gray', loading: true, content: <div className="ow-muted">{t(`applications.detail.next.${app.status}`)}</div> }]
                : []),
            ] as { key: string; color: string; title?: string; loading?: boolean; content: ReactNode }[]).map((item) =>
              // phones: the time above the step, not in a column of its own
              mobile && item.title ? { ...item, title: undefined, content: <><div className="ow-tl-time">{item.title}</div>{item.content}</> } : item,
            )}
          />
        </section>
        <div className="ow-apps-detail-side">
          <section className="ow-panel ow-apps-section" aria-labelledby="sec-form">
            <h2 id="sec-form" className="ow-apps-h2">
              {t('applications.detail.form')}
            </h2>
            <ApplicationForm definition={app.formDefinition} prefilled={app.prefilled} value={app.form} readOnly />
            {app.commitmentSignedAt && <p className="ow-apps-signed"><CheckCircleFilled aria-hidden /> {t('applications.edit.commitmentSigned', { date: formatTime(app.commitmentSignedAt, lang) })}</p>}
          </section>
          <section className="ow-panel ow-apps-section" aria-labelledby="sec-materials">
            <h2 id="sec-materials" className="ow-apps-h2">
              {t('applications.detail.materials')}
            </h2>
            <MaterialsSection app={app} editable={false} onChanged={reload} />
          </section>
        </div>
      </div>
    </div>
  );
}
