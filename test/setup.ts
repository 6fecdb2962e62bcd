/**
 * Runs before every test file: keeps the report to test results. The log lines handlers write while tests run (one
 * JSON line per invocation) are dropped here; tests that read them capture them before they get this far
 * (test/helpers/logs.ts). Set CTK_TEST_LOGS=1 to see them.
 */
const isLogLine = (chunk: unknown): boolean => {
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
  if (!text.startsWith('{"level":')) return false;
  try {
    const line = JSON.parse(text) as Record<string, unknown>;
    return typeof line.level === 'string' && typeof line.service === 'string';
  } catch {
    return false;
  }
};

if (process.env.CTK_TEST_LOGS !== '1')
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (isLogLine(chunk)) {
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
