import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { onLinkClick } from '../router.js';
import { useSession } from '../session.js';

const NAV = [
  ['/dashboard', 'nav.dashboard'], ['/records', 'nav.records'], ['/statements', 'nav.statements'], ['/top-up', 'nav.topUp'],
  ['/plans', 'nav.plans'], ['/alerts', 'nav.alerts'], ['/apps', 'nav.apps'], ['/profile', 'nav.profile'],
] as const;

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { account, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  // Move focus to the new page's content after navigation, for keyboard and screen reader users.
  useEffect(() => {
    main.current?.querySelector('h1')?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <a className="skip" href="#main">{t('nav.skip')}</a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true">◉</span> {t('app.title')}
        </div>
        <div className="who">
          <span className="name">{account.name}</span>
          <button type="button" className="link" onClick={() => void signOut()}>{t('nav.signOut')}</button>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.map(([href, key]) => (
              <li key={href}>
                <a href={href} onClick={onLinkClick} aria-current={path === href || (href === '/dashboard' && path.startsWith('/esims/')) ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main}>{children}</main>
    </>
  );
}
