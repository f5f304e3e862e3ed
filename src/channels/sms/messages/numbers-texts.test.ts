import { describe, expect, it } from 'vitest';
import { numbersLines } from './numbers-texts.js';

const AT = Date.parse('2026-04-15T06:00:00Z');

describe('numbersLines', () => {
  it('names the zone of "counted to" and says when data runs out, before the plan ends', () => {
    expect(
      numbersLines(
        {
          usageToMs: AT,
          overCap: true,
          forecast: { outcome: 'runs_out', atMs: AT + 24 * 3_600_000, pacePerDay: 1n, planEndMs: AT + 3 * 24 * 3_600_000 },
        },
        'Asia/Hong_Kong',
        'en',
      ),
    ).toEqual(['Counted to 04/15, 14:00 GMT+8.', 'At this pace data runs out 04/16, 14:00, before plan ends 04/18, 14:00.', 'Over your pay-as-you-go data cap.']);
  });

  it('says it lasts until the plan ends, in the line language; nothing without usage or a forecast', () => {
    expect(numbersLines({ usageToMs: null, overCap: false, forecast: { outcome: 'lasts', pacePerDay: 1n, planEndMs: AT } }, 'Asia/Tokyo', 'ja')).toEqual([expect.stringContaining('プラン終了')]);
    expect(numbersLines({ usageToMs: null, overCap: false, forecast: undefined }, 'Asia/Tokyo', 'ja')).toEqual([]);
  });
});
