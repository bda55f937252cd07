/** 登录设备: the account's active sessions; end one, or all of them (this one included). */
import { DesktopOutlined, LogoutOutlined, MobileOutlined, TabletOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, message, Popconfirm, Skeleton, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { identityApi, type SessionRow } from '../../api/identity';
import { ErrorState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { problemText } from './forms';
import { amrText } from './ProfileSection';
import { ACCOUNT_KEY, useForgetAccount, useOn401, useOn401Error } from './session';

const SESSIONS_KEY = [...ACCOUNT_KEY, 'sessions'];

/** "Chrome 156 · Windows" from a user-agent string; enough to recognise a device. */
export function describeAgent(ua: string | null): { label: string | null; kind: 'mobile' | 'tablet' | 'desktop' } {
  if (!ua) return { label: null, kind: 'desktop' };
  const version = (re: RegExp) => re.exec(ua)?.[1];
  const browsers: [string, string | undefined][] = [
    ['微信', /MicroMessenger\//.test(ua) ? '' : undefined],
    ['Edge', version(/Edg(?:A|iOS)?\/(\d+)/)],
    ['Firefox', version(/(?:Firefox|FxiOS)\/(\d+)/)],
    ['Chrome', version(/(?:Chrome|CriOS)\/(\d+)/)],
    ['Safari', version(/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari/)],
  ];
  const found = browsers.find(([, v]) => v !== undefined);
  const browser = found ? `${found[0]} ${found[1]}`.trim() : null;
  const systems: [string, RegExp][] = [
    ['iPhone', /iPhone|iPod/],
    ['iPad', /iPad/],
    ['HarmonyOS', /HarmonyOS|OpenHarmony/],
    ['Android', /Android/],
    ['Windows', /Windows/],
    ['macOS', /Mac OS X|Macintosh/],
    ['Linux', /Linux|X11/],
  ];
  const os = systems.find(([, re]) => re.test(ua))?.[0] ?? null;
  const kind = /iPad|Tablet/.test(ua) ? 'tablet' : /Mobile|iPhone|Android/.test(ua) ? 'mobile' : 'desktop';
  const label = [browser, os].filter(Boolean).join(' · ');
  return { label: label || null, kind };
}

function SessionItem({ s, t, lang, onEnd, ending }: { s: SessionRow; t: TFunction; lang: string; onEnd: () => void; ending: boolean }) {
  const agent = describeAgent(s.userAgent);
  const Icon = agent.kind === 'mobile' ? MobileOutlined : agent.kind === 'tablet' ? TabletOutlined : DesktopOutlined;
  return (
    <li className={s.current ? 'ow-session current' : 'ow-session'}>
      <span className="ow-session-icon" aria-hidden>
        <Icon />
      </span>
      <div className="ow-session-body">
        <div className="ow-session-title">
          <strong>{agent.label ?? t('account.sessions.unknownDevice')}</strong>
          {s.current && <Tag color="blue">{t('account.sessions.current')}</Tag>}
        </div>
        <dl className="ow-session-facts">
          <div>
            <dt>{t('account.sessions.method')}</dt>
            <dd>{amrText(t, s.amr)}</dd>
          </div>
          <div>
            <dt>{t('account.sessions.ip')}</dt>
            <dd className="ow-mono">{s.ip ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('account.sessions.createdAt')}</dt>
            <dd>{formatDateTime(s.createdAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('account.sessions.lastSeenAt')}</dt>
            <dd>{formatDateTime(s.lastSeenAt, lang)}</dd>
          </div>
        </dl>
      </div>
      {!s.current && (
        <Popconfirm title={t('account.sessions.endConfirm')} okText={t('account.confirm')} cancelText={t('account.cancel')} onConfirm={onEnd}>
          <Button className="ow-session-end" loading={ending}>
            {t('account.sessions.end')}
          </Button>
        </Popconfirm>
      )}
    </li>
  );
}

export function SessionsSection() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const forget = useForgetAccount();
  const on401 = useOn401();
  const [messageApi, holder] = message.useMessage();
  const list = useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => identityApi.sessions(signal), staleTime: 0 });
  useOn401Error(list.error);

  const end = useMutation({
    mutationFn: identityApi.endSession,
    onSuccess: () => {
      void messageApi.success(t('account.sessions.ended'));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: (e) => {
      on401(e);
      void messageApi.error(problemText(t, e).title);
    },
  });
  const endAll = useMutation({
    mutationFn: identityApi.logoutAll,
    onSuccess: () => {
      forget();
      navigate('/login', { replace: true });
    },
    onError: (e) => {
      on401(e);
      void messageApi.error(problemText(t, e).title);
    },
  });

  return (
    <section className="ow-panel ow-account-section" aria-labelledby="sessions-title">
      {holder}
      <div className="ow-account-h2-row">
        <h2 id="sessions-title" className="ow-account-h2">
          {t('account.sessions.title')}
        </h2>
        <Popconfirm title={t('account.sessions.endAllConfirm')} okText={t('account.confirm')} cancelText={t('account.cancel')} onConfirm={() => endAll.mutate()}>
          <Button danger icon={<LogoutOutlined />} loading={endAll.isPending}>
            {t('account.sessions.endAll')}
          </Button>
        </Popconfirm>
      </div>
      <p className="ow-muted ow-account-intro">{t('account.sessions.intro')}</p>
      {list.isPending ? (
        <Skeleton active />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('account.sessions.empty')} />
      ) : (
        <ul className="ow-sessions">
          {list.data.items.map((s) => (
            <SessionItem key={s.id} s={s} t={t} lang={i18n.language} onEnd={() => end.mutate(s.id)} ending={end.isPending && end.variables === s.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
