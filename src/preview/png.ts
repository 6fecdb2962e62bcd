/**
 * @module preview/png — just enough PNG to compare two screenshots pixel by pixel: 8-bit greyscale, RGB and RGBA
 * (with or without alpha), not interlaced, as Chromium writes them. The image data is the zlib stream of the IDAT
 * chunks, each row led by its filter type.
 */
import { inflateSync } from 'node:zlib';

interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Four bytes a pixel, RGBA, rows top to bottom. */
  readonly rgba: Uint8Array;
}

/** Thrown for a file that is not a PNG this decoder reads. */
class PngError extends Error {
  override readonly name = 'PngError';
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bytes a pixel, by colour type: greyscale, RGB, greyscale + alpha, RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

const paeth = (left: number, up: number, upLeft: number): number => {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
};

/** Undoes each row's filter in place: `data` holds every row after its filter byte. */
const unfilter = (data: Buffer, height: number, stride: number, bpp: number): Uint8Array => {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const row = y * (stride + 1) + 1;
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const raw = data[row + x] as number;
      const left = x >= bpp ? (out[at + x - bpp] as number) : 0;
      const up = y > 0 ? (out[at - stride + x] as number) : 0;
      const upLeft = y > 0 && x >= bpp ? (out[at - stride + x - bpp] as number) : 0;
      let value: number;
      if (filter === 0) value = raw;
      else if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) value = raw + paeth(left, up, upLeft);
      else throw new PngError(`row ${y} has the unknown filter type ${filter}`);
      out[at + x] = value & 0xff;
    }
  }
  return out;
};

/**
 * Decodes a PNG into RGBA pixels.
 *
 * @example
 * ```ts
 * const { width, height, rgba } = decodePng(readFileSync('shots/message-375.png'));
 * ```
 */
const decodePng = (file: Uint8Array): DecodedPng => {
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buffer.length < 8 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file');
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= buffer.length; ) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('latin1', at + 4, at + 8);
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colourType = body[9] ?? -1;
      if (depth !== 8 || CHANNELS[colourType] === undefined || body[12] !== 0)
        throw new PngError(
          `only 8-bit greyscale, RGB and RGBA PNGs without interlacing are read (bit depth ${depth}, colour type ${colourType}, interlace ${body[12]})`,
        );
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = CHANNELS[colourType];
  if (channels === undefined || idat.length === 0)
    throw new PngError('the PNG has no header or no image data');
  const stride = width * channels;
  const data = inflateSync(Buffer.concat(idat));
  if (data.length < height * (stride + 1)) throw new PngError('the PNG image data is cut short');
  const pixels = unfilter(data, height, stride, channels);
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, o = 0; i < pixels.length; i += channels, o += 4) {
    const grey = channels <= 2;
    rgba[o] = pixels[i] as number;
    rgba[o + 1] = pixels[grey ? i : i + 1] as number;
    rgba[o + 2] = pixels[grey ? i : i + 2] as number;
    rgba[o + 3] =
      channels === 2 ? (pixels[i + 1] as number) : channels === 4 ? (pixels[i + 3] as number) : 255;
  }
  return { width, height, rgba };
};

/** How much two images differ: the share of pixels whose colour moved by more than `tolerance` in any channel. */
interface PixelDifference {
  readonly sameSize: boolean;
  readonly differing: number;
  readonly total: number;
  /** `differing / total`, 1 when the sizes differ. */
  readonly ratio: number;
}

/**
 * Compares two decoded images pixel by pixel.
 *
 * @example
 * ```ts
 * const { ratio } = comparePixels(decodePng(before), decodePng(after));
 * if (ratio > 0.001) console.log('the screenshot changed');
 * ```
 */
const comparePixels = (a: DecodedPng, b: DecodedPng, tolerance = 8): PixelDifference => {
  const total = Math.max(a.width * a.height, b.width * b.height);
  if (a.width !== b.width || a.height !== b.height)
    return { sameSize: false, differing: total, total, ratio: 1 };
  let differing = 0;
  for (let i = 0; i < a.rgba.length; i += 4)
    for (let c = 0; c < 4; c++)
      if (Math.abs((a.rgba[i + c] as number) - (b.rgba[i + c] as number)) > tolerance) {
        differing++;
        break;
      }
  return { sameSize: true, differing, total, ratio: total === 0 ? 0 : differing / total };
};

export type { DecodedPng, PixelDifference };
export { comparePixels, decodePng, PngError };
