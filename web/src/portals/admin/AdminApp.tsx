/**
 * The staff workbench (工作人员工作台) under /admin: its own layout, sign-in and pages, one chunk
 * loaded on demand so that citizens never download it (nor its messages and styles). Signed-in
 * staff see the parts their roles open: 办件 (受理、审查、审批), 窗口受理 and 现场核验 (window clerks),
 * 电子监察 (supervisors), 事项管理, 人员与角色, 接入系统, data sharing (资源目录, 共享申请与授权), the
 * exchange gateway (交换凭证, 交换日志), 签章密钥, 证照管理, and 好差评 (差评整改, 评价数据, 投诉建议,
 * 窗口评价); staff whose roles open none see a home
 * listing their roles. The pages are not split further: nested lazy
 * chunks make the bundler move modules the portal's entry shares with them (code sets, API
 * client) out of the entry into extra requests.
 */
import { App as AntApp } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import { registerAdminMessages } from '../../i18n/admin/index';
import AdminNotFound from './AdminNotFound';
import { AdminLayout } from './AdminLayout';
import { homePath } from './access';
import { StaffSessionProvider, useMe } from './auth';
import { RequireArea, RequireStaff } from './guards';
import IdentityCheckPage from './IdentityCheckPage';
import ItemListPage from './ItemListPage';
import { CreateItemPage, EditItemPage } from './ItemFormPage';
import ItemPage from './ItemPage';
import OidcClientFormPage, { OidcClientEditPage } from './OidcClientFormPage';
import OidcClientsPage from './OidcClientsPage';
import PasswordPage from './PasswordPage';
import SignInPage from './SignInPage';
import StaffCreatePage from './StaffCreatePage';
import StaffHome from './StaffHome';
import StaffListPage from './StaffListPage';
import StaffPage from './StaffPage';
import VersionPage from './VersionPage';
import QueuePage from './applications/QueuePage';
import CasePage from './applications/CasePage';
import SupervisionPage from './applications/SupervisionPage';
import { WindowStartPage } from './applications/WindowPages';
import CredentialsPage from './sharing/CredentialsPage';
import ExchangeLogPage from './sharing/ExchangeLogPage';
import KeysPage from './sharing/KeysPage';
import LicencesPage from './sharing/LicencesPage';
import { ResourceCreatePage, ResourceEditPage } from './sharing/ResourceFormPage';
import ResourcePage from './sharing/ResourcePage';
import ResourcesPage from './sharing/ResourcesPage';
import RequestsPage from './sharing/RequestsPage';
import RectificationsPage from './feedback/RectificationsPage';
import RectificationPage from './feedback/RectificationPage';
import RatingsPage from './feedback/RatingsPage';
import ComplaintsPage from './feedback/ComplaintsPage';
import ComplaintPage from './feedback/ComplaintPage';
import WindowPage from './feedback/WindowPage';
import './admin.css';
import './applications/workbench.css';

registerAdminMessages();

/** /admin: the first part the roles open, or the home. */
function Landing() {
  return <Navigate to={homePath(useMe())} replace />;
}

export default function AdminApp() {
  return (
    <AntApp component={false}>
      <StaffSessionProvider>
        <Routes>
          <Route path="login" element={<SignInPage />} />
          <Route
            path="password"
            element={
              <RequireStaff passwordPage>
                <PasswordPage />
              </RequireStaff>
            }
          />
          <Route
            element={
              <RequireStaff>
                <AdminLayout />
              </RequireStaff>
            }
          >
            <Route index element={<Landing />} />
            <Route path="home" element={<StaffHome />} />
            <Route path="applications" element={<RequireArea area="applications"><QueuePage /></RequireArea>} />
            <Route path="applications/new" element={<RequireArea area="window"><WindowStartPage /></RequireArea>} />
            <Route path="applications/:id" element={<RequireArea area="applications"><CasePage /></RequireArea>} />
            <Route path="supervision" element={<RequireArea area="supervision"><SupervisionPage /></RequireArea>} />
            <Route path="identity-checks" element={<RequireArea area="identity"><IdentityCheckPage /></RequireArea>} />
            <Route path="items" element={<RequireArea area="items"><ItemListPage /></RequireArea>} />
            <Route path="items/new" element={<RequireArea area="items"><CreateItemPage /></RequireArea>} />
            <Route path="items/:implementationCode" element={<RequireArea area="items"><ItemPage /></RequireArea>} />
            <Route path="items/:implementationCode/edit" element={<RequireArea area="items"><EditItemPage /></RequireArea>} />
            <Route path="items/:implementationCode/versions/:version" element={<RequireArea area="items"><VersionPage /></RequireArea>} />
            <Route path="staff" element={<RequireArea area="staff"><StaffListPage /></RequireArea>} />
            <Route path="staff/new" element={<RequireArea area="staff"><StaffCreatePage /></RequireArea>} />
            <Route path="staff/:id" element={<RequireArea area="staff"><StaffPage /></RequireArea>} />
            <Route path="oidc-clients" element={<RequireArea area="oidc"><OidcClientsPage /></RequireArea>} />
            <Route path="oidc-clients/new" element={<RequireArea area="oidc"><OidcClientFormPage /></RequireArea>} />
            <Route path="oidc-clients/:clientId/edit" element={<RequireArea area="oidc"><OidcClientEditPage /></RequireArea>} />
            <Route path="sharing/resources" element={<RequireArea area="resources"><ResourcesPage /></RequireArea>} />
            <Route path="sharing/resources/new" element={<RequireArea area="sharing"><ResourceCreatePage /></RequireArea>} />
            <Route path="sharing/resources/:code" element={<RequireArea area="resources"><ResourcePage /></RequireArea>} />
            <Route path="sharing/resources/:code/edit" element={<RequireArea area="sharing"><ResourceEditPage /></RequireArea>} />
            <Route path="sharing/requests" element={<RequireArea area="sharing"><RequestsPage /></RequireArea>} />
            <Route path="exchange/credentials" element={<RequireArea area="credentials"><CredentialsPage /></RequireArea>} />
            <Route path="exchange/log" element={<RequireArea area="exchangeLog"><ExchangeLogPage /></RequireArea>} />
            <Route path="organisation-keys" element={<RequireArea area="keys"><KeysPage /></RequireArea>} />
            <Route path="licences" element={<RequireArea area="licences"><LicencesPage /></RequireArea>} />
            <Route path="feedback" element={<Navigate to="/admin/feedback/rectifications" replace />} />
            <Route path="feedback/rectifications" element={<RequireArea area="feedback"><RectificationsPage /></RequireArea>} />
            <Route path="feedback/rectifications/:id" element={<RequireArea area="feedback"><RectificationPage /></RequireArea>} />
            <Route path="feedback/ratings" element={<RequireArea area="feedbackRatings"><RatingsPage /></RequireArea>} />
            <Route path="feedback/complaints" element={<RequireArea area="complaints"><ComplaintsPage /></RequireArea>} />
            <Route path="feedback/complaints/:id" element={<RequireArea area="complaints"><ComplaintPage /></RequireArea>} />
            <Route path="feedback/window" element={<RequireArea area="feedbackWindow"><WindowPage /></RequireArea>} />
            <Route path="*" element={<AdminNotFound />} />
          </Route>
        </Routes>
      </StaffSessionProvider>
    </AntApp>
  );
}
