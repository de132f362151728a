import { Page, type PageContext } from '../web/layout.tsx';
import { esc } from '../web/html.ts';
import { DataTable } from '../web/table.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { problemTitles, problemType, type ProblemSlug } from './errors.ts';

// The readable form of /api/v1/openapi.json: built from the same document, so it cannot drift
// from what the API does. Chrome in the page language; summaries and descriptions come from the
// document and are marked as English for screen readers.

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  examples?: unknown[];
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
  example?: unknown;
}

interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: SchemaObject }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  responses: Record<string, Response>;
}

export interface ApiDocument {
  info: { title: string; version: string; description?: string; contact?: { name?: string; email?: string; url?: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface OperationEntry {
  id: string;
  method: string;
  /** Full path as a client calls it, including the server's base path. */
  path: string;
  operation: Operation;
}

function operationsOf(document: ApiDocument, basePath: string): OperationEntry[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods
      .filter((method) => item[method])
      .map((method) => {
        const operation = item[method]!;
        return { id: `op-${operation.operationId ?? `${method}-${path}`.replace(/[^a-zA-Z0-9-]/g, '-')}`, method: method.toUpperCase(), path: `${basePath}${path}`, operation };
      }),
  );
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const schemaAnchor = (name: string) => `schema-${name}`;

/** A message with one placeholder filled by markup (a link), the rest escaped. */
function Fill({ text, slot }: { text: string; slot: JSX.Element }) {
  const [before = '', after = ''] = text.split(/\{\w+\}/);
  return (
    <>
      {esc(before)}
      {slot}
      {esc(after)}
    </>
  );
}

function CodeList({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((value, index) => (
        <>
          {index > 0 ? esc(', ') : ''}
          <code class="utrecht-code">{esc(value)}</code>
        </>
      ))}
    </>
  );
}

function TypeLabel({ t, schema }: { t: PageContext['t']; schema: SchemaObject | undefined }): JSX.Element {
  if (!schema) return esc('');
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a class="utrecht-link" href={`#${schemaAnchor(name)}`}>
        {esc(name)}
      </a>
    );
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const others = variants.filter((variant) => variant.type !== 'null');
    if (others.length === 1 && others.length < variants.length) {
      return <Fill text={t('api.docs.orNull')} slot={<TypeLabel t={t} schema={others[0]} />} />;
    }
    return <>{variants.map((variant, index) => <>{index > 0 ? esc(' | ') : ''}<TypeLabel t={t} schema={variant} /></>)}</>;
  }
  if (schema.type === 'array') return <Fill text={t('api.docs.listOf')} slot={<TypeLabel t={t} schema={schema.items} />} />;
  const type = [schema.type ?? 'object'].flat().join(' | ');
  return esc(schema.format ? `${type} (${schema.format})` : type);
}

/** Description plus the constraints a client must know: allowed values, pattern, an example. */
function Explanation({ t, description, schema, example }: { t: PageContext['t']; description?: string; schema?: SchemaObject; example?: unknown }) {
  const sample = example ?? schema?.examples?.[0];
  return (
    <>
      {description ? <div lang="en">{esc(description)}</div> : ''}
      {schema?.enum && (
        <div>
          <Fill text={t('api.docs.oneOf')} slot={<CodeList values={schema.enum.map(String)} />} />
        </div>
      )}
      {schema?.pattern ? (
        <div>
          <Fill text={t('api.docs.pattern')} slot={<code class="utrecht-code">{esc(schema.pattern)}</code>} />
        </div>
      ) : ''}
      {sample !== undefined && (
        <div>
          <Fill text={t('api.docs.example')} slot={<code class="utrecht-code">{esc(typeof sample === 'string' ? sample : JSON.stringify(sample))}</code>} />
        </div>
      )}
    </>
  );
}

interface FieldRow {
  name: string;
  schema: SchemaObject;
  required: boolean;
}

/** Fields of an object schema, with inline objects (also inside lists or nullables) flattened to dotted names. */
function fieldRows(schema: SchemaObject, prefix = ''): FieldRow[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = `${prefix}${name}`;
    const row = { name: path, schema: property, required: schema.required?.includes(name) ?? false };
    const inline = [property, property.items, ...(property.anyOf ?? []), ...(property.oneOf ?? [])].find((candidate) => candidate?.properties);
    if (!inline) return [row];
    return [row, ...fieldRows(inline, inline === property.items ? `${path}[].` : `${path}.`)];
  });
}

