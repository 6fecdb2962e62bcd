import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StateWriter, type WriteResult } from '../../src/local/state-writer.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Sends one batch and resolves with its results. */
const written = (writer: StateWriter, jobs: Parameters<StateWriter['send']>[0]) =>
  new Promise<readonly WriteResult[]>((resolve) => writer.send(jobs, resolve));

describe('The state writer thread', () => {
  it('writes a batch in order, pools whole and messages under names of their own, and reports each file', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-writer-'));
    const writer = new StateWriter();
    const pool = join(dir, 'pools', 'p.json');

    // Act
    const results = await written(writer, [
      { type: 'pool', path: pool, text: '{"first":true}\n' },
      { type: 'pool', path: pool, text: '{"second":true}\n' },
      { type: 'message', dir: join(dir, 'outbox'), base: 'm', files: [['txt', 'one']] },
      { type: 'message', dir: join(dir, 'outbox'), base: 'm', files: [['txt', 'two']] },
    ]);
    await writer.close();

    // Assert
    expect(readFileSync(pool, 'utf8')).toBe('{"second":true}\n');
    expect(results[1]?.stamp).toMatch(/^\d+(\.\d+)?:\d+:\d+$/);
    expect(results[2]?.paths).toEqual([join(dir, 'outbox', 'm.txt')]);
    expect(results[3]?.paths).toEqual([join(dir, 'outbox', 'm~1.txt')]);
    expect(readFileSync(join(dir, 'outbox', 'm~1.txt'), 'utf8')).toBe('two');
  });

  it('waits for every batch when drained, blocking', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-writer-'));
    const writer = new StateWriter();
    const answered: number[] = [];
    for (let i = 0; i < 5; i++)
      writer.send([{ type: 'pool', path: join(dir, `p${i}.json`), text: `${i}` }], () => answered.push(i));

    // Act
    writer.drain();

    // Assert
    expect(answered).toEqual([0, 1, 2, 3, 4]);
    for (let i = 0; i < 5; i++) expect(existsSync(join(dir, `p${i}.json`))).toBe(true);
    await writer.close();
  });

  it('answers its batches as failed, and is no longer alive, when its module cannot load', async () => {
    // Prepare: a writer whose module throws as it loads
    dir = mkdtempSync(join(tmpdir(), 'ctk-writer-'));
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, "throw new Error('cannot load');\n");
    const writer = new StateWriter(pathToFileURL(broken));

    // Act
    const results = await written(writer, [{ type: 'pool', path: join(dir, 'p.json'), text: '{}' }]);

    // Assert
    expect(results).toHaveLength(1);
    expect(results[0]?.error?.message).toContain('cannot load');
    expect(writer.alive).toBe(false);
    expect(existsSync(join(dir, 'p.json'))).toBe(false);
    await writer.close();
  });
});
