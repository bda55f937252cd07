/** The bar under the site footer with the public services anyone may use: 电子证照核验, 好差评公开, 投诉建议. */
import { CommentOutlined, LikeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import './footer-link.css';

export function FooterVerifyLink() {
  const { t } = useTranslation();
  return (
    <nav className="ow-footer-services" aria-label={t('licences.verify.footerLink')}>
      <div className="ow-container ow-footer-services-inner">
        <Link to="/verify" className="ow-footer-service" data-testid="footer-verify">
          <SafetyCertificateOutlined aria-hidden /> {t('licences.verify.footerLink')}
        </Link>
        <Link to="/ratings" className="ow-footer-service" data-testid="footer-ratings">
          <LikeOutlined aria-hidden /> {t('feedback.footer.ratings')}
        </Link>
        <Link to="/complaints/new" className="ow-footer-service" data-testid="footer-complaints">
          <CommentOutlined aria-hidden /> {t('feedback.footer.complaints')}
        </Link>
      </div>
    </nav>
  );
}
