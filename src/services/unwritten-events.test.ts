import { describe, expect, it } from 'vitest';
import type { KnownEvent } from '../store/usage-store.js';
import { UnwrittenEvents } from './unwritten-events.js';

const rated = (hash: string): KnownEvent => ({ standingHash: hash, rated: true });

describe('UnwrittenEvents', () => {
  it('shows the latest state of each event until the batch that left it lands', () => {
    const events = new UnwrittenEvents();
    const a1 = rated('a1');
    const b1 = rated('b1');
    const a2 = { ...a1, conflictHashes: new Set(['a2']) };
    const batch1 = [
      new Map([
        ['a', a1],
        ['b', b1],
      ]),
    ];
    const batch2 = [new Map([['a', a2]])];
    events.add(batch1[0]!);
    events.add(batch2[0]!);
    expect(events.view.get('a')).toBe(a2);
    expect(events.view.get('b')).toBe(b1);
    events.landed(batch1); // 'a' stays: the batch in flight after it holds a later state of it
    expect([...events.view.keys()]).toEqual(['a']);
    events.landed(batch2);
    expect(events.view.size).toBe(0);
  });

  it('forgets everything when cleared', () => {
    const events = new UnwrittenEvents();
    events.add(new Map([['a', rated('a')]]));
    events.clear();
    expect(events.view.size).toBe(0);
  });
});
