// What a browser makes of the HTML the pages send, for tests that read values out of a page.

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

// The inside of a start tag: a quoted attribute value may hold `>`.
const TAG = String.raw`(?:[^>"]|"[^"]*")*`;
const tag = (name: string) => new RegExp(`<${name}(${TAG})>`, 'g');

/** Decodes character references (`&amp;`, `&#34;`, `&#x27;`) in one pass, as the HTML parser does. */
export function decodeHtml(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return named[name!.toLowerCase()] ?? whole;
  });
}

/**
 * The values of a form on a page, as a browser would submit them: the form that posts to `action`,
 * or all forms of the page (by field name).
 */
export function formOfPage(page: string, action?: string): Record<string, string | string[]> {
  if (action !== undefined) {
    const forms = [...page.matchAll(new RegExp(`<form(${TAG})>[\\s\\S]*?</form>`, 'g'))];
    const match = forms.find((candidate) => attributeOf(candidate[1]!, 'action') === action);
    if (!match) throw new Error(`the page has no form that posts to ${action}`);
    page = match[0];
  }
  const form: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = form[name];
    if (existing === undefined) form[name] = value;
    else form[name] = [existing, value].flat();
  };
  for (const [, attributes] of page.matchAll(tag('input'))) {
    const name = attributeOf(attributes!, 'name');
    const type = attributeOf(attributes!, 'type') ?? 'text';
    if (!name || name === '_csrf') continue;
    if ((type === 'checkbox' || type === 'radio') && !hasFlag(attributes!, 'checked')) continue;
    add(name, attributeOf(attributes!, 'value') ?? '');
  }
  for (const match of page.matchAll(new RegExp(`<textarea(${TAG})>([\\s\\S]*?)</textarea>`, 'g'))) {
    const name = attributeOf(match[1]!, 'name');
    if (name) add(name, decodeHtml(match[2]!));
  }
  for (const match of page.matchAll(new RegExp(`<select(${TAG})>([\\s\\S]*?)</select>`, 'g'))) {
    const name = attributeOf(match[1]!, 'name');
    if (!name) continue;
    for (const [, option] of match[2]!.matchAll(tag('option'))) {
      if (hasFlag(option!, 'selected')) add(name, attributeOf(option!, 'value') ?? '');
    }
  }
  return form;
}

/** The decoded value of an attribute in the inside of a start tag. */
function attributeOf(attributes: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];
  return value === undefined ? undefined : decodeHtml(value);
}

/** Whether a start tag has a boolean attribute (outside the quoted values). */
function hasFlag(attributes: string, name: string): boolean {
  return new RegExp(`\\s${name}(?=[\\s/=]|$)`).test(attributes.replace(/"[^"]*"/g, '""'));
}
