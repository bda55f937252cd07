/**
 * /ratings — 好差评公开, for anyone: pick a region, an organisation or an item; the four published
 * indicators (好评率, 差评整改率, 实名差评回访率, 主动评价率) with the counts behind them, the ratings by
 * level, the last 12 months, and the closed rectifications of 差评 (comments masked by the server),
 * with the formulas written out.
 */
import { CommentOutlined } from '@ant-design/icons';
import type { FeedbackIndicators, FeedbackMonth, FeedbackStatsView, PublicRectificationView, RatingLevel } from '@onewindow/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Pagination, Select, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { feedbackApi } from '../../api/feedback';
import { useItem, useOrganisations, useRegions } from '../../api/hooks';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useIsMobile } from '../../lib/useMedia';
import { formatDay } from '../citizen/applications/common';
import { ItemPicker, LEVELS, LevelTag, PublicFrame, UUID } from '../citizen/feedback/common';

const PAGE_SIZE = 10;

/** 95.23 % of a ratio rounded to four decimals; null → 暂无. */
function percent(t: TFunction, v: number | null): { value: string; none: boolean } {
  if (v === null) return { value: t('feedback.public.kpi.none'), none: true };
  return { value: (Math.round(v * 10_000) / 100).toFixed(2).replace(/\.?0+$/, ''), none: false };
}

export default function RatingsPublicPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.public.title'));
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const organisationId = params.get('organisation') ?? undefined;
  const itemCode = params.get('item') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const item = useItem(itemCode && !UUID.test(itemCode) ? itemCode : undefined);
  const itemId = itemCode ? (UUID.test(itemCode) ? itemCode : item.data?.id) : undefined;
  const scope = { regionCode: region, organisationId, itemId };
  const ready = !itemCode || !!itemId;

  const set = (patch: Record<string, string | undefined>) => {
    const usp = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) usp.set(k, v);
      else usp.delete(k);
    }
    if (!('page' in patch)) usp.delete('page');
    setParams(usp, { replace: true });
  };

  const stats = useQuery({ queryKey: ['feedback', 'stats', scope], queryFn: () => feedbackApi.stats(scope), enabled: ready, placeholderData: keepPreviousData });
  const rects = useQuery({
    queryKey: ['feedback', 'public-rects', scope, page],
    queryFn: () => feedbackApi.publicRectifications({ ...scope, page, pageSize: PAGE_SIZE }),
    enabled: ready,
    placeholderData: keepPreviousData,
  });

  return (
    <PublicFrame title={t('feedback.public.title')} subtitle={t('feedback.public.subtitle')} crumbs={[{ title: t('feedback.public.title') }]}>
      <div className="ow-fb-public" data-testid="ratings-public">
        <Filters region={region} organisationId={organisationId} itemCode={itemCode} set={set} period={stats.data} />
        {stats.isPending && ready ? (
          <div className="ow-panel ow-fb-section">
            <CardSkeleton rows={6} />
          </div>
        ) : stats.isError ? (
          <div className="ow-panel ow-fb-section">
            <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
          </div>
        ) : stats.data ? (
          <>
            <Kpis s={stats.data} />
            <div className="ow-fb-stats-grid">
              <Levels s={stats.data} />
              <Trend months={stats.data.months} />
            </div>
          </>
        ) : null}
        <section className="ow-panel ow-fb-section" aria-labelledby="sec-rects">
          <h2 id="sec-rects" className="ow-fb-h2">
            {t('feedback.public.rectifications')}
            {rects.data && <span className="ow-muted ow-fb-h2-extra">{t('feedback.public.rectCount', { count: rects.data.total })}</span>}
          </h2>
          {rects.isPending && ready ? (
            <CardSkeleton rows={4} />
          ) : rects.isError ? (
            <ErrorState error={rects.error} onRetry={() => void rects.refetch()} />
          ) : !rects.data || rects.data.items.length === 0 ? (
            <Empty className="ow-fb-empty" description={t('feedback.public.rectEmpty')} />
          ) : (
            <>
              <ul className="ow-fb-rects" data-testid="public-rectifications">
                {rects.data.items.map((r) => (
                  <li key={r.number} className="ow-fb-rect-item">
                    <Rectification r={r} />
                  </li>
                ))}
              </ul>
              {rects.data.total > PAGE_SIZE && (
                <Pagination
                  className="ow-fb-pagination"
                  current={page}
                  pageSize={PAGE_SIZE}
                  total={rects.data.total}
                  showSizeChanger={false}
                  size="small"
                  onChange={(p) => set({ page: String(p) })}
                />
              )}
            </>
          )}
        </section>
        <section className="ow-panel ow-fb-section" aria-labelledby="sec-notes">
          <h2 id="sec-notes" className="ow-fb-h2">
            {t('feedback.public.notes')}
          </h2>
          <ul className="ow-fb-notes">
            {(t('feedback.public.formulas', { returnObjects: true }) as unknown as string[]).map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
          <div className="ow-fb-actions">
            <Link to="/complaints/new">
              <Button icon={<CommentOutlined />}>{t('feedback.public.complain')}</Button>
            </Link>
          </div>
        </section>
      </div>
    </PublicFrame>
  );
}

