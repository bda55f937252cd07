/** The bell of the signed-in header: unread notifications (polled each minute), a link to 消息提醒. */
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unreadCount } from '../../../api/applications';
import './bell.css';

export const UNREAD_KEY = ['notifications', 'unread'] as const;

/** Unread notifications of the signed-in account (polled each minute); 0 while unknown. */
export function useUnreadCount(enabled = true): number {
  const q = useQuery({ queryKey: UNREAD_KEY, queryFn: unreadCount, refetchInterval: 60_000, staleTime: 15_000, enabled });
  return q.data?.unread ?? 0;
}

/**
 * The bell at desktop width. On phones the header has no room for it: the count sits on the
 * avatar and the account menu lists 消息提醒 with it (see HeaderAccount).
 */
export function NotificationBell({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const n = useUnreadCount();
  const label = n > 0 ? `${t('applications.notifications.bell')}（${t('applications.notifications.unread', { count: n })}）` : t('applications.notifications.bell');
  return (
    <Link to="/my/notifications" className={compact ? 'ow-hdr-bell compact' : 'ow-hdr-bell'} aria-label={label} title={label} data-testid="notification-bell">
      <Badge count={n} size="small" overflowCount={99} offset={[2, -2]}>
        <BellOutlined className="ow-hdr-bell-icon" aria-hidden />
      </Badge>
    </Link>
  );
}
