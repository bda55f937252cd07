/**
 * 注册: a natural person at level 2 (name and ID number as on the card, a verified mobile, a password).
 * The server answers 202 whether or not it created an account, so the page then simply logs in
 * with the phone and password: success lands in the personal centre; a refusal means the account
 * existed before, and the page says so neutrally, with the ways forward.
 */
import { IdcardOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { identityApi, isStatus, useMe, type LoginAnswer } from '../../api/identity';
import { PageLoading } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { applyFieldErrors, normaliseIdNumber, normaliseName, normalisePhone, rules, safeNext } from './forms';
import { AgreementLink, AuthShell, FailureAlert, NewPasswordFields, OtpField, useFailure } from './parts';
import { SecondFactorStep } from './LoginPage';
import { useAfterSignIn } from './session';
import './citizen.css';

interface Values {
  name: string;
  idNumber: string;
  phone: string;
  code: string;
  password: string;
  passwordConfirm: string;
  agree: boolean;
}

const FIELDS = ['name', 'idNumber', 'phone', 'code', 'password'] as const;

export default function RegisterPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const afterSignIn = useAfterSignIn();
  const [form] = Form.useForm<Values>();
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [second, setSecond] = useState<Extract<LoginAnswer, { status: 'second_factor' }> | null>(null);
  const [done, setDone] = useState(false);
  const { failure, fail, show, clear } = useFailure();
  useDocumentTitle(t('auth.register.title'));

  if (me.isPending) return <PageLoading />;
  if (me.data && !done) return <Navigate to={next} replace />;

  const signedIn = async () => {
    setDone(true);
    await afterSignIn(next, { welcome: true });
  };

  const submit = async (v: Values) => {
    if (!challengeId) {
      form.setFields([{ name: 'code', errors: [t('auth.validation.codeNotSent')] }]);
      return;
    }
    setBusy(true);
    clear();
    const phone = normalisePhone(v.phone);
    try {
      await identityApi.register({
        name: normaliseName(v.name),
        idNumber: normaliseIdNumber(v.idNumber),
        phone,
        password: v.password,
        challengeId,
        code: v.code.trim(),
      });
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS, { challengeId: 'code' })) fail(e);
      setBusy(false);
      return;
    }
    try {
      const answer = await identityApi.login(phone, v.password);
      if (answer.status === 'second_factor') setSecond(answer);
      else await signedIn();
    } catch (e) {
      if (isStatus(e, 401)) {
        show({
          kind: 'message',
          type: 'info',
          title: t('auth.register.existingTitle'),
          detail: t('auth.register.existing'),
          extra: (
            <div className="ow-auth-links">
              <Link to="/login">{t('auth.register.toLogin')}</Link>
              <Link to="/forgot-password">{t('auth.register.toReset')}</Link>
            </div>
          ),
        });
      } else fail(e);
    } finally {
      setBusy(false);
    }
  };

  if (second) {
    return (
      <AuthShell title={t('auth.register.title')}>
        <SecondFactorStep step={second} onDone={signedIn} onBack={() => setSecond(null)} />
      </AuthShell>
    );
  }

  return (
    <AuthShell
      title={t('auth.register.title')}
      subtitle={t('auth.register.subtitle')}
      footer={
        <p className="ow-auth-switch">
          {t('auth.register.hasAccount')} <Link to={`/login${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.register.login')}</Link>
        </p>
      }
    >
      <FailureAlert failure={failure} />
      <Form form={form} layout="vertical" requiredMark onFinish={submit} disabled={busy} name="register" className="ow-register-form" scrollToFirstError>
        <Form.Item name="name" label={t('auth.fields.name')} rules={rules.name(t)} required>
          <Input size="large" prefix={<UserOutlined aria-hidden />} autoComplete="name" maxLength={40} placeholder={t('auth.fields.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('auth.fields.idNumber')}
          rules={rules.idNumber(t)}
          required
          validateTrigger="onBlur"
          normalize={(v: string) => v.replace(/x/g, 'X')}
        >
          <Input size="large" prefix={<IdcardOutlined aria-hidden />} autoComplete="off" maxLength={18} spellCheck={false} placeholder={t('auth.fields.idNumberPlaceholder')} />
        </Form.Item>
        <Form.Item name="phone" label={t('auth.fields.phone')} rules={rules.phone(t)} required>
          <Input size="large" prefix={<MobileOutlined aria-hidden />} inputMode="tel" autoComplete="tel" maxLength={20} placeholder={t('auth.fields.phonePlaceholder')} />
        </Form.Item>
        <OtpField form={form} purpose="register" onIssued={setChallengeId} disabled={busy} />
        <NewPasswordFields form={form} disabled={busy} />
        <Form.Item
          name="agree"
          valuePropName="checked"
          rules={[{ validator: async (_, v: boolean) => { if (!v) throw new Error(t('auth.validation.agreement')); } }]}
          className="ow-agree"
        >
          <Checkbox>
            {t('auth.register.agreePrefix')}
            <AgreementLink which="terms" />
            {t('auth.register.and')}
            <AgreementLink which="privacy" />
          </Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('auth.register.submit')}
        </Button>
        <p className="ow-auth-hint">{t('auth.register.levelNote')}</p>
      </Form>
    </AuthShell>
  );
}
