/**
 * /complaints/new?item=&organisation=&staff=&kind= — 投诉建议: a complaint or a suggestion about an
 * item, an organisation or a staff member (by the rating code of their QR sign), with a title, the
 * content and up to five attachments (uploaded first). The form keeps one Idempotency-Key, so a
 * retried submission is filed once.
 */
import { PaperClipOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { DEFAULT_COMPLAINT_ANSWER_DAYS, type ComplaintKind, type ComplaintSubject } from '@onewindow/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Radio, Select, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../../../api/client';
import { feedbackApi, type ComplaintFile } from '../../../api/feedback';
import { useNodeInfo, useOrganisations } from '../../../api/hooks';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { formatSize, problemMessage } from '../applications/common';
import { applyFieldErrors } from '../forms';
import { FEEDBACK_KEY, FeedbackFrame, ItemPicker, UUID } from './common';

const MAX_FILES = 5;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

interface Values {
  kind: ComplaintKind;
  subject: ComplaintSubject;
  /** the item's implementation code (or its id, from a link) */
  item?: string;
  organisationId?: string;
  staffCode?: string;
  title: string;
  content: string;
}

export default function ComplaintNewPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.complaint.newTitle'));
  const crumbs = [{ title: <Link to="/me/complaints">{t('feedback.complaint.title')}</Link> }, { title: t('feedback.complaint.new') }];
  return (
    <FeedbackFrame title={t('feedback.complaint.newTitle')} crumbs={crumbs}>
      <div className="ow-fb-form-grid">
        <ComplaintForm />
        <Notes />
      </div>
    </FeedbackFrame>
  );
}

/** 办理须知 beside the form (under it on phones). */
function Notes() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const notes = t('feedback.complaint.notes', { returnObjects: true, days: DEFAULT_COMPLAINT_ANSWER_DAYS, hotline: node.data?.hotline ?? '12345' }) as unknown as string[];
  return (
    <aside className="ow-panel ow-fb-section ow-fb-form-side" aria-labelledby="complaint-notes">
      <h2 id="complaint-notes" className="ow-fb-h2">
        {t('feedback.complaint.notesTitle')}
      </h2>
      <ol className="ow-fb-notes">
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ol>
      <div className="ow-fb-actions">
        <Link to="/me/complaints">{t('feedback.complaint.title')}</Link>
      </div>
    </aside>
  );
}

