/**
 * @module preview/kit-lines — the one log line a kit builder writes per invocation (`custom message`,
 * `custom sms sender`), read back by the Lambda request id it carries: the function's own account of the brand and
 * locale it used, and of why it fell back.
 */

/** The fields of a kit log line the preview reads. */
interface KitLine {
  /** `custom message`, `custom sms sender`, …: which builder made the function. */
  readonly message: string;
  readonly outcome?: string;
  readonly reason?: string;
  readonly brand?: string;
  readonly locale?: string;
  readonly warnings: readonly string[];
  /** The broken rules a fallback names (the line leaves the characters' positions out). */
  readonly findings: readonly { readonly rule: string; readonly field: string; readonly detail: string }[];
  /** The error's message, when the template or the sender failed. */
  readonly error?: string;
}

/** The kit's builders name their line after the trigger: `custom message`, `custom sms sender`, … */
const KIT_MESSAGE = /^custom [a-z ]+$/;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const errorMessage = (value: unknown): string | undefined =>
  text((value as { message?: unknown } | undefined)?.message);

/**
 * Every kit line in a function's output, by `function_request_id` (the `awsRequestId` of the invocation's context).
 *
 * @example
 * ```ts
 * const lines = kitLines(output.text());
 * lines.get(context.awsRequestId)?.outcome; // 'fallback'
 * ```
 */
const kitLines = (output: string): Map<string, KitLine> => {
  const found = new Map<string, KitLine>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('function_request_id')) continue;
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(line);
    } catch {
      continue;
    }
    const id = text(fields.function_request_id);
    const message = text(fields.message);
    if (id === undefined || message === undefined || !KIT_MESSAGE.test(message)) continue;
    const fallback = fields.fallback as { reason?: unknown; error?: unknown } | undefined;
    const findings = Array.isArray(fields.findings) ? (fields.findings as Record<string, unknown>[]) : [];
    const outcome = text(fields.outcome);
    const reason = text(fields.reason) ?? text(fallback?.reason);
    const brand = text(fields.brand);
    const locale = text(fields.locale);
    const error = errorMessage(fields.error) ?? errorMessage(fallback?.error);
    found.set(id, {
      message,
      ...(outcome === undefined ? {} : { outcome }),
      ...(reason === undefined ? {} : { reason }),
      ...(brand === undefined ? {} : { brand }),
      ...(locale === undefined ? {} : { locale }),
      warnings: Array.isArray(fields.warnings)
        ? fields.warnings.filter((w): w is string => typeof w === 'string')
        : [],
      findings: findings.map((f) => ({
        rule: text(f.rule) ?? 'unknown',
        field: text(f.field) ?? '',
        detail: text(f.detail) ?? '',
      })),
      ...(error === undefined ? {} : { error }),
    });
  }
  return found;
};

export type { KitLine };
export { kitLines };
