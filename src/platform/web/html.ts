import { Html } from '@kitajs/html';

/**
 * The one HTML escaping: `&`, `<`, `"` and `'`. Text goes through it by `esc`, attribute values
 * by the JSX runtime (jsx-runtime.ts), so both are safe in either place.
 */
export function escapeHtml(value: string): string {
  return Html.escapeHtml(value);
}

/** Escapes text for HTML. Use for every string that is not a JSX element (messages, data). */
export function esc(value: string | number): JSX.Element {
  return escapeHtml(String(value));
}
