/**
 * 忘记密码: the registered mobile, its texted code, a new password. The server answers 202 whatever
 * the number (nothing changes for a number without an account) and ends every session of the account.
 */
import { CheckCircleFilled, MobileOutlined } from '@ant-design/icons';
import { Button, Form, Input, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { identityApi } from '../../api/identity';
import { useIsMobile } from '../../lib/useMedia';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { applyFieldErrors, fieldErrors, normalisePhone, rules } from './forms';
import { AuthShell, FailureAlert, NewPasswordFields, OtpField, useFailure } from './parts';
import { useForgetAccount } from './session';
import './citizen.css';

interface Values {
  phone: string;
  code: string;
  newPassword: string;
  newPasswordConfirm: string;
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { failure, fail, clear } = useFailure();
  const forget = useForgetAccount();
  useDocumentTitle(t('auth.reset.title'));

  const toPassword = async () => {
    try {
      await form.validateFields(['phone', 'code']);
    } catch {
      return;
    }
    if (!challengeId) {
      form.setFields([{ name: 'code', errors: [t('auth.validation.codeNotSent')] }]);
      return;
    }
    clear();
    setStep(1);
  };

  const submit = async () => {
    let v: Values;
    try {
      v = { ...form.getFieldsValue(true), ...(await form.validateFields(['newPassword', 'newPasswordConfirm'])) } as Values;
    } catch {
      return;
    }
    setBusy(true);
    clear();
    try {
      await identityApi.resetPassword({ phone: normalisePhone(v.phone), challengeId: challengeId!, code: v.code.trim(), newPassword: v.newPassword });
      // every session of the account ended, this browser's included if it was signed in
      forget();
      setStep(2);
    } catch (e) {
      const codeWrong = fieldErrors(e).some((x) => /^\/body\/(code|challengeId|phone)/.test(x.pointer));
      if (codeWrong) setStep(0);
      // the fields of the first step mount again before their errors are set
      window.setTimeout(() => {
        if (!applyFieldErrors(form, e, ['phone', 'code', 'newPassword'], { challengeId: 'code' })) fail(e);
      });
    } finally {
      setBusy(false);
    }
  };

  const steps = [
    { title: t('auth.reset.steps.verify') },
    { title: t('auth.reset.steps.password') },
    { title: t('auth.reset.steps.done') },
  ];

  return (
    <AuthShell
      title={t('auth.reset.title')}
      subtitle={step < 2 ? t('auth.reset.subtitle') : undefined}
      footer={
        step < 2 ? (
          <p className="ow-auth-switch">
            <Link to="/login">{t('auth.reset.backToLogin')}</Link>
          </p>
        ) : undefined
      }
    >
      <Steps
        current={step === 2 ? steps.length : step}
        items={steps}
        size="small"
        className="ow-reset-steps"
        orientation="horizontal"
        responsive={false}
        titlePlacement={mobile ? 'vertical' : 'horizontal'}
      />
      {step === 2 ? (
        <div className="ow-reset-done" role="status">
          <CheckCircleFilled className="ow-reset-done-icon" aria-hidden />
          <h2>{t('auth.reset.doneTitle')}</h2>
          <p>{t('auth.reset.doneText')}</p>
          <p className="ow-muted">{t('auth.reset.doneNote')}</p>
          <Link to="/login">
            <Button type="primary" size="large" block>
              {t('auth.reset.toLogin')}
            </Button>
          </Link>
        </div>
      ) : (
        <>
          <FailureAlert failure={failure} />
          <Form form={form} layout="vertical" requiredMark={false} disabled={busy} name="reset" onFinish={() => void (step === 0 ? toPassword() : submit())}>
            {step === 0 ? (
              <>
                <Form.Item name="phone" label={t('auth.fields.phone')} rules={rules.phone(t)}>
                  <Input size="large" prefix={<MobileOutlined aria-hidden />} inputMode="tel" autoComplete="tel" maxLength={20} placeholder={t('auth.fields.phonePlaceholder')} />
                </Form.Item>
                <OtpField form={form} purpose="reset" onIssued={setChallengeId} disabled={busy} />
                <Button type="primary" htmlType="submit" size="large" block>
                  {t('auth.reset.next')}
                </Button>
              </>
            ) : (
              <>
                <NewPasswordFields form={form} name="newPassword" label={t('auth.fields.newPassword')} disabled={busy} />
                <div className="ow-reset-actions">
                  <Button size="large" onClick={() => setStep(0)} disabled={busy}>
                    {t('auth.reset.prev')}
                  </Button>
                  <Button type="primary" htmlType="submit" size="large" loading={busy}>
                    {t('auth.reset.submit')}
                  </Button>
                </div>
              </>
            )}
          </Form>
        </>
      )}
    </AuthShell>
  );
}
