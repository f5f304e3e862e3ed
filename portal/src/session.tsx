/** The signed-in account, shared by every page. */
import { createContext, useContext } from 'react';
import type { Account } from './api.js';

export interface SessionContextValue {
  account: Account;
  setAccount(account: Account): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

/** The UI language (the account's) and the account's time zone, for formatting. */
export function useLocale(): { language: string; timeZone: string; currency: string } {
  const { account } = useSession();
  return { language: account.language, timeZone: account.timeZone, currency: account.currency };
}
