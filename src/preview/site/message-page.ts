/**
 * @module preview/site/message-page — one message on a page of its own: the email at 375 and 1024 px side by side, in
 * dark mode, as a browser saw it, its plain-text part and raw HTML; its SMS; Cognito's verdict and the findings.
 */
import { type HtmlValue, html, raw } from '../../message/html.js';
import type { Change } from '../baseline.js';
import { BROWSER_WIDTHS, type PreviewMessage } from '../model.js';
import { brandLabel } from './index-page.js';
import { findingsBlock, outcomeBadge, reasonLine, shortSource, smsBlock } from './parts.js';

const FRAME_HEIGHT = 900;

/**
 * The colours some mail apps force on a light email in dark mode (Gmail's and Outlook's apps invert them), with the
 * images turned back, as those apps leave images alone.
 */
const INVERTED_IMAGES = '<style>img,picture,video{filter:invert(1) hue-rotate(180deg)}</style>';

const withInvertedImages = (markup: string): string => {
  const head = /<head[^>]*>/i.exec(markup);
  if (head)
    return `${markup.slice(0, head.index + head[0].length)}${INVERTED_IMAGES}${markup.slice(head.index + head[0].length)}`;
  return `${INVERTED_IMAGES}${markup}`;
};

const frame = (markup: string, width: number, title: string, attributes: HtmlValue = null) =>
  html`<iframe sandbox="" title="${title}" width="${width}" height="${FRAME_HEIGHT}" srcdoc="${markup}"${attributes}></iframe>`;

const emailSections = (message: PreviewMessage): HtmlValue => {
  const email = message.email;
  if (!email) return null;
  const shots = message.browser?.screenshots ?? {};
  const shown = BROWSER_WIDTHS.filter((width) => shots[`${width}`] !== undefined);
  return html`<section id="widths"><h2>Email at 375 px and 1024 px</h2><div class="side">${BROWSER_WIDTHS.map(
    (width) =>
      html`<figure><figcaption>${width} px</figcaption>${frame(email.html, width, `Email at ${width} px`)}</figure>`,
  )}</div></section>
<section id="dark"><h2>Dark mode</h2><div class="side"><figure><figcaption>prefers-color-scheme: dark (the email's own dark styles, if any)</figcaption>${frame(
    email.html,
    375,
    'Email in dark mode',
    raw(' style="color-scheme: dark"'),
  )}</figure><figure><figcaption>Colours inverted, as some mail apps force them</figcaption>${frame(
    withInvertedImages(email.html),
    375,
    'Email with inverted colours',
    raw(' class="inverted"'),
  )}</figure></div></section>
${
  shown.length > 0
    ? html`<section id="screenshots"><h2>In Chromium</h2><div class="side">${shown.map(
        (width) =>
          html`<figure><figcaption>${width} px</figcaption><img class="shot" src="${`../${shots[`${width}`]}`}" alt="${`Screenshot at ${width} px`}" width="${Math.min(width, 512)}"></figure>`,
      )}</div></section>`
    : ''
}
<section id="text"><h2>Plain-text part</h2><pre>${email.text}</pre></section>
<section id="raw"><h2>Raw HTML</h2><pre><code>${email.html}</code></pre></section>`;
};

const details = (message: PreviewMessage, change: Change | undefined) =>
  html`<section id="details"><h2>Details</h2><dl>
<dt>Handler</dt><dd>${message.handler}</dd>
<dt>Trigger source</dt><dd>${message.triggerSource}</dd>
<dt>Event</dt><dd>${message.event === 'sample' ? "the kit's sample event" : message.event}</dd>
<dt>Asked for</dt><dd>${message.brand === null ? 'no brand or locale (the function picks)' : `clientMetadata brand=${message.brand}, locale=${message.locale}`}</dd>
${message.resolved ? html`<dt>The function used</dt><dd>${[message.resolved.brand, message.resolved.locale].filter(Boolean).join(', ')}</dd>` : ''}
${message.verdict ? html`<dt>Cognito's verdict</dt><dd>${message.verdict}</dd>` : ''}
${message.error ? html`<dt>API error</dt><dd>${message.error.name}: ${message.error.message}</dd>` : ''}
${message.notes.map((note) => html`<dt>Note</dt><dd>${note}</dd>`)}
${change ? html`<dt>Since the baseline</dt><dd>${change.kind}${change.parts.length > 0 ? `: ${change.parts.join(', ')}` : ''}</dd>` : ''}
<dt>Run in</dt><dd>${message.durationMs} ms</dd>
</dl></section>`;

/**
 * A message's page, written as `pages/<id>.html` (its links are relative to that folder).
 *
 * @example
 * ```ts
 * writeFileSync(`preview/pages/${message.id}.html`, messagePage(message));
 * ```
 */
const messagePage = (message: PreviewMessage, change?: Change): string =>
  html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shortSource(message.triggerSource)} · ${message.brand ?? 'default'} · ${message.locale ?? 'default'}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="../assets/gallery.css">
</head>
<body data-page="message" data-id="${message.id}">
<header class="bar">
<p class="meta"><a href="../index.html">← All messages</a></p>
<h1>${shortSource(message.triggerSource)} · ${brandLabel(message)} · ${message.locale ?? 'default locale'} ${outcomeBadge(message)}</h1>
<p class="summary">${message.handler}${message.subject === null ? '' : html` · <strong>${message.subject}</strong>`}</p>
</header>
<main class="page">
${reasonLine(message) ? html`<section id="outcome">${reasonLine(message)}</section>` : ''}
${emailSections(message)}
${message.sms ? html`<section id="sms-part"><h2>SMS</h2>${smsBlock(message.sms)}</section>` : ''}
${findingsBlock(message) ? html`<section id="findings"><h2>Findings</h2>${findingsBlock(message)}</section>` : ''}
${details(message, change)}
</main>
<script src="../assets/gallery.js"></script>
</body>
</html>
`.toString();

export { messagePage };
