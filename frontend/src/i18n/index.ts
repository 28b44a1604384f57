import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './messages';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'kompas.language';

function storedLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

void i18next.use(initReactI18next).init({
  resources: { nl: { translation: messages.nl }, en: { translation: messages.en } },
  lng: storedLanguage(),
  fallbackLng: 'nl',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

function applyLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

applyLanguage(i18next.language);
i18next.on('languageChanged', (language) => {
  applyLanguage(language);
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
});

export default i18next;
