/**
 * 窗口受理 (综合窗口), window clerks only. The start page: the clerk checks the ID card of the person
 * at the counter, types name and ID number, picks the item (searched as they type), and the node
 * raises the person's account to level 5 and opens a draft (404 `accountNotFound`: the person
 * registers first). The draft page: the item's form (ApplicationForm), the materials uploaded
 * (kind 'material'), then 提交 — after which the case joins the queue like any other.
 */
import { CheckCircleFilled, DeleteOutlined, IdcardOutlined, UploadOutlined } from '@ant-design/icons';
import { checkIdNumber, type FieldError } from '@onewindow/domain';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Select, Tag, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  deleteStaffFile,
  saveWindowForm,
  staffAction,
  startAtWindow,
  uploadStaffFile,
  type StaffApplication,
} from '../../../api/applications';
import { api, ApiError } from '../../../api/client';
import { ApplicationForm, type ApplicationFormHandle, type FormValue } from '../../../components/ApplicationForm';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { AdminBreadcrumb } from '../AdminParts';
import { useDebouncedValue } from '../hooks';
import { normaliseIdNumber } from '../IdentityCheckPage';
import { problemAlert } from '../problems';
import { applicationHref, FileLink, isStale } from './parts';

interface StartValues {
  name: string;
  idNumber: string;
  checked: boolean;
  item: string;
}

/** Item codes typed in full are taken as they are (a plain code field, when search finds nothing). */
const looksLikeCode = (q: string) => /^[0-9A-Z]{20,40}$/.test(q);

function ItemPicker({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const settled = useDebouncedValue(q.trim(), 300);
  const search = useQuery({
    queryKey: ['items', 'window-search', settled],
    queryFn: ({ signal }) => api.searchItems({ q: settled || undefined, pageSize: 20 }, signal),
    staleTime: 60_000,
  });
  const options = (search.data?.items ?? []).map((i) => ({
    value: i.implementationCode,
    label: (
      <span className="ow-wb-item-option">
        <span>{i.name}</span>
        <span className="ow-muted ow-wb-sub">
          {i.organisation?.name} · {i.implementationCode}
        </span>
      </span>
    ),
    text: i.name,
  }));
  const code = q.trim().toUpperCase();
  if (looksLikeCode(code) && !options.some((o) => o.value === code)) options.unshift({ value: code, label: <span className="ow-wb-code">{code}</span>, text: code });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={t('admin.applications.window.itemPlaceholder')}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? null : t('admin.applications.window.itemNone')}
      options={options}
      optionLabelProp="text"
      className="ow-wb-item-select"
      popupMatchSelectWidth
    />
  );
}

