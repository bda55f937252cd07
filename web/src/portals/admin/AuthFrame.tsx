/** The frame of the pages before the workbench: sign-in, password change, a citizen's session. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNodeInfo } from '../../api/hooks';
import { BrandMark } from '../../components/BrandMark';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export function AuthFrame({ title, lead, children, foot }: { title: ReactNode; lead?: ReactNode; children: ReactNode; foot?: ReactNode }) {
  const { t } = useTranslation();
  const node = useNodeInfo();
  return (
    <div className="ow-admin-signin">
      <div className="ow-admin-signin-top">
        <LanguageSwitch compact />
      </div>
      <main className="ow-admin-signin-main" id="admin-main">
        <div className="ow-admin-signin-brand">
          <BrandMark size={48} />
          <div>
            <div className="ow-admin-signin-name">{t('admin.title')}</div>
            <div className="ow-admin-signin-node">{node.data?.name ?? t('brand.name')}</div>
          </div>
        </div>
        <section className="ow-panel ow-admin-signin-card" aria-labelledby="auth-title">
          <h1 id="auth-title">{title}</h1>
          {lead && <p className="ow-muted">{lead}</p>}
          {children}
        </section>
        <p className="ow-admin-signin-foot">
          {foot ?? <Link to="/">{t('admin.signIn.toPortal')}</Link>}
        </p>
      </main>
    </div>
  );
}
