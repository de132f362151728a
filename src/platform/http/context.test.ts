import { describe, expect, it } from 'vitest';
import { safeLocalPath } from './context.ts';

describe('return paths', () => {
  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeLocalPath('/werkplek')).toBe('/werkplek');
    expect(safeLocalPath('/twente/zoeken?q=werk&page=2#resultaten')).toBe('/twente/zoeken?q=werk&page=2#resultaten');
    expect(safeLocalPath('/werkplek?terug=//evil.example')).toBe('/werkplek?terug=//evil.example');
  });

  it.each([
    ['CR/LF', '/werkplek\r\nSet-Cookie: wc_session=x'],
    ['LF', '/werkplek\nx'],
    ['TAB', '/\t/evil.example'],
    ['NUL', '/werkplek\u0000'],
    ['DEL', '/werkplek\u007f'],
    ['protocol-relative', '//evil.example'],
    ['backslash', '/\\evil.example'],
    ['scheme', 'https://evil.example'],
    ['javascript', 'javascript:alert(1)'],
    ['relative', 'werkplek'],
    ['encoded CR/LF', '/%0d%0aSet-Cookie:%20x=y'],
    ['encoded TAB', '/%09/evil.example'],
    ['dot segments to //', '/a/../..//evil.example'],
    ['encoded dot segments to //', '/%2e%2e//evil.example'],
    ['not a string', 42],
  ])('falls back for %s', (_name, value) => {
    expect(safeLocalPath(value, '/terug')).toBe('/terug');
  });
});
