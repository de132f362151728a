import { Html } from '@kitajs/html';

/** Escapes text for HTML. Use for every string that is not a JSX element (messages, data). */
export function esc(value: string | number): JSX.Element {
  return Html.escapeHtml(String(value));
}
