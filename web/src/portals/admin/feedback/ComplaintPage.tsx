/**
 * 投诉建议详情: the complaint (kind, subject, content, attachments to download), its deadline and
 * 督办, the answer form (If-Match; the filer gets a notice) and, once answered, the answer and the
 * filer's rating of it.
 */
import { DownloadOutlined, FileOutlined, LikeOutlined, DislikeOutlined } from '@ant-design/icons';
import type { ComplaintView } from '@onewindow/domain';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { complaintFileUrl } from '../../../api/feedbackWorkbench';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { AdminBreadcrumb, ItemFailure, ItemLoading } from '../AdminParts';
import { CaseGrid, CaseHead, CaseSection, useReloadCase } from '../CaseParts';
import { useAdminApi, useMe } from '../auth';
import { placeFieldErrors, problemAlert, showFieldErrors } from '../problems';
import { ComplaintDue, ComplaintStatusTag, KindTag } from './ComplaintsPage';
import { isSupervisorOnly, useComplaint } from './parts';
import './feedback.css';

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function AnswerForm({ c, onDone }: { c: ComplaintView; onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const api = useAdminApi().feedback;
  const [form] = Form.useForm<{ answer: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async ({ answer }: { answer: string }) => {
    setPending(true);
    setError(null);
    try {
      await api.answerComplaint(c.id, c.version, answer.trim());
      void message.success(t('admin.feedback.complaint.answered'));
      await onDone();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) await onDone();
      else showFieldErrors(form, placeFieldErrors(e, (p) => (p[0] === 'answer' ? ['answer'] : null)).fields);
    } finally {
      setPending(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={pending} requiredMark={false} data-testid="answer-form">
      <p className="ow-muted ow-wb-action-hint">{t('admin.feedback.complaint.answerHint')}</p>
      <Form.Item name="answer" label={t('admin.feedback.complaint.answerLabel')} rules={[{ required: true, whitespace: true, min: 10, max: 2000, message: t('admin.feedback.complaint.answerRequired') }]}>
        <Input.TextArea rows={6} maxLength={2000} showCount />
      </Form.Item>
      {error !== null && !(error instanceof ApiError && error.status === 400) && (
        <Alert
          type={error instanceof ApiError && (error.status === 412 || error.status === 409) ? 'warning' : 'error'}
          showIcon
          className="ow-wb-action-error"
          title={error instanceof ApiError && (error.status === 412 || error.status === 409) ? t('admin.feedback.complaint.answerStale') : problemAlert(t, error).title}
          description={error instanceof ApiError && (error.status === 412 || error.status === 409) ? undefined : problemAlert(t, error).detail}
        />
      )}
      <Button type="primary" htmlType="submit" loading={pending} block data-testid="answer-submit">
        {t('admin.feedback.complaint.answerSubmit')}
      </Button>
    </Form>
  );
}

export default function ComplaintPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const me = useMe();
  const query = useComplaint(id);
  const c = query.data;
  useDocumentTitle(c ? `${c.number} ${c.title}` : t('admin.feedback.complaint.title'));
  const reload = useReloadCase(query, ['admin', 'feedback', 'complaints']);
  if (query.isPending) return <ItemLoading />;
  if (query.isError || !c) return <ItemFailure error={query.error} onRetry={() => void query.refetch()} notFound="complaint" />;

  const supervisorOnly = isSupervisorOnly(me);
  const mayAnswer = c.status === 'open' && (!supervisorOnly || c.escalatedAt !== null);
  const target = `${t(`admin.feedback.complaint.subjects.${c.subject}`)}${c.subject === 'item' && c.item ? `${t('common.colon')}${c.item.name}` : c.subject === 'staff' && c.staff ? `${t('common.colon')}${c.staff.name}` : ''}`;

  return (
    <div className="ow-admin-page ow-wb-case ow-fb-case" data-testid="complaint-page" data-status={c.status} data-version={c.version}>
      <AdminBreadcrumb root="complaints" items={[{ title: c.number }]} />
      <CaseHead
        className={`ow-fb-head-${c.status === 'answered' ? 'closed' : c.overdue ? 'overdue' : 'none'}`}
        title={c.title}
        tags={
          <>
            <KindTag c={c} />
            <ComplaintStatusTag c={c} />
          </>
        }
        facts={[
          { key: 'number', label: t('admin.feedback.complaint.cols.number'), value: c.number, className: 'ow-wb-number' },
          { key: 'target', label: t('admin.feedback.complaint.target'), value: target },
          { key: 'organisation', label: t('admin.feedback.complaint.cols.organisation'), value: c.organisation.name },
          { key: 'filer', label: t('admin.feedback.complaint.filer'), value: c.filer },
          { key: 'createdAt', label: t('admin.feedback.complaint.createdAt'), value: formatDateTime(c.createdAt, lang) },
          { key: 'dueDate', label: t('admin.feedback.complaint.dueDate'), value: <ComplaintDue c={c} /> },
          c.escalatedAt && { key: 'escalatedAt', label: t('admin.feedback.complaint.escalatedAt'), value: formatDateTime(c.escalatedAt, lang) },
        ]}
      />

      <CaseGrid
        back={{ to: '/admin/feedback/complaints', label: t('admin.feedback.complaint.back') }}
        main={
          <>
            <CaseSection id="complaint-content" title={t('admin.feedback.complaint.content')} testId="complaint-content">
              <p className="ow-fb-pre ow-fb-content">{c.content}</p>
              <h3 className="ow-wb-h3">{t('admin.feedback.complaint.attachments')}</h3>
              {c.attachments.length ? (
                <ul className="ow-wb-files">
                  {c.attachments.map((f) => (
                    <li key={f.id}>
                      <a href={complaintFileUrl(c.id, f.id)} target="_blank" rel="noopener noreferrer" className="ow-wb-file" title={t('admin.feedback.complaint.download')}>
                        <FileOutlined aria-hidden />
                        <span className="ow-wb-file-name">{f.name}</span>
                        <span className="ow-muted ow-wb-file-size">{formatSize(f.size)}</span>
                        <DownloadOutlined aria-hidden />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="ow-muted">{t('admin.feedback.complaint.noAttachments')}</p>
              )}
            </CaseSection>
            {c.answer && (
              <CaseSection id="complaint-answer" title={t('admin.feedback.complaint.answer')} testId="complaint-answer">
                <p className="ow-fb-pre ow-fb-content">{c.answer.text}</p>
                <p className="ow-muted ow-wb-sub">
                  {t('admin.feedback.complaint.answeredBy')}{t('common.colon')}{c.answer.by} · {t('admin.feedback.complaint.answeredAt')}{t('common.colon')}{formatDateTime(c.answer.at, lang)}
                </p>
              </CaseSection>
            )}
          </>
        }
        side={
          <>
            {mayAnswer ? (
              <CaseSection id="case-actions" title={t('admin.feedback.complaint.answer')} className="ow-wb-panel" testId="action-panel">
                <AnswerForm c={c} onDone={reload} />
              </CaseSection>
            ) : c.status === 'open' ? (
              <CaseSection id="case-actions" title={t('admin.feedback.complaint.answer')} className="ow-wb-panel" testId="action-panel">
                <p className="ow-muted">{t('admin.feedback.complaint.supervisorWait')}</p>
              </CaseSection>
            ) : (
              <CaseSection id="case-actions" title={t('admin.feedback.complaint.filerRating')} testId="filer-rating">
                {c.filerRating ? (
                  <div className={`ow-fb-filer-rating ow-fb-filer-${c.filerRating.satisfied ? 'good' : 'bad'}`}>
                    <strong>
                      {c.filerRating.satisfied ? <LikeOutlined aria-hidden /> : <DislikeOutlined aria-hidden />}{' '}
                      {c.filerRating.satisfied ? t('admin.feedback.complaint.satisfied') : t('admin.feedback.complaint.unsatisfied')}
                    </strong>
                    {c.filerRating.comment && <p className="ow-fb-pre">{c.filerRating.comment}</p>}
                    <span className="ow-muted ow-wb-sub">{formatDateTime(c.filerRating.at, lang)}</span>
                  </div>
                ) : (
                  <p className="ow-muted">{t('admin.feedback.complaint.notRatedYet')}</p>
                )}
              </CaseSection>
            )}
          </>
        }
      />
    </div>
  );
}
