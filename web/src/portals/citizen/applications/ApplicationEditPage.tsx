/**
 * /my/applications/:id/edit — the application page of a draft (fill in the form, upload the
 * materials, sign the 告知承诺, save, submit) and of a correction (补正: the one complete list, the
 * corrected materials, then 提交补正材料). The draft lives on the server: another device resumes it
 * by loading this page. Saves and actions carry `If-Match: "v<version>"`; a 412 reloads the page's
 * data and says so.
 */
import { ExclamationCircleFilled, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { FieldError } from '@onewindow/domain';
import { Alert, App as AntApp, Button, Checkbox, Descriptions, Input, Result } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { applicantAction, saveForm, type Application } from '../../../api/applications';
import { ApplicationForm, formFieldErrors, type ApplicationFormHandle, type FormValue } from '../../../components/ApplicationForm';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApplicantFrame, ApplicationLoad, formatDay, formatTime, materialName, problemMessage, StatusTag, useApplication, useStoreApplication } from './common';
import { MaterialsSection } from './MaterialsSection';
import { SupplyPanel } from './SupplyPanel';

/** Material errors of a problem (`/materials/<code>` or `/body/materials/<code>`), by code. */
function materialErrors(e: unknown, t: (k: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  if (!(e instanceof ApiError)) return out;
  for (const err of e.problem?.errors ?? []) {
    const m = /^(?:\/body)?\/materials\/([^/]+)/.exec(err.pointer);
    if (m) out.set(decodeURIComponent(m[1]!), err.code === 'application.materialMissing' ? t('applications.materials.missingError') : err.detail || err.code);
  }
  return out;
}

export default function ApplicationEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const q = useApplication(id);
  const app = q.data;
  useDocumentTitle(app ? `${app.itemName} - ${t('applications.edit.title')}` : t('applications.edit.title'));
  const crumbs = [{ title: <Link to="/my/applications">{t('applications.title')}</Link> }, { title: t('applications.edit.title') }];
  return (
    <ApplicantFrame title={app?.itemName ?? t('applications.edit.title')} crumbs={crumbs}>
      <ApplicationLoad q={q}>{(loaded) => <Editor key={loaded.id} app={loaded} reload={async () => (await q.refetch()).data} />}</ApplicationLoad>
    </ApplicantFrame>
  );
}

