/**
 * 工作台首页: the staff member's roles and the parts of the workbench they open. Staff whose roles
 * open no part land here (and find it in the menu); everyone else reaches it by its address.
 */
import { RightOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AREA_PATHS, areasOf } from './access';
import { AREA_ICONS } from './AdminParts';
import { useMe } from './auth';
import { GrantLines } from './StaffParts';

export default function StaffHome() {
  const { t } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('admin.home.title'));
  const areas = areasOf(me);

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.home.greeting', { name: me.name })}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.home.lead')}</p>
        </div>
      </div>

      <section className="ow-panel ow-admin-card" aria-labelledby="home-roles">
        <h2 id="home-roles" className="ow-admin-h2">
          {t('admin.home.roles')}
        </h2>
        {me.roles.length ? <GrantLines grants={me.roles} /> : <Alert type="warning" showIcon title={t('admin.home.noRoles')} />}
      </section>

      {areas.length > 0 && (
        <nav className="ow-admin-home-areas" aria-label={t('admin.home.areas')}>
          {areas.map((a) => (
            <Link key={a} to={AREA_PATHS[a]} className="ow-panel ow-admin-home-area">
              <span className="ow-admin-home-area-icon" aria-hidden>
                {AREA_ICONS[a]}
              </span>
              <span>
                <strong>{t(`admin.menu.${a}`)}</strong>
                <span className="ow-muted">{t(`admin.home.areaText.${a}`)}</span>
              </span>
              <RightOutlined aria-hidden className="ow-admin-home-area-go" />
            </Link>
          ))}
        </nav>
      )}
    </div>
  );
}
