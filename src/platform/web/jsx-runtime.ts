import { Fragment, jsx as kitaJsx, jsxs as kitaJsxs } from '@kitajs/html/jsx-runtime';
import { escapeHtml } from './html.ts';

// The JSX runtime of every .tsx file (tsconfig `jsxImportSource` is "#jsx", which package.json
// `imports` maps here): @kitajs/html's, except that every string in an attribute value is escaped
// with the same function as text. @kitajs/html escapes only `"` there, so a form field holding
// `&lt;script&gt;` was sent as `value="&lt;script&gt;"`, the browser decoded it to `<script>`, and
// the next save stored that. So an attribute value is always plain text: never pass one through
// `esc` (it would show as `&amp;amp;`); a URL with `&` in its query is written as it is and leaves
// as `&amp;`, as HTML wants it.

type Attributes = Record<string, unknown>;
type Jsx = typeof kitaJsx;

// What @kitajs/html itself does not write as an attribute value: content, its escaping switch
// and the tag name of <tag of="…">.
const NOT_ATTRIBUTES = new Set(['children', 'safe', 'of']);

/** A value with every string in it escaped (class lists and attribute objects hold strings too). */
function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escapeValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return escapeAttributes(value as Attributes);
  return value;
}

/** The attributes with their values escaped: the same object when none needed it, as most do not. */
function escapeAttributes(attributes: Attributes): Attributes {
  let escaped: Attributes | undefined;
  for (const key of Object.keys(attributes)) {
    if (NOT_ATTRIBUTES.has(key)) continue;
    const value = attributes[key];
    const safe = escapeValue(value);
    if (safe !== value) (escaped ??= { ...attributes })[key] = safe;
  }
  return escaped ?? attributes;
}

/** Elements get escaped attributes; components get their props as they are and render elements themselves. */
const escaping =
  (render: Jsx): Jsx =>
  (name, attributes) =>
    render(name, typeof name === 'string' ? escapeAttributes(attributes) : attributes);

export const jsx = escaping(kitaJsx);
export const jsxs = escaping(kitaJsxs as Jsx) as typeof kitaJsxs;
export { Fragment };
