import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import type { ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { shouldRetry } from './api/hooks';
import { AppLayout } from './components/AppLayout';
import { PageLoading } from './components/QueryState';
import { HomePage } from './portals/public/HomePage';

// the home page is in the entry chunk; the other pages load on demand
const SearchPage = lazy(() => import('./portals/public/SearchPage'));
const ItemGuidePage = lazy(() => import('./portals/public/ItemGuidePage'));
const NotFoundPage = lazy(() => import('./portals/public/NotFoundPage'));
// unified identity of citizens (统一身份认证): login, registration, password reset, personal centre
const LoginPage = lazy(() => import('./portals/citizen/LoginPage'));
const RegisterPage = lazy(() => import('./portals/citizen/RegisterPage'));
const ForgotPasswordPage = lazy(() => import('./portals/citizen/ForgotPasswordPage'));
const AccountPage = lazy(() => import('./portals/citizen/AccountPage'));
// online applications of the signed-in person (在线办理): 我的办件, the application pages, notifications
const MyApplicationsPage = lazy(() => import('./portals/citizen/applications/MyApplicationsPage'));
const ApplicationDetailPage = lazy(() => import('./portals/citizen/applications/ApplicationDetailPage'));
const ApplicationEditPage = lazy(() => import('./portals/citizen/applications/ApplicationEditPage'));
const NotificationsPage = lazy(() => import('./portals/citizen/applications/NotificationsPage'));
// electronic licences (电子证照): the holder's wallet (我的证照) and the public verification page
const MyLicencesPage = lazy(() => import('./portals/citizen/licences/MyLicencesPage'));
const LicenceDetailPage = lazy(() => import('./portals/citizen/licences/LicenceDetailPage'));
const VerifyPage = lazy(() => import('./portals/public/VerifyPage'));
// 好差评 and 投诉建议: rating a service, 我的评价, the QR landing, complaints, and the public page
const RatePage = lazy(() => import('./portals/citizen/feedback/RatePage'));
const StaffLandingPage = lazy(() => import('./portals/citizen/feedback/StaffLandingPage'));
const MyRatingsPage = lazy(() => import('./portals/citizen/feedback/MyRatingsPage'));
const MyComplaintsPage = lazy(() => import('./portals/citizen/feedback/MyComplaintsPage'));
const ComplaintDetailPage = lazy(() => import('./portals/citizen/feedback/ComplaintDetailPage'));
const ComplaintNewPage = lazy(() => import('./portals/citizen/feedback/ComplaintNewPage'));
const RatingsPublicPage = lazy(() => import('./portals/public/RatingsPublicPage'));
// consent to single sign-on into another government system (OpenID Provider interaction)
const ConsentPage = lazy(() => import('./portals/sso/ConsentPage'));
// the administration workbench is a separate chunk (with its messages and styles)
const AdminApp = lazy(() => import('./portals/admin/AdminApp'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 60_000, retry: shouldRetry, refetchOnWindowFocus: false },
  },
});

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    colorLink: '#1f5fbf',
    colorError: '#c8161d',
    colorSuccess: '#1b8a4b',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#0f3f8f', bodyBg: '#f3f6fb' },
    Tabs: { titleFontSize: 16 },
  },
};

export function App() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? enUS : zhCN;
  return (
    <ConfigProvider locale={locale} theme={theme}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route
              path="admin/*"
              element={
                <Suspense fallback={<PageLoading />}>
                  <AdminApp />
                </Suspense>
              }
            />
            <Route element={<AppLayout />}>
              <Route index element={<HomePage />} />
              <Route path="search" element={<SearchPage />} />
              <Route path="items/:implementationCode" element={<ItemGuidePage />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="register" element={<RegisterPage />} />
              <Route path="forgot-password" element={<ForgotPasswordPage />} />
              <Route path="account/*" element={<AccountPage />} />
              <Route path="my/applications" element={<MyApplicationsPage />} />
              <Route path="my/applications/:id" element={<ApplicationDetailPage />} />
              <Route path="my/applications/:id/edit" element={<ApplicationEditPage />} />
              <Route path="my/notifications" element={<NotificationsPage />} />
              <Route path="my/licences" element={<MyLicencesPage />} />
              <Route path="my/licences/:identifier" element={<LicenceDetailPage />} />
              <Route path="verify" element={<VerifyPage />} />
              <Route path="verify/:identifier" element={<VerifyPage />} />
              <Route path="rate/application/:id" element={<RatePage kind="application" />} />
              <Route path="rate/visit/:id" element={<RatePage kind="visit" />} />
              <Route path="rate/staff/:code" element={<StaffLandingPage />} />
              <Route path="me/ratings" element={<MyRatingsPage />} />
              <Route path="me/complaints" element={<MyComplaintsPage />} />
              <Route path="me/complaints/:id" element={<ComplaintDetailPage />} />
              <Route path="complaints/new" element={<ComplaintNewPage />} />
              <Route path="ratings" element={<RatingsPublicPage />} />
              <Route path="sso/:uid" element={<ConsentPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
