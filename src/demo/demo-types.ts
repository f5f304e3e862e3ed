/** The shapes of the demo's provisioning object (the JSON `simledger provision` reads). */
import type { DemoLanguage, DemoPlan, DemoTariff, HomeCurrency } from './demo-catalog.js';

export interface DemoAccount {
  id: string;
  name: string;
  loginPhone?: string;
  language: DemoLanguage;
  timeZone: string;
  currency: HomeCurrency;
  password?: string;
}
export interface DemoEsim {
  iccid: string;
  imsi: string;
  msisdn?: string;
  eid?: string;
  accountId: string;
  tariffId: string;
  state?: 'active';
  activationCode?: string;
}
export interface DemoTopup {
  id: string;
  accountId: string;
  amountMinor: number;
  at: string;
  paymentRef?: string;
}
export interface DemoPurchase {
  id: string;
  iccid: string;
  planId: string;
  at: string;
  paidFrom: 'wallet' | 'external';
}
export interface DemoProvisioning {
  tariffs: DemoTariff[];
  plans: DemoPlan[];
  accounts: DemoAccount[];
  esims: DemoEsim[];
  topups: DemoTopup[];
  purchases: DemoPurchase[];
}
