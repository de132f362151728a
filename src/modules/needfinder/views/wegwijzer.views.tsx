import { Layout, LinkParagraph, type PageContext } from '../../../platform/web/layout.tsx';
import { esc } from '../../../platform/web/html.ts';
import { ServiceCard } from '../../catalogue/views/search.views.tsx';
import type { RegionRef } from '../needfinder.repository.ts';
import type { OutcomeServices } from '../needfinder.service.ts';
import { localText, type Outcome, type Question, type QuestionsAhead, type Step } from '../needfinder.tree.ts';

// The public wegwijzer: one page per question, the answers so far as option codes in the address
// (`?pad=werkende.baan-in-gevaar`), so the back button works and nothing personal is stored; and a
// short, shareable outcome page (`/uitkomst/<code>`) with the region's services that fit.

export const wegwijzerPath = (region: RegionRef, codes: readonly string[] = []) =>
  `/${region.slug}/wegwijzer${codes.length > 0 ? `?pad=${codes.join('.')}` : ''}`;
export const outcomePath = (region: RegionRef, outcome: string) => `/${region.slug}/wegwijzer/uitkomst/${outcome}`;

/** Where the pages of a walk through the wegwijzer are: the public ones, or the editor's preview of the draft. */
export interface WegwijzerPaths {
  question(codes: readonly string[]): string;
  outcome(id: string): string;
}

export const publicPaths = (region: RegionRef): WegwijzerPaths => ({ question: (codes) => wegwijzerPath(region, codes), outcome: (id) => outcomePath(region, id) });

export const previewPath = (regionCode: string, codes: readonly string[] = []) =>
  `/beheer/wegwijzer/${regionCode}/voorbeeld${codes.length > 0 ? `?pad=${codes.join('.')}` : ''}`;
export const previewPaths = (regionCode: string): WegwijzerPaths => ({
  question: (codes) => previewPath(regionCode, codes),
  outcome: (id) => `/beheer/wegwijzer/${regionCode}/voorbeeld/uitkomst/${id}`,
});

/** The editor's preview: a banner over the page says so, with the way back to the editor. */
export interface Preview {
  /** Whether there is a draft (else the preview shows the live tree). */
  draft: boolean;
  editorHref: string;
}

function PreviewBanner({ ctx, preview }: { ctx: PageContext; preview: Preview | undefined }) {
  if (!preview) return <></>;
  return (
    <div class="utrecht-alert utrecht-alert--warning wc-stack" data-preview>
      <p class="utrecht-paragraph">
        <strong>{esc(ctx.t(preview.draft ? 'needfinder.preview.banner' : 'needfinder.preview.live'))}</strong>
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={preview.editorHref}>
          {esc(ctx.t('needfinder.preview.back'))}
        </a>
      </p>
    </div>
  );
}

/** The search page with the outcome's choices already made ("zoek zelf verder"), in its own parameter names. */
export function searchPath(region: RegionRef, outcome: Outcome): string {
  const query = new URLSearchParams([['doelgroep', outcome.audience], ...outcome.themes.map((theme): [string, string] => ['onderwerp', theme])]);
  return `/${region.slug}/zoeken?${query.toString()}`;
}

function Crumb({ ctx, region }: { ctx: PageContext; region: RegionRef }) {
  return (
    <p class="utrecht-paragraph wc-eyebrow">
      <a class="utrecht-link" href={`/${region.slug}`}>
        {esc(ctx.t('needfinder.regionLink', { region: region.name }))}
      </a>
      {esc(` · ${ctx.t('needfinder.title')}`)}
    </p>
  );
}

function BackAndRestart({ ctx, back, restart }: { ctx: PageContext; back: string; restart: string | null }) {
  return (
    <p class="wc-actions">
      <a class="utrecht-link" href={back}>
        {esc(`← ${ctx.t('needfinder.back')}`)}
      </a>
      {restart !== null && (
        <a class="utrecht-link" href={restart}>
          {esc(ctx.t('needfinder.restart'))}
        </a>
      )}
    </p>
  );
}

