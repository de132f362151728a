import { safeLocalPath } from '../http/context.ts';

/** A return path (`terug`) as a form, link or cookie gives it: a path on this site or nothing. Check it before anything happens. */
export const returnPath = (value: string | undefined) => safeLocalPath(value, '');

/** Where a completed login goes: the checked return path, never back into the login pages. */
export const afterLogin = (back: string) => (back && !back.startsWith('/inloggen') ? back : '/werkplek');