/** Column headings in the page language. */
const headings = (t: PageContext['t'], keys: readonly MessageKey[]) => keys.map((key) => t(key));

function OperationSection({ t, entry }: { t: PageContext['t']; entry: OperationEntry }) {
  const { operation } = entry;
  const label = `${entry.method} ${entry.path}`;
  const parameters = operation.parameters ?? [];
  const yesNo = (value: boolean | undefined) => esc(t(value ? 'api.docs.yes' : 'api.docs.no'));
  return (
    <section class="wc-stack">
      <h3 class="utrecht-heading-3" id={entry.id}>
        {esc(label)}
      </h3>
      {operation.summary ? (
        <p class="utrecht-paragraph" lang="en">
          {esc(operation.summary)}
        </p>
      ) : ''}
      {operation.description ? (
        <p class="utrecht-paragraph" lang="en">
          {esc(operation.description)}
        </p>
      ) : ''}
      <h4 class="utrecht-heading-4" id={`${entry.id}-parameters`}>
        {esc(t('api.docs.parameters'))}
      </h4>
      {parameters.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('api.docs.noParameters'))}</p>
      ) : (
        <DataTable
          labelledBy={`${entry.id} ${entry.id}-parameters`}
          scrollRegion
          rowHeader
          headers={headings(t, ['api.docs.column.name', 'api.docs.column.in', 'api.docs.column.required', 'api.docs.column.type', 'api.docs.column.description'])}
          rows={parameters}
          cells={(parameter) => [
            <code class="utrecht-code">{esc(parameter.name)}</code>,
            esc(t(`api.docs.in.${parameter.in}`)),
            yesNo(parameter.required),
            <TypeLabel t={t} schema={parameter.schema} />,
            <Explanation t={t} description={parameter.description} schema={parameter.schema} example={parameter.example} />,
          ]}
        />
      )}
      <h4 class="utrecht-heading-4" id={`${entry.id}-responses`}>
        {esc(t('api.docs.responses'))}
      </h4>
      <DataTable
        labelledBy={`${entry.id} ${entry.id}-responses`}
        scrollRegion
        rowHeader
        headers={headings(t, ['api.docs.column.status', 'api.docs.column.description', 'api.docs.column.contentType', 'api.docs.column.schema', 'api.docs.column.headers'])}
        columnLang={[undefined, 'en']}
        rows={Object.entries(operation.responses)}
        cells={([status, response]) => {
          const content = Object.entries(response.content ?? {});
          return [
            esc(status),
            esc(response.description),
            content.length === 0 ? esc(t('api.docs.none')) : content.map(([type]) => <code class="utrecht-code">{esc(type)}</code>),
            content.map(([, media]) => <TypeLabel t={t} schema={media.schema} />),
            <CodeList values={Object.keys(response.headers ?? {})} />,
          ];
        }}
      />
    </section>
  );
}

function SchemaSection({ t, name, schema }: { t: PageContext['t']; name: string; schema: SchemaObject }) {
  const id = schemaAnchor(name);
  return (
    <section class="wc-stack">
      <h3 class="utrecht-heading-3" id={id}>
        {esc(name)}
      </h3>
      {schema.description ? (
        <p class="utrecht-paragraph" lang="en">
          {esc(schema.description)}
        </p>
      ) : ''}
      <DataTable
        labelledBy={id}
        scrollRegion
        rowHeader
        headers={headings(t, ['api.docs.column.field', 'api.docs.column.type', 'api.docs.column.required', 'api.docs.column.description'])}
        rows={fieldRows(schema)}
        cells={(row) => [
          <code class="utrecht-code">{esc(row.name)}</code>,
          <TypeLabel t={t} schema={row.schema} />,
          esc(t(row.required ? 'api.docs.yes' : 'api.docs.no')),
          <Explanation t={t} description={row.schema.description} schema={row.schema} />,
        ]}
      />
    </section>
  );
}

