/**
 * /rate/application/:id and /rate/visit/:id — 服务评价 of one service event: the overall level as five
 * large choices (非常满意 … 非常不满意, level 1 the best), each dimension of the event's mode on the
 * same five levels, the tags of the chosen level (praise, or the reasons of a 差评), a comment with
 * its counter, and 匿名 (the department then cannot call back). The channel is `?via=` or the screen.
 * Rated: the rating, and one 追评.
 */
import { CheckCircleFilled, CommentOutlined, SendOutlined } from '@ant-design/icons';
import { COMMENT_MAX, dimensionsOf, isBadRating, tagsForLevel, type RateableEvent, type RatingLevel, type RatingTag, type RatingView, type ServiceEventKind } from '@onewindow/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Form, Input, Rate, Result, Switch, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { feedbackApi } from '../../../api/feedback';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { formatTime, problemMessage, problemSlugOf } from '../applications/common';
import { applyNestedFieldErrors } from '../forms';
import { FEEDBACK_KEY, FeedbackFrame, LEVELS, levelIcon, RatingDetails, ratingKey, useRateable, useRating, useRatingChannel } from './common';

export default function RatePage({ kind }: { kind: ServiceEventKind }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  useDocumentTitle(t('feedback.rate.title'));
  return (
    <FeedbackFrame title={t('feedback.rate.title')} crumbs={[{ title: <Link to="/me/ratings">{t('feedback.mine.title')}</Link> }, { title: t('feedback.rate.title') }]}>
      <RateEvent kind={kind} id={id} />
    </FeedbackFrame>
  );
}

function RateEvent({ kind, id }: { kind: ServiceEventKind; id: string }) {
  const { t } = useTranslation();
  const q = useRateable();
  // the rating given on this page (or found when the server said 已评价)
  const [given, setGiven] = useState<{ rating: RatingView; fresh: boolean } | null>(null);
  const [already, setAlready] = useState(false);
  const event = q.data?.items.find((e) => e.kind === kind && e.id === id);
  const ratingId = given?.rating.id ?? event?.ratingId ?? null;
  const rating = useRating(given ? null : ratingId);

  if (q.isPending || (ratingId && !given && rating.isPending)) {
    return (
      <div className="ow-panel ow-fb-section">
        <CardSkeleton rows={8} />
      </div>
    );
  }
  if (q.isError) {
    return (
      <div className="ow-panel ow-fb-section">
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  }
  if (!event) {
    return (
      <div className="ow-panel ow-fb-section">
        <Result
          status="info"
          title={t('feedback.rate.notRateable')}
          subTitle={t('feedback.rate.notRateableHint')}
          extra={
            <Link to="/me/ratings">
              <Button type="primary">{t('feedback.rate.back')}</Button>
            </Link>
          }
        />
      </div>
    );
  }
  const shown = given?.rating ?? rating.data;
  return (
    <div className="ow-fb-rate-grid">
      <aside className="ow-fb-rate-side">
        <EventSummary event={event} />
      </aside>
      <div className="ow-fb-rate-main">
        {shown ? (
          <>
            {given?.fresh && (
              <div className="ow-panel ow-fb-section ow-fb-thanks" role="status">
                <CheckCircleFilled className="ow-fb-thanks-icon" aria-hidden />
                <div>
                  <div className="ow-fb-thanks-title">{t('feedback.rate.submitted')}</div>
                  {isBadRating(shown.level) && <div className="ow-muted">{t('feedback.rate.badSubmitted')}</div>}
                </div>
              </div>
            )}
            {already && <Alert type="info" showIcon className="ow-fb-alert" title={t('feedback.rate.alreadyRated')} />}
            <section className="ow-panel ow-fb-section" aria-labelledby="sec-my-rating">
              <h2 id="sec-my-rating" className="ow-fb-h2">
                {t('feedback.rate.yourRating')}
              </h2>
              <RatingDetails rating={shown} />
              {!shown.addition && <AdditionBox rating={shown} onDone={(r) => setGiven({ rating: r, fresh: false })} />}
              <div className="ow-fb-actions">
                <Link to="/me/ratings">
                  <Button>{t('feedback.rate.back')}</Button>
                </Link>
                {isBadRating(shown.level) && (
                  <Link to={complaintHref(shown)}>
                    <Button icon={<CommentOutlined />}>{t('feedback.rate.complain')}</Button>
                  </Link>
                )}
              </div>
            </section>
          </>
        ) : rating.isError && !(rating.error instanceof ApiError && rating.error.status === 404) ? (
          <div className="ow-panel ow-fb-section">
            <ErrorState error={rating.error} onRetry={() => void rating.refetch()} />
          </div>
        ) : (
          <RatingForm
            event={event}
            onRated={(r) => setGiven({ rating: r, fresh: true })}
            onAlready={() => {
              setAlready(true);
              void q.refetch();
            }}
          />
        )}
      </div>
    </div>
  );
}

/** 投诉建议 about a rated service: its item, else its organisation. */
export const complaintHref = (r: RatingView) =>
  `/complaints/new?${new URLSearchParams(r.item.implementationCode ? { item: r.item.implementationCode, organisation: r.organisation.id } : { organisation: r.organisation.id })}`;

function EventSummary({ event: e }: { event: RateableEvent }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <section className="ow-panel ow-fb-section ow-fb-event" aria-labelledby="sec-event" data-testid="rate-event">
      <h2 id="sec-event" className="ow-fb-h2">
        {t('feedback.rate.event')}
        <Tag color="blue">{t(`feedback.kinds.${e.kind}`)}</Tag>
      </h2>
      <div className="ow-fb-event-name">{e.itemName}</div>
      <Descriptions
        size="small"
        column={1}
        items={[
          ...(e.number ? [{ key: 'number', label: t('feedback.rate.fields.number'), children: <span className="ow-fb-mono">{e.number}</span> }] : []),
          { key: 'org', label: t('feedback.rate.fields.organisation'), children: e.organisationName },
          ...(e.staffName ? [{ key: 'staff', label: t('feedback.rate.fields.staff'), children: e.staffName }] : []),
          ...(e.window ? [{ key: 'window', label: t('feedback.rate.fields.window'), children: e.window }] : []),
          { key: 'mode', label: t('feedback.rate.fields.mode'), children: t(`feedback.modes.${e.mode}`) },
          { key: 'at', label: t('feedback.rate.fields.at'), children: formatTime(e.at, lang) },
        ]}
      />
      <p className="ow-fb-event-note ow-muted">{t('feedback.rate.intro')}</p>
    </section>
  );
}

