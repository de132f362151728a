import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// One small stylesheet, built once at start: the NL Design System component CSS the pages use,
// only the design tokens those components reference (taken from the example theme), and the
// Werkcentrum theme and layout on top. Shipping the whole component library and theme would be
// over 600 KB; this is a fraction of that.

const require = createRequire(import.meta.url);

const components = [
  'document',
  'page-header',
  'page-footer',
  'heading-1',
  'heading-2',
  'heading-3',
  'heading-4',
  'paragraph',
  'link',
  'button',
  'form-field',
  'form-label',
  'form-field-description',
  'form-field-error-message',
  'form-fieldset',
  'textbox',
  'textarea',
  'select',
  'checkbox',
  'radio-button',
  'alert',
  'table',
  'unordered-list',
  'ordered-list',
  'skip-link',
  'status-badge',
  'separator',
  'data-list',
  'code',
  'blockquote',
];

function componentCss(name: string): string {
  return readFileSync(require.resolve(`@utrecht/${name}-css/dist/index.min.css`), 'utf8');
}

/** Declarations of the example theme, as name → value. */
function themeTokens(): Map<string, string> {
  const theme = readFileSync(require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css'), 'utf8');
  const tokens = new Map<string, string>();
  for (const match of theme.matchAll(/(--[\w-]+):\s*([^;]+);/g)) tokens.set(match[1]!, match[2]!.trim());
  return tokens;
}

function referencedTokens(css: string): Set<string> {
  return new Set([...css.matchAll(/var\((--[\w-]+)/g)].map((match) => match[1]!));
}

export interface Stylesheet {
  path: string;
  body: string;
}

export function buildStylesheet(): Stylesheet {
  const own = readFileSync(fileURLToPath(new URL('./werkcentrum.css', import.meta.url)), 'utf8');
  const css = components.map(componentCss).join('\n');
  const tokens = themeTokens();
  const overridden = new Set([...own.matchAll(/(--[\w-]+):/g)].map((match) => match[1]!));
  const needed = new Set<string>();
  const queue = [...referencedTokens(css + own)];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (needed.has(name) || !tokens.has(name)) continue;
    needed.add(name);
    queue.push(...referencedTokens(tokens.get(name)!));
  }
  const declarations = [...needed]
    .filter((name) => !overridden.has(name))
    .sort()
    .map((name) => `  ${name}: ${tokens.get(name)};`)
    .join('\n');
  const body = `/* NL Design System (EUPL-1.2): @utrecht component CSS and example design tokens. */\n.werkcentrum-theme {\n${declarations}\n}\n${css}\n${own}`;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/app.${hash}.css`, body };
}
