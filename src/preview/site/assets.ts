/**
 * @module preview/site/assets — the gallery's stylesheet and script: plain CSS and JavaScript, written beside the pages,
 * so the gallery works from disk, offline, with no remote asset and no framework.
 */

const GALLERY_CSS = `:root {
  color-scheme: light;
  --bg: #f6f7f9; --fg: #1f2328; --muted: #57606a; --card: #fff; --line: #d0d7de;
  --ok: #1a7f37; --warn: #8a5a00; --bad: #cf222e; --info: #0969da; --mark: #fff1a8;
  --frame-width: 375px; --frame-height: 640px; --scale: 0.9;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font-size: 14px; line-height: 1.45; }
a { color: var(--info); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.bar { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 12px 20px; }
.bar h1 { font-size: 18px; margin: 0 0 2px; }
.summary { margin: 0; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; margin-top: 10px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters select, .toggle button { font: inherit; color: var(--fg); background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
.toggle { display: flex; gap: 4px; align-items: center; font-size: 12px; color: var(--muted); }
.toggle button[aria-pressed="true"] { background: var(--fg); border-color: var(--fg); color: #fff; }
#count { font-size: 12px; color: var(--muted); padding-bottom: 6px; }
.panel { margin: 16px 20px 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
.panel summary { cursor: pointer; font-weight: 600; }
.panel ul { margin: 6px 0; padding-left: 18px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); align-items: start; gap: 16px; padding: 16px 20px 40px; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--ok); border-radius: 8px; padding: 12px; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.card[hidden], [hidden] { display: none !important; }
.card.is-unchanged { border-left-color: var(--muted); }
.card.is-fallback { border-left-color: var(--warn); }
.card.is-failed { border-left-color: var(--bad); }
.card > header { display: flex; justify-content: space-between; gap: 8px; align-items: flex-start; }
.card h2 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: 12px; margin: 0; overflow-wrap: anywhere; }
.subject { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.outcome-customized { color: var(--ok); } .outcome-unchanged { color: var(--muted); }
.outcome-fallback { color: var(--warn); } .outcome-failed { color: var(--bad); }
.changed { color: var(--info); }
.reason { margin: 0; }
.frame { position: relative; width: 100%; height: calc(var(--frame-height) * var(--scale)); overflow: hidden; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.frame iframe { position: absolute; top: 0; left: 0; border: 0; width: var(--frame-width); height: var(--frame-height); transform: scale(var(--scale)); transform-origin: 0 0; }
.sms { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: #f8fafc; }
.sms h3, .findings h3 { margin: 0 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); }
.sms-text { margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.enc { font-weight: 600; }
.enc-ucs2 { color: var(--warn); }
mark { background: var(--mark); color: inherit; border-radius: 3px; padding: 0 2px; }
mark.char { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; outline: 1px solid var(--warn); }
.findings ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.finding { font-size: 12.5px; overflow-wrap: anywhere; }
.finding .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 4px; }
.sev-error { color: var(--bad); } .sev-warning { color: var(--warn); }
.excerpt { display: block; margin-top: 2px; padding: 2px 6px; background: #f6f8fa; border-radius: 4px; white-space: pre-wrap; }
.empty { padding: 40px; text-align: center; color: var(--muted); }
.page { padding: 16px 20px 40px; display: flex; flex-direction: column; gap: 18px; }
.page section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.page h2 { font-size: 15px; margin: 0 0 8px; }
.side { display: flex; gap: 16px; overflow-x: auto; align-items: flex-start; padding-bottom: 6px; }
.side figure { margin: 0; flex: none; }
.side figcaption { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
.side iframe { border: 1px solid var(--line); border-radius: 4px; background: #fff; display: block; }
.inverted { filter: invert(1) hue-rotate(180deg); }
.shot { max-width: 100%; border: 1px solid var(--line); border-radius: 4px; display: block; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border-radius: 6px; padding: 10px; max-height: 480px; overflow: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
`;

const GALLERY_JS = `(() => {
  'use strict';
  const FILTERS = ['handler', 'brand', 'locale', 'source', 'outcome'];
  const WIDTHS = ['375', '1024'];
  const SCROLL = 'cognito-trigger-preview:scroll:' + location.pathname;
  const FILTERS_KEY = 'cognito-trigger-preview:filters';
  const form = document.getElementById('filters');
  const cards = Array.from(document.querySelectorAll('.card'));
  const count = document.getElementById('count');
  const empty = document.getElementById('empty');

  const hashParams = () => new URLSearchParams(location.hash.slice(1));
  if (form && location.hash.length <= 1) {
    const kept = sessionStorage.getItem(FILTERS_KEY);
    if (kept) history.replaceState(null, '', '#' + kept);
  }

  const scale = (frame) => {
    const width = parseFloat(getComputedStyle(frame).getPropertyValue('--frame-width')) || 375;
    frame.style.setProperty('--scale', String(Math.min(1, frame.clientWidth / width)));
  };

  const apply = () => {
    const params = hashParams();
    const width = WIDTHS.includes(params.get('width')) ? params.get('width') : '375';
    let shown = 0;
    for (const card of cards) {
      const match = FILTERS.every((name) => !params.get(name) || card.dataset[name] === params.get(name));
      card.hidden = !match;
      if (match) shown++;
    }
    if (form)
      for (const name of FILTERS) {
        const select = form.elements.namedItem(name);
        if (select) select.value = params.get(name) || '';
      }
    if (count) count.textContent = shown + ' of ' + cards.length + ' messages';
    if (empty) empty.hidden = shown > 0;
    document.documentElement.dataset.width = width;
    for (const button of document.querySelectorAll('[data-width]'))
      button.setAttribute('aria-pressed', String(button.dataset.width === width));
    for (const frame of document.querySelectorAll('.card .frame')) {
      frame.style.setProperty('--frame-width', width + 'px');
      scale(frame);
    }
  };

  const change = (updates) => {
    const params = hashParams();
    for (const [name, value] of Object.entries(updates))
      if (value) params.set(name, value);
      else params.delete(name);
    const text = params.toString();
    history.replaceState(null, '', text ? '#' + text : location.pathname + location.search);
    sessionStorage.setItem(FILTERS_KEY, text);
    apply();
  };

  form?.addEventListener('change', (event) => {
    const target = event.target;
    if (target && target.name) change({ [target.name]: target.value });
  });
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-width]');
    if (button) change({ width: button.dataset.width });
  });
  addEventListener('hashchange', apply);
  addEventListener('resize', () => document.querySelectorAll('.card .frame').forEach(scale));
  apply();

  const saved = sessionStorage.getItem(SCROLL);
  if (saved !== null) {
    sessionStorage.removeItem(SCROLL);
    const restore = () => scrollTo(0, Number(saved));
    restore();
    requestAnimationFrame(restore);
    addEventListener('load', restore, { once: true });
  }
  if (location.protocol.startsWith('http') && 'EventSource' in window) {
    const events = new EventSource('/_preview/events');
    events.addEventListener('reload', () => {
      sessionStorage.setItem(SCROLL, String(scrollY));
      events.close();
      location.reload();
    });
  }
})();
`;

export { GALLERY_CSS, GALLERY_JS };
