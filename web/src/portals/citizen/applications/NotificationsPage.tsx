/**
 * /my/notifications — 消息提醒: the account's notifications, newest first; a click marks one read
 * and opens its link (the application); 全部已读 marks them all.
 */
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Empty, Pagination, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { markAllRead, markRead, notifications, type Notification } from '../../../api/applications';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApplicantFrame, formatTime, problemMessage } from './common';

const PAGE_SIZE = 20;

/** Only links within this site are followed. */
const internal = (link: string) => link.startsWith('/') && !link.startsWith('//');

function List() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const unreadOnly = params.get('unread') === 'true';
  const q = useQuery({
    queryKey: ['notifications', 'list', page, unreadOnly],
    queryFn: () => notifications({ page, pageSize: PAGE_SIZE, ...(unreadOnly ? { unread: 'true' } : {}) }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });

  const open = async (n: Notification) => {
    if (!n.readAt) {
      try {
        await markRead(n.id);
      } catch {
        // reading is what matters; the mark is retried with the next click
      }
      refresh();
    }
    if (internal(n.link)) navigate(n.link);
  };
  const readAll = async () => {
    try {
      await markAllRead();
      void message.success(t('applications.notifications.allRead'));
      refresh();
    } catch (e) {
      void message.error(problemMessage(t, e));
    }
  };
  const set = (key: string, value: string | null) => {
    const usp = new URLSearchParams(params);
    if (value === null) usp.delete(key);
    else usp.set(key, value);
    if (key !== 'page') usp.delete('page');
    setParams(usp);
  };

  const data = q.data;
  return (
    <div className="ow-panel ow-apps-panel ow-notes">
      <div className="ow-apps-toolbar">
        <label className="ow-notes-filter">
          <Switch size="small" checked={unreadOnly} onChange={(v) => set('unread', v ? 'true' : null)} /> {t('applications.notifications.onlyUnread')}
        </label>
        <span className="ow-notes-tools">
          {data && data.unread > 0 && <span className="ow-muted">{t('applications.notifications.unread', { count: data.unread })}</span>}
          <Button icon={<CheckOutlined />} onClick={() => void readAll()} disabled={!data || data.unread === 0}>
            {t('applications.notifications.markAll')}
          </Button>
        </span>
      </div>
      {q.isPending ? (
        <CardSkeleton rows={6} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : data!.items.length === 0 ? (
        <Empty image={<BellOutlined className="ow-notes-emptyicon" />} description={t('applications.notifications.empty')} />
      ) : (
        <ul className="ow-notes-list">
          {data!.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'ow-note' : 'ow-note unread'}>
              <button type="button" className="ow-note-btn" onClick={() => void open(n)}>
                <span className="ow-note-dot" aria-hidden />
                <span className="ow-note-main">
                  <span className="ow-note-title">
                    {n.title}
                    {!n.readAt && <span className="ow-note-new">{t('applications.notifications.newBadge')}</span>}
                  </span>
                  <span className="ow-note-body">{n.body}</span>
                  <span className="ow-note-time">{formatTime(n.createdAt, lang)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {data && data.total > PAGE_SIZE && (
        <Pagination className="ow-apps-pagination" current={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set('page', String(p))} showSizeChanger={false} simple />
      )}
    </div>
  );
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('applications.notifications.title'));
  return (
    <ApplicantFrame title={t('applications.notifications.title')} crumbs={[{ title: t('applications.notifications.title') }]}>
      <List />
    </ApplicantFrame>
  );
}
