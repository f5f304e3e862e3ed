import { describe, expect, it } from 'vitest';
import { renderSmsReply } from './render.js';

const GIB = 1_073_741_824n;

describe('SMS replies from the shared catalogue', () => {
  it("counts calls in the language's own words and digits", () => {
    const usage = renderSmsReply({
      kind: 'usage',
      language: 'ar',
      timeZone: 'Asia/Muscat',
      month: '2026-03',
      totals: { data: 0n, voice: 300n, sms: 2n },
      charged: { minor: 1_500n, currency: 'OMR' },
    });
    expect(usage).toContain('مكالمات ٥ دقائق');
  });

  it("names a plan's size only when its name does not already say it", () => {
    const plans = (name: string) =>
      renderSmsReply({
        kind: 'plans',
        language: 'en',
        timeZone: 'UTC',
        plans: [{ name, price: { minor: 3000n, currency: 'HKD' }, dataBytes: GIB, validityDays: 3 }],
      });
    expect(plans('1GB 3 days')).toBe('Plans: 1GB 3 days HK$30.00. Buy in the app.');
    expect(plans('Japan Basic')).toBe('Plans: Japan Basic (1 GB, 3 days) HK$30.00. Buy in the app.');
  });
});
