/**
 * 登录: password (phone or ID number), SMS code, or passkey; a password login may ask for a texted
 * code as a second step. A failed login says the same whatever the cause (the server never tells
 * whether an account exists); too many attempts show the wait. `?next=` returns after login.
 */
import { ArrowLeftOutlined, KeyOutlined, LockOutlined, MobileOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { Alert, Button, Form, Input, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { identityApi, isStatus, useMe, type LoginAnswer, type Me } from '../../api/identity';
import { PageLoading } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { applyFieldErrors, normalisePhone, rules, safeNext } from './forms';
import { AuthShell, FailureAlert, OtpField, useFailure } from './parts';
import { LevelBadge } from './LevelBadge';
import { useAfterSignIn, useForgetAccount } from './session';
import './citizen.css';

type SecondStep = Extract<LoginAnswer, { status: 'second_factor' }>;

/** The second step of a password login: the code texted to the account's phone. */
export function SecondFactorStep({ step: first, onDone, onBack }: { step: SecondStep; onDone: () => Promise<void>; onBack: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const { failure, fail, clear } = useFailure();
  // a lost code can be replaced once a minute; the new challenge replaces the old one
  const [step, setStep] = useState(first);
  const [wait, setWait] = useState(60);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const resend = async () => {
    clear();
    try {
      const answer = await identityApi.resendSecondFactor(step.challengeId);
      if (answer.status === 'second_factor') {
        setStep(answer);
        setWait(60);
        form.resetFields();
      }
    } catch (e) {
      fail(e);
    }
  };
  const submit = async ({ code }: { code: string }) => {
    setBusy(true);
    clear();
    try {
      const answer = await identityApi.secondFactor(step.challengeId, code.trim());
      if (answer.status === 'signed_in') await onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['code'], { challengeId: 'code' })) fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ow-second-factor">
      <h2 className="ow-auth-h2">
        <SafetyOutlined aria-hidden /> {t('auth.login.secondFactorTitle')}
      </h2>
      <p className="ow-muted">{t('auth.login.secondFactorHint', { phone: step.phone })}</p>
      <FailureAlert failure={failure} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} name="second-factor">
        <Form.Item name="code" label={t('auth.fields.code')} rules={rules.code(t)}>
          <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus placeholder={t('auth.fields.codePlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('auth.login.secondFactorSubmit')}
        </Button>
      </Form>
      <Button type="link" onClick={() => void resend()} disabled={wait > 0} className="ow-auth-resend">
        {wait > 0 ? t('auth.login.resendIn', { seconds: wait }) : t('auth.login.resend')}
      </Button>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} className="ow-auth-back">
        {t('auth.login.back')}
      </Button>
    </div>
  );
}

function PasswordTab({ onAnswer }: { onAnswer: (a: LoginAnswer) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ identifier: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const { failure, fail, clear } = useFailure();
  const submit = async (v: { identifier: string; password: string }) => {
    setBusy(true);
    clear();
    try {
      await onAnswer(await identityApi.login(v.identifier.trim(), v.password));
    } catch (e) {
      if (isStatus(e, 401)) fail(e, { title: t('auth.login.badCredentials'), detail: t('auth.login.badCredentialsHint') });
      else if (!applyFieldErrors(form, e, ['identifier', 'password'])) fail(e);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <FailureAlert failure={failure} rateHint={t('auth.tooManyLoginHint')} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} name="password-login">
        <Form.Item name="identifier" label={t('auth.fields.identifier')} rules={[{ required: true, whitespace: true, message: t('auth.validation.identifierRequired') }]}>
          <Input size="large" prefix={<UserOutlined aria-hidden />} autoComplete="username" maxLength={40} placeholder={t('auth.fields.identifierPlaceholder')} />
        </Form.Item>
        <Form.Item name="password" label={t('auth.fields.password')} rules={[{ required: true, message: t('auth.validation.passwordRequired') }]}>
          <Input.Password size="large" prefix={<LockOutlined aria-hidden />} autoComplete="current-password" maxLength={128} placeholder={t('auth.fields.passwordPlaceholder')} />
        </Form.Item>
        <div className="ow-auth-row">
          <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
        </div>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('auth.login.submit')}
        </Button>
      </Form>
    </>
  );
}

function SmsTab({ onAnswer }: { onAnswer: (a: LoginAnswer) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { failure, fail, clear } = useFailure();
  const submit = async (v: { phone: string; code: string }) => {
    if (!challengeId) {
      form.setFields([{ name: 'code', errors: [t('auth.validation.codeNotSent')] }]);
      return;
    }
    setBusy(true);
    clear();
    try {
      await onAnswer(await identityApi.smsLogin(normalisePhone(v.phone), challengeId, v.code.trim()));
    } catch (e) {
      if (!applyFieldErrors(form, e, ['phone', 'code'], { challengeId: 'code' })) fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <FailureAlert failure={failure} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} name="sms-login">
        <Form.Item name="phone" label={t('auth.fields.phone')} rules={rules.phone(t)}>
          <Input size="large" prefix={<MobileOutlined aria-hidden />} inputMode="tel" autoComplete="tel" maxLength={20} placeholder={t('auth.fields.phonePlaceholder')} />
        </Form.Item>
        <OtpField form={form} purpose="login" onIssued={setChallengeId} disabled={busy} />
        <p className="ow-auth-hint ow-auth-hint-above">{t('auth.login.smsHint')}</p>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('auth.login.submit')}
        </Button>
      </Form>
    </>
  );
}

function PasskeyTab({ onAnswer }: { onAnswer: (a: LoginAnswer) => Promise<void> }) {
  const { t } = useTranslation();
  const supported = browserSupportsWebAuthn();
  const [busy, setBusy] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const { failure, fail, show, clear } = useFailure();
  const go = async () => {
    setBusy(true);
    clear();
    try {
      const { challengeId, options } = await identityApi.passkeyLoginOptions();
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options });
      } catch (e) {
        const cancelled = e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'AbortError');
        show({ kind: 'message', type: cancelled ? 'info' : 'error', title: t(cancelled ? 'auth.login.passkeyCancelled' : 'auth.login.passkeyFailed') });
        return;
      }
      await onAnswer(await identityApi.passkeyLogin(challengeId, response));
    } catch (e) {
      if (isStatus(e, 404) || isStatus(e, 405)) setUnavailable(true);
      else if (isStatus(e, 401) || isStatus(e, 400)) fail(e, { title: t('auth.login.passkeyFailed'), detail: undefined });
      else fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ow-passkey-tab">
      <div className="ow-passkey-icon" aria-hidden>
        <KeyOutlined />
      </div>
      <p>{t('auth.login.passkeyIntro')}</p>
      {!supported && <Alert type="info" showIcon title={t('auth.login.passkeyUnsupported')} className="ow-auth-alert" />}
      {unavailable && <Alert type="info" showIcon title={t('auth.login.passkeyUnavailable')} className="ow-auth-alert" />}
      <FailureAlert failure={failure} />
      <Button type="primary" size="large" block icon={<KeyOutlined />} loading={busy} disabled={!supported || unavailable} onClick={() => void go()}>
        {t('auth.login.passkeyButton')}
      </Button>
      <p className="ow-auth-hint">{t('auth.login.passkeySetup')}</p>
    </div>
  );
}

