/**
 * 工作台首页: the staff member's roles and what they open. Staff whose roles open no part yet
 * (审查、审批 only) land here, and every one whose roles have tools still to come finds it in the
 * menu: the handling workbench (受理、审查、审批) comes with the online-application release, and
 * this page says so instead of showing pages that do nothing yet.
 */
import { ClockCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AREA_PATHS, areasOf, laterToolsOf } from './access';
import { AREA_ICONS } from './AdminParts';
import { useMe } from './auth';
import { GrantLines } from './StaffParts';

export default function StaffHome() {
  const { t } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('admin.home.title'));
  const areas = areasOf(me);
  const later = laterToolsOf(me);

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

      {later.map((l) => (
        <section key={l.key} className="ow-panel ow-admin-card ow-admin-later" data-testid={`home-later-${l.key}`}>
          <ClockCircleOutlined className="ow-admin-later-icon" aria-hidden />
          <div>
            <h2 className="ow-admin-h2">{t(`admin.home.later.${l.key}.title`)}</h2>
            <p className="ow-muted">{t(`admin.home.later.${l.key}.text`)}</p>
          </div>
        </section>
      ))}

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
