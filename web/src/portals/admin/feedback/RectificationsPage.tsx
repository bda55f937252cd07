/**
 * 差评整改: the 差评 of the staff member's organisations (a supervisor: the region's), by step —
 * 进行中, 待核实, 申诉中, 整改中, 待回复, 已办结 — with the 临期 / 超期 filter and the organisation.
 * A supervisor without an organisation role starts on 申诉待审核 (the appeals to review). Filters
 * and page live in the address; a table on wide screens, cards on phones.
 */
import { DownloadOutlined } from '@ant-design/icons';
import type { RectificationStatus, RectificationView } from '@onewindow/domain';
import { Button, Select, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { feedbackExportUrl } from '../../../api/feedbackWorkbench';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ListCount } from '../AdminParts';
import { useMe } from '../auth';
import { useSearchUpdate } from '../hooks';
import { pageOf, ResponsiveList } from '../sharing/parts';
import { DueCell, FeedbackOrgFilter, isSupervisorOnly, LevelTag, listQuery, RectStatusTag, rectificationHref, useRectifications } from './parts';
import './feedback.css';

const PAGE_SIZE = 20;
type TabKey = 'open' | RectificationStatus;
const TABS: TabKey[] = ['open', 'verifying', 'appealed', 'rectifying', 'replying', 'closed'];
const oneOf = <T extends string>(v: string | null, list: readonly T[]): T | undefined => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);

