/** /me/complaints/:id — a complaint or suggestion: what was filed, the attachments, the answer, and rating the answer once. */
import { CheckCircleFilled, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Form, Input, Radio, Result } from 'antd';
import { COMMENT_MAX } from '@onewindow/domain';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { feedbackApi, type ComplaintView } from '../../../api/feedback';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { formatDay, formatSize, formatTime, problemMessage } from '../applications/common';
import { applyFieldErrors } from '../forms';
import { complaintKey, FEEDBACK_KEY, FeedbackFrame } from './common';
import { ComplaintTags, subjectText } from './MyComplaintsPage';

export default function ComplaintDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  useDocumentTitle(t('feedback.complaint.detail'));
  const q = useQuery({ queryKey: complaintKey(id), queryFn: () => feedbackApi.complaint(id), staleTime: 0 });
  const crumbs = [{ title: <Link to="/me/complaints">{t('feedback.complaint.title')}</Link> }, { title: t('feedback.complaint.detail') }];
  return (
    <FeedbackFrame title={t('feedback.complaint.detail')} crumbs={crumbs}>
      <div className="ow-fb-narrow">
        {q.isPending ? (
          <div className="ow-panel ow-fb-section">
            <CardSkeleton rows={8} />
          </div>
        ) : q.isError ? (
          <div className="ow-panel ow-fb-section">
            {q.error instanceof ApiError && q.error.status === 404 ? (
              <Result status="404" title={t('feedback.complaint.notFound')} extra={<Link to="/me/complaints">{t('feedback.complaint.back')}</Link>} />
            ) : (
              <ErrorState error={q.error} onRetry={() => void q.refetch()} />
            )}
          </div>
        ) : (
          <Detail c={q.data} />
        )}
      </div>
    </FeedbackFrame>
  );
}

function Detail({ c }: { c: ComplaintView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const location = useLocation();
  const filed = (location.state as { filed?: boolean } | null)?.filed === true;
  return (
    <>
      {filed && <Alert type="success" showIcon className="ow-fb-alert" title={t('feedback.complaint.submitted', { number: c.number })} />}
      <section className="ow-panel ow-fb-section" data-testid="complaint-detail" data-status={c.status}>
        <h2 className="ow-fb-h2">
          <span className="ow-fb-rect-title">{c.title}</span>
          <ComplaintTags c={c} />
        </h2>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'number', label: t('feedback.complaint.fields.number'), children: <span className="ow-fb-mono">{c.number}</span> },
            { key: 'subject', label: t(`feedback.complaint.subjects.${c.subject}`), children: subjectText(c) },
            ...(c.subject === 'item' ? [{ key: 'org', label: t('feedback.complaint.fields.organisation'), children: c.organisation.name }] : []),
            { key: 'created', label: t('feedback.complaint.fields.createdAt'), children: formatTime(c.createdAt, lang) },
            { key: 'due', label: t('feedback.complaint.fields.dueDate'), children: formatDay(c.dueDate, lang) },
          ]}
        />
        <h3 className="ow-apps-h3">{t('feedback.complaint.fields.content')}</h3>
        <p className="ow-fb-content">{c.content}</p>
        {c.attachments.length > 0 && (
          <>
            <h3 className="ow-apps-h3">{t('feedback.complaint.fields.attachments')}</h3>
            <ul className="ow-fb-files" data-testid="complaint-files">
              {c.attachments.map((f) => (
                <li key={f.id}>
                  <PaperClipOutlined aria-hidden />
                  <a href={feedbackApi.complaintFileUrl(c.id, f.id)} download={f.name}>
                    {f.name}
                  </a>
                  <span className="ow-muted">{formatSize(f.size)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="ow-panel ow-fb-section" aria-labelledby="sec-answer">
        <h2 id="sec-answer" className="ow-fb-h2">
          {t('feedback.complaint.answer')}
        </h2>
        {c.answer ? (
          <>
            <div className="ow-fb-answer" data-testid="complaint-answer">
              {c.answer.text}
              <div className="ow-fb-answer-by">{t('feedback.complaint.answeredBy', { by: c.answer.by, at: formatTime(c.answer.at, lang) })}</div>
            </div>
            <AnswerRating c={c} />
          </>
        ) : (
          <p className="ow-muted">{t('feedback.complaint.noAnswer', { date: formatDay(c.dueDate, lang) })}</p>
        )}
      </section>
      <Link to="/me/complaints">
        <Button>{t('feedback.complaint.back')}</Button>
      </Link>
    </>
  );
}

function AnswerRating({ c }: { c: ComplaintView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ satisfied: boolean; comment: string }>();
  const rate = useMutation({
    mutationFn: (v: { satisfied: boolean; comment: string }) => feedbackApi.rateAnswer(c.id, { satisfied: v.satisfied, comment: (v.comment ?? '').trim() }),
    onSuccess: (next) => {
      qc.setQueryData(complaintKey(c.id), next);
      void qc.invalidateQueries({ queryKey: FEEDBACK_KEY });
      void message.success(t('feedback.complaint.ratedDone'));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        void qc.invalidateQueries({ queryKey: complaintKey(c.id) });
        return;
      }
      if (!applyFieldErrors(form, e, ['satisfied', 'comment'])) void message.error(problemMessage(t, e));
    },
  });
  if (c.filerRating) {
    return (
      <div className="ow-fb-addbox" data-testid="answer-rating">
        <div className="ow-fb-addition-title">
          {t('feedback.labelled', { label: t('feedback.complaint.rated'), value: '' })}
          <span className={c.filerRating.satisfied ? 'ow-fb-level ow-fb-level-1' : 'ow-fb-level ow-fb-level-5'}>
            {c.filerRating.satisfied && <CheckCircleFilled aria-hidden />} {t(c.filerRating.satisfied ? 'feedback.complaint.satisfied' : 'feedback.complaint.unsatisfied')}
          </span>
        </div>
        {c.filerRating.comment && <p className="ow-fb-comment">{c.filerRating.comment}</p>}
        <div className="ow-muted">{formatTime(c.filerRating.at, lang)}</div>
      </div>
    );
  }
  return (
    <div className="ow-fb-addbox" data-testid="answer-rate-form">
      <div className="ow-fb-addition-title">{t('feedback.complaint.rateAnswer')}</div>
      <p className="ow-muted ow-fb-addbox-hint">{t('feedback.complaint.rateAnswerHint')}</p>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => rate.mutate(v)}>
        <Form.Item name="satisfied" rules={[{ required: true, message: t('feedback.complaint.rateAnswerHint') }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: t('feedback.complaint.satisfied') },
              { value: false, label: t('feedback.complaint.unsatisfied') },
            ]}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('feedback.complaint.rateComment')}>
          <Input.TextArea rows={2} showCount maxLength={COMMENT_MAX} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={rate.isPending}>
          {t('feedback.complaint.rateSubmit')}
        </Button>
      </Form>
    </div>
  );
}