// ---------------------------------------------------------------- the form

interface Values {
  level?: RatingLevel;
  dimensions: Record<string, RatingLevel | undefined>;
  tags: RatingTag[];
  comment: string;
  anonymous: boolean;
}

/** The five levels as large choices (a radio group). */
function LevelPicker({ value, onChange, id }: { value?: RatingLevel; onChange?: (v: RatingLevel) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <div className="ow-fb-levels" role="radiogroup" aria-label={t('feedback.rate.step1')} id={id}>
      {LEVELS.map((l) => (
        <button
          key={l}
          type="button"
          role="radio"
          aria-checked={value === l}
          className={`ow-fb-levelbtn ow-fb-levelbtn-${l}${value === l ? ' checked' : ''}`}
          onClick={() => onChange?.(l)}
          data-level={l}
        >
          <span className="ow-fb-levelbtn-icon" aria-hidden>
            {levelIcon(l)}
          </span>
          <span className="ow-fb-levelbtn-label">{t(`feedback.levels.${l}`)}</span>
        </button>
      ))}
    </div>
  );
}

/** One dimension on the five levels, as stars (five stars = 非常满意 = level 1). */
function DimensionRate({ value, onChange, label }: { value?: RatingLevel; onChange?: (v: RatingLevel) => void; label: string }) {
  const { t } = useTranslation();
  const names = [5, 4, 3, 2, 1].map((l) => t(`feedback.levels.${l}`));
  return (
    <div className="ow-fb-dimrate">
      <Rate
        value={value ? 6 - value : 0}
        allowClear={false}
        tooltips={names}
        onChange={(stars) => stars > 0 && onChange?.((6 - stars) as RatingLevel)}
        aria-label={label}
      />
      <span className={`ow-fb-dimrate-label${value ? ` ow-fb-level-${value}` : ''}`}>{value ? t(`feedback.levels.${value}`) : ''}</span>
    </div>
  );
}