export default function RectificationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  useDocumentTitle(t('admin.feedback.rect.title'));
  const me = useMe();
  const supervisor = isSupervisorOnly(me);
  // a supervisor's work is the appeals: that tab comes first and is the default
  const tabs: TabKey[] = supervisor ? ['appealed', ...TABS.filter((k) => k !== 'appealed')] : TABS;
  const defaultTab: TabKey = supervisor ? 'appealed' : 'open';
  const [params, update] = useSearchUpdate({ status: defaultTab });
  const status = oneOf(params.get('status'), TABS) ?? defaultTab;
  const warning = oneOf(params.get('warning'), ['due', 'overdue'] as const);
  const organisationId = params.get('org') ?? undefined;
  const page = pageOf(params.get('page'));

  const query = useRectifications({ status, warning, organisationId, page, pageSize: PAGE_SIZE });
  const filtered = !!(warning || organisationId);
  const tabLabel = (k: TabKey) => t(k === 'appealed' && supervisor ? 'admin.feedback.rect.tabs.appealedSupervisor' : `admin.feedback.rect.tabs.${k}`);

  const comment = (r: RectificationView) =>
    r.rating.comment ? (
      <Typography.Paragraph className="ow-fb-comment" ellipsis={{ rows: 2, tooltip: r.rating.comment }}>
        {r.rating.comment}
      </Typography.Paragraph>
    ) : (
      <span className="ow-muted">{t('admin.feedback.rect.noComment')}</span>
    );

  /** the current step's deadline with its warning; when closed, the day it closed */
  const due = (r: RectificationView) =>
    r.status === 'closed' ? (
      <span className="ow-muted ow-nowrap">
        {t('admin.feedback.rect.closedOn')} {formatDate(r.closedAt, lang)}
      </span>
    ) : (
      <DueCell date={r.dueDate} warning={r.warning} />
    );

  const columns: TableColumnsType<RectificationView> = [
    {
      title: t('admin.feedback.rect.cols.number'),
      key: 'number',
      width: 200,
      render: (_v, r) => (
        <span className="ow-wb-item-cell">
          <Link to={rectificationHref(r.id)} className="ow-wb-number ow-nowrap">
            {r.number}
          </Link>
          <span className="ow-muted ow-wb-sub">
            {t('admin.feedback.rect.cols.opened')} {formatDate(r.openedAt, lang)}
          </span>
        </span>
      ),
    },
    {
      title: t('admin.feedback.rect.cols.item'),
      key: 'item',
      render: (_v, r) => (
        <span className="ow-wb-item-cell">
          <span>{r.rating.item.name}</span>
          <span className="ow-muted ow-wb-sub">{r.organisation.name}</span>
        </span>
      ),
    },
    { title: t('admin.feedback.rect.cols.level'), key: 'level', width: 100, render: (_v, r) => <LevelTag level={r.rating.level} /> },
    { title: t('admin.feedback.rect.cols.comment'), key: 'comment', render: (_v, r) => comment(r) },
    { title: t('admin.feedback.rect.cols.step'), key: 'step', width: 96, render: (_v, r) => <RectStatusTag status={r.status} /> },
    { title: t('admin.feedback.rect.cols.due'), key: 'due', width: 124, render: (_v, r) => due(r) },
    {
      title: t('admin.feedback.rect.cols.action'),
      key: 'action',
      width: 60,
      render: (_v, r) => <Link to={rectificationHref(r.id)}>{r.allowed.length ? t('admin.feedback.rect.open') : t('admin.feedback.rect.view')}</Link>,
    },
  ];

  const card = (r: RectificationView) => (
    <div className={`ow-fb-card ow-wb-edge-${r.status === 'closed' ? 'none' : r.warning === 'overdue' ? 'red' : r.warning === 'due' ? 'yellow' : 'none'}`}>
      <div className="ow-share-card-head">
        <Link to={rectificationHref(r.id)} className="ow-wb-number">
          {r.number}
        </Link>
        <RectStatusTag status={r.status} />
      </div>
      <div className="ow-fb-card-item">{r.rating.item.name}</div>
      <div className="ow-muted ow-wb-sub">{r.organisation.name}</div>
      <div className="ow-fb-card-tags">
        <LevelTag level={r.rating.level} />
      </div>
      {comment(r)}
      <dl className="ow-fb-card-facts">
        <dt>{r.status === 'closed' ? t('admin.feedback.rect.closedAt') : t('admin.feedback.rect.cols.due')}</dt>
        <dd>{due(r)}</dd>
        <dt>{t('admin.feedback.rect.cols.opened')}</dt>
        <dd>{formatDate(r.openedAt, lang)}</dd>
      </dl>
    </div>
  );

  return (
    <div className="ow-admin-page" data-testid="rectifications-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.feedback.rect.title')}</h1>
          <p className="ow-muted ow-admin-lead">{supervisor ? t('admin.feedback.rect.leadSupervisor') : t('admin.feedback.rect.lead')}</p>
        </div>
        <Button icon={<DownloadOutlined />} href={feedbackExportUrl('rectifications', 'csv', { organisationId })} data-testid="rect-export">
          {t('admin.feedback.rect.exportCsv')}
        </Button>
      </div>

      <div className="ow-panel ow-admin-card">
        <Tabs
          className="ow-admin-status-tabs ow-wb-tabs"
          activeKey={status}
          onChange={(k) => update({ status: k })}
          items={tabs.map((k) => ({ key: k, label: <span data-testid={`rect-tab-${k}`}>{tabLabel(k)}</span> }))}
        />
        <div className="ow-wb-filters" role="group" aria-label={t('admin.feedback.rect.warningFilter')}>
          {status !== 'closed' && (
            <Select
              aria-label={t('admin.feedback.rect.warningFilter')}
              className="ow-wb-filter"
              value={warning ?? ''}
              onChange={(v) => update({ warning: v || undefined })}
              options={[
                { value: '', label: t('admin.feedback.rect.warningAll') },
                { value: 'due', label: t('admin.feedback.rect.warningDue') },
                { value: 'overdue', label: t('admin.feedback.rect.warningOverdue') },
              ]}
              popupMatchSelectWidth={false}
            />
          )}
          <FeedbackOrgFilter value={organisationId} onChange={(v) => update({ org: v })} />
          {filtered && (
            <Button type="link" onClick={() => update({ warning: undefined, org: undefined })}>
              {t('admin.feedback.rect.reset')}
            </Button>
          )}
          {query.data && (
            <ListCount>{t('admin.feedback.rect.total', { count: query.data.total })}</ListCount>
          )}
        </div>
        <ResponsiveList<RectificationView>
          query={listQuery(query)}
          columns={columns}
          card={card}
          rowKey={(r) => r.id}
          empty={filtered || status !== defaultTab ? t('admin.feedback.rect.emptyFiltered') : t('admin.feedback.rect.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          scrollX={960}
          testId="rect-list"
        />
      </div>
    </div>
  );
}
