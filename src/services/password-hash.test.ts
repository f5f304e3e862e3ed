import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing', () => {
  it('hashes with scrypt N=16384 and verifies', async () => {
    const stored = await hashPassword('雨の日も 晴れの日も');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('雨の日も 晴れの日も', stored)).toBe(true);
    expect(await verifyPassword('雨の日も 晴れの日', stored)).toBe(false);
  });

  it('salts every hash and refuses malformed stored values', async () => {
    expect(await hashPassword('secret-pass')).not.toBe(await hashPassword('secret-pass'));
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$3$8$1$c2FsdA$aGFzaA')).toBe(false);
  });
});
