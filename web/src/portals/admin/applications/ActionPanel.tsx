/**
 * The action panel of a case: exactly the actions the server allows the caller now
 * (`allowedActions`), each with its own form (the fields of domain actionSchemas), optional
 * attachments uploaded first (kind 'attachment'; for 办结 the result document, kind 'result'),
 * posted with If-Match "v<version>". 412 → the case is reloaded and the clerk told it changed;
 * 409 with a claim → "已被他人认领"; 400 → the field messages under their fields.
 */
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { MAX_EXTENSION_DAYS, SPECIAL_PROCEDURE_KINDS, type ActionName } from '@onewindow/domain';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { deleteStaffFile, staffAction, uploadStaffFile, type ApplicationFile, type StaffApplication } from '../../../api/applications';
import { formatDateTime } from '../../../lib/format';
import { ActionProblem } from '../CaseParts';
import { placeFieldErrors, problemAlert, showFieldErrors } from '../problems';
import { isClaimConflict, isStale } from './parts';

/** The order actions are offered in: the usual next step first. */
const ORDER: ActionName[] = [
  'submit',
  'accept',
  'accept_and_decide',
  'accept_with_tolerance',
  'accept_with_commitment',
  'request_correction',
  'reject',
  'approve_step',
  'return_step',
  'decide',
  'complete',
  'start_special_procedure',
  'end_special_procedure',
  'extend_time_limit',
  'set_green_channel',
  'promise_found_false',
];
const DANGER: ActionName[] = ['reject', 'return_step', 'promise_found_false'];

const TEXT_MAX = 2000;

type Values = Record<string, unknown> & {
  items?: string[];
  supplementDeadline?: Dayjs;
  expectedEndDate?: Dayjs;
};

