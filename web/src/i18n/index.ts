import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';
import en from './en';
import { licencesEn } from './licences/en';
import { licencesZh } from './licences/zh-CN';
import { feedbackEn } from './feedback/en';
import { feedbackZh } from './feedback/zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'onewindow.lang';

/**
 * Simplified Chinese unless the visitor chose otherwise: a `?lang=en` link, or the choice made
 * with the header's switch (kept in localStorage). The browser's language is not consulted: the
 * portal speaks Chinese first, as government portals do, and English on request.
 */
function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'zh-CN' || fromUrl === 'en') return fromUrl;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    // storage unavailable (private mode): fall through
  }
  return 'zh-CN';
}

export function currentLanguage(): Language {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore
  }
  await i18n.changeLanguage(lng);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng === 'en' ? 'en' : 'zh-CN';
});

void i18n.use(initReactI18next).init({
  // electronic licences (我的证照, 公开核验) keep their messages in ./licences, under the key `licences`;
  // 好差评 and 投诉建议 (rating, complaints, the public page) theirs in ./feedback, under `feedback`
  resources: {
    'zh-CN': { translation: { ...zhCN, licences: licencesZh, feedback: feedbackZh } },
    en: { translation: { ...en, licences: licencesEn, feedback: feedbackEn } },
  },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
