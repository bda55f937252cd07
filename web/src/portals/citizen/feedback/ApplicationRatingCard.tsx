/**
 * The 服务评价 card of an ended application (办结, 不予受理, 撤回, 终止) on its detail page: an invitation
 * to rate while it is not rated (GET /me/rateable tells), the rating once it is.
 */
import { RightOutlined, StarOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LevelTag, RectificationTag, useRateable, useRating } from './common';

export function ApplicationRatingCard({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const rateable = useRateable();
  const event = rateable.data?.items.find((e) => e.kind === 'application' && e.id === applicationId);
  const rating = useRating(event?.ratingId);
  if (!event) return null;
  const href = `/rate/application/${applicationId}`;
  return (
    <section className="ow-panel ow-fb-section ow-fb-appcard" aria-labelledby="sec-rating" data-testid="rating-card" data-rated={event.ratingId ? 'true' : 'false'}>
      <div className="ow-fb-appcard-icon" aria-hidden>
        <StarOutlined />
      </div>
      <div className="ow-fb-appcard-main">
        <h2 id="sec-rating" className="ow-fb-h2">
          {t('feedback.card.title')}
        </h2>
        {event.ratingId ? (
          <div className="ow-fb-appcard-rated">
            <span className="ow-muted">{t('feedback.card.rated')}</span>
            {rating.data && <LevelTag level={rating.data.level} />}
            {rating.data?.rectification && <RectificationTag r={rating.data.rectification} />}
          </div>
        ) : (
          <>
            <p className="ow-fb-appcard-ask">{t('feedback.card.ask')}</p>
            <p className="ow-muted ow-fb-appcard-hint">{t('feedback.card.askHint')}</p>
          </>
        )}
      </div>
      <Link to={href} className="ow-fb-appcard-action">
        {event.ratingId ? (
          <Button>
            {t('feedback.card.view')} <RightOutlined aria-hidden />
          </Button>
        ) : (
          <Button type="primary" size="large" icon={<StarOutlined />} data-testid="rate-button">
            {t('feedback.card.action')}
          </Button>
        )}
      </Link>
    </section>
  );
}
