// Reading forms out of rendered pages, as a browser would submit them.

/** The form values of an edit page, as a browser would submit them. */
export function formOfPage(page: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = form[name];
    if (existing === undefined) form[name] = value;
    else form[name] = [existing, value].flat();
  };
  const decode = (value: string) =>
    value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const match of page.matchAll(/<input([^>]*)>/g)) {
    const attributes = match[1]!;
    const name = /name="([^"]+)"/.exec(attributes)?.[1];
    const value = decode(/value="([^"]*)"/.exec(attributes)?.[1] ?? '');
    const type = /type="([^"]+)"/.exec(attributes)?.[1] ?? 'text';
    if (!name || name === '_csrf') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(attributes)) continue;
    add(name, value);
  }
  for (const match of page.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(match[1]!, decode(match[2]!));
  for (const match of page.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = [...match[2]!.matchAll(/<option value="([^"]*)"[^>]*\sselected/g)].map((m) => decode(m[1]!));
    for (const value of selected) add(match[1]!, value);
  }
  return form;
}
