/**
 * The materials of an application (the snapshot of the guide's list): what is required, what the
 * online form or data sharing provides, what may follow later (容缺) or is covered by a signed
 * 告知承诺; for each material to upload, the uploaded files (download, delete while not handed in)
 * and an upload button (PDF, JPEG, PNG; the server checks type and size and its refusal is shown).
 */
import { CheckCircleFilled, CloudUploadOutlined, DeleteOutlined, FileOutlined, PaperClipOutlined, SafetyCertificateFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Popconfirm, Progress, Tag, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteMyFile, myFileUrl, uploadMaterial, withdrawSupply, type Application, type ApplicationFile, type MaterialTerm } from '../../../api/applications';
import { useItem, useNodeInfo } from '../../../api/hooks';
import { formatSize, problemMessage } from './common';
import { supplyPlanKey } from './SupplyPanel';

/** Default UPLOAD_MAX_BYTES of the node (the server does not publish its limit; a 413 tells the real one). */
/** the default of UPLOAD_MAX_BYTES, shown until the node's own limit is known */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const LOOKS_OK = /\.(pdf|jpe?g|png)$/i;

export type MaterialMode = 'none' | 'upload';

export interface MaterialsSectionProps {
  app: Application;
  /** whether the applicant may upload and delete now */
  editable: boolean;
  /** the 告知承诺 is (being) signed: its materials are not required */
  commitmentSigned?: boolean;
  /** errors by material code (the server's `/materials/<code>`) */
  errors?: Map<string, string>;
  /** only these materials (codes or names), e.g. the missing ones of 容缺受理 */
  only?: readonly string[];
  /** after an upload or a deletion */
  onChanged: () => void;
}

/** Whether the applicant uploads this material at all. */
export const uploadable = (m: MaterialTerm) => m.source === 'applicant' && !m.byForm;

export function MaterialsSection({ app, editable, commitmentSigned = false, errors, only, onChanged }: MaterialsSectionProps) {
  const { t } = useTranslation();
  const guide = useItem(app.implementationCode).data?.guide;
  const limit = useNodeInfo().data?.uploadMaxBytes ?? UPLOAD_LIMIT_BYTES;
  const replaced = new Set(commitmentSigned || app.commitmentSignedAt ? (app.commitment?.replacesMaterials ?? []) : []);
  const list = only ? app.materials.filter((m) => only.includes(m.code) || only.includes(m.name)) : app.materials;
  return (
    <div className="ow-mats">
      {editable && <p className="ow-mats-hint">{t('applications.materials.hint', { size: formatSize(limit) })}</p>}
      <ol className="ow-mats-list">
        {list.map((m, i) => {
          const g = guide?.materials.find((x) => x.code === m.code);
          return (
            <MaterialRow
              key={m.code}
              index={i + 1}
              app={app}
              material={m}
              description={g?.description}
              sourceNote={g?.sourceNote}
              replaced={replaced.has(m.code)}
              editable={editable}
              error={errors?.get(m.code)}
              onChanged={onChanged}
            />
          );
        })}
      </ol>
    </div>
  );
}

