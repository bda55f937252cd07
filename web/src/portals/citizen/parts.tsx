/** Building blocks of the citizen pages: the sign-in frame, the SMS-code field, alerts. */
import { CheckCircleFilled, IdcardOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, ConfigProvider, Form, Input, Modal, type FormInstance, type ThemeConfig } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { identityApi, retryAfterOf, type OtpPurpose } from '../../api/identity';
import { BrandMark } from '../../components/BrandMark';
import { applyFieldErrors, isStrongEnough, normalisePhone, passwordStrength, problemText, useCountdown, type Strength } from './forms';

// ---------------------------------------------------------------- page frame

/** Alert tints of the citizen pages: the theme's dark green success colour gives a grey-green wash. */
const CITIZEN_THEME: ThemeConfig = {
  token: { colorSuccessBg: '#edf7f1', colorSuccessBorder: '#b7dfc5' },
};

/** The citizen pages' refinements of the portal theme. */
export function CitizenTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={CITIZEN_THEME}>{children}</ConfigProvider>;
}

/** The frame of the login, registration and reset pages: a band, an explanation panel, the form card. */
export function AuthShell({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <CitizenTheme>
      <div className="ow-auth">
        <div className="ow-auth-band" aria-hidden />
        <div className="ow-container ow-auth-inner">
          <div className="ow-auth-card ow-panel">
            <aside className="ow-auth-aside">
              <div className="ow-auth-aside-brand">
                <BrandMark size={44} />
                <div>
                  <div className="ow-auth-aside-title">{t('auth.platform')}</div>
                  <div className="ow-auth-aside-sub">{t('auth.platformSub')}</div>
                </div>
              </div>
              <ul className="ow-auth-features">
                <li>
                  <TeamOutlined aria-hidden />
                  <span>{t('auth.features.sso')}</span>
                </li>
                <li>
                  <IdcardOutlined aria-hidden />
                  <span>{t('auth.features.level')}</span>
                </li>
                <li>
                  <SafetyCertificateOutlined aria-hidden />
                  <span>{t('auth.features.secure')}</span>
                </li>
              </ul>
              <p className="ow-auth-aside-note">{t('auth.personalOnly')}</p>
            </aside>
            <section className="ow-auth-main" aria-labelledby="auth-title">
              <h1 id="auth-title" className="ow-auth-title">
                {title}
              </h1>
              {subtitle && <p className="ow-auth-subtitle">{subtitle}</p>}
              {children}
              {footer && <div className="ow-auth-footer">{footer}</div>}
            </section>
          </div>
        </div>
      </div>
    </CitizenTheme>
  );
}

// ---------------------------------------------------------------- failures

export type Failure =
  | { kind: 'rate'; seconds: number; at: number }
  | { kind: 'message'; title: string; detail?: string; type?: 'error' | 'warning' | 'info'; extra?: ReactNode };

/** A failure to show above a form; a rate limit counts down and then disappears. */
export function useFailure() {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<Failure | null>(null);
  /** shows the failure of a call; answers false when it was a rate limit */
  const fail = useCallback(
    (e: unknown, known?: Partial<Extract<Failure, { kind: 'message' }>>) => {
      const wait = retryAfterOf(e);
      if (wait !== undefined) {
        setFailure({ kind: 'rate', seconds: wait, at: Date.now() });
        return;
      }
      const text = problemText(t, e);
      setFailure({ kind: 'message', type: 'error', ...text, ...known });
    },
    [t],
  );
  const show = useCallback((f: Extract<Failure, { kind: 'message' }>) => setFailure(f), []);
  const clear = useCallback(() => setFailure(null), []);
  return { failure, fail, show, clear };
}

export function FailureAlert({ failure, rateHint }: { failure: Failure | null; rateHint?: string }) {
  const { t } = useTranslation();
  const [left, start] = useCountdown();
  const rate = failure?.kind === 'rate' ? failure : null;
  useEffect(() => {
    if (rate) start(rate.seconds);
  }, [rate, start]);
  if (!failure) return null;
  if (failure.kind === 'rate') {
    if (left === 0 && Date.now() - failure.at > 1500) return null;
    return (
      <Alert
        className="ow-auth-alert"
        type="warning"
        showIcon
        role="alert"
        title={t('auth.tooMany', { seconds: left || failure.seconds })}
        description={rateHint}
      />
    );
  }
  return (
    <Alert
      className="ow-auth-alert"
      type={failure.type ?? 'error'}
      showIcon
      role="alert"
      title={failure.title}
      description={
        failure.detail || failure.extra ? (
          <>
            {failure.detail && <div>{failure.detail}</div>}
            {failure.extra}
          </>
        ) : undefined
      }
    />
  );
}

// ---------------------------------------------------------------- SMS code

const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p);

/**
 * The 6-digit code field with its "获取验证码" button: checks the phone field, asks the server to
 * text a code, counts down before a resend. The challenge id goes to `onIssued`.
 */
