// The values of a client record that are checked or compared: the BSN (eleven-test, masked), and
// the keys that find the same person again however the name or number was typed.

/** The eleven-test (elfproef) of a citizen service number: 9 digits, weights 9…2 and −1, a multiple of 11. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 8).reduce((total, digit, index) => total + digit * (9 - index), 0) - digits[8]!;
  return sum % 11 === 0;
}

/** Digits only; an 8-digit BSN (written without its leading zero) gets it back. */
export function normaliseBsn(value: string): string {
  const digits = value.replace(/[\s.-]/g, '');
  return /^\d{8}$/.test(digits) ? `0${digits}` : digits;
}

/** Shown as `*****6782`: enough to check it with the person, not enough to use it. */
export const maskBsn = (bsn: string): string => `*****${bsn.slice(-4)}`;

/** Lower case, accents and everything but letters removed: "Fatima  el-Amrani" and "fatima elamrani" are one key. */
export function nameKey(givenName: string, familyName: string | null): string {
  return `${givenName} ${familyName ?? ''}`
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

/** The digits of a Dutch phone number in one form: +31 6 12345678, 0031612345678 and 06-12345678 are 0612345678. */
export function phoneKey(phone: string): string | null {
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0031')) digits = `0${digits.slice(4)}`;
  else if (phone.trim().startsWith('+31')) digits = `0${digits.slice(2)}`;
  return digits.length >= 6 && digits.length <= 15 ? digits : null;
}
