/**
 * 工作人员登录: user name and password, then (when the node asks for it) the code texted to the
 * account's phone. The server answers one message for every wrong credential and 429 with the
 * wait once an account or the network is locked out.
 */
import { ArrowLeftOutlined, LockOutlined, LoginOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { retryAfterOf, staffAuth } from '../../api/admin';
import { PageLoading } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { landingFor } from './access';
import { AuthFrame } from './AuthFrame';
import { useStaffSession } from './auth';
import { problemFieldErrors } from './problems';

/** Only same-site workbench paths are followed after sign-in. */
export function safeNext(next: string | null): string {
  return next && /^\/admin(\/|$)/.test(next) && !next.startsWith('//') && !next.startsWith('/admin/login') ? next : '/admin';
}

interface Failure {
  title: string;
  detail?: string;
}

/** "3 分钟" / "40 秒" for a wait in seconds. */
export function formatWait(t: TFunction, seconds: number): string {
  return seconds < 60 ? t('admin.signIn.seconds', { count: seconds }) : t('admin.signIn.minutes', { count: Math.ceil(seconds / 60) });
}

function failureOf(t: TFunction, e: unknown): Failure {
  const wait = retryAfterOf(e);
  if (e instanceof ApiError && e.status === 429) {
    return { title: t('admin.signIn.locked'), detail: wait ? t('admin.signIn.lockedWait', { wait: formatWait(t, wait) }) : e.problem?.detail };
  }
  if (e instanceof ApiError && e.problem) return { title: e.problem.title, detail: e.problem.detail };
  if (e instanceof ApiError) return { title: t('admin.signIn.errorOther', { status: e.status }) };
  return { title: t('admin.signIn.errorNetwork'), detail: t('common.errorHint') };
}

interface CodeStep {
  challengeId: string;
  phone: string;
  minutes: number;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { status, me, reason, refresh } = useStaffSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [step, setStep] = useState<CodeStep | null>(null);
  // the server's word on the code (wrong, expired, used up)
  const [codeError, setCodeError] = useState<string | null>(null);
  useDocumentTitle(t('admin.signIn.title'));
  const next = safeNext(params.get('next'));
  // a lost code can be replaced once a minute (hooks before the early returns below)
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const challengeId = step?.challengeId;
  useEffect(() => {
    if (challengeId) setWait(60);
  }, [challengeId]);

  if (status === 'loading') return <PageLoading />;
  if (status === 'staff' && me && !busy) return <Navigate to={landingFor(me, next)} replace />;

  const signedIn = async () => {
    const now = await refresh();
    navigate(now ? landingFor(now, next) : next, { replace: true });
  };

  const submitPassword = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await staffAuth.login(username.trim(), password);
      if (answer.status === 'signed_in') await signedIn();
      else setStep({ challengeId: answer.challengeId, phone: answer.phone, minutes: Math.max(1, Math.round(answer.expiresInSeconds / 60)) });
    } catch (e) {
      setFailure(failureOf(t, e));
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async ({ code }: { code: string }) => {
    if (!step) return;
    setBusy(true);
    setFailure(null);
    setCodeError(null);
    try {
      await staffAuth.secondFactor(step.challengeId, code);
      await signedIn();
    } catch (e) {
      const fields = problemFieldErrors(e);
      if (fields.length) setCodeError(fields.map((f) => f.detail).join(' '));
      else setFailure(failureOf(t, e));
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    if (!step) return;
    setFailure(null);
    setCodeError(null);
    try {
      const answer = await staffAuth.resendSecondFactor(step.challengeId);
      if (answer.status === 'second_factor') setStep({ challengeId: answer.challengeId, phone: answer.phone, minutes: Math.max(1, Math.round(answer.expiresInSeconds / 60)) });
    } catch (e) {
      setFailure(failureOf(t, e));
    }
  };

  const restart = () => {
    setCodeError(null);
    setStep(null);
    setFailure(null);
  };

  const alerts = (
    <>
      {reason === 'expired' && !failure && !step && (
        <Alert type="warning" showIcon title={t('admin.signIn.expired')} className="ow-admin-signin-alert" />
      )}
      {status === 'person' && !failure && !step && (
        <Alert type="info" showIcon title={t('admin.signIn.citizenSession')} className="ow-admin-signin-alert" />
      )}
      {failure && (
        <Alert type="error" showIcon role="alert" title={failure.title} description={failure.detail} className="ow-admin-signin-alert" />
      )}
    </>
  );

  if (step) {
    return (
      <AuthFrame title={t('admin.signIn.codeTitle')} lead={t('admin.signIn.codeLead', { phone: step.phone, minutes: step.minutes })}>
        {alerts}
        <Form layout="vertical" requiredMark={false} onFinish={submitCode} onValuesChange={() => setCodeError(null)} disabled={busy}>
          <Form.Item
            name="code"
            label={t('admin.signIn.code')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('admin.signIn.codeRequired') }]}
            {...(codeError ? { validateStatus: 'error' as const, help: codeError } : {})}
          >
            <Input
              prefix={<SafetyCertificateOutlined aria-hidden />}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('admin.signIn.codePlaceholder')}
              autoFocus
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block icon={<LoginOutlined />} loading={busy}>
            {t('admin.signIn.verify')}
          </Button>
        </Form>
        <div className="ow-admin-signin-help">
          <p>{t('admin.signIn.codeHelp')}</p>
          <Button type="link" onClick={() => void resend()} disabled={wait > 0} className="ow-admin-link-btn">
            {wait > 0 ? t('admin.signIn.resendIn', { seconds: wait }) : t('admin.signIn.resend')}
          </Button>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={restart} className="ow-admin-link-btn">
            {t('admin.signIn.restart')}
          </Button>
        </div>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('admin.signIn.title')} lead={t('admin.signIn.subtitle')}>
      {alerts}
      <Form layout="vertical" requiredMark={false} onFinish={submitPassword} disabled={busy}>
        <Form.Item name="username" label={t('admin.signIn.username')} rules={[{ required: true, whitespace: true, message: t('admin.signIn.usernameRequired') }]}>
          <Input
            prefix={<UserOutlined aria-hidden />}
            placeholder={t('admin.signIn.usernamePlaceholder')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            autoFocus
            size="large"
          />
        </Form.Item>
        <Form.Item name="password" label={t('admin.signIn.password')} rules={[{ required: true, message: t('admin.signIn.passwordRequired') }]}>
          <Input.Password
            prefix={<LockOutlined aria-hidden />}
            placeholder={t('admin.signIn.passwordPlaceholder')}
            autoComplete="current-password"
            maxLength={128}
            size="large"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block icon={<LoginOutlined />} loading={busy}>
          {t('admin.signIn.submit')}
        </Button>
      </Form>
      <div className="ow-admin-signin-help">
        <p>{t('admin.signIn.help')}</p>
      </div>
    </AuthFrame>
  );
}
