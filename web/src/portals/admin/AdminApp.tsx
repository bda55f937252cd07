/**
 * The catalogue administration workbench (事项管理) under /admin: its own layout, sign-in and
 * pages, one chunk loaded on demand so that citizens never download it (nor its messages and
 * styles). The pages are not split further: nested lazy chunks make the bundler move modules the
 * portal's entry shares with them (code sets, API client) out of the entry into extra requests.
 */
import { App as AntApp } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import { registerAdminMessages } from '../../i18n/admin/index';
import AdminNotFound from './AdminNotFound';
import { AdminLayout } from './AdminLayout';
import { AdminAuthProvider, RequireAdmin } from './auth';
import ItemListPage from './ItemListPage';
import { CreateItemPage, EditItemPage } from './ItemFormPage';
import ItemPage from './ItemPage';
import SignInPage from './SignInPage';
import VersionPage from './VersionPage';
import './admin.css';

registerAdminMessages();

export default function AdminApp() {
  return (
    <AntApp component={false}>
      <AdminAuthProvider>
        <Routes>
          <Route path="login" element={<SignInPage />} />
          <Route
            element={
              <RequireAdmin>
                <AdminLayout />
              </RequireAdmin>
            }
          >
            <Route index element={<Navigate to="items" replace />} />
            <Route path="items" element={<ItemListPage />} />
            <Route path="items/new" element={<CreateItemPage />} />
            <Route path="items/:implementationCode" element={<ItemPage />} />
            <Route path="items/:implementationCode/edit" element={<EditItemPage />} />
            <Route path="items/:implementationCode/versions/:version" element={<VersionPage />} />
            <Route path="*" element={<AdminNotFound />} />
          </Route>
        </Routes>
      </AdminAuthProvider>
    </AntApp>
  );
}