function MaterialRow({
  index, app, material: m, description, sourceNote, replaced, editable, error, onChanged,
}: {
  index: number;
  app: Application;
  material: MaterialTerm;
  description: string | undefined;
  sourceNote: string | undefined;
  replaced: boolean;
  editable: boolean;
  error: string | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const client = useQueryClient();
  const files = app.files.filter((f) => f.kind === 'material' && f.materialCode === m.code);
  const supplied = (app.supplies ?? []).find((s) => s.material === m.code);
  const canUpload = uploadable(m) && !supplied;

  let note: string | null = null;
  if (supplied) note = null;
  else if (m.byForm) note = t('applications.materials.byForm');
  else if (m.source !== 'applicant') note = `${t('applications.materials.shared')}${sourceNote ? `（${sourceNote}）` : ''}`;
  else if (replaced) note = t('applications.materials.replaced');

  const upload = async (file: File) => {
    setFailure(null);
    if (!LOOKS_OK.test(file.name)) void message.warning(t('applications.materials.typeHint', { name: file.name }));
    setProgress(0);
    try {
      await uploadMaterial(app.id, m.code, file, setProgress);
      onChanged();
    } catch (e) {
      setFailure(`${t('applications.materials.uploadFailed', { name: file.name })}：${problemMessage(t, e)}`);
    } finally {
      setProgress(null);
    }
  };

  const unsupply = async () => {
    try {
      await withdrawSupply(app.id, app.version, m.code);
      void message.success(t('applications.materials.supplyWithdrawn', { name: m.name }));
      await client.invalidateQueries({ queryKey: supplyPlanKey(app.id) });
      onChanged();
    } catch (e) {
      void message.error(problemMessage(t, e));
    }
  };

  const remove = async (f: ApplicationFile) => {
    try {
      await deleteMyFile(app.id, f.id);
      void message.success(t('applications.materials.deleted'));
      onChanged();
    } catch (e) {
      void message.error(problemMessage(t, e));
    }
  };

  // the server's "missing" goes once a file is there; an upload refusal stays until the next try
  const shownError = failure ?? (files.length > 0 || replaced || supplied ? undefined : error);
  const done = files.length > 0;
  return (
    <li className={`ow-mat${shownError ? ' has-error' : ''}`} data-material={m.code}>
      <div className="ow-mat-head">
        <span className="ow-mat-index" aria-hidden>
          {index}
        </span>
        <div className="ow-mat-main">
          <div className="ow-mat-name">
            {m.required && !replaced && canUpload && <span className="ow-mat-star" aria-hidden>*</span>}
            {m.name}
          </div>
          <div className="ow-mat-tags">
            {m.required ? <Tag color="red">{t('applications.materials.required')}</Tag> : <Tag>{t('applications.materials.optional')}</Tag>}
            {m.mayBeMissing && <Tag color="gold">{t('applications.materials.mayBeMissing')}</Tag>}
            {canUpload && !replaced && (done ? (
              <span className="ow-mat-state ok">
                <CheckCircleFilled aria-hidden /> {t('applications.materials.uploaded')}
              </span>
            ) : (
              <span className="ow-mat-state">{t('applications.materials.notUploaded')}</span>
            ))}
          </div>
          {m.requiredNote && <div className="ow-mat-desc">{m.requiredNote}</div>}
          {description && <div className="ow-mat-desc">{description}</div>}
          {note && <div className="ow-mat-note">{note}</div>}
          {supplied && (
            <div className="ow-mat-supplied" data-testid="material-supplied">
              <SafetyCertificateFilled aria-hidden />
              <span>
                {t(`applications.materials.suppliedBy.${supplied.kind}`, { name: supplied.sourceName, provider: supplied.provider.name })}
                <Tag color="green" className="ow-mat-trust">{t('applications.materials.trust', { level: supplied.trustLevel })}</Tag>
              </span>
              {editable && app.status === 'draft' && (
                <Popconfirm title={t('applications.materials.supplyWithdrawConfirm', { name: m.name })} onConfirm={() => unsupply()} okText={t('applications.materials.supplyWithdraw')} cancelText={t('applications.start.cancel')}>
                  <Button type="link" size="small" className="ow-mat-unsupply">
                    {t('applications.materials.supplyWithdraw')}
                  </Button>
                </Popconfirm>
              )}
            </div>
          )}
        </div>
        {canUpload && editable && (
          <Upload
            accept={ACCEPT}
            multiple
            showUploadList={false}
            customRequest={({ file }) => void upload(file as File)}
            disabled={progress !== null}
          >
            <Button icon={<CloudUploadOutlined />} className="ow-mat-upload" loading={progress !== null} aria-label={`${t('applications.materials.upload')}：${m.name}`}>
              {t('applications.materials.upload')}
            </Button>
          </Upload>
        )}
      </div>
      {progress !== null && <Progress percent={progress} size="small" className="ow-mat-progress" aria-label={t('applications.materials.uploading', { percent: progress })} />}
      {files.length > 0 && (
        <ul className="ow-mat-files">
          {files.map((f) => (
            <li key={f.id} className="ow-mat-file">
              {f.contentType === 'application/pdf' ? <FileOutlined aria-hidden /> : <PaperClipOutlined aria-hidden />}
              <a href={myFileUrl(app.id, f.id)} className="ow-mat-file-name" title={f.name} download={f.name}>
                {f.name}
              </a>
              <span className="ow-mat-file-size">{formatSize(f.size)}</span>
              {f.eventSeq !== null ? (
                <Tag color="green" className="ow-mat-file-tag">
                  {t('applications.materials.handedIn')}
                </Tag>
              ) : (
                editable && (
                  <Popconfirm title={t('applications.materials.deleteConfirm', { name: f.name })} onConfirm={() => remove(f)} okText={t('applications.materials.delete')} cancelText={t('applications.start.cancel')}>
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('applications.materials.delete')}：${f.name}`} />
                  </Popconfirm>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {shownError && (
        <div className="ow-mat-error" role="alert">
          {shownError}
        </div>
      )}
    </li>
  );
}
