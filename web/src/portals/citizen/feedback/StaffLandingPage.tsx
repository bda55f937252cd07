/**
 * /rate/staff/:code — what the QR code at a window opens on the person's phone: the staff member
 * (name masked), the organisation and the window; after sign-in, the person's services with that
 * staff member in the last 7 days, each to rate (channel 窗口二维码), and a complaint link.
 */
import { CommentOutlined, LoginOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Result, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { feedbackApi } from '../../../api/feedback';
import { useMe } from '../../../api/identity';
import { isNotFound } from '../../../api/hooks';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { formatTime } from '../applications/common';
import { FeedbackItem, PublicFrame, useRateable } from './common';

export default function StaffLandingPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  useDocumentTitle(t('feedback.staff.title'));
  const info = useQuery({ queryKey: ['feedback', 'code', code], queryFn: () => feedbackApi.ratingCode(code), enabled: !!code });
  return (
    <PublicFrame title={t('feedback.staff.title')} subtitle={t('feedback.staff.intro')} crumbs={[{ title: t('feedback.staff.title') }]}>
      <div className="ow-fb-narrow">
        {info.isPending ? (
          <div className="ow-panel ow-fb-section">
            <CardSkeleton rows={3} />
          </div>
        ) : info.isError ? (
          <div className="ow-panel ow-fb-section">
            {isNotFound(info.error) ? (
              <Result status="warning" title={t('feedback.staff.notFound')} subTitle={t('feedback.staff.notFoundHint')} />
            ) : (
              <ErrorState error={info.error} onRetry={() => void info.refetch()} />
            )}
          </div>
        ) : (
          <>
            <section className="ow-panel ow-fb-section" data-testid="staff-card">
              <div className="ow-fb-staffcard">
                <span className="ow-fb-avatar" aria-hidden>
                  {Array.from(info.data.staffName)[0]}
                </span>
                <div>
                  <div className="ow-fb-staffname">{info.data.staffName}</div>
                  <div className="ow-fb-staffmeta">
                    <span>{info.data.organisationName}</span>
                    {info.data.window && <Tag color="blue">{t('feedback.staff.window', { window: info.data.window })}</Tag>}
                  </div>
                </div>
              </div>
            </section>
            <Visits code={code} />
          </>
        )}
      </div>
    </PublicFrame>
  );
}

function Visits({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const me = useMe();
  const location = useLocation();
  const person = me.data?.kind === 'person';
  const q = useRateable(person, code);
  if (me.isPending) return null;
  if (!person) {
    return (
      <section className="ow-panel ow-fb-section ow-fb-signin">
        <p>{me.data?.kind === 'staff' ? t('feedback.staffNote') : t('feedback.staff.signInHint')}</p>
        {!me.data && (
          <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
            <Button type="primary" size="large" icon={<LoginOutlined />} data-testid="staff-signin">
              {t('feedback.staff.signIn')}
            </Button>
          </Link>
        )}
      </section>
    );
  }
  const visits = (q.data?.items ?? []).filter((e) => e.kind === 'visit');
  return (
    <section className="ow-panel ow-fb-section" aria-labelledby="sec-visits">
      <h2 id="sec-visits" className="ow-fb-h2">
        {t('feedback.staff.visits')}
      </h2>
      {q.isPending ? (
        <CardSkeleton rows={3} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : visits.length === 0 ? (
        <Empty className="ow-fb-empty" description={<><div>{t('feedback.staff.none')}</div><div className="ow-muted">{t('feedback.staff.noneHint')}</div></>} />
      ) : (
        <ul className="ow-fb-list" data-testid="staff-visits">
          {visits.map((v) => (
            <li key={v.id}>
              <FeedbackItem
                to={`/rate/visit/${v.id}?via=qr`}
                testId="staff-visit"
                action={
                  <Button type={v.ratingId ? 'default' : 'primary'}>
                    {v.ratingId ? t('feedback.mine.view') : t('feedback.staff.rateThis')} <RightOutlined aria-hidden />
                  </Button>
                }
              >
                <div className="ow-fb-item-top">
                  <span className="ow-fb-item-name">{v.itemName}</span>
                  {v.ratingId ? <Tag color="success">{t('feedback.staff.rated')}</Tag> : null}
                </div>
                <div className="ow-fb-item-meta">
                  {v.window && <span>{t('feedback.staff.window', { window: v.window })}</span>}
                  <span>{formatTime(v.at, lang)}</span>
                </div>
              </FeedbackItem>
            </li>
          ))}
        </ul>
      )}
      <div className="ow-fb-actions">
        <Link to={`/complaints/new?${new URLSearchParams({ staff: code })}`}>
          <Button icon={<CommentOutlined />}>{t('feedback.staff.complain')}</Button>
        </Link>
      </div>
    </section>
  );
}
