/**
 * @module preview/site/parts — the pieces every gallery page shows of a message: its outcome, SMS, findings with the
 * characters at fault highlighted, and what a browser saw. Built with the kit's `html` tag: every value is escaped.
 */
import { describeCharacter } from '../../cognito/characters.js';
import { type HtmlValue, html, type SafeHtml } from '../../message/html.js';
import { characterOf } from '../findings.js';
import type { BrowserFinding, PreviewFinding, PreviewMessage, SmsPreview } from '../model.js';

/** `CustomMessage_UpdateUserAttribute` → `UpdateUserAttribute`. */
const shortSource = (source: string): string => source.replace(/^Custom(Message|SMSSender)_/, '');

const outcomeBadge = (message: PreviewMessage): SafeHtml =>
  html`<span class="badge outcome-${message.outcome}">${message.outcome}</span>`;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A character named and made visible: invisible ones (spaces, joiners, controls) would show as nothing. */
const characterMark = (codePoint: string): SafeHtml =>
  html`<mark class="char" title="${codePoint} ${describeCharacter(characterOf(codePoint))}">${codePoint}</mark>`;

/** The SMS text with the characters that forced UCS-2 highlighted. */
const smsText = (sms: SmsPreview): HtmlValue => {
  if (sms.ucs2Characters.length === 0) return sms.text;
  const forcing = new Set(sms.ucs2Characters);
  return Array.from(sms.text, (character) =>
    forcing.has(character)
      ? html`<mark title="forces UCS-2: ${`U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`}">${character}</mark>`
      : character,
  );
};

const smsBlock = (sms: SmsPreview | null): HtmlValue => {
  if (!sms) return null;
  const units = sms.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units';
  const extra = [
    sms.senderId ? `sender ID ${sms.senderId}` : undefined,
    sms.originationNumber ? `from ${sms.originationNumber}` : undefined,
    sms.smsType,
  ].filter(Boolean);
  return html`<section class="sms"><h3>SMS</h3><p class="sms-text">${smsText(sms)}</p><p class="meta"><span class="enc enc-${sms.encoding === 'GSM-7' ? 'gsm7' : 'ucs2'}">${sms.encoding}</span> · ${plural(sms.length, 'character')} · ${sms.units} ${units} · <span class="segments">${plural(sms.segments, 'segment')}</span>${extra.length > 0 ? ` · ${extra.join(' · ')}` : ''}${sms.ucs2Characters.length > 0 ? html` · UCS-2 because of ${sms.ucs2Characters.map((c) => html`<mark>${c}</mark> `)}` : ''}</p></section>`;
};

const findingItem = (finding: PreviewFinding): SafeHtml =>
  html`<li class="finding" data-rule="${finding.rule}"><span class="sev sev-${finding.severity}">${finding.severity}</span><strong>${finding.rule}</strong> in <code>${finding.field}</code>: ${finding.detail}${
    finding.characters.length > 0
      ? html` <span class="chars">${finding.characters.map(characterMark)}</span>`
      : ''
  }${(finding.excerpts ?? []).map(
    (excerpt) =>
      html`<q class="excerpt mono">…${excerpt.before}${characterMark(`U+${(excerpt.character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)}${excerpt.after}…</q>`,
  )}</li>`;

const browserItem = (finding: BrowserFinding): SafeHtml =>
  html`<li class="finding browser-finding" data-rule="${finding.rule}"><span class="sev sev-${finding.severity}">${finding.severity}</span><strong>${finding.rule}</strong>${finding.width ? ` at ${finding.width} px` : ''}: ${finding.detail}${finding.target ? html` <code>${finding.target}</code>` : ''}</li>`;

/** The rule findings and the browser's, with the warnings of brand and locale resolution. */
const findingsBlock = (message: PreviewMessage): HtmlValue => {
  const browser = message.browser?.findings ?? [];
  if (message.findings.length === 0 && browser.length === 0 && message.warnings.length === 0) return null;
  return html`<section class="findings">${
    message.findings.length > 0
      ? html`<h3>Cognito's rules</h3><ul class="rule-findings">${message.findings.map(findingItem)}</ul>`
      : ''
  }${browser.length > 0 ? html`<h3>In the browser</h3><ul class="browser-findings">${browser.map(browserItem)}</ul>` : ''}${
    message.warnings.length > 0
      ? html`<h3>Warnings</h3><ul>${message.warnings.map((w) => html`<li class="finding">${w}</li>`)}</ul>`
      : ''
  }</section>`;
};

/** What the outcome means for the user, with the function's reason. */
const reasonLine = (message: PreviewMessage): HtmlValue => {
  if (message.outcome === 'customized') return null;
  const sender = message.kind === 'custom-sms-sender';
  const meaning =
    message.outcome === 'failed'
      ? sender
        ? 'no SMS is sent'
        : 'Cognito fails the API call'
      : sender
        ? "the sender sends Cognito's wording"
        : "Cognito sends the pool's own message";
  return html`<p class="reason outcome-${message.outcome}">${message.outcome}: ${message.reason ?? ''} (${meaning})</p>`;
};

export { browserItem, findingItem, findingsBlock, outcomeBadge, plural, reasonLine, shortSource, smsBlock };
