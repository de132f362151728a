import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../test/helpers/html.ts';
import { esc } from './html.ts';

// The project's JSX runtime (tsconfig jsxImportSource "#jsx"): every attribute value is escaped
// like text, once, so what a browser reads back is exactly what was rendered.

const attribute = (html: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(html)?.[1];

describe('the JSX runtime', () => {
  it('escapes &, <, " and \' in every attribute value, as esc does in text', async () => {
    const value = `&lt;script&gt; & <b> "dubbel" 'enkel'`;
    const html = await (<input name="naam" value={value} title={value} />);
    expect(attribute(html, 'value')).toBe(esc(value));
    expect(attribute(html, 'value')).toBe('&amp;lt;script&amp;gt; &amp; &lt;b> &#34;dubbel&#34; &#39;enkel&#39;');
    // What the browser decodes (and sends back on submit) is the value itself.
    expect(decodeHtml(attribute(html, 'value')!)).toBe(value);
    expect(decodeHtml(attribute(html, 'title')!)).toBe(value);
  });

  it('writes a URL with & in its query as &amp; (once), and leaves plain values alone', async () => {
    const html = await (
      <a href="/twente/zoeken?q=a%26b&pagina=2" class="utrecht-link" data-count={3} hidden={false}>
        x
      </a>
    );
    expect(html).toBe('<a href="/twente/zoeken?q=a%26b&amp;pagina=2" class="utrecht-link" data-count="3">x</a>');
  });

  it('escapes strings in class lists and attribute objects too', async () => {
    expect(await (<p class={['a&b', 'c']}>x</p>)).toBe('<p class="a&amp;b c">x</p>');
    expect(await (<p attrs={{ 'data-x': '<"&' }}>x</p>)).toBe('<p data-x="&lt;&#34;&amp;">x</p>');
  });

  it('leaves text content and a component\'s props to the page, so nothing is escaped twice', async () => {
    const Field = (props: { label: string }) => <label title={props.label}>{esc(props.label)}</label>;
    const html = await (<Field label="Tom & Jerry" />);
    expect(html).toBe('<label title="Tom &amp; Jerry">Tom &amp; Jerry</label>');
    // Pre-built markup stays markup: content is escaped only where the page says so.
    expect(await (<div>{'<svg viewBox="0 0 1 1"></svg>' as 'safe'}</div>)).toBe('<div><svg viewBox="0 0 1 1"></svg></div>');
  });
});
