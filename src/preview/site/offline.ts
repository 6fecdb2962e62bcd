/**
 * @module preview/site/offline — an email for the gallery's grid with its remote images swapped for placeholders that
 * show their alt text: dozens of cards then fetch nothing, offline or not, as mail clients that block remote images
 * show them. Each message's own page loads the images as sent.
 */

const IMG = /<img\b[^>]*>/gi;
const REMOTE = /^\s*(?:https?:)?\/\//i;

/** A quoted (or bare) attribute's value in a tag, and where it is. */
const attribute = (tag: string, name: string) =>
  new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*'|[^\\s>]+)`, 'i').exec(tag);

const unquote = (value: string) => value.replace(/^["']|["']$/g, '');

const placeholder = (alt: string): string => {
  const text = alt
    .replace(/&(?:#39|apos);/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const label = text.replace(/[<>&]/g, ' ').slice(0, 40) || 'image';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(60, label.length * 8 + 16)}" height="32"><rect width="100%" height="100%" fill="#e5e7eb" stroke="#9ca3af" stroke-dasharray="4 3"/><text x="8" y="21" font-family="sans-serif" font-size="13" fill="#374151">${label}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
};

/**
 * The markup with every remote `<img>` source (and `srcset`) replaced by a placeholder naming its alt text.
 *
 * @example
 * ```ts
 * withoutRemoteImages('<img src="https://cdn.example/logo.png" alt="Acme">'); // '<img src="data:image/svg+xml,…" alt="Acme">'
 * ```
 */
const withoutRemoteImages = (markup: string): string =>
  markup.replace(IMG, (tag) => {
    const src = attribute(tag, 'src');
    if (!src || !REMOTE.test(unquote(src[2] as string))) return tag;
    const alt = attribute(tag, 'alt');
    const replaced = `${tag.slice(0, src.index)}${src[1]}"${placeholder(alt ? unquote(alt[2] as string) : '')}"${tag.slice(src.index + src[0].length)}`;
    const srcset = attribute(replaced, 'srcset');
    return srcset
      ? `${replaced.slice(0, srcset.index)}${replaced.slice(srcset.index + srcset[0].length)}`
      : replaced;
  });

export { withoutRemoteImages };
