import { describe, expect, it } from 'vitest';
import { isValidBsn, maskBsn, nameKey, normaliseBsn, phoneKey } from './client-values.ts';

describe('client values', () => {
  it('accepts BSNs that pass the eleven-test and refuses the rest', () => {
    // Test numbers that pass (from the public examples of the eleven-test).
    for (const bsn of ['111222333', '123456782', '999999990', '012345672']) expect(isValidBsn(bsn), bsn).toBe(true);
    for (const bsn of ['123456789', '111222334', '12345678', '1234567890', '000000000', 'abcdefghi']) expect(isValidBsn(bsn), bsn).toBe(false);
    expect(normaliseBsn('12345672')).toBe('012345672');
    expect(normaliseBsn('1234.56.782')).toBe('123456782');
    expect(maskBsn('123456782')).toBe('*****6782');
  });

  it('finds the same name and phone number however they were typed', () => {
    expect(nameKey('Fatima', 'el-Amrani')).toBe(nameKey('fatima ', 'El Amrani'));
    expect(nameKey('Zoë', 'Müller')).toBe('zoemuller');
    expect(phoneKey('+31 6 1234 5678')).toBe('0612345678');
    expect(phoneKey('0031612345678')).toBe('0612345678');
    expect(phoneKey('06-12345678')).toBe('0612345678');
    expect(phoneKey('12')).toBeNull();
  });
});
