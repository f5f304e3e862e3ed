/** Language choice before sign-in (remembered in this browser; after sign-in, on the account). */
import { useTranslation } from 'react-i18next';
import { languageName } from '../format.js';
import { changeLanguage, isLanguage, LANGUAGES } from '../i18n.js';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-picker">
      <label htmlFor="ui-language">{t('profile.language')}</label>{' '}
      <select id="ui-language" value={i18n.language} onChange={(e) => isLanguage(e.target.value) && void changeLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageName(l)}
          </option>
        ))}
      </select>
    </div>
  );
}
