/**
 * @module cli/aws/python/difflib — Python's `difflib.get_close_matches`, which aws uses to suggest a choice after an
 * invalid one ("maybe you meant").
 */

type Block = readonly [a: number, b: number, size: number];

// SequenceMatcher's find_longest_match without junk: the longest common run, earliest in a, then earliest in b.
const longestMatch = (
  a: readonly string[],
  positions: ReadonlyMap<string, readonly number[]>,
  aLow: number,
  aHigh: number,
  bLow: number,
  bHigh: number,
): Block => {
  let [bestA, bestB, bestSize] = [aLow, bLow, 0];
  let lengths = new Map<number, number>();
  for (let i = aLow; i < aHigh; i++) {
    const next = new Map<number, number>();
    for (const j of positions.get(a[i]!) ?? []) {
      if (j < bLow) continue;
      if (j >= bHigh) break;
      const size = (lengths.get(j - 1) ?? 0) + 1;
      next.set(j, size);
      if (size > bestSize) [bestA, bestB, bestSize] = [i - size + 1, j - size + 1, size];
    }
    lengths = next;
  }
  return [bestA, bestB, bestSize];
};

/** SequenceMatcher(None, a, b).ratio(): twice the matched characters over the characters of both. */
const ratio = (aText: string, bText: string, positions: ReadonlyMap<string, readonly number[]>): number => {
  const a = [...aText];
  const b = [...bText];
  let matched = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [aLow, aHigh, bLow, bHigh] = queue.pop()!;
    const [i, j, size] = longestMatch(a, positions, aLow, aHigh, bLow, bHigh);
    if (size === 0) continue;
    matched += size;
    if (aLow < i && bLow < j) queue.push([aLow, i, bLow, j]);
    if (i + size < aHigh && j + size < bHigh) queue.push([i + size, aHigh, j + size, bHigh]);
  }
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matched) / total;
};

// Where each character of b is, without the characters SequenceMatcher's autojunk drops from a long b.
const positionsOf = (b: readonly string[]): Map<string, number[]> => {
  const positions = new Map<string, number[]>();
  b.forEach((character, index) => {
    positions.set(character, [...(positions.get(character) ?? []), index]);
  });
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [character, at] of positions) if (at.length > limit) positions.delete(character);
  }
  return positions;
};

/**
 * The `n` possibilities most like `word` with a ratio of at least `cutoff`, best first; equal ratios in reverse
 * order of the text, as Python's `heapq.nlargest` leaves them.
 *
 * @example
 * ```ts
 * getCloseMatches('jsn', ['json', 'text', 'table'], 3, 0.8); // []
 * getCloseMatches('admin-get-usr', commands, 3, 0.8); // ['admin-get-user', …]
 * ```
 */
const getCloseMatches = (word: string, possibilities: readonly string[], n = 3, cutoff = 0.6): string[] => {
  const positions = positionsOf([...word]);
  return possibilities
    .map((possibility) => ({ possibility, score: ratio(possibility, word, positions) }))
    .filter(({ score }) => score >= cutoff)
    .sort(
      (x, y) =>
        y.score - x.score || (x.possibility < y.possibility ? 1 : x.possibility > y.possibility ? -1 : 0),
    )
    .slice(0, n)
    .map(({ possibility }) => possibility);
};

export { getCloseMatches };
