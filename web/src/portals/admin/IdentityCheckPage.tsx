/**
 * 现场核验 (window clerks): the applicant stands at the counter with their resident ID card; the
 * clerk checks the card and the person, types the name and the ID number, confirms the check, and
 * the node matches them against the population registry and raises the applicant's registered
 * account to level 5 「窗口现场核验」 (audited under the clerk's account). The answer shows the
 * masked name and number only; what was typed is cleared at once, ready for the next person.
 * The ID number is checked here first (GB 11643 check character, address code shape, birth date)
 * so that a typing slip is caught before the registry is asked.
 */
import { IdcardOutlined, SafetyCertificateOutlined, UserAddOutlined } from '@ant-design/icons';
import { checkIdNumber } from '@onewindow/domain';
import { Alert, Button, Checkbox, Form, Input, Result, Tag } from 'antd';
import type { InputRef } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { IdentityCheckAnswer } from '../../api/admin';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useAdminApi } from './auth';
import { useAction } from './hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from './problems';

interface Values {
  name: string;
  idNumber: string;
  documentChecked: boolean;
}

const FIELDS = ['name', 'idNumber', 'documentChecked'];

/** As people type them: full-width characters, spaces, a lower-case x (the server normalises alike). */
export const normaliseIdNumber = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
const normaliseName = (v: string) => v.normalize('NFKC').trim().replace(/\s+/g, ' ').replace(/[•・‧]/g, '·');
/** A name as on the ID card: Chinese (with ·) or Latin letters (the rule of the server's personNameSchema). */
const isPersonName = (v: string) => /^[\p{Script=Han}·]{2,20}$/u.test(v) || /^[A-Za-z][A-Za-z .'·-]{1,39}$/.test(v);

const rules = (t: TFunction) => ({
  name: [
    {
      validator: async (_r: unknown, v: string | undefined) => {
        const name = normaliseName(v ?? '');
        if (!name) throw new Error(t('admin.identity.nameRequired'));
        if (!isPersonName(name)) throw new Error(t('admin.identity.nameShape'));
      },
    },
  ],
  idNumber: [
    {
      validator: async (_r: unknown, v: string | undefined) => {
        const id = normaliseIdNumber(v ?? '');
        if (!id) throw new Error(t('admin.identity.idNumberRequired'));
        const problem = checkIdNumber(id);
        if (problem) throw new Error(t(`admin.identity.${problem.key.replace('idNumber.', 'idProblem.')}`, { defaultValue: t('admin.identity.idProblem.shape') }));
      },
    },
  ],
  documentChecked: [
    {
      validator: async (_r: unknown, v: boolean | undefined) => {
        if (v !== true) throw new Error(t('admin.identity.documentRequired'));
      },
    },
  ],
});

/** What the failure means at the counter: not in the registry as typed, not registered yet, or else. */
function failureOf(t: TFunction, e: unknown) {
  if (e instanceof ApiError && e.status === 422 && e.problem?.type?.endsWith('/registry-mismatch')) {
    return { kind: 'mismatch' as const, type: 'error' as const, title: e.problem.title, detail: e.problem.detail, hint: t('admin.identity.mismatchHint') };
  }
  if (e instanceof ApiError && e.status === 404) {
    return { kind: 'unregistered' as const, type: 'warning' as const, title: e.problem?.title ?? t('admin.identity.unregistered'), detail: e.problem?.detail, hint: undefined };
  }
  return { kind: 'other' as const, type: 'error' as const, ...problemAlert(t, e), hint: undefined };
}

/** 核验须知: what the clerk checks before submitting. */
function Guide() {
  const { t } = useTranslation();
  return (
    <aside className="ow-panel ow-admin-card ow-admin-idcheck-guide" aria-labelledby="idcheck-guide">
      <h2 id="idcheck-guide" className="ow-admin-h2">
        <SafetyCertificateOutlined aria-hidden /> {t('admin.identity.guideTitle')}
      </h2>
      <ol className="ow-admin-idcheck-steps">
        {(['present', 'compare', 'enter', 'registered'] as const).map((k) => (
          <li key={k}>{t(`admin.identity.guide.${k}`)}</li>
        ))}
      </ol>
      <p className="ow-muted ow-admin-idcheck-audit">{t('admin.identity.audit')}</p>
    </aside>
  );
}

/** The raised account, masked, with the way to the next applicant. */
function CheckedCard({ answer, at, onNext }: { answer: IdentityCheckAnswer; at: string; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="ow-panel ow-admin-card ow-admin-idcheck-done" data-testid="identity-check-result" aria-labelledby="idcheck-done">
      <Result
        status="success"
        title={
          <h2 id="idcheck-done" ref={heading} tabIndex={-1} className="ow-admin-idcheck-done-title">
            {t('admin.identity.doneTitle')}
          </h2>
        }
        subTitle={t('admin.identity.doneText')}
        className="ow-admin-result"
      />
      <dl className="ow-admin-kv ow-admin-idcheck-facts">
        <dt>{t('admin.identity.name')}</dt>
        <dd data-testid="checked-name">{answer.name}</dd>
        <dt>{t('admin.identity.idNumber')}</dt>
        <dd className="ow-admin-idno" data-testid="checked-id">
          {answer.idNumber}
        </dd>
        <dt>{t('admin.identity.level')}</dt>
        <dd>
          <Tag color="green" variant="outlined" className="ow-status-tag" data-testid="checked-level">
            {t('admin.identity.levelName', { level: answer.level })}
          </Tag>
        </dd>
        <dt>{t('admin.identity.checkedAt')}</dt>
        <dd>{formatDateTime(at, i18n.resolvedLanguage ?? 'zh-CN')}</dd>
      </dl>
      <Alert type="info" showIcon title={t('admin.identity.returnCard')} className="ow-admin-idcheck-return" />
      <div className="ow-admin-inline-bar">
        <Button type="primary" icon={<UserAddOutlined />} onClick={onNext}>
          {t('admin.identity.next')}
        </Button>
      </div>
    </section>
  );
}

export default function IdentityCheckPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.identity.title'));
  const api = useAdminApi();
  const [form] = Form.useForm<Values>();
  const nameInput = useRef<InputRef>(null);
  const [done, setDone] = useState<{ answer: IdentityCheckAnswer; at: string } | null>(null);
  const [focusName, setFocusName] = useState(false);
  const r = rules(t);

  const check = useAction(
    (v: Values) => api.checkIdentity({ name: normaliseName(v.name), idNumber: normaliseIdNumber(v.idNumber), documentChecked: true }),
    {
      onSuccess: (answer) => {
        // nothing the clerk typed stays on the screen: the answer is masked
        form.resetFields();
        setDone({ answer, at: new Date().toISOString() });
        window.scrollTo(0, 0);
      },
      onError: (e) => {
        const placed = placeFieldErrors(e, (p) => (typeof p[0] === 'string' && FIELDS.includes(p[0]) ? [p[0]] : null));
        showFieldErrors(form, placed.fields);
      },
    },
  );

  useEffect(() => {
    if (!done && focusName) {
      nameInput.current?.focus();
      setFocusName(false);
    }
  }, [done, focusName]);

  const next = () => {
    check.reset();
    setDone(null);
    setFocusName(true);
  };

  const placed = check.error ? placeFieldErrors(check.error).fields.length : 0;
  const failure = check.error ? failureOf(t, check.error) : null;

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.identity.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.identity.lead')}</p>
        </div>
      </div>

      <div className="ow-admin-idcheck">
        <div className="ow-admin-idcheck-main">
          {done ? (
            <CheckedCard answer={done.answer} at={done.at} onNext={next} />
          ) : (
            <section className="ow-panel ow-admin-card" aria-labelledby="idcheck-form">
              <h2 id="idcheck-form" className="ow-admin-h2">
                <IdcardOutlined aria-hidden /> {t('admin.identity.formTitle')}
              </h2>
              <Form
                form={form}
                layout="vertical"
                className="ow-admin-form ow-admin-idcheck-form"
                onFinish={(v) => void check.run(v)}
                // a new applicant's details: the last answer no longer applies
                onValuesChange={(changed) => {
                  if (check.error && ('name' in changed || 'idNumber' in changed)) check.reset();
                }}
                disabled={check.pending}
              >
                <Form.Item name="name" label={t('admin.identity.name')} rules={r.name} required>
                  <Input ref={nameInput} autoComplete="off" spellCheck={false} maxLength={40} placeholder={t('admin.identity.namePlaceholder')} />
                </Form.Item>
                <Form.Item
                  name="idNumber"
                  label={t('admin.identity.idNumber')}
                  extra={t('admin.identity.idNumberExtra')}
                  rules={r.idNumber}
                  required
                  normalize={(v: string) => normaliseIdNumber(v ?? '')}
                  validateTrigger="onBlur"
                >
                  <Input
                    className="ow-admin-idno"
                    autoComplete="off"
                    autoCapitalize="characters"
                    spellCheck={false}
                    inputMode="text"
                    maxLength={18}
                    placeholder={t('admin.identity.idNumberPlaceholder')}
                  />
                </Form.Item>
                <Form.Item name="documentChecked" valuePropName="checked" rules={r.documentChecked} className="ow-admin-idcheck-confirm">
                  <Checkbox>{t('admin.identity.documentChecked')}</Checkbox>
                </Form.Item>
                {failure && (
                  <Alert
                    type={failure.type}
                    showIcon
                    role="alert"
                    data-testid={`identity-check-${failure.kind}`}
                    title={failure.title}
                    description={
                      placed ? (
                        t('admin.identity.fixFields', { count: placed })
                      ) : (
                        <>
                          {failure.detail && <p className="ow-admin-alert-p">{failure.detail}</p>}
                          {failure.hint && <p className="ow-admin-alert-p">{failure.hint}</p>}
                        </>
                      )
                    }
                    className="ow-admin-form-alert"
                  />
                )}
                <div className="ow-admin-idcheck-submit">
                  <Button type="primary" htmlType="submit" loading={check.pending} icon={<SafetyCertificateOutlined />}>
                    {t('admin.identity.submit')}
                  </Button>
                </div>
              </Form>
            </section>
          )}
        </div>
        <Guide />
      </div>
    </div>
  );
}