function TagPicker({ value = [], onChange, options }: { value?: RatingTag[]; onChange?: (v: RatingTag[]) => void; options: RatingTag[] }) {
  const { t } = useTranslation();
  return (
    <div className="ow-fb-tagpicker">
      {options.map((tag) => (
        <Tag.CheckableTag
          key={tag}
          checked={value.includes(tag)}
          onChange={(on) => onChange?.(on ? [...value, tag] : value.filter((x) => x !== tag))}
          className="ow-fb-checktag"
        >
          {t(`feedback.tags.${tag}`)}
        </Tag.CheckableTag>
      ))}
    </div>
  );
}

function RatingForm({ event, onRated, onAlready }: { event: RateableEvent; onRated: (r: RatingView) => void; onAlready: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const channel = useRatingChannel();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const level = Form.useWatch('level', form);
  const anonymous = Form.useWatch('anonymous', form) ?? false;
  const dims = dimensionsOf(event.mode);
  const bad = level !== undefined && isBadRating(level);

  const submit = useMutation({
    mutationFn: (v: Values) =>
      feedbackApi.rate({
        event: { kind: event.kind, id: event.id },
        level: v.level!,
        dimensions: Object.fromEntries(dims.map((d) => [d, v.dimensions[d] ?? v.level!])) as Record<string, RatingLevel>,
        tags: v.tags ?? [],
        comment: (v.comment ?? '').trim(),
        channel,
        anonymous: v.anonymous ?? false,
      }),
    onSuccess: (r) => {
      qc.setQueryData(ratingKey(r.id), r);
      void qc.invalidateQueries({ queryKey: FEEDBACK_KEY });
      // the page itself thanks the person (no toast over the rating)
      onRated(r);
    },
    onError: (e) => {
      const slug = problemSlugOf(e);
      if (e instanceof ApiError && e.status === 409 && slug === 'already-rated') return onAlready();
      if (e instanceof ApiError && e.status === 429) return setFailure(t('feedback.rate.tooMany'));
      if (e instanceof ApiError && e.status === 422 && slug === 'event-not-ended') return setFailure(t('feedback.rate.notEnded'));
      const fields = [['level'], ['comment'], ['tags'], ['anonymous'], ...dims.map((d) => ['dimensions', d])];
      if (!applyNestedFieldErrors(form, e, fields)) setFailure(problemMessage(t, e));
    },
  });

  const onLevel = (l: RatingLevel) => {
    const prev = form.getFieldValue('level') as RatingLevel | undefined;
    const current = (form.getFieldValue('dimensions') ?? {}) as Record<string, RatingLevel | undefined>;
    // the dimensions follow the overall level until the person sets them
    const next = Object.fromEntries(dims.map((d) => [d, current[d] === undefined || current[d] === prev ? l : current[d]]));
    form.setFieldsValue({ level: l, dimensions: next });
    if (prev === undefined || isBadRating(prev) !== isBadRating(l)) form.setFieldsValue({ tags: [] });
    form.setFields([{ name: 'level', errors: [] }]);
    void form.validateFields(['comment']).catch(() => undefined);
  };

  return (
    <section className="ow-panel ow-fb-section" aria-labelledby="sec-rate">
      <h2 id="sec-rate" className="ow-fb-h2">
        {t('feedback.rate.title')}
      </h2>
      {failure && <Alert type="error" showIcon role="alert" className="ow-fb-alert" title={failure} closable={{ onClose: () => setFailure(null) }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ dimensions: {}, tags: [], comment: '', anonymous: false }}
        onFinish={(v) => {
          setFailure(null);
          submit.mutate(v);
        }}
        onFinishFailed={() => undefined}
        className="ow-fb-form"
        data-testid="rating-form"
      >
        <Form.Item
          name="level"
          label={<span className="ow-fb-step"><span className="ow-fb-stepno">1</span>{t('feedback.rate.step1')}</span>}
          rules={[{ required: true, message: t('feedback.rate.levelRequired') }]}
        >
          <LevelPicker onChange={onLevel} />
        </Form.Item>
        <div className="ow-fb-fieldset">
          <div className="ow-fb-step">
            <span className="ow-fb-stepno">2</span>
            {t('feedback.rate.step2')}
            <span className="ow-muted ow-fb-stephint">{t('feedback.rate.step2Hint')}</span>
          </div>
          <div className="ow-fb-dimgrid">
            {dims.map((d) => (
              <Form.Item key={d} name={['dimensions', d]} label={t(`feedback.dimensions.${d}`)} className="ow-fb-dimitem" rules={[{ required: true, message: t('feedback.rate.levelRequired') }]}>
                <DimensionRate label={t(`feedback.dimensions.${d}`)} />
              </Form.Item>
            ))}
          </div>
        </div>
        {level !== undefined && (
          <Form.Item
            name="tags"
            label={
              <span className="ow-fb-step">
                <span className="ow-fb-stepno">3</span>
                {t('feedback.rate.step3')}
                <span className="ow-muted ow-fb-stephint">{bad ? t('feedback.rate.step3Bad') : t('feedback.rate.step3Good')}</span>
              </span>
            }
          >
            <TagPicker options={tagsForLevel(level)} />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={<span className="ow-fb-step"><span className="ow-fb-stepno">{level !== undefined ? 4 : 3}</span>{t('feedback.rate.step4')}</span>}
          rules={[
            {
              validator: async (_, v: string | undefined) => {
                if (bad && (v ?? '').trim().length < 5) throw new Error(t('feedback.rate.commentRequired'));
              },
            },
          ]}
        >
          <Input.TextArea
            id="rating-comment"
            rows={4}
            showCount
            maxLength={COMMENT_MAX}
            placeholder={bad ? t('feedback.rate.commentPlaceholderBad') : t('feedback.rate.commentPlaceholder')}
          />
        </Form.Item>
        <div className="ow-fb-anon">
          <Form.Item name="anonymous" valuePropName="checked" noStyle>
            <Switch id="rating-anonymous" aria-describedby="rating-anonymous-hint" />
          </Form.Item>
          <label htmlFor="rating-anonymous" className="ow-fb-anon-label">
            {t('feedback.rate.anonymous')}
          </label>
          <p id="rating-anonymous-hint" className="ow-fb-anon-hint">
            {anonymous ? t('feedback.rate.anonymousOn') : t('feedback.rate.anonymousOff')}
          </p>
        </div>
        <div className="ow-fb-submit">
          <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={submit.isPending} block data-testid="rating-submit">
            {t('feedback.rate.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

// ---------------------------------------------------------------- 追评

function AdditionBox({ rating, onDone }: { rating: RatingView; onDone: (r: RatingView) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ comment: string }>();
  const add = useMutation({
    mutationFn: (comment: string) => feedbackApi.addition(rating.id, comment),
    onSuccess: (r) => {
      qc.setQueryData(ratingKey(r.id), r);
      void qc.invalidateQueries({ queryKey: FEEDBACK_KEY });
      void message.success(t('feedback.rate.additionDone'));
      onDone(r);
    },
    onError: async (e) => {
      if (e instanceof ApiError && e.status === 409) {
        void message.info(t('feedback.rate.additionAlready'));
        onDone(await feedbackApi.rating(rating.id));
        return;
      }
      if (!applyNestedFieldErrors(form, e, [['comment']])) form.setFields([{ name: 'comment', errors: [problemMessage(t, e)] }]);
    },
  });
  return (
    <div className="ow-fb-addbox" data-testid="addition-box">
      <div className="ow-fb-addition-title">{t('feedback.rate.addition')}</div>
      <p className="ow-muted ow-fb-addbox-hint">{t('feedback.rate.additionHint')}</p>
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v.comment.trim())} requiredMark={false}>
        <Form.Item name="comment" rules={[{ validator: async (_, v: string | undefined) => { if ((v ?? '').trim().length < 2) throw new Error(t('feedback.rate.additionPlaceholder')); } }]}>
          <Input.TextArea id="addition-comment" rows={3} showCount maxLength={COMMENT_MAX} placeholder={t('feedback.rate.additionPlaceholder')} />
        </Form.Item>
        <Button htmlType="submit" type="primary" ghost loading={add.isPending} data-testid="addition-submit">
          {t('feedback.rate.additionSubmit')}
        </Button>
      </Form>
    </div>
  );
}
