import { WarningOutlined } from '@ant-design/icons';
import { Button, Skeleton, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="ow-page-loading" role="status">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

export function CardSkeleton({ rows = 3 }: { rows?: number }) {
  return <Skeleton active paragraph={{ rows }} title />;
}

/** A failed request, with the problem's detail when the server gave one. (No antd Result here:
 *  its illustrations would weigh on the home page's first load.) */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const detail =
    error instanceof ApiError && error.problem ? (error.problem.detail ?? error.problem.title) : t('common.errorHint');
  return (
    <div className="ow-error" role="alert">
      <WarningOutlined className="ow-error-icon" aria-hidden />
      <p className="ow-error-title">{t('common.error')}</p>
      <p className="ow-muted">{detail}</p>
      {onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    </div>
  );
}
