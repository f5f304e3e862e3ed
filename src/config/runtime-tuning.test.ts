import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_FLAGS } from './runtime-tuning.js';

describe('runtime tuning', () => {
  it('the command starts with exactly the flags the tuning module lists', () => {
    const shebang = readFileSync(new URL('../../bin/simledger.js', import.meta.url), 'utf8').split('\n')[0]!;
    const given = shebang.split(/\s+/).filter((w) => w.startsWith('--') || /^[A-Z_]+=/.test(w));
    expect(given.sort()).toEqual(Object.keys(COMMAND_FLAGS).sort());
  });
});