function AlreadySignedIn({ me, next }: { me: Me; next: string }) {
  const { t } = useTranslation();
  const afterSignIn = useAfterSignIn();
  const forget = useForgetAccount();
  const [busy, setBusy] = useState(false);
  const switchAccount = async () => {
    setBusy(true);
    try {
      await identityApi.logout();
    } finally {
      forget();
      setBusy(false);
    }
  };
  return (
    <AuthShell title={t('auth.login.already')}>
      <div className="ow-already">
        <span className="ow-account-avatar" aria-hidden>
          {Array.from(me.name)[0]}
        </span>
        <div>
          <div className="ow-already-name">{t('auth.login.alreadyHint', { name: me.name })}</div>
          {me.kind === 'person' && <LevelBadge level={me.level} />}
        </div>
      </div>
      <Button type="primary" size="large" block onClick={() => void afterSignIn(next)}>
        {next === '/account' ? t('auth.login.toAccount') : t('auth.login.continue')}
      </Button>
      <Button size="large" block className="ow-already-switch" loading={busy} onClick={() => void switchAccount()}>
        {t('auth.login.switchAccount')}
      </Button>
    </AuthShell>
  );
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const afterSignIn = useAfterSignIn();
  const [second, setSecond] = useState<SecondStep | null>(null);
  const [tab, setTab] = useState('password');
  const [done, setDone] = useState(false);
  useDocumentTitle(t('auth.login.title'));

  if (me.isPending) return <PageLoading />;
  // already signed in: go on, or change account (the SSO consent page links here to switch)
  if (me.data && !done) return <AlreadySignedIn me={me.data} next={next} />;

  const onAnswer = async (answer: LoginAnswer) => {
    if (answer.status === 'second_factor') {
      setSecond(answer);
      return;
    }
    setDone(true);
    await afterSignIn(next);
  };

  const footer = (
    <>
      <p className="ow-auth-switch">
        {t('auth.login.noAccount')} <Link to={`/register${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.login.register')}</Link>
      </p>
      <p className="ow-auth-staff">
        <Link to="/admin/login">
          <SafetyOutlined aria-hidden /> {t('auth.login.staff')}
        </Link>
      </p>
    </>
  );

  return (
    <AuthShell title={t('auth.login.title')} subtitle={t('auth.login.subtitle')} footer={second ? undefined : footer}>
      {second ? (
        <SecondFactorStep step={second} onDone={() => onAnswer({ status: 'signed_in' })} onBack={() => setSecond(null)} />
      ) : (
        <Tabs
          className="ow-auth-tabs"
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'password', label: t('auth.login.tabPassword'), children: <PasswordTab onAnswer={onAnswer} /> },
            { key: 'sms', label: t('auth.login.tabSms'), children: <SmsTab onAnswer={onAnswer} /> },
            { key: 'passkey', label: t('auth.login.tabPasskey'), children: <PasskeyTab onAnswer={onAnswer} /> },
          ]}
        />
      )}
    </AuthShell>
  );
}
