/**
 * The action panel of a 差评整改: exactly the actions the server allows the caller now (`allowed`),
 * each with the fields of domain rectificationActionSchemas, posted with If-Match "v<version>".
 * 412 → reloaded, told it changed; 409 → reloaded, the action is no longer possible; 422
 * callback-required → told to record a call back first (the 回访 button is highlighted); 400 → the
 * field messages under their fields.
 */
import type { RectificationAction, RectificationActionName, RectificationView } from '@onewindow/domain';
import { Alert, App, Button, Form, Input, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useAdminApi, useMe } from '../auth';
import { ActionProblem } from '../CaseParts';
import { placeFieldErrors, showFieldErrors } from '../problems';
import { isSupervisorOnly, problemSlug } from './parts';

const ORDER: RectificationActionName[] = ['callback', 'judge', 'appeal', 'review_appeal', 'rectify', 'reply'];
const TEXT_MAX = 1000;

type Values = Record<string, unknown>;

function Fields({ action }: { action: RectificationActionName }) {
  const { t } = useTranslation();
  const p = (k: string) => t(`admin.feedback.panel.${k}`);
  const text = (name: string, label: string, required: string, min: number, max = TEXT_MAX, rows = 3) => (
    <Form.Item name={name} label={p(label)} rules={[{ required: true, whitespace: true, min, message: p(required) }]}>
      <Input.TextArea rows={rows} maxLength={max} showCount />
    </Form.Item>
  );
  const choice = (name: string, label: string, options: { value: unknown; label: string }[], initial: unknown) => (
    <Form.Item name={name} label={p(label)} initialValue={initial} rules={[{ required: true }]}>
      <Radio.Group className="ow-fb-radios" options={options as never} />
    </Form.Item>
  );
  switch (action) {
    case 'callback':
      return (
        <>
          {choice('reached', 'reached', [{ value: true, label: p('reachedYes') }, { value: false, label: p('reachedNo') }], true)}
          {text('note', 'note', 'noteRequired', 2)}
        </>
      );
    case 'judge':
      return (
        <>
          {choice('valid', 'valid', [{ value: true, label: p('validYes') }, { value: false, label: p('validNo') }], true)}
          {text('reason', 'reason', 'reasonRequired', 2)}
        </>
      );
    case 'appeal':
      return (
        <>
          {choice('ground', 'ground', (['mistaken', 'malicious'] as const).map((g) => ({ value: g, label: t(`admin.feedback.grounds.${g}`) })), 'mistaken')}
          {text('reason', 'appealReason', 'appealReasonRequired', 5)}
        </>
      );
    case 'review_appeal':
      return (
        <>
          {choice('upheld', 'upheld', [{ value: true, label: p('upheldYes') }, { value: false, label: p('upheldNo') }], true)}
          {text('opinion', 'opinion', 'opinionRequired', 2)}
        </>
      );
    case 'rectify':
      return text('measures', 'measures', 'measuresRequired', 5, 2000, 4);
    case 'reply':
      return text('message', 'message', 'messageRequired', 5, TEXT_MAX, 4);
  }
}

function bodyOf(action: RectificationActionName, v: Values): RectificationAction {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '');
  switch (action) {
    case 'callback':
      return { type: 'callback', reached: v.reached === true, note: s('note') };
    case 'judge':
      return { type: 'judge', valid: v.valid === true, reason: s('reason') };
    case 'appeal':
      return { type: 'appeal', ground: v.ground === 'malicious' ? 'malicious' : 'mistaken', reason: s('reason') };
    case 'review_appeal':
      return { type: 'review_appeal', upheld: v.upheld === true, opinion: s('opinion') };
    case 'rectify':
      return { type: 'rectify', measures: s('measures') };
    case 'reply':
      return { type: 'reply', message: s('message') };
  }
}

