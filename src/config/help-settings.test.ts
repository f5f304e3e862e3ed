import { describe, expect, it } from 'vitest';
import { DEFAULT_HELP, loadHelpSettings } from './help-settings.js';

describe('help settings', () => {
  it('has documented defaults', () => {
    expect(loadHelpSettings({})).toEqual(DEFAULT_HELP);
  });

  it("reads the operator's contact points", () => {
    expect(
      loadHelpSettings({
        SIMLEDGER_HELP_SMS_SHORT_CODE: '1234',
        SIMLEDGER_HELP_USSD_CODE: '*123#',
        SIMLEDGER_HELP_HOTLINE: '+81 3-1234-5678',
        SIMLEDGER_HELP_HOTLINE_HOURS: '1-5 08:30-18:00 Asia/Tokyo',
        SIMLEDGER_HELP_PRIVACY_EMAIL: 'dpo@example.jp',
      }),
    ).toEqual({
      smsShortCode: '1234',
      ussdCode: '*123#',
      hotlineNumber: '+81 3-1234-5678',
      privacyEmail: 'dpo@example.jp',
      hotlineHours: { fromDay: 1, toDay: 5, open: '08:30', close: '18:00', timeZone: 'Asia/Tokyo' },
    });
  });

  it.each([
    ['SIMLEDGER_HELP_SMS_SHORT_CODE', 'BAL', /SIMLEDGER_HELP_SMS_SHORT_CODE "BAL" is not valid/],
    ['SIMLEDGER_HELP_USSD_CODE', '100', /SIMLEDGER_HELP_USSD_CODE/],
    ['SIMLEDGER_HELP_HOTLINE_HOURS', '9-17', /ISO weekdays/],
    ['SIMLEDGER_HELP_HOTLINE_HOURS', '1-5 09:00-18:00 Mars/Olympus', /"Mars\/Olympus" is not an IANA time zone/],
    ['SIMLEDGER_HELP_PRIVACY_EMAIL', 'nobody', /SIMLEDGER_HELP_PRIVACY_EMAIL/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadHelpSettings({ [name]: value })).toThrow(message);
  });
});