export function ApiDocsPage({ ctx, document, specPath }: { ctx: PageContext; document: ApiDocument; specPath: string }) {
  const { t } = ctx;
  const server = document.servers?.[0]?.url ?? '';
  const basePath = server ? new URL(server).pathname.replace(/\/$/, '') : '';
  const operations = operationsOf(document, basePath);
  const schemas = Object.entries(document.components?.schemas ?? {});
  const problems = (Object.entries(problemTitles) as [ProblemSlug, (typeof problemTitles)[ProblemSlug]][]).sort((a, b) => a[1].status - b[1].status);
  const contact = document.info.contact;
  const contents: [string, string][] = [
    ['overzicht', t('api.docs.overview')],
    ['afspraken', t('api.docs.conventions')],
    ['endpoints', t('api.docs.operations')],
    ['gegevens', t('api.docs.schemas')],
    ['foutmeldingen', t('api.docs.problems')],
  ];
  return (
    <Page ctx={ctx} title={t('api.docs.title')} lead={t('api.docs.intro')}>
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={specPath} type="application/json" download="werkcentrum-openapi.json">
        {esc(t('api.docs.download'))}
      </a>
    </p>
    <nav aria-labelledby="inhoudsopgave">
      <h2 class="utrecht-heading-2" id="inhoudsopgave">
        {esc(t('api.docs.contents'))}
      </h2>
      <ul class="utrecht-unordered-list">
        {contents.map(([id, label]) => (
          <li>
            <a class="utrecht-link" href={`#${id}`}>
              {esc(label)}
            </a>
            {id === 'endpoints' && (
              <ul class="utrecht-unordered-list">
                {operations.map((entry) => (
                  <li>
                    <a class="utrecht-link" href={`#${entry.id}`}>
                      <code class="utrecht-code">{esc(`${entry.method} ${entry.path}`)}</code>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </nav>

    <section class="wc-stack">
      <h2 class="utrecht-heading-2" id="overzicht">
        {esc(t('api.docs.overview'))}
      </h2>
      <dl class="utrecht-data-list utrecht-data-list--rows">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{esc(t('api.docs.baseUrl'))}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
            <code class="utrecht-code">{esc(server)}</code>
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{esc(t('api.docs.version'))}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{esc(document.info.version)}</dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{esc(t('api.docs.specification'))}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
            <a class="utrecht-link" href={specPath}>
              <code class="utrecht-code">{esc(specPath)}</code>
            </a>
          </dd>
        </div>
        {contact?.email ? (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{esc(t('api.docs.contact'))}</dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
              <a class="utrecht-link" href={`mailto:${contact.email}`}>
                {esc(contact.name ? `${contact.name} <${contact.email}>` : contact.email)}
              </a>
            </dd>
          </div>
        ) : ''}
      </dl>
    </section>

    <section class="wc-stack">
      <h2 class="utrecht-heading-2" id="afspraken">
        {esc(t('api.docs.conventions'))}
      </h2>
      <ul class="utrecht-unordered-list">
        {(
          [
            'api.docs.convention.version',
            'api.docs.convention.errors',
            'api.docs.convention.trace',
            'api.docs.convention.rateLimit',
            'api.docs.convention.idempotency',
            'api.docs.convention.names',
          ] as const
        ).map((key) => (
          <li>{esc(t(key))}</li>
        ))}
      </ul>
    </section>

    <section class="wc-stack">
      <h2 class="utrecht-heading-2" id="endpoints">
        {esc(t('api.docs.operations'))}
      </h2>
      {operations.map((entry) => (
        <OperationSection t={t} entry={entry} />
      ))}
    </section>

    <section class="wc-stack">
      <h2 class="utrecht-heading-2" id="gegevens">
        {esc(t('api.docs.schemas'))}
      </h2>
      <p class="utrecht-paragraph">{esc(t('api.docs.schemasIntro'))}</p>
      {schemas.map(([name, schema]) => (
        <SchemaSection t={t} name={name} schema={schema} />
      ))}
    </section>

    <section class="wc-stack">
      <h2 class="utrecht-heading-2" id="foutmeldingen">
        {esc(t('api.docs.problems'))}
      </h2>
      <p class="utrecht-paragraph">{esc(t('api.docs.problemsIntro'))}</p>
      <DataTable
        labelledBy="foutmeldingen"
        scrollRegion
        rowHeader
        headers={headings(t, ['api.docs.column.problemType', 'api.docs.column.status', 'api.docs.column.title'])}
        columnLang={[undefined, undefined, 'en']}
        rows={problems}
        cells={([slug, problem]) => [
          <a class="utrecht-link" href={problemType(slug)}>
            <code class="utrecht-code">{esc(problemType(slug))}</code>
          </a>,
          esc(problem.status),
          esc(problem.title),
        ]}
      />
    </section>
    </Page>
  );
}
