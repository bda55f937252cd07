import { FilterOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Col, Drawer, Empty, Pagination, Row, Segmented, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useItemSearch, useOrganisations, useRegions } from '../../api/hooks';
import { HotWords } from '../../components/HotWords';
import { ItemCard } from '../../components/ItemCard';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { SearchBox } from '../../components/SearchBox';
import { codeLabel, topicLabel } from '../../lib/format';
import {
  activeFilterCount, FILTER_KEYS, PAGE_SIZES, parseSearch, searchHref, toApiParams, toUrlParams,
  type FilterKey, type SearchState, type SortOrder,
} from '../../lib/searchParams';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useIsMobile } from '../../lib/useMedia';
import { SearchFilters, type FilterPatch } from './SearchFilters';

interface HotWord {
  q: string;
  label: string;
}

/** Closable chips of the filters in force. */
function ActiveFilters({ state, onRemove }: { state: SearchState; onRemove: (key: FilterKey) => void }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const orgs = useOrganisations(state.region);
  const label = (key: FilterKey): string => {
    switch (key) {
      case 'itemType':
        return codeLabel(t, 'itemType', state.itemType);
      case 'audienceGroup':
        return state.audienceGroup ? t(`audienceGroup.${state.audienceGroup}`) : '';
      case 'topic':
        return state.topic ? topicLabel(t, state.topic) : '';
      case 'onlineDepth':
        return codeLabel(t, 'onlineDepthShort', state.onlineDepth);
      case 'region':
        return regions.data?.items.find((r) => r.code === state.region)?.name ?? state.region ?? '';
      case 'organisation':
        return orgs.data?.items.find((o) => o.uscc === state.organisation)?.name ?? state.organisation ?? '';
    }
  };
  const keys = FILTER_KEYS.filter((k) => state[k] !== undefined);
  if (keys.length === 0) return null;
  return (
    <div className="ow-active-filters">
      <span className="ow-muted">{t('results.activeFilters')}</span>
      {keys.map((k) => (
        <Tag key={k} closable onClose={() => onRemove(k)} color="blue" variant="outlined" className="ow-filter-chip">
          {t(`filters.${k}`)}
          {t('common.colon')}
          {label(k)}
        </Tag>
      ))}
    </div>
  );
}