function Editor({ app, reload }: { app: Application; reload: () => Promise<Application | undefined> }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const store = useStoreApplication();
  const formRef = useRef<ApplicationFormHandle>(null);
  const [form, setForm] = useState<FormValue>(app.form);
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[] | null>(null);
  const [matErrors, setMatErrors] = useState<Map<string, string>>(new Map());
  const [signed, setSigned] = useState(app.commitmentSignedAt !== null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [stale, setStale] = useState(false);
  const [note, setNote] = useState('');
  const lang = i18n.resolvedLanguage ?? 'zh-CN';

  const isDraft = app.status === 'draft';
  const isCorrection = app.status === 'correction_requested';

  /** 412: the application changed elsewhere; take the server's version. */
  const onStale = async () => {
    const fresh = await reload();
    if (fresh) {
      setForm(fresh.form);
      setDirty(false);
    }
    setStale(true);
    void message.warning(t('applications.edit.stale'));
  };

  const failed = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 412) return onStale();
    if (e instanceof ApiError && e.status === 400 && e.problem?.errors?.length) {
      setFieldErrors(e.problem.errors);
      setMatErrors(materialErrors(e, t));
      void message.error(t('applications.edit.submitFailed'));
      window.setTimeout(() => document.querySelector('.ow-apps .ant-form-item-has-error, .ow-mat.has-error')?.scrollIntoView({ behavior: 'smooth', block: 'center' }), 50);
      return;
    }
    void message.error(problemMessage(t, e));
  };

  const save = async (quiet = false): Promise<Application | null> => {
    setBusy('save');
    try {
      const updated = await saveForm(app.id, app.version, form);
      store(updated as Application);
      setDirty(false);
      setFieldErrors(null);
      setStale(false);
      setSavedAt(new Date().toISOString());
      if (!quiet) void message.success(t('applications.edit.saved'));
      return { ...app, ...updated };
    } catch (e) {
      await failed(e);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    const valid = formRef.current?.validate() ?? true;
    if (!valid) {
      void message.error(t('applications.edit.submitFailed'));
      window.setTimeout(() => document.querySelector('.ow-apps .ant-form-item-has-error')?.scrollIntoView({ behavior: 'smooth', block: 'center' }), 50);
      return;
    }
    const ok = await modal.confirm({
      title: t('applications.edit.submitConfirmTitle'),
      content: t('applications.edit.submitConfirm'),
      okText: t('applications.edit.submit'),
      cancelText: t('applications.start.cancel'),
      icon: <ExclamationCircleFilled />,
    });
    if (!ok) return;
    let current: Application | null = app;
    if (dirty) current = await save(true);
    if (!current) return;
    setBusy('submit');
    try {
      const updated = await applicantAction(app.id, current.version, {
        type: 'submit',
        ...(app.commitment && signed ? { commitmentSigned: true } : {}),
      });
      store(updated);
      void message.success(t('applications.edit.submitted'));
      navigate(`/my/applications/${app.id}`, { state: { submitted: true } });
    } catch (e) {
      await failed(e);
    } finally {
      setBusy(null);
    }
  };

  const supplyCorrection = async () => {
    const ok = await modal.confirm({
      title: t('applications.edit.supplyCorrection'),
      content: t('applications.edit.supplyCorrectionConfirm'),
      okText: t('applications.edit.supplyCorrection'),
      cancelText: t('applications.start.cancel'),
    });
    if (!ok) return;
    setBusy('submit');
    try {
      const updated = await applicantAction(app.id, app.version, { type: 'supply_correction', ...(note.trim() ? { note: note.trim() } : {}) });
      store(updated);
      void message.success(t('applications.edit.supplied'));
      navigate(`/my/applications/${app.id}`);
    } catch (e) {
      await failed(e);
    } finally {
      setBusy(null);
    }
  };

  const refreshFiles = () => void reload();

  const summary = (
    <Descriptions
      className="ow-apps-summary"
      column={1}
      size="small"
      items={[
        { key: 'number', label: t('applications.fields.number'), children: <span className="ow-apps-number" data-testid="application-number">{app.number}</span> },
        { key: 'status', label: t('applications.fields.status'), children: <StatusTag status={app.status} /> },
        { key: 'as', label: t('applications.fields.applicantAs'), children: app.enterprise ? app.enterprise.name : t('applications.fields.personal') },
        { key: 'created', label: t('applications.fields.createdAt'), children: formatTime(app.createdAt, lang) },
      ]}
    />
  );

  if (!isDraft && !isCorrection) {
    return (
      <div className="ow-panel ow-apps-panel">
        <Result
          status="info"
          title={t('applications.edit.notEditable', { status: t(`applications.status.${app.status}`) })}
          extra={
            <Link to={`/my/applications/${app.id}`}>
              <Button type="primary">{t('applications.edit.toDetail')}</Button>
            </Link>
          }
        />
      </div>
    );
  }

  const formErrorCount = formFieldErrors(fieldErrors).size;
  const replacedNames = (app.commitment?.replacesMaterials ?? []).map((c) => materialName(app.materials, c));

  const actions = isDraft ? (
    <>
      <Button icon={<SaveOutlined />} onClick={() => void save()} loading={busy === 'save'} disabled={busy !== null} size="large">
        {t('applications.edit.save')}
      </Button>
      <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} loading={busy === 'submit'} disabled={busy !== null} size="large">
        {t('applications.edit.submit')}
      </Button>
    </>
  ) : (
    <Button type="primary" icon={<SendOutlined />} onClick={() => void supplyCorrection()} loading={busy === 'submit'} disabled={busy !== null} size="large">
      {t('applications.edit.supplyCorrection')}
    </Button>
  );

  return (
    <div className="ow-apps-edit">
      <div className="ow-apps-main">
        {stale && <Alert type="warning" showIcon className="ow-apps-alert" role="alert" title={t('applications.edit.stale')} closable onClose={() => setStale(false)} />}
        {isCorrection && app.case.pendingCorrection && (
          <Alert
            type="warning"
            showIcon
            className="ow-apps-alert"
            title={t('applications.edit.correctionList')}
            description={
              <>
                <p className="ow-apps-alert-p">{t('applications.edit.correctionNote')}</p>
                <ol className="ow-apps-correction-list">
                  {app.case.pendingCorrection.items.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ol>
                <p className="ow-muted ow-apps-alert-p">{t('applications.edit.correctionRequestedAt', { date: formatTime(app.case.pendingCorrection.requestedAt, lang) })}</p>
              </>
            }
          />
        )}
        {isDraft && (
          <SupplyPanel
            app={app}
            disabled={busy !== null}
            beforeConsent={async () => (dirty ? ((await save(true))?.version ?? null) : app.version)}
            onSupplied={(updated) => {
              store(updated);
              setForm(updated.form);
              setDirty(false);
              setMatErrors(new Map());
            }}
            onFailed={failed}
          />
        )}
        <section className="ow-panel ow-apps-section" aria-labelledby="sec-form">
          <h2 id="sec-form" className="ow-apps-h2">
            <span className="ow-apps-step">1</span>
            {t('applications.edit.formSection')}
          </h2>
          {formErrorCount > 0 && <Alert type="error" showIcon className="ow-apps-alert" title={t('applications.edit.formInvalid', { count: formErrorCount })} />}
          <ApplicationForm
            ref={formRef}
            definition={app.formDefinition}
            prefilled={app.prefilled}
            value={form}
            onChange={(v) => {
              setForm(v);
              setDirty(true);
            }}
            serverErrors={fieldErrors}
            readOnly={!isDraft}
            disabled={busy !== null}
          />
        </section>
        <section className="ow-panel ow-apps-section" aria-labelledby="sec-materials">
          <h2 id="sec-materials" className="ow-apps-h2">
            <span className="ow-apps-step">2</span>
            {t('applications.edit.materialsSection')}
          </h2>
          <MaterialsSection app={app} editable commitmentSigned={signed} errors={matErrors} onChanged={refreshFiles} />
        </section>
        {isDraft && app.commitment && (
          <section className="ow-panel ow-apps-section" aria-labelledby="sec-commitment">
            <h2 id="sec-commitment" className="ow-apps-h2">
              <span className="ow-apps-step">3</span>
              {t('applications.edit.commitmentSection')}
            </h2>
            <div className="ow-apps-notice" tabIndex={0}>
              {app.commitment.notice}
            </div>
            {replacedNames.length > 0 && <p className="ow-muted ow-apps-notice-hint">{t('applications.edit.commitmentHint', { names: replacedNames.join('、') })}</p>}
            <Checkbox checked={signed} onChange={(e) => setSigned(e.target.checked)} className="ow-apps-commit" data-testid="commitment-checkbox">
              <strong>{t('applications.edit.commitmentAgree')}</strong>
            </Checkbox>
          </section>
        )}
        {isCorrection && (
          <section className="ow-panel ow-apps-section">
            <label className="ow-apps-label" htmlFor="supply-note">
              {t('applications.edit.supplyNote')}
            </label>
            <Input.TextArea id="supply-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} showCount />
          </section>
        )}
      </div>
      <aside className="ow-apps-side">
        <div className="ow-panel ow-apps-sidecard">
          {summary}
          {isDraft && <p className="ow-muted ow-apps-resume">{t('applications.edit.resumeHint')}</p>}
          {app.promisedLimitDays !== null && (
            <p className="ow-muted ow-apps-resume">{t('applications.fields.limits', { promised: app.promisedLimitDays, statutory: app.statutoryLimitDays ?? '—' })}</p>
          )}
          <div className="ow-apps-side-actions">{actions}</div>
          <div className="ow-apps-savestate" aria-live="polite">
            {dirty ? t('applications.edit.unsaved') : savedAt ? t('applications.edit.savedAt', { time: formatTime(savedAt, lang) }) : null}
          </div>
        </div>
      </aside>
      <div className="ow-apps-actionbar">
        <div className="ow-apps-actionbar-state" aria-hidden>
          {dirty ? t('applications.edit.unsaved') : savedAt ? t('applications.edit.savedAt', { time: formatDay(savedAt, lang) }) : ''}
        </div>
        <div className="ow-apps-actionbar-buttons">{actions}</div>
      </div>
    </div>
  );
}
