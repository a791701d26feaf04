/**
 * Decoders for the compressions and predictors a GeoTIFF DEM arrives with (used by
 * ./geotiff.ts): none, LZW (TIFF 6.0, MSB-first codes with "early change"), Deflate (zlib,
 * via the platform's DecompressionStream), PackBits, and the horizontal (2) and
 * floating-point (3) predictors as libtiff writes them.
 *
 * @example
 * ```ts
 * const raw = await decompressChunk(bytes, 8, expectedBytes); // Deflate
 * ```
 * @module
 */

/** TIFF compression codes this module decodes, with their names for messages. */
export const SUPPORTED_COMPRESSIONS: ReadonlyMap<number, string> = new Map([
  [1, "无压缩"],
  [5, "LZW"],
  [8, "Deflate"],
  [32946, "Deflate（旧编码）"],
  [32773, "PackBits"],
]);

/** Names of common compressions that are not supported, for the error message. */
export const COMPRESSION_NAMES: ReadonlyMap<number, string> = new Map([
  [2, "CCITT RLE"],
  [3, "CCITT G3"],
  [4, "CCITT G4"],
  [6, "JPEG（旧式）"],
  [7, "JPEG"],
  [34712, "JPEG2000"],
  [34887, "LERC"],
  [34925, "LZMA"],
  [50000, "ZSTD"],
  [50001, "WebP"],
  [50002, "JPEG-XL"],
]);

/**
 * Decompresses one strip or tile. `expected` is the decoded size in bytes (the output is
 * cut or zero-padded to it, as libtiff does for short strips).
 */
export async function decompressChunk(
  src: Uint8Array,
  compression: number,
  expected: number,
): Promise<Uint8Array> {
  let out: Uint8Array;
  switch (compression) {
    case 1:
      out = src;
      break;
    case 5:
      out = lzwDecode(src, expected);
      break;
    case 8:
    case 32946:
      out = await inflate(src);
      break;
    case 32773:
      out = packBitsDecode(src, expected);
      break;
    default:
      throw new Error(`compression ${compression}`);
  }
  if (out.length === expected) return out;
  const fixed = new Uint8Array(expected);
  fixed.set(out.subarray(0, Math.min(expected, out.length)));
  return fixed;
}

/** zlib-wrapped Deflate (TIFF compression 8) through the web-standard DecompressionStream. */
async function inflate(src: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([src as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("deflate"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** TIFF LZW: 9–12 bit codes, MSB first, Clear = 256, EOI = 257, width grows one code early. */
export function lzwDecode(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  const prefix = new Int32Array(4096), suffix = new Uint8Array(4096), first = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let bitPos = 0, codeLen = 9, next = 258, old = -1, pos = 0;
  const totalBits = src.length * 8;
  const read = (): number => {
    if (bitPos + codeLen > totalBits) return 257;
    let code = 0;
    for (let k = 0; k < codeLen; k++, bitPos++) {
      code = (code << 1) | ((src[bitPos >> 3] >> (7 - (bitPos & 7))) & 1);
    }
    return code;
  };
  const emit = (code: number): void => {
    const len = length[code];
    let p = pos + len - 1;
    for (let c = code; c >= 0; c = prefix[c], p--) if (p < expected) out[p] = suffix[c];
    pos += len;
  };
  const add = (pre: number, byte: number): void => {
    if (next >= 4096) return;
    prefix[next] = pre;
    suffix[next] = byte;
    first[next] = first[pre];
    length[next] = length[pre] + 1;
    next++;
    if (next + 1 >= 1 << codeLen && codeLen < 12) codeLen++;
  };
  while (pos < expected) {
    let code = read();
    if (code === 257) break;
    if (code === 256) {
      codeLen = 9;
      next = 258;
      code = read();
      if (code === 257) break;
      if (code > 255) throw new Error("LZW 数据损坏（清除码后不是单字节码）");
      emit(code);
      old = code;
      continue;
    }
    if (old < 0) throw new Error("LZW 数据损坏（不以清除码开头）");
    if (code < next) {
      emit(code);
      add(old, first[code]);
    } else if (code === next) {
      add(old, first[old]);
      emit(code);
    } else {
      throw new Error(`LZW 数据损坏（码 ${code} 超出字典 ${next}）`);
    }
    old = code;
  }
  return out;
}

/** PackBits run-length decoding (TIFF compression 32773). */
function packBitsDecode(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let i = 0, o = 0;
  while (i < src.length && o < expected) {
    const n = (src[i++] << 24) >> 24;
    if (n >= 0) {
      for (let k = 0; k <= n && o < expected; k++) out[o++] = src[i++];
    } else if (n !== -128) {
      const b = src[i++];
      for (let k = 0; k < 1 - n && o < expected; k++) out[o++] = b;
    }
  }
  return out;
}

/**
 * Undoes a predictor in place, row by row. Returns the byte order to read the samples
 * with afterwards (true = little-endian): the file's own, except after predictor 3, which
 * leaves each value's bytes most significant first.
 *
 * @param bytes one decoded chunk
 * @param rows rows in the chunk
 * @param rowSamples samples per row (pixels × samples per pixel in the chunk)
 * @param stride samples per pixel in the chunk (1 for planar layout)
 * @param bytesPerSample 1, 2, 4 or 8
 * @param littleEndian byte order of the file
 */
export function undoPredictor(
  predictor: number,
  bytes: Uint8Array,
  rows: number,
  rowSamples: number,
  stride: number,
  bytesPerSample: number,
  littleEndian: boolean,
): boolean {
  if (predictor === 1) return littleEndian;
  const rowBytes = rowSamples * bytesPerSample;
  if (predictor === 2) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let r = 0; r < rows; r++) {
      const base = r * rowBytes;
      for (let s = stride; s < rowSamples; s++) {
        const at = base + s * bytesPerSample, prev = at - stride * bytesPerSample;
        if (bytesPerSample === 1) bytes[at] = (bytes[at] + bytes[prev]) & 0xff;
        else if (bytesPerSample === 2) {
          dv.setUint16(
            at,
            (dv.getUint16(at, littleEndian) + dv.getUint16(prev, littleEndian)) & 0xffff,
            littleEndian,
          );
        } else if (bytesPerSample === 4) {
          dv.setUint32(
            at,
            (dv.getUint32(at, littleEndian) + dv.getUint32(prev, littleEndian)) >>> 0,
            littleEndian,
          );
        } else {
          const v = dv.getBigUint64(at, littleEndian) + dv.getBigUint64(prev, littleEndian);
          dv.setBigUint64(at, BigInt.asUintN(64, v), littleEndian);
        }
      }
    }
    return littleEndian;
  }
  // Predictor 3 (floating point): byte-wise differencing over the row, then the bytes of
  // each value were split into planes, most significant plane first.
  const tmp = new Uint8Array(rowBytes);
  for (let r = 0; r < rows; r++) {
    const row = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let k = stride; k < rowBytes; k++) row[k] = (row[k] + row[k - stride]) & 0xff;
    tmp.set(row);
    for (let s = 0; s < rowSamples; s++) {
      for (let b = 0; b < bytesPerSample; b++) row[s * bytesPerSample + b] = tmp[b * rowSamples + s];
    }
  }
  return false;
}