export function WindowStartPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.applications.window.title'));
  const navigate = useNavigate();
  const [form] = Form.useForm<StartValues>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async (v: StartValues) => {
    setPending(true);
    setError(null);
    try {
      const app = await startAtWindow({ implementationCode: v.item, applicant: { name: v.name.trim(), idNumber: normaliseIdNumber(v.idNumber) }, form: {} });
      navigate(applicationHref(app.id));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 400) {
        form.setFields(
          (e.problem?.errors ?? []).flatMap((f) => {
            const m = /^\/body\/(?:applicant\/)?(name|idNumber|implementationCode)/.exec(f.pointer);
            return m ? [{ name: (m[1] === 'implementationCode' ? 'item' : m[1]) as keyof StartValues, errors: [f.detail] }] : [];
          }),
        );
      }
    } finally {
      setPending(false);
    }
  };

  const unregistered = error instanceof ApiError && error.status === 404;
  return (
    <div className="ow-admin-page ow-wb-window">
      <AdminBreadcrumb root="applications" items={[{ title: t('admin.applications.window.title') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.applications.window.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.applications.window.lead')}</p>
        </div>
      </div>
      <section className="ow-panel ow-admin-card ow-wb-window-card">
        <Form<StartValues> form={form} layout="vertical" onFinish={(v) => void start(v)} disabled={pending} requiredMark={false} className="ow-admin-form">
          <fieldset className="ow-admin-fieldset">
            <legend>
              <IdcardOutlined aria-hidden /> {t('admin.applications.window.applicant')}
            </legend>
            <div className="ow-wb-two">
              <Form.Item name="name" label={t('admin.applications.window.name')} rules={[{ required: true, whitespace: true, message: t('admin.applications.window.nameRequired') }]}>
                <Input maxLength={40} autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="idNumber"
                label={t('admin.applications.window.idNumber')}
                rules={[
                  {
                    validator: async (_r, v: string | undefined) => {
                      const id = normaliseIdNumber(v ?? '');
                      if (!id) throw new Error(t('admin.applications.window.idNumberRequired'));
                      if (checkIdNumber(id)) throw new Error(t('admin.identity.idProblem.shape'));
                    },
                  },
                ]}
              >
                <Input maxLength={20} autoComplete="off" inputMode="text" className="ow-wb-code" />
              </Form.Item>
            </div>
            <Form.Item
              name="checked"
              valuePropName="checked"
              rules={[{ validator: async (_r, v) => { if (v !== true) throw new Error(t('admin.applications.window.checkedRequired')); } }]}
            >
              <Checkbox>{t('admin.applications.window.checked')}</Checkbox>
            </Form.Item>
          </fieldset>
          <Form.Item name="item" label={t('admin.applications.window.item')} rules={[{ required: true, message: t('admin.applications.window.itemRequired') }]}>
            <ItemPicker />
          </Form.Item>
          {error !== null &&
            (unregistered ? (
              <Alert type="warning" showIcon className="ow-admin-form-alert" data-testid="unregistered" title={t('admin.applications.window.unregistered')} description={t('admin.applications.window.unregisteredHint')} />
            ) : (
              <Alert type="error" showIcon className="ow-admin-form-alert" title={problemAlert(t, error).title} description={problemAlert(t, error).detail} />
            ))}
          <div className="ow-wb-window-bar">
            <Button type="primary" htmlType="submit" loading={pending}>
              {t('admin.applications.window.start')}
            </Button>
          </div>
        </Form>
      </section>
    </div>
  );
}

/** The window draft: form, materials, 提交. */
export function WindowDraft({ app, onChanged }: { app: StaffApplication; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.applications.window.draftTitle'));
  const { message } = App.useApp();
  const ref = useRef<ApplicationFormHandle>(null);
  const [value, setValue] = useState<FormValue>(app.form);
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [signed, setSigned] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  const fieldErrors: FieldError[] = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  const materialError = (code: string) => fieldErrors.find((f) => f.pointer === `/materials/${code}`);

  const save = async () => {
    const saved = await saveWindowForm(app.id, app.version, value);
    setDirty(false);
    return saved.version;
  };

  const run = async (submit: boolean) => {
    if (submit && !ref.current?.validate()) {
      void message.error(t('admin.applications.window.invalid'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const version = dirty || !submit ? await save() : app.version;
      if (submit) {
        await staffAction(app.id, version, { type: 'submit', ...(signed ? { commitmentSigned: true } : {}) });
        void message.success(t('admin.applications.window.submitted'));
      } else void message.success(t('admin.applications.window.saved'));
      await onChanged();
    } catch (e) {
      setError(e);
      if (isStale(e)) await onChanged();
    } finally {
      setPending(false);
    }
  };

  const upload = async (code: string, file: File) => {
    setUploading(code);
    try {
      await uploadStaffFile(app.id, { kind: 'material', materialCode: code }, file);
      setError(null);
      await onChanged();
    } catch (e) {
      void message.error(`${t('admin.applications.panel.uploadFailed')}：${problemAlert(t, e).detail ?? problemAlert(t, e).title}`);
    } finally {
      setUploading(null);
    }
  };

  const toUpload = app.materials.filter((m) => m.source === 'applicant' && !m.byForm);
  return (
    <div className="ow-admin-page ow-wb-window" data-testid="window-draft">
      <AdminBreadcrumb root="applications" items={[{ title: t('admin.applications.window.title') }]} />
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.applications.window.draftTitle')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.applications.window.draftLead', { item: app.itemName, name: app.applicant.name ?? '' })}</p>
        </div>
        <Tag className="ow-status-tag">{app.number}</Tag>
      </div>
      <section className="ow-panel ow-admin-card">
        <h2 className="ow-admin-h2">{t('admin.applications.window.formTitle')}</h2>
        <ApplicationForm
          ref={ref}
          definition={app.formDefinition}
          prefilled={app.prefilled}
          value={value}
          onChange={(v) => {
            setValue(v);
            setDirty(true);
          }}
          serverErrors={fieldErrors}
          disabled={pending}
          id="window-form"
        />
      </section>
      <section className="ow-panel ow-admin-card">
        <h2 className="ow-admin-h2">{t('admin.applications.window.materialsTitle')}</h2>
        <ol className="ow-wb-materials">
          {toUpload.map((m) => {
            const files = app.files.filter((f) => f.kind === 'material' && f.materialCode === m.code);
            const err = files.length ? undefined : materialError(m.code);
            return (
              <li key={m.code} className="ow-wb-material" data-testid={`window-material-${m.code}`}>
                <div className="ow-wb-material-head">
                  <span className="ow-wb-material-name">
                    {files.length > 0 && <CheckCircleFilled className="ow-wb-ok" aria-label={t('admin.applications.window.uploaded')} />} {m.name}
                  </span>
                  <span className="ow-wb-material-tags">
                    <Tag className="ow-status-tag" color={m.required ? 'red' : 'default'} variant="outlined">
                      {m.required ? t('admin.applications.detail.materialRequired') : t('admin.applications.detail.materialOptional')}
                    </Tag>
                    {m.mayBeMissing && (
                      <Tag className="ow-status-tag" color="gold" variant="outlined">
                        {t('admin.applications.detail.mayBeMissing')}
                      </Tag>
                    )}
                  </span>
                </div>
                <ul className="ow-wb-files">
                  {files.map((f) => (
                    <li key={f.id} className="ow-wb-action-file">
                      <FileLink appId={app.id} file={f} />
                      <Button
                        type="text"
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={`${t('admin.applications.panel.removeFile')} ${f.name}`}
                        onClick={() => void deleteStaffFile(app.id, f.id).then(onChanged)}
                      />
                    </li>
                  ))}
                </ul>
                <Upload accept=".pdf,.jpg,.jpeg,.png" showUploadList={false} customRequest={({ file }) => void upload(m.code, file as File)}>
                  <Button size="small" icon={<UploadOutlined />} loading={uploading === m.code}>
                    {t('admin.applications.window.uploadMaterial')}
                  </Button>
                </Upload>
                {err && <div className="ow-wb-error">{err.detail || t('admin.applications.window.missingMaterial')}</div>}
              </li>
            );
          })}
        </ol>
        {app.commitment && (
          <div className="ow-wb-commitment">
            <details className="ow-wb-notice">
              <summary>{t('admin.applications.panel.commitmentNotice')}</summary>
              <p>{app.commitment.notice}</p>
            </details>
            <Checkbox checked={signed} onChange={(e) => setSigned(e.target.checked)}>
              {t('admin.applications.window.signCommitment')}
            </Checkbox>
          </div>
        )}
      </section>
      {error !== null && <Alert type="error" showIcon className="ow-admin-form-alert" title={problemAlert(t, error).title} description={problemAlert(t, error).detail} />}
      <div className="ow-wb-window-bar">
        <Button onClick={() => void run(false)} disabled={pending}>
          {t('admin.applications.window.save')}
        </Button>
        <Button type="primary" onClick={() => void run(true)} loading={pending} data-testid="window-submit">
          {t('admin.applications.window.submit')}
        </Button>
      </div>
    </div>
  );
}