function EmptyResults({ hasFilters, onClear }: { hasFilters: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  const words = t('search.hotWords', { returnObjects: true }) as unknown as HotWord[];
  return (
    <div className="ow-panel ow-empty">
      <Empty
        description={
          <div>
            <p className="ow-empty-title">{t('results.emptyTitle')}</p>
            <p className="ow-muted">{t('results.emptyHint')}</p>
          </div>
        }
      >
        <div className="ow-empty-suggest">
          <span className="ow-muted">{t('results.tryWords')}</span>
          {Array.isArray(words) &&
            words.map((w) => (
              <Link key={w.q} to={searchHref({ q: w.q })} className="ow-suggest-word">
                {w.label}
              </Link>
            ))}
        </div>
        {hasFilters && (
          <Button type="primary" ghost onClick={onClear}>
            {t('results.clearFilters')}
          </Button>
        )}
      </Empty>
    </div>
  );
}

export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearch(params), [params]);
  const apiParams = useMemo(() => toApiParams(state), [state]);
  const result = useItemSearch(apiParams);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const mobile = useIsMobile();
  const filterCount = activeFilterCount(state);
  const sort: SortOrder = apiParams.sort ?? 'relevance';
  useDocumentTitle(state.q ? t('results.resultsFor', { q: state.q }) : t('results.title'));

  const update = (patch: Partial<SearchState>, resetPage = true) => {
    const next: SearchState = { ...state, ...patch };
    if (resetPage) next.page = 1;
    setParams(toUrlParams(next));
  };
  const onFilter = (patch: FilterPatch) => update(patch);
  const clearFilters = () => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])) as FilterPatch);
  const onPage = (page: number, pageSize: number) => {
    update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }, false);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const data = result.data;
  const sortOptions = [
    ...(state.q ? [{ value: 'relevance', label: t('results.sortRelevance') }] : []),
    { value: 'popular', label: t('results.sortPopular') },
  ];

  return (
    <>
      <section className="ow-search-band">
        <div className="ow-container">
          <SearchBox
            className="ow-band-search"
            value={state.q ?? ''}
            onSearch={(q) => update({ q: q || undefined, sort: undefined })}
          />
          {!mobile && <HotWords tone="dark" />}
        </div>
      </section>
      <div className="ow-container ow-search-page">
        <Row gutter={[20, 16]}>
          {!mobile && (
            <Col md={7} lg={6}>
              <aside className="ow-panel ow-filter-panel" aria-label={t('results.filterTitle')}>
                <div className="ow-filter-panel-head">
                  <h2>{t('results.filterTitle')}</h2>
                  {filterCount > 0 && (
                    <Button type="link" size="small" onClick={clearFilters}>
                      {t('results.reset')}
                    </Button>
                  )}
                </div>
                <SearchFilters state={state} onChange={onFilter} />
              </aside>
            </Col>
          )}
          <Col xs={24} md={mobile ? 24 : 17} lg={mobile ? 24 : 18}>
            <div className="ow-results-head">
              <div className="ow-results-title">
                <h1>{state.q ? t('results.resultsFor', { q: state.q }) : t('results.allItems')}</h1>
                {data && (
                  <span className="ow-results-total" aria-live="polite">
                    {data.totalCapped ? t('results.totalCapped', { count: data.total }) : t('results.total', { count: data.total })}
                  </span>
                )}
              </div>
              <div className="ow-results-tools">
                {mobile && (
                  <Badge count={filterCount} size="small">
                    <Button icon={<FilterOutlined />} onClick={() => setDrawerOpen(true)}>
                      {t('results.filters')}
                    </Button>
                  </Badge>
                )}
                {sortOptions.length > 1 && (
                  <Segmented
                    aria-label={t('results.sort')}
                    value={sort}
                    options={sortOptions}
                    onChange={(v) => update({ sort: v as SortOrder })}
                  />
                )}
              </div>
            </div>
            <ActiveFilters state={state} onRemove={(k) => update({ [k]: undefined })} />

            {data?.relaxed && data.items.length > 0 && (
              <Alert
                type="info"
                showIcon
                className="ow-relaxed"
                title={t('results.relaxed')}
                description={t('results.relaxedHint')}
              />
            )}

            {result.isPending ? (
              <div className="ow-results">
                {[0, 1, 2].map((i) => (
                  <div className="ow-item-card" key={i}>
                    <CardSkeleton />
                  </div>
                ))}
              </div>
            ) : result.isError && !data ? (
              <ErrorState error={result.error} onRetry={() => void result.refetch()} />
            ) : data && data.items.length === 0 ? (
              <EmptyResults hasFilters={filterCount > 0} onClear={clearFilters} />
            ) : data ? (
              <>
                <div className={result.isPlaceholderData ? 'ow-results ow-stale' : 'ow-results'} aria-busy={result.isFetching}>
                  {data.items.map((item) => (
                    <ItemCard key={item.implementationCode} item={item} />
                  ))}
                </div>
                {data.total > data.pageSize || data.page > 1 ? (
                  <div className="ow-pagination">
                    <Pagination
                      current={state.page}
                      pageSize={state.pageSize}
                      total={data.total}
                      onChange={onPage}
                      showSizeChanger={!mobile}
                      pageSizeOptions={[...PAGE_SIZES]}
                      simple={mobile}
                      showTotal={!mobile ? (total) => t('results.pageTotal', { total }) : undefined}
                    />
                  </div>
                ) : null}
              </>
            ) : null}
          </Col>
        </Row>
      </div>
      <Drawer
        open={mobile && drawerOpen}
        onClose={() => setDrawerOpen(false)}
        placement="bottom"
        size="82%"
        title={t('results.filterTitle')}
        className="ow-filter-drawer"
        footer={
          <div className="ow-drawer-footer">
            <Button onClick={clearFilters} disabled={filterCount === 0}>
              {t('results.reset')}
            </Button>
            <Button type="primary" onClick={() => setDrawerOpen(false)}>
              {data ? `${t('results.apply')} (${data.total})` : t('results.apply')}
            </Button>
          </div>
        }
      >
        <SearchFilters state={state} onChange={onFilter} />
      </Drawer>
    </>
  );
}
