/**
 * @module cli/function-output — what the functions a command runs write: kept apart from the summary and printed
 * after it, byte for byte, and read for the kit's own outcome lines, so that the summary can say why a handler fell
 * back.
 */
import { Writable } from 'node:stream';

/** The fields of a kit builder's one log line per invocation that explain its outcome. */
interface KitOutcome {
  readonly outcome: string;
  readonly reason?: string;
  readonly brand?: string;
  readonly warnings: readonly string[];
  readonly details: readonly string[];
}

/**
 * A stream that keeps everything written to it, in order.
 *
 * @example
 * ```ts
 * const output = new FunctionOutput();
 * const opened = await openHandler(spec, { cwd, environment, output });
 * ```
 */
class FunctionOutput extends Writable {
  readonly #chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#chunks.push(chunk);
    done();
  }

  /** Everything written so far. */
  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }

  /** What was written since the last take, and forgets it: for a long-running server that prints as it goes. */
  take(): string {
    const text = this.text();
    this.#chunks.length = 0;
    return text;
  }

  /** The outcome lines a kit builder wrote with this log message (`custom message`), in order. */
  outcomes(message = 'custom message'): KitOutcome[] {
    return this.outcomesIn(this.text(), message);
  }

  /** The outcome lines in a part of the output, such as what {@link take} returned. */
  outcomesIn(text: string, message = 'custom message'): KitOutcome[] {
    const found: KitOutcome[] = [];
    for (const line of text.split('\n')) {
      if (!line.startsWith('{') || !line.includes(`"${message}"`)) continue;
      let fields: Record<string, unknown>;
      try {
        fields = JSON.parse(line);
      } catch {
        continue;
      }
      if (fields.message !== message || typeof fields.outcome !== 'string') continue;
      const error = fields.error as { message?: unknown } | undefined;
      const findings = Array.isArray(fields.findings) ? (fields.findings as { detail?: unknown }[]) : [];
      found.push({
        outcome: fields.outcome,
        ...(typeof fields.reason === 'string' ? { reason: fields.reason } : {}),
        ...(typeof fields.brand === 'string' ? { brand: fields.brand } : {}),
        warnings: Array.isArray(fields.warnings) ? fields.warnings.filter((w) => typeof w === 'string') : [],
        details: [
          ...findings.map((f) => f.detail).filter((d): d is string => typeof d === 'string'),
          ...(typeof error?.message === 'string' ? [error.message] : []),
        ],
      });
    }
    return found;
  }
}

/**
 * What a summary line says of the function's own account: why it fell back or left the message to the pool, and the
 * brand warnings. Undefined when there is nothing to add to Cognito's verdict.
 *
 * @example
 * ```ts
 * explainOutcome({ outcome: 'fallback', reason: 'template threw', warnings: [], details: ['boom'] });
 * // 'fallback: template threw: boom'
 * ```
 */
const explainOutcome = (kit: KitOutcome): string | undefined => {
  const parts: string[] = [];
  if (kit.outcome !== 'customized' && kit.reason !== undefined)
    parts.push(`${kit.outcome}: ${[kit.reason, ...kit.details].join(': ')}`);
  for (const warning of kit.warnings) parts.push(kit.brand ? `${warning}, used ${kit.brand}` : warning);
  return parts.length === 0 ? undefined : parts.join('; ');
};

export type { KitOutcome };
export { explainOutcome, FunctionOutput };