export function RectificationActions({ rect, onDone }: { rect: RectificationView; onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const api = useAdminApi().feedback;
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const allowed = ORDER.filter((a) => rect.allowed.includes(a));
  const [active, setActive] = useState<RectificationActionName | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<string[]>([]);
  const needsCallback = problemSlug(error) === 'callback-required' || (error instanceof ApiError && error.status === 422 && /callback/i.test(error.problem?.type ?? ''));

  useEffect(() => {
    if (active && !rect.allowed.includes(active)) setActive(null);
  }, [rect.version, rect.allowed, active]);

  const pick = (a: RectificationActionName) => {
    setActive(a === active ? null : a);
    setError(null);
    setRest([]);
    form.resetFields();
  };

  const actionName = (a: RectificationActionName) => t(`admin.feedback.actions.${a}`);

  const submit = async (values: Values) => {
    if (!active) return;
    setPending(true);
    setError(null);
    setRest([]);
    try {
      await api.act(rect.id, rect.version, bodyOf(active, values));
      void message.success(t('admin.feedback.panel.done', { action: actionName(active) }));
      setActive(null);
      form.resetFields();
      await onDone();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) {
        void message.warning(e.status === 412 ? t('admin.feedback.panel.stale') : t('admin.feedback.panel.illegal'));
        await onDone();
      } else {
        const placed = placeFieldErrors(e, (path) => (path.length ? [path[0]!] : null));
        showFieldErrors(form, placed.fields);
        setRest(placed.rest.map((f) => f.detail));
      }
    } finally {
      setPending(false);
    }
  };

  if (!allowed.length) {
    const key = rect.status === 'closed' ? 'noneClosed' : rect.status === 'appealed' && !isSupervisorOnly(me) ? 'noneOrganisation' : isSupervisorOnly(me) ? 'noneSupervisor' : 'none';
    return (
      <p className="ow-muted ow-wb-none" data-testid="no-actions">
        {t(`admin.feedback.panel.${key}`)}
      </p>
    );
  }

  const errorBox = (() => {
    if (error === null) return null;
    if (needsCallback)
      return <Alert type="warning" showIcon data-testid="callback-required" title={t('admin.feedback.panel.callbackRequired')} description={t('admin.feedback.panel.callbackRequiredDetail')} />;
    if (error instanceof ApiError && error.status === 412) return <Alert type="warning" showIcon title={t('admin.feedback.panel.stale')} />;
    if (error instanceof ApiError && error.status === 409) return <Alert type="warning" showIcon title={t('admin.feedback.panel.illegal')} description={error.problem?.detail} />;
    return <ActionProblem error={error} rest={rest} title={error instanceof ApiError && error.status === 403 ? t('admin.feedback.panel.forbidden') : undefined} />;
  })();

  return (
    <div className="ow-wb-actions">
      <div className="ow-wb-action-buttons" role="group" aria-label={t('admin.feedback.panel.pick')}>
        {allowed.map((a) => (
          <Button
            key={a}
            type={active === a ? 'primary' : 'default'}
            aria-pressed={active === a}
            data-action={a}
            autoInsertSpace={false}
            className={needsCallback && a === 'callback' && active !== 'callback' ? 'ow-fb-attention' : undefined}
            onClick={() => pick(a)}
          >
            {actionName(a)}
          </Button>
        ))}
      </div>
      {active && (
        <Form<Values> form={form} layout="vertical" className="ow-wb-action-form" onFinish={(v) => void submit(v)} requiredMark="optional" disabled={pending} data-testid={`form-${active}`}>
          <p className="ow-muted ow-wb-action-hint">{t(`admin.feedback.panel.hints.${active}`)}</p>
          <Fields action={active} />
          {errorBox && <div className="ow-wb-action-error">{errorBox}</div>}
          <Button type="primary" htmlType="submit" loading={pending} block data-testid="action-submit">
            {t('admin.feedback.panel.submit', { action: actionName(active) })}
          </Button>
        </Form>
      )}
    </div>
  );
}
