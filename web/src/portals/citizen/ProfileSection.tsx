/** 基本信息 and 实名等级: the masked profile, the scale of assurance levels and how to climb it. */
import { CheckCircleFilled, LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { identityApi, ME_KEY, problemSlug, retryAfterOf, type Me } from '../../api/identity';
import { formatDateTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useMedia';
import { problemText } from './forms';
import { LevelBadge } from './LevelBadge';
import { useOn401 } from './session';

const LEVELS = [2, 3, 4, 5] as const;

/**
 * How a session signed in (RFC 8176 amr values): "密码 + 短信验证码", "通行密钥". The markers of a
 * combination (mfa) and of the passkey's user check (user) say nothing more to a person, so they go.
 */
export function amrText(t: TFunction, amr: string[]): string {
  const shown = amr.length > 1 ? amr.filter((m) => m !== 'mfa' && m !== 'user') : amr;
  return shown.map((m) => t(`account.amr.${m}`, { defaultValue: m })).join(' + ');
}

function LevelLadder({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <ol className="ow-levels">
      {LEVELS.map((l) => {
        const state = l < level ? 'done' : l === level ? 'current' : 'todo';
        return (
          <li key={l} className={`ow-level ow-level-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <div className="ow-level-head">
              <span className="ow-level-num">{l}</span>
              <span className="ow-level-name">{t(`account.levels.names.${l}`)}</span>
              {state === 'current' && <span className="ow-level-here">{t('account.levels.current')}</span>}
              {state === 'done' && <CheckCircleFilled className="ow-level-check" aria-label={t('account.levels.reached')} />}
              {state === 'todo' && <LockOutlined className="ow-level-lock" aria-hidden />}
            </div>
            <div className="ow-level-desc">{t(`account.levels.desc.${l}`)}</div>
            <p className="ow-level-long">{t(`account.levels.long.${l}`)}</p>
          </li>
        );
      })}
    </ol>
  );
}

function RaiseLevel({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const on401 = useOn401();
  const verify = useMutation({
    mutationFn: identityApi.verifyIdentity,
    onSuccess: (answer) => {
      queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, level: answer.level, levelSource: answer.result === 'verified' ? 'population_registry' : old.levelSource } : old));
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: on401,
  });

  const error = verify.error;
  let errorAlert = null;
  if (error) {
    const wait = retryAfterOf(error);
    const text = problemText(t, error);
    errorAlert = (
      <Alert
        type="error"
        showIcon
        role="alert"
        className="ow-level-alert"
        title={wait !== undefined ? t('auth.tooMany', { seconds: wait }) : problemSlug(error) === 'registry-mismatch' ? t('account.levels.mismatch') : text.title}
        description={wait !== undefined ? undefined : text.detail}
      />
    );
  }

  return (
    <div className="ow-level-actions">
      {verify.data && (
        <Alert
          type="success"
          showIcon
          role="status"
          className="ow-level-alert"
          title={verify.data.result === 'verified' ? t('account.levels.raised') : t('account.levels.alreadyRaised')}
        />
      )}
      {errorAlert}
      {me.level < 3 && (
        <div className="ow-level-raise">
          <Button type="primary" size="large" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
            {t('account.levels.raise3')}
          </Button>
          <p className="ow-muted">{t('account.levels.raise3Hint')}</p>
        </div>
      )}
      {me.level >= 5 ? (
        <p className="ow-level-how">{t('account.levels.top')}</p>
      ) : (
        <ul className="ow-level-how">
          {me.level < 4 && <li>{t('account.levels.how4')}</li>}
          <li>{t('account.levels.how5')}</li>
        </ul>
      )}
    </div>
  );
}

export function ProfileSection({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const mobile = useIsMobile();
  const source = me.levelSource ? t(`account.profile.sources.${me.levelSource}`, { defaultValue: me.levelSource }) : '—';
  const items = [
    { key: 'name', label: t('account.profile.name'), children: me.name },
    ...(me.idNumber
      ? [{ key: 'id', label: t('account.profile.idNumber'), children: <span className="ow-mono">{me.idNumber}</span> }]
      : []),
    ...(me.phone ? [{ key: 'phone', label: t('account.profile.phone'), children: <span className="ow-mono">{me.phone}</span> }] : []),
    ...(me.username ? [{ key: 'username', label: t('account.profile.username'), children: me.username }] : []),
    { key: 'kind', label: t('account.profile.kind'), children: t(`account.profile.kinds.${me.kind}`) },
    ...(me.kind === 'person'
      ? [
          { key: 'level', label: t('account.profile.level'), children: <LevelBadge level={me.level} /> },
          { key: 'source', label: t('account.profile.levelSource'), children: source },
        ]
      : []),
    {
      key: 'session',
      label: t('account.profile.thisSession'),
      children: t('account.profile.loginAt', { method: amrText(t, me.session.amr), time: formatDateTime(me.session.createdAt, i18n.language) }),
    },
  ];
  return (
    <>
      <section className="ow-panel ow-account-section" aria-labelledby="profile-title">
        <h2 id="profile-title" className="ow-account-h2">
          {t('account.profile.title')}
        </h2>
        <Descriptions bordered column={mobile ? 1 : 2} size={mobile ? 'small' : 'middle'} items={items} className="ow-account-desc" />
        <p className="ow-account-note">{t('account.profile.masked')}</p>
      </section>
      {me.kind === 'person' && (
        <section className="ow-panel ow-account-section" aria-labelledby="level-title">
          <h2 id="level-title" className="ow-account-h2">
            {t('account.levels.title')}
            <LevelBadge level={me.level} />
          </h2>
          <p className="ow-muted ow-account-intro">{t('account.levels.intro')}</p>
          <LevelLadder level={me.level} />
          <RaiseLevel me={me} />
        </section>
      )}
    </>
  );
}