export function QuestionPage(props: {
  ctx: PageContext;
  region: RegionRef;
  question: Question;
  steps: readonly Step[];
  /** Questions ahead, this one included, along the shortest and the longest way. */
  ahead: QuestionsAhead;
  /** Where each option leads: a question (answers so far + its code) or an outcome page. */
  hrefOf: (code: string) => string;
  pathGone: boolean;
  /** Where the other pages of the walk are; by default the public ones. */
  paths?: WegwijzerPaths;
  preview?: Preview;
}) {
  const { ctx, region, question, steps } = props;
  const { t, lang } = ctx;
  const paths = props.paths ?? publicPaths(region);
  const text = localText(question.text, lang);
  const help = localText(question.help, lang);
  const back = steps.length === 0 ? (props.preview ? props.preview.editorHref : `/${region.slug}`) : paths.question(steps.slice(0, -1).map((step) => step.option.code));
  return (
    <Layout ctx={ctx} title={`${props.preview ? `${t('needfinder.field.draft')}: ` : ''}${text} · ${t('needfinder.title')}`}>
      <div class="wc-stack wc-narrow wc-wegwijzer">
        <PreviewBanner ctx={ctx} preview={props.preview} />
        <Crumb ctx={ctx} region={region} />
        {steps.length === 0 && <p class="utrecht-paragraph wc-lead">{esc(t('needfinder.intro'))}</p>}
        {props.pathGone && (
          <div class="utrecht-alert utrecht-alert--warning" role="status">
            <p class="utrecht-paragraph">{esc(t('needfinder.pathGone'))}</p>
          </div>
        )}
        {/* Where paths differ in length, the count says so: "van hooguit 3" rather than a count that turns out wrong. */}
        <p class="utrecht-paragraph wc-progress">
          {esc(
            t(props.ahead.fewest === props.ahead.most ? 'needfinder.progress' : 'needfinder.progressAtMost', {
              step: steps.length + 1,
              total: steps.length + props.ahead.most,
            }),
          )}
        </p>
        <h1 class="utrecht-heading-1" id="vraag">
          {esc(text)}
        </h1>
        {help ? <p class="utrecht-paragraph">{esc(help)}</p> : ''}
        <ul class="wc-choices" aria-labelledby="vraag">
          {question.options.map((option) => (
            <li>
              <a class="wc-choice" href={props.hrefOf(option.code)}>
                {esc(localText(option.label, lang))}
              </a>
            </li>
          ))}
        </ul>
        <BackAndRestart ctx={ctx} back={back} restart={steps.length > 0 ? paths.question([]) : null} />
        {steps.length > 0 && (
          <section aria-labelledby="antwoorden" class="wc-stack">
            <h2 class="utrecht-heading-3" id="antwoorden">
              {esc(t('needfinder.answers'))}
            </h2>
            <ol class="utrecht-ordered-list">
              {steps.map((step, index) => (
                <li>
                  <a class="utrecht-link" href={paths.question(steps.slice(0, index).map((s) => s.option.code))}>
                    {esc(t('needfinder.answerLine', { question: localText(step.question.text, lang), answer: localText(step.option.label, lang) }))}
                  </a>
                </li>
              ))}
            </ol>
          </section>
        )}
        <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.privacy'))}</p>
      </div>
    </Layout>
  );
}

export function OutcomePage(props: {
  ctx: PageContext;
  region: RegionRef;
  outcome: Outcome;
  services: OutcomeServices;
  /** The shortest answers that lead here, for "terug"; null when no question leads here. */
  backPath: readonly string[] | null;
  /** The reader maintains the catalogue: services past their review date are marked. */
  showStale: boolean;
  paths?: WegwijzerPaths;
  preview?: Preview;
}) {
  const { ctx, region, outcome, services } = props;
  const { t, lang } = ctx;
  const paths = props.paths ?? publicPaths(region);
  const title = localText(outcome.title, lang);
  const search = searchPath(region, outcome);
  return (
    <Layout ctx={ctx} title={`${props.preview ? `${t('needfinder.field.draft')}: ` : ''}${title} · ${t('needfinder.title')}`}>
      <div class="wc-stack wc-wegwijzer">
        <PreviewBanner ctx={ctx} preview={props.preview} />
        <Crumb ctx={ctx} region={region} />
        <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.outcome.eyebrow'))}</p>
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        <p class="utrecht-paragraph wc-lead">{esc(localText(outcome.explanation, lang))}</p>
        <BackAndRestart ctx={ctx} back={paths.question(props.backPath ?? [])} restart={paths.question([])} />

        <section aria-labelledby="past-bij-jou" class="wc-stack">
          <h2 class="utrecht-heading-2" id="past-bij-jou">
            {esc(t('needfinder.outcome.matches'))}
          </h2>
          {services.items.length === 0 ? (
            <p class="utrecht-paragraph">{esc(t('needfinder.outcome.empty'))}</p>
          ) : (
            <>
              <p class="utrecht-paragraph">{esc(t('needfinder.outcome.count', { count: services.total, region: region.name }))}</p>
              <ul class="wc-cards">
                {services.items.map((item) => (
                  <ServiceCard ctx={ctx} region={region} item={item} showStale={props.showStale} />
                ))}
              </ul>
              {services.total > services.items.length && (
                <LinkParagraph href={search} text={t('needfinder.outcome.all', { count: services.total })} />
              )}
            </>
          )}
        </section>

        <div class="wc-outcome-next">
          <section aria-labelledby="stel-een-vraag" class="wc-card wc-stack">
            <h2 class="utrecht-heading-2" id="stel-een-vraag">
              {esc(t('needfinder.outcome.askTitle'))}
            </h2>
            <p class="utrecht-paragraph">{esc(t('needfinder.outcome.askText'))}</p>
            <p class="utrecht-paragraph">
              <a class="utrecht-button utrecht-button--primary-action" href={`/${region.slug}/vraag`}>
                {esc(t('needfinder.outcome.ask'))}
              </a>
            </p>
          </section>
          <section aria-labelledby="zoek-verder" class="wc-card wc-stack">
            <h2 class="utrecht-heading-2" id="zoek-verder">
              {esc(t('needfinder.outcome.searchTitle'))}
            </h2>
            <p class="utrecht-paragraph">{esc(t('needfinder.outcome.searchText', { region: region.name }))}</p>
            <p class="utrecht-paragraph">
              <a class="utrecht-button utrecht-button--secondary-action" href={search}>
                {esc(t('needfinder.outcome.search'))}
              </a>
            </p>
          </section>
        </div>
        <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.outcome.share'))}</p>
      </div>
    </Layout>
  );
}
