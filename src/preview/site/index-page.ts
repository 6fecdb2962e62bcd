/**
 * @module preview/site/index-page — the gallery's index: one card per message in a grid that filters by handler,
 * brand, locale, trigger source and outcome, with the email live in a sandboxed frame at 375 or 1024 px.
 */
import { type HtmlValue, html, raw, type SafeHtml } from '../../message/html.js';
import type { Change } from '../baseline.js';
import { KIND_NAMES, type Problem } from '../check.js';
import type { PreviewHandler, PreviewMessage, PreviewRun } from '../model.js';
import { withoutRemoteImages } from './offline.js';
import { findingsBlock, outcomeBadge, plural, reasonLine, shortSource, smsBlock } from './parts.js';

interface SiteContext {
  readonly problems: readonly Problem[];
  readonly changes?: readonly Change[];
}

/** What each card is filtered by, as its data attributes hold it. */
const facets = (message: PreviewMessage) => ({
  handler: message.handler,
  brand: message.brand ?? 'default',
  locale: message.locale ?? 'default',
  source: shortSource(message.triggerSource),
  outcome: message.outcome,
});

const brandLabel = (message: PreviewMessage) =>
  message.brand === null
    ? 'the default brand'
    : message.brandName
      ? `${message.brandName} (${message.brand})`
      : message.brand;

/** Relative to the index, where the message's page is. */
const pageOf = (message: PreviewMessage) => `pages/${message.id}.html`;

const card = (message: PreviewMessage, change: Change | undefined): SafeHtml => {
  const f = facets(message);
  return html`<article class="card is-${message.outcome}" id="card-${message.id}" data-id="${message.id}" data-handler="${f.handler}" data-brand="${f.brand}" data-locale="${f.locale}" data-source="${f.source}" data-outcome="${f.outcome}">
<header><div><h2><a href="${pageOf(message)}">${f.source}</a></h2><p class="meta">${brandLabel(message)} · ${message.locale ?? 'default locale'} · ${message.handler}${message.event === 'sample' ? '' : ` · ${message.event}`}</p></div><div>${outcomeBadge(message)}${change ? html` <span class="badge changed" title="${change.parts.join(', ')}">${change.kind}</span>` : ''}</div></header>
${message.subject === null ? '' : html`<p class="subject">${message.subject}</p>`}
${
  message.email
    ? html`<div class="frame"><iframe sandbox="" loading="lazy" title="${`Email: ${message.subject ?? f.source}`}" srcdoc="${withoutRemoteImages(message.email.html)}"></iframe></div>`
    : ''
}
${smsBlock(message.sms)}
${reasonLine(message)}
${findingsBlock(message)}
</article>`;
};

const select = (name: string, label: string, values: readonly string[]): SafeHtml =>
  html`<label>${label}<select name="${name}"><option value="">All</option>${values.map((v) => html`<option value="${v}">${v}</option>`)}</select></label>`;

const distinct = (values: readonly string[]) => [...new Set(values)];

const handlerLine = (handler: PreviewHandler): SafeHtml => {
  const brands =
    handler.brands.brands.length > 0
      ? handler.brands.brands.map((b) => `${b.id} (${b.locales.join(', ')})`).join('; ')
      : 'the brand the function picks itself';
  return html`<li><strong>${handler.handler}</strong>: ${KIND_NAMES[handler.kind] ?? handler.kind}; brands: ${brands}${
    handler.brands.from ? ` from ${handler.brands.from}` : ''
  }${handler.unanswered.length > 0 ? `; left to Cognito: ${handler.unanswered.map(shortSource).join(', ')}` : ''}${
    handler.error ? html` — <span class="sev-error">${handler.error}</span>` : ''
  }${handler.note ? html` — <span class="sev-warning">not previewed: ${handler.note}</span>` : ''}${
    handler.brands.problem ? html` — <span class="sev-warning">${handler.brands.problem}</span>` : ''
  }</li>`;
};

const problemsPanel = (problems: readonly Problem[]): HtmlValue => {
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.severity === 'error').length;
  return html`<details class="panel" id="problems"${errors > 0 ? raw(' open') : ''}><summary>${plural(errors, 'problem')}, ${plural(problems.length - errors, 'warning')}</summary><ul>${problems.map(
    (p) =>
      html`<li><span class="sev sev-${p.severity}">${p.severity}</span> ${p.messageId ? html`<a href="${`pages/${p.messageId}.html`}">${p.text}</a>` : p.text}</li>`,
  )}</ul></details>`;
};

const changesPanel = (changes: readonly Change[] | undefined): HtmlValue => {
  if (changes === undefined) return null;
  return html`<details class="panel" id="changes"${changes.length > 0 ? raw(' open') : ''}><summary>${plural(changes.length, 'change')} since the baseline</summary><ul>${changes.map(
    (c) => html`<li>${c.kind} ${c.label}${c.parts.length > 0 ? `: ${c.parts.join(', ')}` : ''}</li>`,
  )}</ul></details>`;
};

/**
 * The index page.
 *
 * @example
 * ```ts
 * writeFileSync('preview/index.html', indexPage(run, { problems: checkRun(run) }));
 * ```
 */
const indexPage = (run: PreviewRun, context: SiteContext): string => {
  const { messages } = run;
  const counts = ['customized', 'unchanged', 'fallback', 'failed']
    .map((outcome) => [outcome, messages.filter((m) => m.outcome === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
  const changed = new Map((context.changes ?? []).map((c) => [c.messageId, c]));
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Message preview: ${plural(messages.length, 'message')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/gallery.css">
</head>
<body data-page="index">
<header class="bar">
<h1>Message preview</h1>
<p class="summary">${plural(messages.length, 'message')} from ${plural(run.handlers.length, 'handler')}${counts ? ` (${counts})` : ''}, rendered in ${run.durationMs} ms</p>
<form class="filters" id="filters" onsubmit="return false">
${select('handler', 'Handler', distinct(messages.map((m) => facets(m).handler)))}
${select('brand', 'Brand', distinct(messages.map((m) => facets(m).brand)))}
${select('locale', 'Locale', distinct(messages.map((m) => facets(m).locale)))}
${select('source', 'Trigger source', distinct(messages.map((m) => facets(m).source)))}
${select('outcome', 'Outcome', distinct(messages.map((m) => m.outcome)))}
<div class="toggle" role="group" aria-label="Email width">Width <button type="button" data-width="375" aria-pressed="true">375 px</button><button type="button" data-width="1024" aria-pressed="false">1024 px</button></div>
<output id="count">${plural(messages.length, 'message')}</output>
</form>
</header>
<details class="panel" id="handlers"><summary>${plural(run.handlers.length, 'handler')}</summary><ul>${run.handlers.map(handlerLine)}</ul></details>
${problemsPanel(context.problems)}
${changesPanel(context.changes)}
<main class="grid" id="grid">
${messages.map((message) => card(message, changed.get(message.id)))}
</main>
<p class="empty" id="empty" hidden>No message matches these filters.</p>
<script src="assets/gallery.js"></script>
</body>
</html>
`.toString();
};

export type { SiteContext };
export { brandLabel, indexPage, pageOf };
