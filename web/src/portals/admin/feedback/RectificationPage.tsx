/**
 * 差评整改详情: the rating (level, dimensions, tags, comment, 追评, channel, staff, the service
 * event — its case page when it was an application), the rater's contact for the call back
 * (masked; 匿名 when anonymous), the time limits of 核实 / 整改 / 申诉审核 with their warnings, the
 * steps, and the action panel (RectificationActions).
 */
import { PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { RATING_DIMENSIONS, type RectificationStatus, type RectificationStepView, type RectificationView } from '@onewindow/domain';
import { Alert, Steps, Tag, Timeline } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { mayEnter } from '../access';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from '../AdminParts';
import { CaseGrid, CaseHead, CaseSection, useReloadCase } from '../CaseParts';
import { useMe } from '../auth';
import { DueCell, LevelTag, RectStatusTag, useRectification, WarningMark } from './parts';
import { RectificationActions } from './RectificationActions';
import './feedback.css';

/** The dimensions in the order of the standard (GB/T 39735): online first, then on site. */
const DIM_ORDER: string[] = [...Object.keys(RATING_DIMENSIONS.online), ...Object.keys(RATING_DIMENSIONS.onsite).filter((k) => !(k in RATING_DIMENSIONS.online))];

/** Who took a step: a name; the system's own step (the rating opened it) named as such; an id is not shown. */
const actorName = (t: (k: string) => string, step: { actor: string; actorName: string | null }) => (step.actor === 'system' ? t('admin.feedback.rect.system') : (step.actorName ?? ''));

function RatingSection({ rect }: { rect: RectificationView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const me = useMe();
  const r = rect.rating;
  const eventLink = r.event.kind === 'application' && r.event.number && mayEnter(me, 'applications');
  return (
    <>
      <div className="ow-fb-rating-head">
        <LevelTag level={r.level} />
        {r.excluded && <Tag className="ow-status-tag">{t('admin.feedback.excluded')}</Tag>}
        <span className="ow-muted ow-wb-sub">
          {t('admin.feedback.rect.ratedAt')} {formatDateTime(r.createdAt, lang)}
        </span>
      </div>
      <blockquote className="ow-fb-quote" data-testid="rating-comment">
        {r.comment || <span className="ow-muted">{t('admin.feedback.rect.noComment')}</span>}
      </blockquote>
      {r.tags.length > 0 && (
        <div className="ow-fb-tags" aria-label={t('admin.feedback.rect.tagsLabel')}>
          {r.tags.map((tag) => (
            <Tag key={tag} color={['oneTrip', 'fewMaterials', 'fast', 'clearGuide', 'friendly', 'professional', 'easyOnline'].includes(tag) ? 'green' : 'orange'} variant="filled">
              {t(`admin.feedback.tags.${tag}`)}
            </Tag>
          ))}
        </div>
      )}
      {r.addition && (
        <div className="ow-fb-addition">
          <div className="ow-fb-addition-head">
            <strong>{t('admin.feedback.rect.addition')}</strong>
            <span className="ow-muted ow-wb-sub">{formatDateTime(r.addition.at, lang)}</span>
          </div>
          <p>{r.addition.comment}</p>
        </div>
      )}
      <h3 className="ow-wb-h3">{t('admin.feedback.rect.dimensions')}</h3>
      <dl className="ow-fb-dims">
        {Object.entries(r.dimensions)
          .sort(([a], [b]) => DIM_ORDER.indexOf(a) - DIM_ORDER.indexOf(b))
          .map(([k, v]) => (
          <div key={k} className="ow-fb-dim">
            <dt>{t(`admin.feedback.dimensions.${k}`, { defaultValue: k })}</dt>
            <dd>
              <span className={`ow-fb-dim-level ow-fb-dim-${v}`}>{t(`admin.feedback.levels.${v}`)}</span>
            </dd>
          </div>
        ))}
      </dl>
      <dl className="ow-wb-facts ow-fb-facts">
        <div className="ow-fb-facts-event">
          <dt>{t('admin.feedback.rect.event')}</dt>
          <dd>
            {t(`admin.feedback.eventKinds.${r.event.kind}`)}{' '}
            {eventLink ? (
              <Link to={`/admin/applications/${encodeURIComponent(r.event.id)}`} className="ow-wb-number" data-testid="event-link">
                {r.event.number}
              </Link>
            ) : (
              <span className="ow-wb-number">{r.event.number ?? ''}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('admin.feedback.rect.mode')}</dt>
          <dd>{t(`admin.feedback.modes.${r.mode}`)}</dd>
        </div>
        <div>
          <dt>{t('admin.feedback.rect.channel')}</dt>
          <dd>{t(`admin.feedback.channels.${r.channel}`)}</dd>
        </div>
        <div>
          <dt>{t('admin.feedback.rect.staff')}</dt>
          <dd>{r.staff?.name ?? '—'}</dd>
        </div>
        <div className="ow-wb-facts-wide">
          <dt>{t('admin.feedback.rect.item')}</dt>
          <dd>
            {r.item.name}
            {r.item.implementationCode && <span className="ow-muted ow-wb-sub ow-wb-code"> {r.item.implementationCode}</span>}
          </dd>
        </div>
        <div className="ow-wb-facts-wide">
          <dt>{t('admin.feedback.rect.organisation2')}</dt>
          <dd>{rect.organisation.name}</dd>
        </div>
      </dl>
    </>
  );
}

function RaterSection({ rect }: { rect: RectificationView }) {
  const { t } = useTranslation();
  const c = rect.raterContact;
  if (!c || rect.rating.anonymous)
    return (
      <div data-testid="rater">
        <p className="ow-fb-rater-anon">
          <UserOutlined aria-hidden /> <strong>{t('admin.feedback.anonymous')}</strong>
        </p>
        <p className="ow-muted ow-wb-sub">{t('admin.feedback.rect.raterAnonymous')}</p>
      </div>
    );
  return (
    <div data-testid="rater">
      <dl className="ow-wb-facts">
        <div>
          <dt>{t('admin.feedback.rect.raterName')}</dt>
          <dd>{c.name}</dd>
        </div>
        <div>
          <dt>{t('admin.feedback.rect.raterPhone')}</dt>
          <dd className="ow-wb-code">
            {c.phone ? (
              <>
                <PhoneOutlined aria-hidden /> {c.phone}
              </>
            ) : (
              <span className="ow-muted">{t('admin.feedback.rect.raterNoPhone')}</span>
            )}
          </dd>
        </div>
      </dl>
      <p className={`ow-fb-callbacks ${rect.callbacks ? 'ow-fb-callbacks-done' : 'ow-fb-callbacks-none'}`} data-testid="callbacks">
        {rect.callbacks ? t('admin.feedback.rect.callbacks', { count: rect.callbacks }) : t('admin.feedback.rect.noCallbacks')}
      </p>
      {!rect.callbacks && rect.rating.realName && rect.status === 'verifying' && <Alert type="info" showIcon className="ow-wb-note" title={t('admin.feedback.rect.callbackNeeded')} />}
    </div>
  );
}

function Deadlines({ rect }: { rect: RectificationView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const current = (s: RectificationStatus) => rect.status === s || (s === 'rectifying' && rect.status === 'replying');
  const row = (label: string, date: string, s: RectificationStatus, testId: string) => (
    <>
      <dt>{label}</dt>
      <dd className="ow-wb-deadline-dd" data-testid={testId}>
        {current(s) ? <DueCell date={date} warning={rect.warning} /> : <span>{formatDate(date, lang)}</span>}
        {current(s) && <span className="ow-fb-current">{t('admin.feedback.rect.current')}</span>}
      </dd>
    </>
  );
  return (
    <dl className="ow-admin-kv ow-wb-deadlines">
      {row(t('admin.feedback.rect.verifyDue'), rect.verifyDue, 'verifying', 'verify-due')}
      {rect.appealDue && row(t('admin.feedback.rect.appealDue'), rect.appealDue, 'appealed', 'appeal-due')}
      {row(t('admin.feedback.rect.rectifyDue'), rect.rectifyDue, 'rectifying', 'rectify-due')}
      <dt>{t('admin.feedback.rect.openedAt')}</dt>
      <dd>{formatDateTime(rect.openedAt, lang)}</dd>
      {rect.closedAt && (
        <>
          <dt>{t('admin.feedback.rect.closedAt')}</dt>
          <dd>{formatDateTime(rect.closedAt, lang)}</dd>
        </>
      )}
    </dl>
  );
}

/** 核实 → (申诉) → 整改 → 回复 → 办结, with the current position. */
function Flow({ rect }: { rect: RectificationView }) {
  const { t } = useTranslation();
  // the path this case takes: an upheld appeal closes it; a rating found not valid skips 整改
  const keys: string[] = ['verify'];
  if (rect.appealDue !== null) keys.push('appeal');
  if (rect.outcome === 'appeal_upheld') keys.push('close');
  else if (rect.valid === false) keys.push('reply', 'close');
  else keys.push('rectify', 'reply', 'close');
  const label = (k: string) => (k === 'appeal' ? t('admin.feedback.actions.appeal') : t(`admin.feedback.rect.flowSteps.${k}`));
  const at: Record<RectificationStatus, string> = { verifying: 'verify', appealed: 'appeal', rectifying: 'rectify', replying: 'reply', closed: 'close' };
  let current = keys.indexOf(at[rect.status]);
  if (rect.status === 'closed') current = keys.length - 1;
  return <Steps className="ow-wb-steps" orientation="vertical" size="small" current={current} status={rect.status === 'closed' ? 'finish' : 'process'} items={keys.map((k) => ({ title: label(k) }))} />;
}

function StepBody({ step }: { step: RectificationStepView }) {
  const { t } = useTranslation();
  const d = step.detail ?? {};
  const rows: [string, ReactNode][] = [];
  const yn = (v: unknown, yes: string, no: string) => (v === true ? t(`admin.feedback.rect.${yes}`) : t(`admin.feedback.rect.${no}`));
  if (typeof d.reached === 'boolean') rows.push([t('admin.feedback.rect.detail.reached'), yn(d.reached, 'yes', 'no')]);
  if (typeof d.valid === 'boolean') rows.push([t('admin.feedback.rect.detail.valid'), yn(d.valid, 'validYes', 'validNo')]);
  if (typeof d.ground === 'string') rows.push([t('admin.feedback.rect.detail.ground'), t(`admin.feedback.grounds.${d.ground}`, { defaultValue: d.ground })]);
  if (typeof d.upheld === 'boolean') rows.push([t('admin.feedback.rect.detail.upheld'), yn(d.upheld, 'upheldYes', 'upheldNo')]);
  for (const k of ['note', 'reason', 'opinion', 'measures', 'message'] as const) if (typeof d[k] === 'string' && d[k]) rows.push([t(`admin.feedback.rect.detail.${k}`), d[k] as string]);
  if (!rows.length) return null;
  return (
    <dl className="ow-admin-kv ow-admin-kv-compact ow-wb-event-kv">
      {rows.map(([k, v], i) => (
        <div key={i} className="ow-wb-kv-row">
          <dt>{k}</dt>
          <dd className="ow-fb-pre">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function History({ rect }: { rect: RectificationView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const colour = (s: RectificationStepView) =>
    s.action === 'appeal' || (s.action === 'judge' && s.detail.valid === false) ? 'orange' : s.to === 'closed' ? 'green' : s.action === 'open' ? 'red' : 'blue';
  return (
    <Timeline
      className="ow-wb-timeline"
      items={[...rect.steps].reverse().map((s) => ({
        key: s.seq,
        color: colour(s),
        content: (
          <div className="ow-wb-event" data-testid="rect-step" data-action={s.action}>
            <div className="ow-wb-event-head">
              <strong>{t(`admin.feedback.actions.${s.action}`, { defaultValue: s.action })}</strong>
              {s.from && s.from !== s.to && (
                <span className="ow-muted ow-wb-sub">
                  {t(`admin.feedback.status.${s.from}`)} → {t(`admin.feedback.status.${s.to}`)}
                </span>
              )}
              {actorName(t, s) && <span className="ow-muted ow-wb-sub">{actorName(t, s)}</span>}
              <time className="ow-muted ow-wb-event-at" dateTime={s.at}>
                {formatDateTime(s.at, lang)}
              </time>
            </div>
            <StepBody step={s} />
          </div>
        ),
      }))}
    />
  );
}

export default function RectificationPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const query = useRectification(id);
  const rect = query.data;
  useDocumentTitle(rect ? `${rect.number} ${t('admin.feedback.rect.title')}` : t('admin.feedback.rect.title'));
  const reload = useReloadCase(query, ['admin', 'feedback', 'rectifications']);

  if (query.isPending) return <ItemLoading />;
  if (query.isError || !rect) return <ItemFailure error={query.error} onRetry={() => void query.refetch()} notFound="rectification" />;

  return (
    <div className="ow-admin-page ow-wb-case ow-fb-case" data-testid="rect-page" data-status={rect.status} data-version={rect.version}>
      <AdminBreadcrumb root="feedback" items={[{ title: rect.number }]} />
      <CaseHead
        className={`ow-fb-head-${rect.status === 'closed' ? 'closed' : rect.warning}`}
        title={rect.rating.item.name}
        tags={
          <>
            <RectStatusTag status={rect.status} />
            <LevelTag level={rect.rating.level} />
            {rect.status !== 'closed' && <WarningMark warning={rect.warning} />}
          </>
        }
        facts={[
          { key: 'number', label: t('admin.feedback.rect.cols.number'), value: rect.number, className: 'ow-wb-number', testId: 'rect-number' },
          { key: 'organisation', label: t('admin.feedback.rect.organisation2'), value: rect.organisation.name },
          { key: 'openedAt', label: t('admin.feedback.rect.openedAt'), value: formatDateTime(rect.openedAt, lang) },
          rect.dueDate && { key: 'due', label: t('admin.feedback.rect.cols.due'), value: <DueCell date={rect.dueDate} warning={rect.warning} /> },
        ]}
      >
        {rect.outcome && (
          <Alert
            type={rect.outcome === 'rectified' ? 'success' : 'info'}
            showIcon
            className="ow-wb-outcome"
            data-testid="rect-outcome"
            title={t(`admin.feedback.rect.outcomeBanner.${rect.outcome}`)}
          />
        )}
      </CaseHead>

      <CaseGrid
        back={{ to: '/admin/feedback/rectifications', label: t('admin.feedback.rect.back') }}
        main={
          <>
            <CaseSection id="rect-rating" title={t('admin.feedback.rect.rating')} testId="rating">
              <RatingSection rect={rect} />
            </CaseSection>
            <CaseSection id="rect-rater" title={t('admin.feedback.rect.rater')}>
              <RaterSection rect={rect} />
            </CaseSection>
            <CaseSection id="rect-history" title={t('admin.feedback.rect.stepsTitle')}>
              <History rect={rect} />
            </CaseSection>
          </>
        }
        side={
          <>
            <CaseSection id="case-actions" title={t('admin.feedback.panel.title')} className="ow-wb-panel" testId="action-panel">
              <RectificationActions rect={rect} onDone={reload} />
            </CaseSection>
            <CaseSection id="case-deadlines" title={t('admin.feedback.rect.deadlines')}>
              <Deadlines rect={rect} />
            </CaseSection>
            <CaseSection id="rect-flow" title={t('admin.feedback.rect.flow')}>
              <Flow rect={rect} />
            </CaseSection>
          </>
        }
      />
    </div>
  );
}
