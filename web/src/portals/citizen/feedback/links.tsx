/** The person's 好差评 and 投诉建议 pages, as the header menu, the phone drawer and 个人中心 link them (one list). */
import { CommentOutlined, LikeOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

export const FEEDBACK_LINKS: { key: string; to: string; icon: ReactNode; label: string }[] = [
  { key: 'ratings', to: '/me/ratings', icon: <LikeOutlined />, label: 'feedback.menu.ratings' },
  { key: 'complaints', to: '/me/complaints', icon: <CommentOutlined />, label: 'feedback.menu.complaints' },
];
