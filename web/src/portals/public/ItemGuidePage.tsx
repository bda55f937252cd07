import { App as AntApp, Breadcrumb, Result } from 'antd';
import type { ItemDetail } from '@onewindow/domain';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isNotFound, useItem } from '../../api/hooks';
import { GuideView } from '../../components/GuideView';
import { StartOnlineButton } from '../citizen/applications/StartOnlineButton';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { SearchBox } from '../../components/SearchBox';
import { searchHref } from '../../lib/searchParams';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

function Guide({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const g = item.guide;
  useDocumentTitle(g.name);
  // 在线办理 on this portal: items applicable online at depth 3 (网上受理) or 4 (全程网办)
  const applicable = g.online.available && Number(g.online.depth) >= 3;
  return (
    <AntApp component={false}>
    <div className="ow-container ow-guide">
      <Breadcrumb
        className="ow-breadcrumb"
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: <Link to={searchHref({})}>{t('guide.breadcrumb')}</Link> },
          { title: <span className="ow-breadcrumb-current">{g.name}</span> },
        ]}
      />
      <GuideView item={item} applyAction={applicable ? <StartOnlineButton item={item} /> : undefined} />
    </div>
    </AntApp>
  );
}

export default function ItemGuidePage() {
  const { t } = useTranslation();
  const { implementationCode } = useParams();
  const item = useItem(implementationCode);

  if (item.isPending) {
    return (
      <div className="ow-container ow-guide">
        <div className="ow-panel ow-guide-head">
          <CardSkeleton rows={4} />
        </div>
        <div className="ow-panel ow-guide-section">
          <CardSkeleton rows={6} />
        </div>
      </div>
    );
  }
  if (item.isError) {
    if (isNotFound(item.error)) {
      return (
        <div className="ow-container ow-guide">
          <div className="ow-panel">
            <Result
              status="404"
              title={t('guide.notFoundTitle')}
              subTitle={t('guide.notFoundHint')}
              extra={
                <div className="ow-notfound-search">
                  <SearchBox />
                  <Link to="/">{t('common.backHome')}</Link>
                </div>
              }
            />
          </div>
        </div>
      );
    }
    return (
      <div className="ow-container ow-guide">
        <ErrorState error={item.error} onRetry={() => void item.refetch()} />
      </div>
    );
  }
  return <Guide item={item.data} />;
}
