import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, get, post, setCsrfToken, whenUnauthorized, type Account, type SessionInfo } from './api.js';
import { Layout } from './components/Layout.js';
import { changeLanguage, isLanguage } from './i18n.js';
import { Alerts } from './pages/Alerts.js';
import { ConnectedApps } from './pages/ConnectedApps.js';
import { Consent } from './pages/Consent.js';
import { Dashboard } from './pages/Dashboard.js';
import { EsimDetail } from './pages/EsimDetail.js';
import { ForgotPassword } from './pages/ForgotPassword.js';
import { Help } from './pages/Help.js';
import { Inbox } from './pages/Inbox.js';
import { NotFound } from './pages/NotFound.js';
import { Plans } from './pages/Plans.js';
import { Profile } from './pages/Profile.js';
import { Records } from './pages/Records.js';
import { SignIn } from './pages/SignIn.js';
import { Statements } from './pages/Statements.js';
import { TopUp } from './pages/TopUp.js';
import { Transactions } from './pages/Transactions.js';
import { navigate, onLinkClick, usePath } from './router.js';
import { SessionContext } from './session.js';

const PUBLIC = new Set(['/sign-in', '/forgot-password']);
/** Open to everyone, signed in or not. */
const OPEN = new Set(['/help']);
/** An app's consent screen: signing in there stays there. */
const CONSENT = /^\/oauth\/consent\/([\w-]+)$/;

function Page({ path }: { path: string }) {
  const consent = CONSENT.exec(path);
  if (consent) return <Consent uid={consent[1]!} />;
  const esim = /^\/esims\/([^/]+)$/.exec(path);
  if (esim) return <EsimDetail iccid={decodeURIComponent(esim[1]!)} />;
  switch (path) {
    case '/':
    case '/dashboard':
      return <Dashboard />;
    case '/records':
      return <Records />;
    case '/statements':
      return <Statements />;
    case '/top-up':
      return <TopUp />;
    case '/plans':
      return <Plans />;
    case '/alerts':
      return <Alerts />;
    case '/inbox':
      return <Inbox />;
    case '/profile':
      return <Profile />;
    case '/transactions':
      return <Transactions />;
    case '/help':
      return <Help />;
    case '/apps':
      return <ConnectedApps />;
    default:
      return <NotFound />;
  }
}

function SignedOutHelp() {
  const { t } = useTranslation();
  return (
    <>
      <Help />
      <p>
        <a href="/sign-in" onClick={onLinkClick}>
          {t('help.signedOut')}
        </a>
      </p>
    </>
  );
}

type State = { phase: 'loading' } | { phase: 'out' } | { phase: 'in'; account: Account } | { phase: 'error' };

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const [state, setState] = useState<State>({ phase: 'loading' });

  const enter = useCallback(async (session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    const account = await get<Account>('/me');
    if (isLanguage(account.language)) await changeLanguage(account.language);
    setState({ phase: 'in', account });
  }, []);

  useEffect(() => {
    whenUnauthorized(() => {
      setCsrfToken(undefined);
      setState({ phase: 'out' });
    });
    get<SessionInfo>('/auth/session')
      .then(enter)
      .catch((e: unknown) => setState(e instanceof ApiProblem && e.status === 401 ? { phase: 'out' } : { phase: 'error' }));
  }, [enter]);

  useEffect(() => {
    if (state.phase === 'out' && !PUBLIC.has(path) && !OPEN.has(path) && !CONSENT.test(path)) navigate(`/sign-in`, true);
    if (state.phase === 'in' && (PUBLIC.has(path) || path === '/')) navigate('/dashboard', true);
  }, [state.phase, path]);

  const signOut = useCallback(async () => {
    try {
      await post('/auth/sign-out');
    } finally {
      setCsrfToken(undefined);
      setState({ phase: 'out' });
      navigate('/sign-in');
    }
  }, []);

  if (state.phase === 'loading')
    return (
      <p className="boot" role="status">
        {t('common.loading')}
      </p>
    );
  if (state.phase === 'error')
    return (
      <p className="boot" role="alert">
        {t('errors.network_error')}
      </p>
    );
  if (state.phase === 'out') {
    return (
      <main id="main" className="auth">
        {path === '/forgot-password' ? <ForgotPassword /> : path === '/help' ? <SignedOutHelp /> : <SignIn onSignedIn={enter} />}
      </main>
    );
  }
  const value = { account: state.account, setAccount: (account: Account) => setState({ phase: 'in', account }), signOut };
  return (
    <SessionContext.Provider value={value}>
      <Layout path={path}>
        <Page key={path} path={path} />
      </Layout>
    </SessionContext.Provider>
  );
}
