/**
 * 评价数据: the ratings in the staff member's scope (their organisations; a supervisor's region),
 * filtered by level and organisation, and the exports for the 好差评 data report — ratings and
 * rectifications, CSV (UTF-8 with BOM) or JSON, for a period and organisation, downloaded as files.
 */
import { DownloadOutlined } from '@ant-design/icons';
import type { RatingLevel, RatingView } from '@onewindow/domain';
import { Button, DatePicker, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { feedbackExportUrl } from '../../../api/feedbackWorkbench';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ListCount } from '../AdminParts';
import { useSearchUpdate } from '../hooks';
import { pageOf, ResponsiveList } from '../sharing/parts';
import { FeedbackOrgFilter, LevelTag, listQuery, RectStatusTag, rectificationHref, useRatings } from './parts';
import './feedback.css';

const PAGE_SIZE = 20;
const LEVELS: RatingLevel[] = [1, 2, 3, 4, 5];

export default function RatingsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  useDocumentTitle(t('admin.feedback.ratings.title'));
  const [params, update] = useSearchUpdate();
  const levelParam = Number(params.get('level'));
  const level = LEVELS.includes(levelParam as RatingLevel) ? (levelParam as RatingLevel) : undefined;
  const organisationId = params.get('org') ?? undefined;
  const page = pageOf(params.get('page'));
  const query = useRatings({ level, organisationId, page, pageSize: PAGE_SIZE });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const scope = { organisationId, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };

  const rater = (r: RatingView) => (r.anonymous || !r.rater ? <span className="ow-muted">{t('admin.feedback.anonymous')}</span> : r.rater);
  const comment = (r: RatingView) =>
    r.comment ? (
      <Typography.Paragraph className="ow-fb-comment" ellipsis={{ rows: 2, tooltip: r.comment }}>
        {r.comment}
      </Typography.Paragraph>
    ) : (
      <span className="ow-muted">—</span>
    );
  const rect = (r: RatingView) =>
    r.rectification ? (
      <Link to={rectificationHref(r.rectification.id)} className="ow-fb-rect-link">
        <RectStatusTag status={r.rectification.status} />
      </Link>
    ) : (
      <span className="ow-muted">{t('admin.feedback.ratings.noRectification')}</span>
    );

  const columns: TableColumnsType<RatingView> = [
    { title: t('admin.feedback.ratings.cols.at'), key: 'at', width: 132, render: (_v, r) => <span className="ow-nowrap">{formatDateTime(r.createdAt, lang)}</span> },
    {
      title: t('admin.feedback.ratings.cols.item'),
      key: 'item',
      render: (_v, r) => (
        <span className="ow-wb-item-cell">
          <span>{r.item.name}</span>
          <span className="ow-muted ow-wb-sub">{r.organisation.name}</span>
          {r.staff && (
            <span className="ow-muted ow-wb-sub">
              {t('admin.feedback.rect.staff')}{t('common.colon')}{r.staff.name}
            </span>
          )}
        </span>
      ),
    },
    {
      title: t('admin.feedback.ratings.cols.level'),
      key: 'level',
      width: 110,
      render: (_v, r) => (
        <span className="ow-fb-level-cell">
          <LevelTag level={r.level} />
          {r.excluded && <Tag className="ow-status-tag">{t('admin.feedback.excluded')}</Tag>}
        </span>
      ),
    },
    { title: t('admin.feedback.ratings.cols.comment'), key: 'comment', width: 240, render: (_v, r) => comment(r) },
    { title: t('admin.feedback.ratings.cols.channel'), key: 'channel', width: 96, render: (_v, r) => t(`admin.feedback.channels.${r.channel}`) },
    { title: t('admin.feedback.ratings.cols.rater'), key: 'rater', width: 72, render: (_v, r) => rater(r) },
    { title: t('admin.feedback.ratings.cols.rectification'), key: 'rect', width: 92, render: (_v, r) => rect(r) },
  ];

  const card = (r: RatingView) => (
    <div>
      <div className="ow-share-card-head">
        <span className="ow-fb-level-cell">
          <LevelTag level={r.level} />
          {r.excluded && <Tag className="ow-status-tag">{t('admin.feedback.excluded')}</Tag>}
        </span>
        <span className="ow-muted ow-wb-sub">{formatDateTime(r.createdAt, lang)}</span>
      </div>
      <div className="ow-fb-card-item">{r.item.name}</div>
      <div className="ow-muted ow-wb-sub">
        {r.organisation.name} · {t(`admin.feedback.channels.${r.channel}`)} · {r.anonymous || !r.rater ? t('admin.feedback.anonymous') : r.rater}
      </div>
      {r.comment && comment(r)}
      {r.rectification && <div className="ow-fb-card-tags">{rect(r)}</div>}
    </div>
  );

  return (
    <div className="ow-admin-page" data-testid="ratings-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.feedback.ratings.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.feedback.ratings.lead')}</p>
        </div>
      </div>

      <section className="ow-panel ow-admin-card ow-fb-export" aria-labelledby="fb-export">
        <h2 id="fb-export" className="ow-admin-h2">
          {t('admin.feedback.ratings.export')}
        </h2>
        <p className="ow-muted ow-wb-sub">{t('admin.feedback.ratings.exportLead')}</p>
        <div className="ow-fb-export-row">
          <DatePicker.RangePicker
            className="ow-fb-range"
            value={range}
            onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
            placeholder={[t('admin.feedback.ratings.from'), t('admin.feedback.ratings.to')]}
            aria-label={t('admin.feedback.ratings.range')}
            inputReadOnly
          />
          <div className="ow-fb-export-buttons">
            <Button type="primary" icon={<DownloadOutlined />} href={feedbackExportUrl('ratings', 'csv', scope)} data-testid="export-ratings-csv">
              {t('admin.feedback.ratings.exportRatingsCsv')}
            </Button>
            <Button icon={<DownloadOutlined />} href={feedbackExportUrl('ratings', 'json', scope)} data-testid="export-ratings-json">
              {t('admin.feedback.ratings.exportRatingsJson')}
            </Button>
            <Button icon={<DownloadOutlined />} href={feedbackExportUrl('rectifications', 'csv', scope)} data-testid="export-rect-csv">
              {t('admin.feedback.ratings.exportRectCsv')}
            </Button>
            <Button icon={<DownloadOutlined />} href={feedbackExportUrl('rectifications', 'json', scope)} data-testid="export-rect-json">
              {t('admin.feedback.ratings.exportRectJson')}
            </Button>
          </div>
        </div>
        <p className="ow-muted ow-wb-sub ow-fb-export-hint">{t('admin.feedback.ratings.exportHint')}</p>
      </section>

      <div className="ow-panel ow-admin-card">
        <div className="ow-wb-filters" role="group" aria-label={t('admin.feedback.ratings.level')}>
          <Select
            aria-label={t('admin.feedback.ratings.level')}
            className="ow-wb-filter"
            value={level ?? ''}
            onChange={(v) => update({ level: v || undefined })}
            options={[{ value: '', label: t('admin.feedback.ratings.levelAll') }, ...LEVELS.map((l) => ({ value: l, label: t(`admin.feedback.levels.${l}`) }))]}
            popupMatchSelectWidth={false}
            data-testid="level-filter"
          />
          <FeedbackOrgFilter value={organisationId} onChange={(v) => update({ org: v })} />
          {query.data && (
            <ListCount>{t('admin.feedback.ratings.total', { count: query.data.total })}</ListCount>
          )}
        </div>
        <ResponsiveList<RatingView>
          query={listQuery(query)}
          columns={columns}
          card={card}
          rowKey={(r) => r.id}
          empty={level || organisationId ? t('admin.feedback.ratings.emptyFiltered') : t('admin.feedback.ratings.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          scrollX={940}
          testId="ratings-list"
        />
      </div>
    </div>
  );
}
