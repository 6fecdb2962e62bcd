/// <reference lib="dom" />
/**
 * @module preview/page-checks — what the browser looks for in an email, run inside the page: a window too narrow
 * (horizontal scrolling), text cut off by a box that hides its overflow, images without alt, text under 12 px, and
 * links with nothing to follow or nothing visible to click. Contrast is axe-core's (see preview/browser).
 */

/** A finding as the page reports it, before the width is added. */
interface PageFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly detail: string;
  readonly target?: string;
}

/** Below this, text is hard to read on a phone (WCAG has no number; 12 px is the usual floor for email). */
const MIN_FONT_PX = 12;

/**
 * Runs in the page (serialised by playwright: it may use nothing from its module). Returns the findings in document
 * order, one per element and rule.
 *
 * @example
 * ```ts
 * const findings = await page.evaluate(checkPage, MIN_FONT_PX);
 * ```
 */
const checkPage = (minFontPx: number): PageFinding[] => {
  const findings: PageFinding[] = [];
  const pathOf = (element: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = element; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let part = e.localName;
      if (e.id) {
        parts.unshift(`${part}#${e.id}`);
        break;
      }
      if (e.classList.length > 0) part += `.${Array.from(e.classList).slice(0, 2).join('.')}`;
      const siblings = e.parentElement
        ? Array.from(e.parentElement.children).filter((c) => c.localName === e?.localName)
        : [];
      if (siblings.length > 1) part += `:nth-of-type(${siblings.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const shown = (element: Element): boolean => {
    for (let e: Element | null = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0)
        return false;
    }
    return true;
  };
  const snippet = (text: string) => {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
  };

  const root = document.documentElement;
  const pageWidth = Math.max(root.scrollWidth, document.body?.scrollWidth ?? 0);
  if (pageWidth > window.innerWidth + 1)
    findings.push({
      rule: 'horizontal-scroll',
      severity: 'error',
      detail: `the email is ${pageWidth} px wide in a ${window.innerWidth} px window: the reader scrolls sideways`,
    });

  const small = new Set<Element>();
  const cut = new Set<Element>();
  const walker = document.createTreeWalker(document.body ?? root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const element = node.parentElement;
    if (!element || text.trim() === '' || ['SCRIPT', 'STYLE', 'TITLE', 'NOSCRIPT'].includes(element.tagName))
      continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0 || !shown(element)) continue;
    const style = getComputedStyle(element);
    const size = Number.parseFloat(style.fontSize);
    if (size < minFontPx && !small.has(element)) {
      small.add(element);
      findings.push({
        rule: 'small-text',
        severity: 'warning',
        detail: `"${snippet(text)}" is ${size} px, under ${minFontPx} px`,
        target: pathOf(element),
      });
    }
    if (cut.has(element)) continue;
    for (let box: Element | null = element; box && box !== root; box = box.parentElement) {
      const boxStyle = getComputedStyle(box);
      const clipsX = boxStyle.overflowX !== 'visible';
      const clipsY = boxStyle.overflowY !== 'visible';
      if (!clipsX && !clipsY) continue;
      const bounds = box.getBoundingClientRect();
      // A box of a pixel or less hides its content on purpose (a preheader, a screen-reader-only label).
      if (bounds.width <= 1 || bounds.height <= 1) break;
      const outside = rects.some(
        (r) =>
          (clipsX && (r.left < bounds.left - 1 || r.right > bounds.right + 1)) ||
          (clipsY && (r.top < bounds.top - 1 || r.bottom > bounds.bottom + 1)),
      );
      if (outside) {
        cut.add(element);
        findings.push({
          rule: 'text-cut-off',
          severity: 'error',
          detail: `"${snippet(text)}" runs past the edge of a box that hides its overflow`,
          target: pathOf(box),
        });
        break;
      }
    }
    if (
      !cut.has(element) &&
      style.textOverflow === 'ellipsis' &&
      element.scrollWidth > element.clientWidth + 1
    ) {
      cut.add(element);
      findings.push({
        rule: 'text-cut-off',
        severity: 'error',
        detail: `"${snippet(text)}" is cut off with an ellipsis`,
        target: pathOf(element),
      });
    }
  }

  for (const image of Array.from(document.images))
    if (
      !image.hasAttribute('alt') &&
      image.getAttribute('role') !== 'presentation' &&
      image.getAttribute('aria-hidden') !== 'true'
    )
      findings.push({
        rule: 'image-without-alt',
        severity: 'error',
        detail: `the image ${snippet(image.getAttribute('src') ?? '')} has no alt text: readers who block images, and screen readers, get nothing`,
        target: pathOf(image),
      });

  for (const link of Array.from(document.querySelectorAll('a'))) {
    if (!shown(link)) continue;
    const href = (link.getAttribute('href') ?? '').trim();
    const name =
      (link as HTMLElement).innerText.trim() ||
      Array.from(link.querySelectorAll('img[alt]'))
        .map((image) => (image.getAttribute('alt') ?? '').trim())
        .join(' ')
        .trim() ||
      (link.getAttribute('aria-label') ?? '').trim();
    const bounds = link.getBoundingClientRect();
    const problem =
      href === '' || href === '#' || /^javascript:/i.test(href)
        ? `the link "${snippet(name)}" goes nowhere (href ${JSON.stringify(href)})`
        : name === ''
          ? `the link to ${snippet(href)} shows no text and no image with alt text`
          : bounds.width < 1 || bounds.height < 1
            ? `the link "${snippet(name)}" has nothing visible to click`
            : undefined;
    if (problem)
      findings.push({
        rule: 'link-without-target',
        severity: 'error',
        detail: problem,
        target: pathOf(link),
      });
  }
  return findings;
};

export type { PageFinding };
export { checkPage, MIN_FONT_PX };
