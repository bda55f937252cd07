import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SearchBox } from '../../components/SearchBox';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

export default function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="ow-container ow-notfound">
      <div className="ow-panel">
        <Result
          status="404"
          title={
            <h1 className="ow-notfound-title">
              <span className="ow-notfound-code">404</span>
              {t('notFound.title')}
            </h1>
          }
          subTitle={t('notFound.subtitle')}
          extra={
            <div className="ow-notfound-search">
              <SearchBox />
              <Link to="/">
                <Button type="primary">{t('common.backHome')}</Button>
              </Link>
            </div>
          }
        />
      </div>
    </div>
  );
}
