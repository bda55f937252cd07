/** /me/complaints — 我的投诉建议: what the person filed, its status, the answer's deadline; a new one. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { feedbackApi, type ComplaintView } from '../../../api/feedback';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { formatDay, formatTime } from '../applications/common';
import { FeedbackFrame, FeedbackItem, MY_COMPLAINTS_KEY } from './common';

export function ComplaintTags({ c }: { c: ComplaintView }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={c.kind === 'complaint' ? 'volcano' : 'geekblue'}>{t(`feedback.complaint.kinds.${c.kind}`)}</Tag>
      <Tag color={c.status === 'answered' ? 'success' : 'processing'} data-status={c.status} className="ow-fb-cstatus">
        {t(`feedback.complaint.status.${c.status}`)}
      </Tag>
      {c.status === 'open' && c.overdue && <Tag color="red">{t('feedback.complaint.overdue')}</Tag>}
      {c.escalatedAt && <Tag color="orange">{t('feedback.complaint.escalated')}</Tag>}
    </>
  );
}

/** What the complaint is about: the item, the staff member or the organisation. */
export function subjectText(c: ComplaintView): string {
  if (c.subject === 'item' && c.item) return c.item.name;
  if (c.subject === 'staff' && c.staff) return `${c.staff.name} · ${c.organisation.name}`;
  return c.organisation.name;
}

export const newComplaintButton = (label: string) => (
  <Link to="/complaints/new">
    <Button type="primary" icon={<PlusOutlined />} data-testid="new-complaint">
      {label}
    </Button>
  </Link>
);

export default function MyComplaintsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  useDocumentTitle(t('feedback.complaint.title'));
  const q = useQuery({ queryKey: MY_COMPLAINTS_KEY, queryFn: feedbackApi.myComplaints, staleTime: 0 });
  return (
    <FeedbackFrame title={t('feedback.complaint.title')} crumbs={[{ title: t('feedback.complaint.title') }]} extra={newComplaintButton(t('feedback.complaint.new'))}>
      <div className="ow-panel ow-fb-section">
        {q.isPending ? (
          <CardSkeleton rows={5} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.items.length === 0 ? (
          <Empty className="ow-fb-empty" description={t('feedback.complaint.empty')} />
        ) : (
          <ul className="ow-fb-list" data-testid="my-complaints">
            {q.data.items.map((c) => (
              <li key={c.id}>
                <FeedbackItem to={`/me/complaints/${c.id}`} testId="complaint-item">
                  <div className="ow-fb-item-top">
                    <span className="ow-fb-item-name">{c.title}</span>
                  </div>
                  <div className="ow-fb-item-tags">
                    <ComplaintTags c={c} />
                  </div>
                  <div className="ow-fb-item-meta">
                    <span className="ow-fb-mono">{c.number}</span>
                    <span>{subjectText(c)}</span>
                    <span>
                      {t('feedback.complaint.fields.createdAt')} {formatTime(c.createdAt, lang)}
                    </span>
                    {c.status === 'open' && (
                      <span>
                        {t('feedback.complaint.fields.dueDate')} {formatDay(c.dueDate, lang)}
                      </span>
                    )}
                  </div>
                </FeedbackItem>
              </li>
            ))}
          </ul>
        )}
      </div>
    </FeedbackFrame>
  );
}
