import { afterEach, beforeEach, vi } from 'vitest';

/** One JSON line a Powertools Logger wrote, with the console method or stream that wrote it. */
type LogLine = Record<string, unknown> & { method: string };

const parse = (text: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && 'level' in value ? value : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Captures what Powertools Loggers write. Loggers created after this call write through the global console (dev
 * mode), which is spied on; Loggers created earlier, at import time, write to process.stdout and process.stderr,
 * which are spied on too. Only JSON log lines are captured; anything else is written as usual.
 */
const captureLogs = (lines: LogLine[] = []): LogLine[] => {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  for (const method of ['debug', 'info', 'warn', 'error', 'log'] as const)
    vi.spyOn(console, method).mockImplementation((text: unknown) => {
      const line = parse(String(text));
      if (line) lines.push({ method, ...line });
    });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      const line = parse(String(chunk));
      if (!line) return write(chunk as string, ...rest);
      lines.push({ method: stream === process.stdout ? 'stdout' : 'stderr', ...line });
      return true;
    }) as typeof stream.write);
  }
  return lines;
};

/**
 * Captures log lines in every test of the file that calls it, and undoes the capture after each: the array it returns
 * holds the current test's lines.
 */
const useCapturedLogs = (): LogLine[] => {
  const lines: LogLine[] = [];
  beforeEach(() => {
    lines.length = 0;
    captureLogs(lines);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  return lines;
};

export type { LogLine };
export { captureLogs, useCapturedLogs };