export function OtpField({
  form,
  purpose,
  phoneField = 'phone',
  onIssued,
  disabled,
  autoFocus,
}: {
  form: FormInstance;
  purpose: OtpPurpose;
  phoneField?: string;
  onIssued: (challengeId: string) => void;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [left, start] = useCountdown();
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [rateWait, setRateWait] = useState<number | null>(null);

  const request = async () => {
    let phone: string;
    try {
      const values = (await form.validateFields([phoneField])) as Record<string, string>;
      phone = normalisePhone(values[phoneField] ?? '');
    } catch {
      return;
    }
    setBusy(true);
    setRateWait(null);
    try {
      const issued = await identityApi.requestOtp(purpose, phone);
      onIssued(issued.challengeId);
      setSentTo(maskPhone(phone));
      start(issued.resendAfterSeconds || 60);
      form.setFields([{ name: 'code', errors: [] }]);
    } catch (e) {
      const wait = retryAfterOf(e);
      if (wait !== undefined) {
        setRateWait(wait);
        start(wait);
      } else if (!applyFieldErrors(form, e, [phoneField], { phone: phoneField })) {
        const text = problemText(t, e);
        form.setFields([{ name: 'code', errors: [text.detail ? `${text.title}：${text.detail}` : text.title] }]);
      }
    } finally {
      setBusy(false);
    }
  };

  const extra = rateWait !== null && left > 0
    ? <span className="ow-otp-note ow-otp-note-warn" role="status">{t('auth.tooMany', { seconds: left })}</span>
    : sentTo
      ? <span className="ow-otp-note" role="status">{t('auth.otp.sent', { phone: sentTo })}</span>
      : undefined;

  return (
    <Form.Item label={t('auth.fields.code')} required extra={extra} className="ow-otp-item">
      <div className="ow-otp-row">
        <Form.Item name="code" noStyle rules={[{ required: true, message: t('auth.validation.codeRequired') }, { pattern: /^\s*\d{6}\s*$/, message: t('auth.validation.code') }]}>
          <Input
            size="large"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder={t('auth.fields.codePlaceholder')}
            disabled={disabled}
            autoFocus={autoFocus}
            aria-label={t('auth.fields.code')}
          />
        </Form.Item>
        <Button size="large" className="ow-otp-btn" onClick={() => void request()} loading={busy} disabled={disabled || left > 0}>
          {left > 0 ? t('auth.otp.wait', { seconds: left }) : sentTo ? t('auth.otp.resend') : t('auth.otp.send')}
        </Button>
      </div>
    </Form.Item>
  );
}

// ---------------------------------------------------------------- password strength

export function StrengthMeter({ value }: { value: string | undefined }) {
  const { t } = useTranslation();
  const v = value ?? '';
  const strength: Strength | null = v ? passwordStrength(v) : null;
  const bars = strength === 'strong' ? 3 : strength === 'medium' ? 2 : strength === 'weak' ? 1 : 0;
  return (
    <div className="ow-strength" aria-live="polite">
      <span className="ow-strength-label">{t('auth.strength.label')}</span>
      <span className={`ow-strength-bars ow-strength-${strength ?? 'none'}`} aria-hidden>
        {[1, 2, 3].map((i) => (
          <span key={i} className={i <= bars ? 'on' : undefined} />
        ))}
      </span>
      <span className="ow-strength-value">{strength ? t(`auth.strength.${strength}`) : ''}</span>
      <span className="ow-strength-rule">{t('auth.strength.rule')}</span>
    </div>
  );
}

/** New password + confirmation with the strength meter. */
export function NewPasswordFields({ form, name = 'password', label, disabled }: { form: FormInstance; name?: string; label?: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const value = Form.useWatch(name, form) as string | undefined;
  return (
    <>
      <Form.Item
        name={name}
        label={label ?? t('auth.fields.password')}
        rules={[
          { required: true, message: t('auth.validation.passwordRequired') },
          {
            validator: async (_, v: string | undefined) => {
              if (v && !isStrongEnough(v)) throw new Error(t('auth.validation.password'));
            },
          },
        ]}
        extra={<StrengthMeter value={value} />}
      >
        <Input.Password size="large" autoComplete="new-password" maxLength={64} placeholder={t('auth.fields.newPasswordPlaceholder')} disabled={disabled} />
      </Form.Item>
      <Form.Item
        name={`${name}Confirm`}
        label={t('auth.fields.confirmPassword')}
        dependencies={[name]}
        rules={[
          { required: true, message: t('auth.validation.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, v: string | undefined) => {
              if (v && v !== getFieldValue(name)) throw new Error(t('auth.validation.confirmMismatch'));
            },
          }),
        ]}
      >
        <Input.Password size="large" autoComplete="new-password" maxLength={64} placeholder={t('auth.fields.confirmPlaceholder')} disabled={disabled} />
      </Form.Item>
    </>
  );
}

// ---------------------------------------------------------------- agreement

/** The terms of service or the privacy policy, in a dialog. */
export function AgreementLink({ which }: { which: 'terms' | 'privacy' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const paragraphs = t(`auth.agreement.${which}`, { returnObjects: true }) as unknown as string[];
  return (
    <>
      <a
        href="#"
        role="button"
        onClick={(e) => {
          e.preventDefault();
          setOpen(true);
        }}
      >
        {t(`auth.register.${which}`)}
      </a>
      <Modal
        open={open}
        title={t(`auth.agreement.${which}Title`)}
        onCancel={() => setOpen(false)}
        footer={
          <Button type="primary" icon={<CheckCircleFilled />} onClick={() => setOpen(false)}>
            {t('auth.agreement.close')}
          </Button>
        }
      >
        <div className="ow-agreement">
          {Array.isArray(paragraphs) && paragraphs.map((p) => <p key={p}>{p}</p>)}
        </div>
      </Modal>
    </>
  );
}
