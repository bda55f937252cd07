import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the tab title: "page - OneWindow 一网通办". */
export function useDocumentTitle(page?: string) {
  const { t } = useTranslation();
  const brand = t('brand.name');
  useEffect(() => {
    document.title = page ? `${page} - ${brand}` : brand;
  }, [page, brand]);
}