function ComplaintForm() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const node = useNodeInfo();
  const organisations = useOrganisations(undefined);
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile<ComplaintFile>[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  // one key per body sent: a retry of the same submission (after a lost answer) is filed once
  const key = useRef({ body: '', value: crypto.randomUUID() });
  const keyFor = (body: unknown) => {
    const json = JSON.stringify(body);
    if (json !== key.current.body) key.current = { body: json, value: crypto.randomUUID() };
    return { 'Idempotency-Key': key.current.value };
  };

  const initialSubject: ComplaintSubject = params.get('staff') ? 'staff' : params.get('item') ? 'item' : params.get('organisation') ? 'organisation' : 'item';
  const subject = Form.useWatch('subject', form) ?? initialSubject;
  const staffCode = Form.useWatch('staffCode', form);
  const staffInfo = useQuery({
    queryKey: ['feedback', 'code', staffCode?.trim() ?? ''],
    queryFn: () => feedbackApi.ratingCode(staffCode!.trim()),
    enabled: subject === 'staff' && !!staffCode?.trim(),
    retry: false,
  });

  const submit = useMutation({
    mutationFn: async (v: Values) => {
      let itemId: string | undefined;
      if (v.subject === 'item' && v.item) itemId = UUID.test(v.item) ? v.item : (await qc.fetchQuery({ queryKey: ['item', v.item], queryFn: () => api.item(v.item!) })).id;
      const body = {
        kind: v.kind,
        subject: v.subject,
        ...(v.subject === 'item' ? { itemId } : {}),
        ...(v.subject === 'organisation' ? { organisationId: v.organisationId } : {}),
        ...(v.subject === 'staff' ? { staffCode: v.staffCode?.trim() } : {}),
        title: v.title.trim(),
        content: v.content.trim(),
        attachments: files.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])),
      };
      return feedbackApi.fileComplaint(body, keyFor(body));
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: FEEDBACK_KEY });
      void message.success(t('feedback.complaint.submitted', { number: c.number }));
      navigate(`/me/complaints/${c.id}`, { state: { filed: true } });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 429) return setFailure(t('feedback.complaint.tooMany'));
      if (!applyFieldErrors(form, e, ['kind', 'subject', 'item', 'organisationId', 'staffCode', 'title', 'content'], { itemId: 'item' })) setFailure(problemMessage(t, e));
    },
  });

  const maxBytes = node.data?.uploadMaxBytes;
  const uploading = files.some((f) => f.status === 'uploading');

  return (
    <section className="ow-panel ow-fb-section">
      <p className="ow-fb-intro">{t('feedback.complaint.intro', { days: DEFAULT_COMPLAINT_ANSWER_DAYS })}</p>
      {failure && <Alert type="error" showIcon role="alert" className="ow-fb-alert" title={failure} closable={{ onClose: () => setFailure(null) }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: params.get('kind') === 'suggestion' ? 'suggestion' : 'complaint',
          subject: initialSubject,
          item: params.get('item') ?? undefined,
          organisationId: params.get('organisation') ?? undefined,
          staffCode: params.get('staff') ?? undefined,
          title: '',
          content: '',
        }}
        onFinish={(v) => {
          setFailure(null);
          submit.mutate(v);
        }}
        data-testid="complaint-form"
      >
        <Form.Item name="kind" label={t('feedback.complaint.fields.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(['complaint', 'suggestion'] as const).map((k) => ({ value: k, label: t(`feedback.complaint.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="subject" label={t('feedback.complaint.fields.subject')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(['item', 'organisation', 'staff'] as const).map((k) => ({ value: k, label: t(`feedback.complaint.subjects.${k}`) }))}
          />
        </Form.Item>
        {subject === 'item' && (
          <Form.Item name="item" label={t('feedback.complaint.fields.item')} rules={[{ required: true, message: t('feedback.complaint.required.item') }]}>
            <ItemPicker />
          </Form.Item>
        )}
        {subject === 'organisation' && (
          <Form.Item name="organisationId" label={t('feedback.complaint.fields.organisation')} rules={[{ required: true, message: t('feedback.complaint.required.organisation') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              loading={organisations.isPending}
              placeholder={t('feedback.complaint.placeholders.organisation')}
              options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        {subject === 'staff' && (
          <Form.Item
            name="staffCode"
            label={t('feedback.complaint.fields.staffCode')}
            rules={[{ required: true, whitespace: true, message: t('feedback.complaint.required.staffCode') }]}
            extra={staffInfo.data ? t('feedback.complaint.staffFromCode', { name: staffInfo.data.staffName, organisation: staffInfo.data.organisationName }) : undefined}
          >
            <Input maxLength={64} placeholder={t('feedback.complaint.placeholders.staffCode')} spellCheck={false} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('feedback.complaint.fields.title')}
          required
          rules={[{ validator: async (_, v: string | undefined) => { const n = (v ?? '').trim().length; if (n < 4 || n > 100) throw new Error(t('feedback.complaint.required.title')); } }]}
        >
          <Input showCount maxLength={100} placeholder={t('feedback.complaint.placeholders.title')} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('feedback.complaint.fields.content')}
          required
          rules={[{ validator: async (_, v: string | undefined) => { const n = (v ?? '').trim().length; if (n < 10 || n > 2000) throw new Error(t('feedback.complaint.required.content')); } }]}
        >
          <Input.TextArea rows={6} showCount maxLength={2000} placeholder={t('feedback.complaint.placeholders.content')} />
        </Form.Item>
        <Form.Item label={t('feedback.complaint.fields.attachments')} extra={t('feedback.complaint.attachmentsHint')}>
          <Upload<ComplaintFile>
            accept={ACCEPT}
            fileList={files}
            maxCount={MAX_FILES}
            multiple
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
            beforeUpload={(file) => {
              if (maxBytes && file.size > maxBytes) {
                void message.error(`${file.name}: > ${formatSize(maxBytes)}`);
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError, onProgress }) => {
              feedbackApi
                .uploadComplaintFile(file as File, (percent) => onProgress?.({ percent }))
                .then((r) => onSuccess?.(r))
                .catch((e: unknown) => {
                  void message.error(problemMessage(t, e));
                  onError?.(e as Error);
                });
            }}
            itemRender={(node, f) => <div data-testid="complaint-file" data-status={f.status}>{node}</div>}
            iconRender={() => <PaperClipOutlined />}
          >
            <Button icon={<UploadOutlined />} disabled={files.length >= MAX_FILES} data-testid="complaint-upload">
              {t('feedback.complaint.upload')}
            </Button>
          </Upload>
        </Form.Item>
        <div className="ow-fb-submit">
          <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={submit.isPending} disabled={uploading} block data-testid="complaint-submit">
            {uploading ? t('feedback.complaint.uploading') : t('feedback.complaint.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