/** Files uploaded for the action (attachments, or the result document of 办结), removable until handed in. */
function ActionFiles({ app, kind, files, setFiles, disabled }: { app: StaffApplication; kind: 'attachment' | 'result'; files: ApplicationFile[]; setFiles: (f: ApplicationFile[]) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <div className="ow-wb-action-files">
      <ul className="ow-wb-files">
        {files.map((f) => (
          <li key={f.id} className="ow-wb-action-file">
            <PaperClipOutlined aria-hidden />
            <span className="ow-wb-file-name">{f.name}</span>
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={`${t('admin.applications.panel.removeFile')} ${f.name}`}
              onClick={() => {
                setFiles(files.filter((x) => x.id !== f.id));
                void deleteStaffFile(app.id, f.id).catch(() => undefined);
              }}
            />
          </li>
        ))}
      </ul>
      <Upload
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        showUploadList={false}
        disabled={disabled || busy}
        customRequest={async ({ file }) => {
          setBusy(true);
          try {
            const uploaded = await uploadStaffFile(app.id, { kind }, file as File);
            setFiles([...files, uploaded]);
          } catch (e) {
            void message.error(`${t('admin.applications.panel.uploadFailed')}：${problemAlert(t, e).detail ?? problemAlert(t, e).title}`);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} disabled={disabled} data-testid={`upload-${kind}`}>
          {kind === 'result' ? t('admin.applications.panel.resultDoc') : t('admin.applications.panel.upload')}
        </Button>
      </Upload>
    </div>
  );
}

function ActionFields({ action, app }: { action: ActionName; app: StaffApplication }) {
  const { t } = useTranslation();
  const outcome = Form.useWatch('outcome') as string | undefined;
  const req = (key: string) => [{ required: true, whitespace: true, message: t(`admin.applications.panel.${key}`) }];
  const reason = <Form.Item name="reason" label={t('admin.applications.panel.reason')} rules={req('reasonRequired')}><Input.TextArea rows={3} maxLength={TEXT_MAX} showCount /></Form.Item>;
  const basis = (required: boolean) => (
    <Form.Item
      name="legalBasis"
      label={t('admin.applications.panel.legalBasis')}
      rules={required ? [{ required: true, whitespace: true, message: t(outcome === 'refused' ? 'admin.applications.panel.legalBasisRefused' : 'admin.applications.panel.legalBasisRequired') }] : []}
    >
      <Input.TextArea rows={2} maxLength={TEXT_MAX} />
    </Form.Item>
  );
  switch (action) {
    case 'accept_and_decide':
    case 'decide':
      return (
        <>
          <Form.Item name="outcome" label={t('admin.applications.panel.outcome')} initialValue="granted" rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={(['granted', 'refused'] as const).map((o) => ({ value: o, label: t(`admin.applications.outcome.${o}`) }))} />
          </Form.Item>
          {reason}
          {basis(outcome === 'refused')}
        </>
      );
    case 'request_correction':
      return (
        <>
          <Form.List
            name="items"
            initialValue={['']}
            rules={[
              {
                validator: async (_r, v: string[] | undefined) => {
                  if (!v || !v.some((x) => x && x.trim())) throw new Error(t('admin.applications.panel.correctionItemsRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <fieldset className="ow-wb-fieldset">
                <legend>{t('admin.applications.panel.correctionItems')}</legend>
                {fields.map((f, i) => (
                  <div key={f.key} className="ow-wb-list-row">
                    <Form.Item name={f.name} className="ow-wb-list-item" rules={[{ max: 500 }]}>
                      <Input placeholder={t('admin.applications.panel.correctionItem', { n: i + 1 })} aria-label={t('admin.applications.panel.correctionItem', { n: i + 1 })} maxLength={500} />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('admin.applications.panel.removeFile')} />}
                  </div>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add('')}>
                  {t('admin.applications.panel.addItem')}
                </Button>
                <Form.ErrorList errors={errors} />
              </fieldset>
            )}
          </Form.List>
          <Form.Item name="note" label={t('admin.applications.panel.note')}>
            <Input.TextArea rows={2} maxLength={TEXT_MAX} />
          </Form.Item>
        </>
      );
    case 'reject':
      return (
        <>
          {reason}
          {basis(true)}
        </>
      );
    case 'accept_with_tolerance': {
      const candidates = app.materials.filter((m) => m.mayBeMissing);
      return (
        <>
          <Form.Item name="missing" label={t('admin.applications.panel.missing')} rules={[{ required: true, message: t('admin.applications.panel.missingRequired') }]}>
            <Checkbox.Group className="ow-wb-checks" options={candidates.map((m) => ({ value: m.code, label: m.name }))} />
          </Form.Item>
          <Form.Item
            name="supplementDeadline"
            label={t('admin.applications.panel.supplementDeadline')}
            extra={app.promisedLimitDays !== null ? t('admin.applications.detail.promisedLimit') + '：' + t('admin.applications.detail.workingDays', { count: app.promisedLimitDays }) : undefined}
            rules={[
              { required: true, message: t('admin.applications.panel.supplementDeadlineRequired') },
              {
                validator: async (_r, v: Dayjs | undefined) => {
                  if (!v) return;
                  const late = app.promisedDeadline && v.isAfter(dayjs(app.promisedDeadline));
                  if (!v.isAfter(dayjs()) || late) throw new Error(t('admin.applications.panel.supplementDeadlineLate', { deadline: app.promisedDeadline ? formatDateTime(app.promisedDeadline, 'zh-CN') : '—' }));
                },
              },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="ow-wb-date" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item
            name="commitmentSigned"
            valuePropName="checked"
            rules={[{ validator: async (_r, v) => { if (v !== true) throw new Error(t('admin.applications.panel.commitmentSignedRequired')); } }]}
          >
            <Checkbox>{t('admin.applications.panel.commitmentSigned')}</Checkbox>
          </Form.Item>
        </>
      );
    }
    case 'accept_with_commitment':
      return app.commitment ? (
        <details className="ow-wb-notice">
          <summary>{t('admin.applications.panel.commitmentNotice')}</summary>
          <p>{app.commitment.notice}</p>
        </details>
      ) : null;
    case 'approve_step':
    case 'return_step':
      return (
        <Form.Item name="opinion" label={t('admin.applications.panel.opinion')} rules={req('opinionRequired')}>
          <Input.TextArea rows={3} maxLength={TEXT_MAX} showCount />
        </Form.Item>
      );
    case 'complete':
      return (
        <Form.Item name="delivery" label={t('admin.applications.panel.delivery')} initialValue="e_licence" rules={[{ required: true }]}>
          <Radio.Group className="ow-wb-radios" options={(['e_licence', 'post', 'pickup'] as const).map((d) => ({ value: d, label: t(`admin.applications.delivery.${d}`) }))} />
        </Form.Item>
      );
    case 'start_special_procedure':
      return (
        <>
          <Form.Item name="procedure" label={t('admin.applications.panel.procedure')} rules={[{ required: true, message: t('admin.applications.panel.procedureRequired') }]}>
            <Select options={SPECIAL_PROCEDURE_KINDS.map((k) => ({ value: k, label: t(`admin.applications.procedure.${k}`) }))} />
          </Form.Item>
          {reason}
          <Form.Item name="expectedEndDate" label={t('admin.applications.panel.expectedEndDate')}>
            <DatePicker className="ow-wb-date" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </>
      );
    case 'end_special_procedure':
      return (
        <Form.Item name="outcome" label={t('admin.applications.panel.procedureOutcome')} rules={req('outcomeRequired')}>
          <Input.TextArea rows={3} maxLength={TEXT_MAX} />
        </Form.Item>
      );
    case 'extend_time_limit':
      return (
        <>
          <Form.Item name="days" label={t('admin.applications.panel.days')} initialValue={10} rules={[{ required: true, type: 'integer', min: 1, max: MAX_EXTENSION_DAYS, message: t('admin.applications.panel.daysRequired', { max: MAX_EXTENSION_DAYS }) }]}>
            <InputNumber min={1} max={MAX_EXTENSION_DAYS} precision={0} className="ow-admin-number" />
          </Form.Item>
          {reason}
          {basis(true)}
        </>
      );
    case 'set_green_channel':
      return (
        <>
          <Form.Item name="enabled" label={t('admin.applications.greenChannel')} initialValue={!app.greenChannel}>
            <Radio.Group
              options={[
                { value: true, label: t('admin.applications.panel.greenEnabled'), disabled: app.greenChannel },
                { value: false, label: t('admin.applications.panel.greenDisabled'), disabled: !app.greenChannel },
              ]}
            />
          </Form.Item>
          {reason}
        </>
      );
    case 'promise_found_false':
      return (
        <>
          {reason}
          {basis(false)}
        </>
      );
    default:
      return null;
  }
}

/** The body of an action from the form's values (empty optional texts left out). */
function bodyOf(action: ActionName, v: Values, attachments: string[]): Record<string, unknown> & { type: string } {
  const body: Record<string, unknown> & { type: string } = { type: action };
  const text = (k: string) => {
    const s = typeof v[k] === 'string' ? (v[k] as string).trim() : '';
    if (s) body[k] = s;
  };
  for (const k of ['reason', 'legalBasis', 'opinion', 'note']) text(k);
  if (action === 'end_special_procedure') text('outcome');
  else if (typeof v.outcome === 'string') body.outcome = v.outcome;
  if (v.items) body.items = v.items.map((s) => s?.trim()).filter(Boolean);
  if (Array.isArray(v.missing)) body.missing = v.missing;
  if (v.supplementDeadline) body.supplementDeadline = v.supplementDeadline.second(0).millisecond(0).toISOString();
  if (action === 'accept_with_tolerance' || action === 'accept_with_commitment') body.commitmentSigned = true;
  if (typeof v.delivery === 'string') body.delivery = v.delivery;
  if (typeof v.procedure === 'string') body.procedure = v.procedure;
  if (v.expectedEndDate) body.expectedEndDate = v.expectedEndDate.format('YYYY-MM-DD');
  if (typeof v.days === 'number') body.days = v.days;
  if (typeof v.enabled === 'boolean') body.enabled = v.enabled;
  if (attachments.length) body.attachments = attachments;
  return body;
}

export function ActionPanel({ app, blocked, onDone }: { app: StaffApplication; blocked: boolean; onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const allowed = ORDER.filter((a) => app.allowedActions.includes(a) && a !== 'submit')
    // 告知承诺受理 only when the applicant signed the commitment
    .filter((a) => a !== 'accept_with_commitment' || app.commitmentSignedAt !== null);
  const [active, setActive] = useState<ActionName | null>(null);
  const [files, setFiles] = useState<ApplicationFile[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<string[]>([]);

  // a new version of the case (after an action, a reload) starts afresh
  useEffect(() => {
    if (active && !app.allowedActions.includes(active)) setActive(null);
  }, [app.version, app.allowedActions, active]);

  const pick = (a: ActionName) => {
    setActive(a === active ? null : a);
    // files uploaded for another action are not handed in: remove them
    for (const f of files) void deleteStaffFile(app.id, f.id).catch(() => undefined);
    setFiles([]);
    setError(null);
    setRest([]);
    form.resetFields();
  };

  const submit = async (values: Values) => {
    if (!active) return;
    setPending(true);
    setError(null);
    setRest([]);
    try {
      await staffAction(app.id, app.version, bodyOf(active, values, files.map((f) => f.id)));
      void message.success(t('admin.applications.panel.done', { action: t(`admin.applications.actions.${active}`) }));
      setActive(null);
      setFiles([]);
      form.resetFields();
      await onDone();
    } catch (e) {
      setError(e);
      if (isStale(e)) {
        void message.warning(t('admin.applications.panel.stale'));
        await onDone();
      } else if (isClaimConflict(e)) {
        void message.error(t('admin.applications.claim.conflict'));
        await onDone();
      } else {
        const placed = placeFieldErrors(e, (path) => (path[0] === 'attachments' ? null : path.length ? [path[0]!] : null));
        showFieldErrors(form, placed.fields);
        setRest(placed.rest.map((f) => f.detail));
      }
    } finally {
      setPending(false);
    }
  };

  if (!allowed.length) {
    const closed = ['completed', 'rejected', 'withdrawn', 'terminated'].includes(app.status);
    return <p className="ow-muted ow-wb-none" data-testid="no-actions">{closed ? t('admin.applications.panel.noneClosed') : t('admin.applications.panel.none')}</p>;
  }

  const errorBox = (() => {
    if (error === null) return null;
    if (isStale(error)) return <Alert type="warning" showIcon title={t('admin.applications.panel.stale')} />;
    if (isClaimConflict(error)) return <Alert type="error" showIcon title={t('admin.applications.claim.conflict')} description={t('admin.applications.panel.conflict')} />;
    return <ActionProblem error={error} rest={rest} />;
  })();

  return (
    <div className="ow-wb-actions">
      {blocked &&
        (isClaimConflict(error) ? (
          <Alert type="error" showIcon className="ow-wb-note ow-wb-blocked" title={t('admin.applications.claim.conflict')} description={t('admin.applications.claim.other')} />
        ) : (
          <Alert type="warning" showIcon className="ow-wb-note ow-wb-blocked" title={t('admin.applications.claim.other')} />
        ))}
      <div className="ow-wb-action-buttons" role="group" aria-label={t('admin.applications.panel.pick')}>
        {allowed.map((a) => (
          <Button
            key={a}
            type={active === a ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            disabled={blocked}
            aria-pressed={active === a}
            data-action={a}
            onClick={() => pick(a)}
          >
            {t(`admin.applications.actions.${a}`)}
          </Button>
        ))}
      </div>
      {active && !blocked && (
        <Form<Values> form={form} layout="vertical" className="ow-wb-action-form" onFinish={(v) => void submit(v)} requiredMark="optional" disabled={pending} data-testid={`form-${active}`}>
          <p className="ow-muted ow-wb-action-hint">{t(`admin.applications.actionHints.${active}`, { defaultValue: '' })}</p>
          <ActionFields action={active} app={app} />
          <div className="ow-wb-files-block">
            <div className="ow-wb-files-label">{active === 'complete' ? t('admin.applications.panel.resultDoc') : t('admin.applications.panel.attachments')}</div>
            <p className="ow-muted ow-wb-sub">{active === 'complete' ? t('admin.applications.panel.resultHint') : t('admin.applications.panel.attachmentsHint')}</p>
            <ActionFiles app={app} kind={active === 'complete' ? 'result' : 'attachment'} files={files} setFiles={setFiles} disabled={pending} />
          </div>
          {errorBox && <div className="ow-wb-action-error">{errorBox}</div>}
          <Button type="primary" htmlType="submit" danger={DANGER.includes(active)} loading={pending} block data-testid="action-submit">
            {t('admin.applications.panel.submitAction', { action: t(`admin.applications.actions.${active}`) })}
          </Button>
        </Form>
      )}
    </div>
  );
}
