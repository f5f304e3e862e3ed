import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { onLinkClick } from '../router.js';
import { useSession } from '../session.js';
import { OfflineBanner } from './OfflineBanner.js';
import { UnreadBadge } from './UnreadBadge.js';

/** On a phone the first four sit in the bottom bar and the rest open from "More"; on a desktop all show in one row. */
const PRIMARY = [
  ['/dashboard', 'nav.dashboard', '◔'],
  ['/records', 'nav.records', '☰'],
  ['/top-up', 'nav.topUp', '+'],
  ['/help', 'more.help', '?'],
] as const;
const SECONDARY = [
  ['/statements', 'nav.statements'],
  ['/transactions', 'more.transactions'],
  ['/plans', 'nav.plans'],
  ['/inbox', 'alertInbox.nav'],
  ['/alerts', 'nav.alerts'],
  ['/apps', 'nav.apps'],
  ['/profile', 'nav.profile'],
] as const;

const isCurrent = (path: string, href: string) => path === href || (href === '/dashboard' && path.startsWith('/esims/'));

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { account, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  // Move focus to the new page's content after navigation, for keyboard and screen reader users.
  useEffect(() => {
    setOpen(false);
    main.current?.querySelector('h1')?.focus({ preventScroll: true });
  }, [path]);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector('a')?.focus();
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [open]);
  const link = (href: string, label: string, icon?: string) => (
    <a href={href} onClick={onLinkClick} aria-current={isCurrent(path, href) ? 'page' : undefined}>
      {icon ? (
        <span className="icon" aria-hidden="true">
          {icon}
        </span>
      ) : null}
      <span className="label">{label}</span>
    </a>
  );
  const inMore = SECONDARY.some(([href]) => isCurrent(path, href));
  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◉
          </span>{' '}
          {t('app.title')}
        </div>
        <div className="who">
          <span className="name">{account.name}</span>
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav className={open ? 'site open' : 'site'} aria-label={t('nav.label')}>
        <ul className="primary">
          {PRIMARY.map(([href, key, icon]) => (
            <li key={href}>{link(href, t(key), icon)}</li>
          ))}
          <li className="more">
            <button type="button" aria-expanded={open} aria-controls="more-menu" className={inMore ? 'in-more' : undefined} onClick={() => setOpen(!open)}>
              <span className="icon" aria-hidden="true">
                {open ? '×' : '⋯'}
              </span>
              <span className="label">{open ? t('more.close') : t('more.label')}</span>
              {open ? null : <UnreadBadge path={path} />}
            </button>
          </li>
        </ul>
        <ul className="secondary" id="more-menu" ref={menu}>
          {SECONDARY.map(([href, key]) => (
            <li key={href}>
              {link(href, t(key))}
              {href === '/inbox' ? <UnreadBadge path={path} /> : null}
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main}>
        <OfflineBanner />
        {children}
      </main>
    </>
  );
}
