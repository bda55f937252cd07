/**
 * /me/ratings — 我的评价: the person's ended services still to rate (待评价), and the ratings given,
 * with their 追评 and, for a 差评, how far its rectification has come.
 */
import { RightOutlined, StarOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Segmented, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { feedbackApi, type RateableEvent, type RatingView } from '../../../api/feedback';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useIsMobile } from '../../../lib/useMedia';
import { formatTime } from '../applications/common';
import { FeedbackFrame, FeedbackItem, LevelTag, MY_RATINGS_KEY, RectificationTag, useRateable } from './common';

type Tab = 'pending' | 'done';

export const ratePath = (e: { kind: 'application' | 'visit'; id: string }) => `/rate/${e.kind}/${e.id}`;

export default function MyRatingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.mine.title'));
  return (
    <FeedbackFrame
      title={t('feedback.mine.title')}
      crumbs={[{ title: t('feedback.mine.title') }]}
      extra={
        <Link to="/ratings" className="ow-fb-bandlink">
          {t('feedback.mine.publicLink')} <RightOutlined aria-hidden />
        </Link>
      }
    >
      <Ratings />
    </FeedbackFrame>
  );
}

function Ratings() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const rateable = useRateable();
  const mine = useQuery({ queryKey: MY_RATINGS_KEY, queryFn: feedbackApi.myRatings, staleTime: 0 });
  const pending = (rateable.data?.items ?? []).filter((e) => !e.ratingId);
  // nothing to rate: the ratings given, unless the address asks otherwise
  const asked = params.get('tab');
  const tab: Tab = asked === 'done' || asked === 'pending' ? asked : rateable.data && pending.length === 0 ? 'done' : 'pending';
  const q = tab === 'pending' ? rateable : mine;
  return (
    <div className="ow-panel ow-fb-section">
      <div className="ow-fb-toolbar">
        <Segmented
          value={tab}
          block={mobile}
          onChange={(v) => setParams({ tab: v }, { replace: true })}
          options={[
            { value: 'pending', label: `${t('feedback.mine.pending')}${rateable.data ? ` (${pending.length})` : ''}` },
            { value: 'done', label: `${t('feedback.mine.done')}${mine.data ? ` (${mine.data.items.length})` : ''}` },
          ]}
        />
      </div>
      {q.isPending ? (
        <CardSkeleton rows={5} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : tab === 'pending' ? (
        pending.length === 0 ? (
          <Empty className="ow-fb-empty" description={t('feedback.mine.pendingEmpty')} />
        ) : (
          <ul className="ow-fb-list" data-testid="rateable-list">
            {pending.map((e) => (
              <li key={`${e.kind}-${e.id}`}>
                <PendingItem e={e} />
              </li>
            ))}
          </ul>
        )
      ) : (mine.data?.items ?? []).length === 0 ? (
        <Empty className="ow-fb-empty" description={t('feedback.mine.doneEmpty')} />
      ) : (
        <ul className="ow-fb-list" data-testid="my-ratings">
          {mine.data!.items.map((r) => (
            <li key={r.id}>
              <RatedItem r={r} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PendingItem({ e }: { e: RateableEvent }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <FeedbackItem
      to={ratePath(e)}
      testId="rateable-item"
      action={
        <Button type="primary" icon={<StarOutlined />}>
          {t('feedback.mine.rate')}
        </Button>
      }
    >
      <div className="ow-fb-item-top">
        <span className="ow-fb-item-name">{e.itemName}</span>
        <Tag color="blue">{t(`feedback.kinds.${e.kind}`)}</Tag>
      </div>
      <div className="ow-fb-item-meta">
        {e.number && <span className="ow-fb-mono">{e.number}</span>}
        <span>{e.organisationName}</span>
        {e.staffName && <span>{e.staffName}</span>}
        <span>{formatTime(e.at, lang)}</span>
      </div>
    </FeedbackItem>
  );
}

function RatedItem({ r }: { r: RatingView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <FeedbackItem to={ratePath(r.event)} testId="rating-item" level={r.level}>
      <div className="ow-fb-item-top">
        <span className="ow-fb-item-name">{r.item.name}</span>
        <LevelTag level={r.level} />
      </div>
      <div className="ow-fb-item-meta">
        {r.event.number && <span className="ow-fb-mono">{r.event.number}</span>}
        <span>{r.organisation.name}</span>
        <span>{formatTime(r.createdAt, lang)}</span>
      </div>
      {r.comment && <p className="ow-fb-item-comment">{r.comment}</p>}
      {(r.addition || r.rectification) && (
        <div className="ow-fb-item-tags">
          {r.addition && <Tag>{t('feedback.mine.addition')}</Tag>}
          {r.rectification && (
            <>
              <span className="ow-muted">{t('feedback.labelled', { label: t('feedback.mine.rectification'), value: '' })}</span>
              <RectificationTag r={r.rectification} />
            </>
          )}
        </div>
      )}
    </FeedbackItem>
  );
}
