import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNodeInfo } from '../api/hooks';

export function SiteFooter() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const region = node.data?.region.name;
  const hotline = node.data?.hotline ?? '12345';
  const org = region ? t('footer.hostOrg', { region }) : t('footer.hostDefault');
  return (
    <footer className="ow-footer">
      <div className="ow-container ow-footer-inner">
        <div className="ow-footer-hotline">
          <PhoneOutlined aria-hidden />
          <span>{t('footer.hotline', { hotline })}</span>
        </div>
        <div className="ow-footer-lines">
          <p>{t('footer.host', { org })}</p>
          <p>
            <span>{t('footer.icp')}</span>
            <span className="ow-footer-dot" aria-hidden>
              ·
            </span>
            <span>{t('footer.siteCode')}</span>
          </p>
          <p>{t('footer.copyright', { year: new Date().getFullYear() })}</p>
          <p className="ow-footer-muted">{t('footer.browsers')}</p>
        </div>
      </div>
    </footer>
  );
}