function Filters({
  region,
  organisationId,
  itemCode,
  set,
  period,
}: {
  region?: string;
  organisationId?: string;
  itemCode?: string;
  set: (patch: Record<string, string | undefined>) => void;
  period?: FeedbackStatsView;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const regions = useRegions();
  const organisations = useOrganisations(region);
  return (
    <section className="ow-panel ow-fb-section" aria-label={t('feedback.public.title')}>
      <div className="ow-fb-filters">
        <div className="ow-fb-filter">
          <label htmlFor="fb-region">{t('feedback.public.region')}</label>
          <Select
            id="fb-region"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('feedback.public.allRegions')}
            loading={regions.isPending}
            value={region}
            onChange={(v?: string) => set({ region: v, organisation: undefined })}
            options={(regions.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
          />
        </div>
        <div className="ow-fb-filter">
          <label htmlFor="fb-org">{t('feedback.public.organisation')}</label>
          <Select
            id="fb-org"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('feedback.public.all')}
            loading={organisations.isPending}
            value={organisationId}
            onChange={(v?: string) => set({ organisation: v })}
            options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            popupMatchSelectWidth={false}
          />
        </div>
        <div className="ow-fb-filter">
          <label htmlFor="fb-item">{t('feedback.public.item')}</label>
          <ItemPicker id="fb-item" value={itemCode} onChange={(v) => set({ item: v })} placeholder={t('feedback.public.all')} />
        </div>
      </div>
      {period && <p className="ow-fb-period">{t('feedback.public.period', { from: formatDay(period.from, lang), to: formatDay(period.to, lang) })}</p>}
    </section>
  );
}

const KPIS: { key: keyof FeedbackIndicators; cls: string; n: (s: FeedbackStatsView) => number; d: (s: FeedbackStatsView) => number }[] = [
  { key: 'goodRate', cls: 'good', n: (s) => s.counts.good, d: (s) => s.counts.ratings },
  { key: 'rectificationRate', cls: 'rect', n: (s) => s.counts.badRectified, d: (s) => s.counts.badValid },
  { key: 'callbackRate', cls: 'call', n: (s) => s.counts.badRealNameCalledBack, d: (s) => s.counts.badRealName },
  { key: 'activeRate', cls: 'active', n: (s) => s.counts.eventsRated, d: (s) => s.counts.events },
];

function Kpis({ s }: { s: FeedbackStatsView }) {
  const { t } = useTranslation();
  return (
    <div className="ow-fb-kpis" data-testid="kpis">
      {KPIS.map((k) => {
        const p = percent(t, s.indicators[k.key]);
        return (
          <section key={k.key} className={`ow-panel ow-fb-kpi ow-fb-kpi-${k.cls}`} data-testid={`kpi-${k.key}`} aria-label={t(`feedback.public.kpi.${k.key}`)}>
            <div className="ow-fb-kpi-name">{t(`feedback.public.kpi.${k.key}`)}</div>
            <div className="ow-fb-kpi-value">
              {p.value}
              {!p.none && <small>%</small>}
            </div>
            <div className="ow-fb-kpi-of">{t(`feedback.public.kpi.${k.key}Of`, { n: k.n(s), d: k.d(s) })}</div>
          </section>
        );
      })}
    </div>
  );
}

function Levels({ s }: { s: FeedbackStatsView }) {
  const { t } = useTranslation();
  const total = LEVELS.reduce((sum, l) => sum + (s.levels[l] ?? 0), 0);
  return (
    <section className="ow-panel ow-fb-section" aria-labelledby="sec-levels">
      <h2 id="sec-levels" className="ow-fb-h2">
        {t('feedback.public.levels')}
        <span className="ow-muted ow-fb-h2-extra">{t('feedback.public.ratingsCount', { count: total })}</span>
      </h2>
      <ul className="ow-fb-bars" data-testid="levels">
        {LEVELS.map((l: RatingLevel) => {
          const n = s.levels[l] ?? 0;
          const share = total ? n / total : 0;
          return (
            <li key={l} className="ow-fb-bar">
              <span className={`ow-fb-level-${l}`}>{t(`feedback.levels.${l}`)}</span>
              <span className="ow-fb-bar-track" role="img" aria-label={`${t(`feedback.levels.${l}`)} ${n}`}>
                <span className={`ow-fb-bar-fill l${l}`} style={{ width: `${share * 100}%` }} />
              </span>
              <span className="ow-fb-bar-n">
                {n}
                {total > 0 && ` · ${Math.round(share * 100)}%`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Trend({ months }: { months: FeedbackMonth[] }) {
  const { t, i18n } = useTranslation();
  const mobile = useIsMobile();
  const lang = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'zh-CN';
  const max = Math.max(1, ...months.map((m) => m.ratings));
  // phones: the month's number only (twelve labels in 340 px)
  const monthName = (m: string) => (mobile ? String(Number(m.slice(5))) : new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' }).format(new Date(`${m}-15T00:00:00Z`)));
  return (
    <section className="ow-panel ow-fb-section" aria-labelledby="sec-trend">
      <h2 id="sec-trend" className="ow-fb-h2">
        {t('feedback.public.trend')}
      </h2>
      <div className="ow-fb-chart" data-testid="trend">
        {months.map((m) => {
          const label = t(m.goodRate !== null ? 'feedback.public.trendTipRate' : 'feedback.public.trendTip', { month: m.month, good: m.good, bad: m.bad, rate: percent(t, m.goodRate).value });
          return (
            <div key={m.month} className="ow-fb-chart-col" title={label} aria-label={label} role="img" tabIndex={0}>
              {m.ratings > 0 && <div className="ow-fb-chart-n">{m.ratings}</div>}
              <div className="ow-fb-chart-good" style={{ height: `${(m.good / max) * 85}%` }} />
              <div className="ow-fb-chart-bad" style={{ height: `${(m.bad / max) * 85}%`, borderRadius: m.good ? 0 : '3px 3px 0 0' }} />
            </div>
          );
        })}
      </div>
      <div className="ow-fb-chart-x" aria-hidden>
        {months.map((m) => (
          <span key={m.month}>{monthName(m.month)}</span>
        ))}
      </div>
      <div className="ow-fb-legend">
        <span>
          <i style={{ background: '#52b788' }} />
          {t('feedback.public.trendGood')}
        </span>
        <span>
          <i style={{ background: '#e5484d' }} />
          {t('feedback.public.trendBad')}
        </span>
      </div>
    </section>
  );
}

function Rectification({ r }: { r: PublicRectificationView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const rows: [string, string | null][] = [
    [t('feedback.public.rect.comment'), r.comment || '—'],
    [t('feedback.public.rect.measures'), r.measures],
    [t('feedback.public.rect.reply'), r.reply],
    [t('feedback.public.rect.ratedAt'), formatDay(r.ratedAt, lang)],
    [t('feedback.public.rect.closedAt'), formatDay(r.closedAt, lang)],
  ];
  return (
    <article data-testid="public-rectification">
      <div className="ow-fb-rect-head">
        <span className="ow-fb-mono ow-muted">{r.number}</span>
        <LevelTag level={r.level} />
        <Tag color={r.outcome === 'rectified' ? 'success' : 'default'}>{t(`feedback.rectOutcome.${r.outcome}`)}</Tag>
      </div>
      <div className="ow-fb-rect-title">
        {r.itemName} <span className="ow-muted">· {r.organisationName}</span>
      </div>
      <dl className="ow-fb-rect-rows">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
    </article>
  );
}
