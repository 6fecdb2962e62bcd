/**
 * @module bench/report — how every benchmark script reports: its text, headed by when and where it was measured, is
 * printed and written verbatim into its own section of BENCHMARKS.md, between `<!-- bench:NAME -->` and
 * `<!-- /bench:NAME -->`. Prose outside the markers is left as it is. `BENCH_WRITE=0` prints only.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
/** Taken when the script imports this module, before it measures anything. */
const start = { at: new Date(), load: loadAverage() };

/**
 * When and where the figures were taken. The load average counts runnable processes: on 2 cores, more than about 1
 * (this benchmark) means that something else was running too.
 */
const measuredOn = (): string => {
  const [first] = cpus();
  return (
    `Measured ${start.at.toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; ` +
    `${cpus().length} × ${first?.model.trim() ?? 'unknown CPU'}; load average (1 / 5 / 15 min) ${start.load} ` +
    `at the start, ${loadAverage()} at the end.`
  );
};

const markers = (name: string) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`] as const;

/**
 * Replaces the text between the section's markers with `text`; a section not in the file yet is added at its end.
 * The file is replaced whole, by renaming a complete copy over it.
 */
const writeSection = async (name: string, text: string): Promise<void> => {
  const [open, close] = markers(name);
  const current = await readFile(BENCHMARKS, 'utf8');
  const from = current.indexOf(open);
  const to = current.indexOf(close, from);
  const section = `${open}\n${text}\n${close}`;
  const next =
    from === -1 || to === -1
      ? `${current.trimEnd()}\n\n${section}\n`
      : `${current.slice(0, from)}${section}${current.slice(to + close.length)}`;
  const temporary = `${BENCHMARKS}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, next, { flag: 'wx' });
    await rename(temporary, BENCHMARKS);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
};

/**
 * Prints a benchmark's result, headed by {@link measuredOn}, and writes the same text into its section of
 * BENCHMARKS.md.
 *
 * @example
 * ```ts
 * await report('local', ['| measure | simulator | … |', '|---|---|…|', …]);
 * ```
 */
const report = async (name: string, lines: readonly string[]): Promise<void> => {
  const text = [measuredOn(), '', ...lines].join('\n');
  console.log(text);
  if (process.env.BENCH_WRITE !== '0') await writeSection(name, text);
};

/** `✓` when `value` meets the target, `✗` when it misses it. */
const verdict = (met: boolean): string => (met ? '✓' : '✗');

export { report, verdict };
