/**
 * Building blocks of the 好差评 and 投诉建议 pages: the signed-in frame and the public frame, the
 * level in words and colour, a rating as the rater sees it, the rating channel of this screen,
 * the queries and their keys.
 */
import { FrownFilled, FrownOutlined, MehOutlined, RightOutlined, SmileFilled, SmileOutlined } from '@ant-design/icons';
import { dimensionsOf, isBadRating, type RatingChannel, type RatingLevel, type RatingView } from '@onewindow/domain';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Select, Tag } from 'antd';
import { useDeferredValue, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { feedbackApi } from '../../../api/feedback';
import { useItem, useItemSearch } from '../../../api/hooks';
import { useIsMobile } from '../../../lib/useMedia';
import { formatTime } from '../applications/common';
import { CitizenTheme } from '../parts';
import { PersonFrame } from '../PersonFrame';
import '../citizen.css';
import './feedback.css';

/**
 * One entry of a feedback list (我的评价, 我的投诉建议, a window's services): the whole row is a link;
 * `children` is its main part, `action` the button on the right (查看 by default).
 */
export function FeedbackItem({ to, testId, level, action, children }: { to: string; testId: string; level?: RatingLevel; action?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="ow-fb-item" data-testid={testId} data-level={level}>
      <div className="ow-fb-item-main">{children}</div>
      <span className="ow-fb-item-action">
        {action ?? (
          <Button>
            {t('feedback.mine.view')} <RightOutlined aria-hidden />
          </Button>
        )}
      </span>
    </Link>
  );
}

export const LEVELS: RatingLevel[] = [1, 2, 3, 4, 5];

// ---------------------------------------------------------------- frames

/** The frame of the signed-in person's pages (login redirect, staff note). */
export function FeedbackFrame(props: { title: ReactNode; crumbs: { title: ReactNode }[]; extra?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return <PersonFrame variant="fb" homeLabel={t('feedback.breadcrumbHome')} staffNote={t('feedback.staffNote')} staffNoteClass="ow-fb-section" {...props} />;
}

/** The frame of the public pages (no sign-in): the same band, breadcrumbs and title. */
export function PublicFrame({ title, subtitle, crumbs, children }: { title: ReactNode; subtitle?: ReactNode; crumbs: { title: ReactNode }[]; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <CitizenTheme>
      <div className="ow-fb">
        <div className="ow-account-band ow-fb-band">
          <div className="ow-container">
            <Breadcrumb className="ow-account-crumbs" items={[{ title: <Link to="/">{t('feedback.breadcrumbHome')}</Link> }, ...crumbs]} />
            <h1 className="ow-account-title ow-fb-title">{title}</h1>
            {subtitle && <p className="ow-fb-subtitle">{subtitle}</p>}
          </div>
        </div>
        <div className="ow-container ow-account-body ow-fb-body">{children}</div>
      </div>
    </CitizenTheme>
  );
}

// ---------------------------------------------------------------- levels

const LEVEL_ICON: Record<RatingLevel, ReactNode> = {
  1: <SmileFilled />,
  2: <SmileOutlined />,
  3: <MehOutlined />,
  4: <FrownOutlined />,
  5: <FrownFilled />,
};
export const levelIcon = (level: RatingLevel) => LEVEL_ICON[level];

/** A level in words with its colour (green for 好评, red for 差评). */
export function LevelTag({ level }: { level: RatingLevel }) {
  const { t } = useTranslation();
  return (
    <span className={`ow-fb-level ow-fb-level-${level}`} data-level={level}>
      <span aria-hidden>{LEVEL_ICON[level]}</span> {t(`feedback.levels.${level}`)}
    </span>
  );
}

/** The status of a 差评's rectification, or its outcome when closed. */
export function RectificationTag({ r }: { r: NonNullable<RatingView['rectification']> }) {
  const { t } = useTranslation();
  const closed = r.status === 'closed';
  return (
    <Tag color={closed ? (r.outcome === 'rectified' ? 'success' : 'default') : 'processing'} className="ow-fb-rect" data-status={r.status}>
      {closed && r.outcome ? t(`feedback.rectOutcome.${r.outcome}`) : t(`feedback.rectStatus.${r.status}`)}
    </Tag>
  );
}

// ---------------------------------------------------------------- a rating

/** The dimensions of a rating in the order of its mode (总体满意 first). */
function dimensionOrder(r: RatingView): [string, RatingLevel][] {
  const order = dimensionsOf(r.mode);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(r.dimensions).sort(([a], [b]) => rank(a) - rank(b));
}

/** A rating as its rater sees it: level, dimensions, tags, comment, 追评, rectification. Text only, never markup. */
export function RatingDetails({ rating: r }: { rating: RatingView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <div className="ow-fb-rating" data-testid="rating-view" data-level={r.level}>
      <div className="ow-fb-rating-head">
        <LevelTag level={r.level} />
        <Tag>{r.anonymous ? t('feedback.rate.anonymousTag') : t('feedback.rate.realNameTag')}</Tag>
        {r.rectification && <RectificationTag r={r.rectification} />}
      </div>
      <dl className="ow-fb-dims">
        {dimensionOrder(r).map(([k, v]) => (
          <div key={k} className="ow-fb-dim">
            <dt>{t(`feedback.dimensions.${k}`, { defaultValue: k })}</dt>
            <dd>
              <span className={`ow-fb-dot ow-fb-dot-${v}`} aria-hidden />
              {t(`feedback.levels.${v}`)}
            </dd>
          </div>
        ))}
      </dl>
      {r.tags.length > 0 && (
        <div className="ow-fb-tags">
          {r.tags.map((tag) => (
            <Tag key={tag} color={isBadRating(r.level) ? 'red' : 'green'}>
              {t(`feedback.tags.${tag}`)}
            </Tag>
          ))}
        </div>
      )}
      {r.comment && (
        <p className="ow-fb-comment" data-testid="rating-comment">
          {r.comment}
        </p>
      )}
      <p className="ow-fb-meta ow-muted">
        <span>{t('feedback.labelled', { label: t('feedback.rate.fields.ratedAt'), value: formatTime(r.createdAt, lang) })}</span>
        <span>{t('feedback.labelled', { label: t('feedback.rate.fields.channel'), value: t(`feedback.channels.${r.channel}`) })}</span>
      </p>
      {r.addition && (
        <div className="ow-fb-addition" data-testid="rating-addition">
          <div className="ow-fb-addition-title">
            {t('feedback.rate.addition')} <span className="ow-muted">{formatTime(r.addition.at, lang)}</span>
          </div>
          <p className="ow-fb-comment">{r.addition.comment}</p>
        </div>
      )}
      {r.excluded && <p className="ow-muted">{t('feedback.rate.excluded')}</p>}
    </div>
  );
}

// ---------------------------------------------------------------- item picker

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The item field: search the catalogue by name; the chosen item keeps its label. */
export function ItemPicker({ value, onChange, id, placeholder }: { value?: string; onChange?: (v: string | undefined) => void; id?: string; placeholder?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const search = useItemSearch({ q: query || undefined, pageSize: 20 }, query.length > 0);
  const chosen = useItem(value && !UUID.test(value) ? value : undefined);
  const options = (search.data?.items ?? []).map((i) => ({ value: i.implementationCode, label: i.name, org: i.organisation.name }));
  if (value && chosen.data && !options.some((o) => o.value === value)) options.unshift({ value, label: chosen.data.guide.name, org: chosen.data.organisation.name });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      placeholder={placeholder ?? t('feedback.complaint.placeholders.item')}
      loading={search.isFetching || chosen.isFetching}
      notFoundContent={null}
      options={options.map((o) => ({ value: o.value, label: o.label, title: `${o.label} · ${o.org}` }))}
      optionRender={(o) => (
        <div className="ow-fb-option">
          <div>{o.label}</div>
          <div className="ow-muted">{options.find((x) => x.value === o.value)?.org}</div>
        </div>
      )}
    />
  );
}

// ---------------------------------------------------------------- channel

/** Where this rating is given: `?via=sms|qr` (the link of a text message, the window's QR code), else the screen. */
export function useRatingChannel(): RatingChannel {
  const [params] = useSearchParams();
  const mobile = useIsMobile();
  const via = params.get('via');
  if (via === 'sms' || via === 'qr') return via;
  return mobile ? 'mobile' : 'pc';
}

// ---------------------------------------------------------------- data

export const FEEDBACK_KEY = ['feedback'] as const;
export const rateableKey = (staffCode?: string) => ['feedback', 'rateable', staffCode ?? ''] as const;
export const MY_RATINGS_KEY = ['feedback', 'my-ratings'] as const;
export const ratingKey = (id: string) => ['feedback', 'rating', id] as const;
export const MY_COMPLAINTS_KEY = ['feedback', 'my-complaints'] as const;
export const complaintKey = (id: string) => ['feedback', 'complaint', id] as const;

export function useRateable(enabled = true, staffCode?: string) {
  return useQuery({ queryKey: rateableKey(staffCode), queryFn: () => feedbackApi.rateable(staffCode), enabled, staleTime: 0 });
}

export function useRating(id: string | null | undefined) {
  return useQuery({ queryKey: ratingKey(id ?? ''), queryFn: () => feedbackApi.rating(id!), enabled: !!id });
}
