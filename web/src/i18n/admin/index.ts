import i18n from '../index';
import en from './en';
import zhCN from './zh-CN';

/** Adds the workbench's messages (key `admin`) to both languages; called once when the admin chunk loads. */
export function registerAdminMessages(): void {
  if (i18n.exists('admin.title', { lng: 'zh-CN', fallbackLng: false })) return;
  i18n.addResourceBundle('zh-CN', 'translation', { admin: zhCN }, true, true);
  i18n.addResourceBundle('en', 'translation', { admin: en }, true, true);
}
