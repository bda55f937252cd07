/**
 * 投诉建议: the complaints and suggestions of the staff member's organisations (a supervisor: the
 * escalated ones of the region), filtered by status and 督办, with their answer deadlines.
 */
import type { ComplaintView } from '@onewindow/domain';
import { Button, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ListCount } from '../AdminParts';
import { useMe } from '../auth';
import { useSearchUpdate } from '../hooks';
import { pageOf, ResponsiveList } from '../sharing/parts';
import { complaintHref, isSupervisorOnly, listQuery, useComplaints } from './parts';
import './feedback.css';

const PAGE_SIZE = 20;

export function ComplaintStatusTag({ c }: { c: ComplaintView }) {
  const { t } = useTranslation();
  return (
    <span className="ow-fb-level-cell">
      <Tag color={c.status === 'open' ? 'processing' : 'green'} variant="outlined" className="ow-status-tag" data-status={c.status}>
        {t(`admin.feedback.complaint.status.${c.status}`)}
      </Tag>
      {c.escalatedAt && c.status === 'open' && (
        <Tag color="red" className="ow-status-tag" data-testid="escalated">
          {t('admin.feedback.complaint.escalated')}
        </Tag>
      )}
    </span>
  );
}

export function ComplaintDue({ c }: { c: ComplaintView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const late = c.status === 'open' && c.overdue;
  return (
    <span className="ow-wb-deadline">
      <span className="ow-nowrap">{formatDate(c.dueDate, lang)}</span>
      {late && (
        <span className="ow-wb-card ow-wb-card-red" data-warning="overdue">
          <span className="ow-wb-card-chip" aria-hidden />
          {t('admin.feedback.complaint.overdue')}
        </span>
      )}
    </span>
  );
}

export function KindTag({ c }: { c: ComplaintView }) {
  const { t } = useTranslation();
  return (
    <Tag color={c.kind === 'complaint' ? 'volcano' : 'geekblue'} className="ow-status-tag">
      {t(`admin.feedback.complaint.kinds.${c.kind}`)}
    </Tag>
  );
}

export default function ComplaintsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  useDocumentTitle(t('admin.feedback.complaint.title'));
  const me = useMe();
  const supervisor = isSupervisorOnly(me);
  const [params, update] = useSearchUpdate();
  const statusParam = params.get('status');
  const status = statusParam === 'open' || statusParam === 'answered' ? statusParam : undefined;
  const escalated = params.get('escalated') === '1' ? true : undefined;
  const page = pageOf(params.get('page'));
  const query = useComplaints({ status, escalated, page, pageSize: PAGE_SIZE });
  const filtered = !!(status || escalated);

  const target = (c: ComplaintView) => `${t(`admin.feedback.complaint.subjects.${c.subject}`)}${c.subject === 'item' && c.item ? `${t('common.colon')}${c.item.name}` : c.subject === 'staff' && c.staff ? `${t('common.colon')}${c.staff.name}` : ''}`;

  const columns: TableColumnsType<ComplaintView> = [
    {
      title: t('admin.feedback.complaint.cols.number'),
      key: 'number',
      width: 200,
      render: (_v, c) => (
        <span className="ow-wb-item-cell">
          <Link to={complaintHref(c.id)} className="ow-wb-number ow-nowrap">
            {c.number}
          </Link>
          <span className="ow-muted ow-wb-sub">
            {t('admin.feedback.complaint.cols.created')} {formatDate(c.createdAt, lang)}
          </span>
        </span>
      ),
    },
    {
      title: t('admin.feedback.complaint.cols.title'),
      key: 'title',
      render: (_v, c) => (
        <span className="ow-wb-item-cell">
          <span>
            <KindTag c={c} /> {c.title}
          </span>
          <span className="ow-muted ow-wb-sub">{target(c)}</span>
        </span>
      ),
    },
    { title: t('admin.feedback.complaint.cols.organisation'), key: 'org', width: 180, render: (_v, c) => c.organisation.name },
    { title: t('admin.feedback.complaint.cols.status'), key: 'status', width: 120, render: (_v, c) => <ComplaintStatusTag c={c} /> },
    { title: t('admin.feedback.complaint.cols.due'), key: 'due', width: 140, render: (_v, c) => <ComplaintDue c={c} /> },
  ];

  const card = (c: ComplaintView) => (
    <div>
      <div className="ow-share-card-head">
        <Link to={complaintHref(c.id)} className="ow-wb-number">
          {c.number}
        </Link>
        <ComplaintStatusTag c={c} />
      </div>
      <div className="ow-fb-card-item">
        <KindTag c={c} /> {c.title}
      </div>
      <div className="ow-muted ow-wb-sub">
        {target(c)} · {c.organisation.name}
      </div>
      <dl className="ow-fb-card-facts">
        <dt>{t('admin.feedback.complaint.cols.due')}</dt>
        <dd>
          <ComplaintDue c={c} />
        </dd>
        <dt>{t('admin.feedback.complaint.cols.created')}</dt>
        <dd>{formatDate(c.createdAt, lang)}</dd>
      </dl>
    </div>
  );

  return (
    <div className="ow-admin-page" data-testid="complaints-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.feedback.complaint.title')}</h1>
          <p className="ow-muted ow-admin-lead">{supervisor ? t('admin.feedback.complaint.leadSupervisor') : t('admin.feedback.complaint.lead')}</p>
        </div>
      </div>
      <div className="ow-panel ow-admin-card">
        <div className="ow-wb-filters" role="group" aria-label={t('admin.feedback.complaint.cols.status')}>
          <Select
            aria-label={t('admin.feedback.complaint.cols.status')}
            className="ow-wb-filter"
            value={status ?? ''}
            onChange={(v) => update({ status: v || undefined })}
            options={[
              { value: '', label: t('admin.feedback.complaint.statusAll') },
              { value: 'open', label: t('admin.feedback.complaint.status.open') },
              { value: 'answered', label: t('admin.feedback.complaint.status.answered') },
            ]}
            popupMatchSelectWidth={false}
          />
          <Select
            aria-label={t('admin.feedback.complaint.escalated')}
            className="ow-wb-filter"
            value={escalated ? '1' : ''}
            onChange={(v) => update({ escalated: v || undefined })}
            options={[
              { value: '', label: t('admin.feedback.complaint.escalatedAll') },
              { value: '1', label: t('admin.feedback.complaint.escalatedOnly') },
            ]}
            popupMatchSelectWidth={false}
          />
          {filtered && (
            <Button type="link" onClick={() => update({ status: undefined, escalated: undefined })}>
              {t('admin.feedback.rect.reset')}
            </Button>
          )}
          {query.data && (
            <ListCount>{t('admin.feedback.complaint.total', { count: query.data.total })}</ListCount>
          )}
        </div>
        <ResponsiveList<ComplaintView>
          query={listQuery(query)}
          columns={columns}
          card={card}
          rowKey={(c) => c.id}
          empty={filtered ? t('admin.feedback.complaint.emptyFiltered') : t('admin.feedback.complaint.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          scrollX={940}
          testId="complaints-list"
        />
      </div>
    </div>
  );
}
