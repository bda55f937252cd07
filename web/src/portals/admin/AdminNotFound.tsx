import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

export default function AdminNotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="ow-admin-page">
      <div className="ow-panel ow-admin-card">
        <Result
          status="404"
          title={t('notFound.title')}
          subTitle={t('notFound.subtitle')}
          extra={
            <Link to="/admin">
              <Button type="primary">{t('admin.common.backHome')}</Button>
            </Link>
          }
        />
      </div>
    </div>
  );
}
