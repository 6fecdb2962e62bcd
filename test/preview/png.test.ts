import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { comparePixels, decodePng, PngError } from '../../src/preview/png.js';

const chunk = (type: string, body: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
};

/** A PNG of `rows` (each row an array of pixels of `channels` bytes), each row written with the filter given. */
const encode = (rows: number[][][], colourType: 2 | 6, filters: number[]) => {
  const channels = colourType === 6 ? 4 : 3;
  const width = rows[0]?.length ?? 0;
  const stride = width * channels;
  const raw: number[] = [];
  const flat = rows.map((row) => row.flat());
  flat.forEach((row, y) => {
    const filter = filters[y % filters.length] as number;
    raw.push(filter);
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? (row[x - channels] as number) : 0;
      const up = y > 0 ? (flat[y - 1]?.[x] as number) : 0;
      const upLeft = y > 0 && x >= channels ? (flat[y - 1]?.[x - channels] as number) : 0;
      const estimate = left + up - upLeft;
      const paeth =
        Math.abs(estimate - left) <= Math.abs(estimate - up) &&
        Math.abs(estimate - left) <= Math.abs(estimate - upLeft)
          ? left
          : Math.abs(estimate - up) <= Math.abs(estimate - upLeft)
            ? up
            : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter] as number;
      raw.push(((row[x] as number) - predicted) & 0xff);
    }
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows.length, 4);
  header[8] = 8;
  header[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(raw))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

const gradient = (width: number, height: number) =>
  Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) => [(x * 37 + y * 11) & 0xff, (x * 5) & 0xff, (y * 90) & 0xff]),
  );

describe('Function: decodePng', () => {
  it.each([0, 1, 2, 3, 4])('reads RGB rows written with filter type %i', (filter) => {
    const rows = gradient(7, 5);

    const { width, height, rgba } = decodePng(encode(rows, 2, [filter]));

    expect([width, height]).toEqual([7, 5]);
    expect(Array.from(rgba.subarray(0, 8))).toEqual([
      ...(rows[0]?.[0] ?? []),
      255,
      ...(rows[0]?.[1] ?? []),
      255,
    ]);
    expect(Array.from(rgba.subarray(-4))).toEqual([...(rows[4]?.[6] ?? []), 255]);
  });

  it('reads RGBA with every filter mixed, alpha kept', () => {
    const rows = gradient(4, 6).map((row) => row.map((pixel, x) => [...pixel, x * 60]));

    const { rgba } = decodePng(encode(rows, 6, [4, 0, 3, 1, 2]));

    expect(Array.from(rgba)).toEqual(rows.flat(2));
  });

  it('refuses a file that is not a PNG', () => {
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow(PngError);
  });
});

describe('Function: comparePixels', () => {
  it('counts the pixels that moved by more than the tolerance', () => {
    const rows = gradient(10, 10);
    const changed = rows.map((row, y) => row.map((pixel, x) => (y === 0 && x < 3 ? [255, 255, 255] : pixel)));

    const difference = comparePixels(decodePng(encode(rows, 2, [0])), decodePng(encode(changed, 2, [1])));

    expect(difference).toMatchObject({ sameSize: true, total: 100 });
    expect(difference.differing).toBeGreaterThan(0);
    expect(difference.differing).toBeLessThanOrEqual(3);
  });

  it('calls images of different sizes wholly different', () => {
    const difference = comparePixels(
      decodePng(encode(gradient(4, 4), 2, [0])),
      decodePng(encode(gradient(4, 5), 2, [0])),
    );

    expect(difference).toMatchObject({ sameSize: false, ratio: 1 });
  });
});
