import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminResult } from './SessionPages';

export default function AdminNotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return <AdminResult status="404" title={t('notFound.title')} subtitle={t('notFound.subtitle')} back={t('admin.common.backHome')} />;
}
