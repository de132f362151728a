import { describe, expect, it } from 'vitest';
import { hasNul } from './nul-guard.ts';

describe('hasNul', () => {
  it('finds U+0000 in strings, nested values and keys, not elsewhere', () => {
    expect(hasNul('a\u0000b')).toBe(true);
    expect(hasNul({ a: ['x', { b: [1, null, 'y\u0000'] }] })).toBe(true);
    expect(hasNul({ ['k\u0000']: 'v' })).toBe(true);
    expect(hasNul(Object.assign(Object.create(null) as object, { q: '\u0000' }))).toBe(true);
    expect(hasNul({ a: ['x', { b: [1, true, 'y', '%00', '\\u0000'] }] })).toBe(false);
    expect(hasNul(Buffer.from('a\u0000b'))).toBe(false);
    expect(hasNul(undefined)).toBe(false);
  });

  it('walks a JSON body nested far deeper than the call stack allows', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(hasNul(deep)).toBe(true);
  });
});
