import { useTranslation } from 'react-i18next';
import { Title } from '../components/ui.js';
import { onLinkClick } from '../router.js';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section data-testid="not-found">
      <Title>{t('notFound.title')}</Title>
      <p>{t('notFound.text')}</p>
      <p>
        <a href="/dashboard" onClick={onLinkClick}>
          {t('notFound.back')}
        </a>
      </p>
    </section>
  );
}
