/**
 * A small GeoTIFF reader for DEMs (DOMAIN.md §4.2, slope from a DEM): classic (not Big)
 * TIFF, the first image of the file, band 1, strips or tiles, chunky or planar, no
 * compression / LZW / Deflate / PackBits with predictors 1–3, 8/16/32/64-bit integer or
 * floating-point samples; georeferencing from ModelPixelScale + ModelTiepoint or a
 * non-rotated ModelTransformation, the EPSG code from the GeoKeys and nodata from the
 * GDAL_NODATA tag. Anything else is refused with a Chinese message naming the file.
 *
 * Multi-band files: band 1 is read and a note says so (a DEM has one band; a file with more
 * is usually a DEM with an alpha or quality band).
 *
 * @example
 * ```ts
 * const dem = await readGeoTiff("dem.tif");
 * dem.crsText; // "EPSG:4526"
 * dem.data[0]; // elevation of the top-left cell, NaN when nodata
 * ```
 * @module
 */
import { COMPRESSION_NAMES, decompressChunk, SUPPORTED_COMPRESSIONS, undoPredictor } from "./tiff_codecs.ts";

/** One band of a north-up GeoTIFF in map units. */
export interface Raster {
  width: number;
  height: number;
  /** Cell values, row-major from the top row; NaN where the file has nodata. */
  data: Float64Array;
  /** Map coordinates of the top-left corner of the top-left cell. */
  originX: number;
  originY: number;
  /** Cell size in map units, both positive (rows run southwards). */
  cellX: number;
  cellY: number;
  /** "EPSG:nnnn" from ProjectedCSTypeGeoKey / GeographicTypeGeoKey, null when the file has none. */
  crsText: string | null;
  /** GTModelTypeGeoKey (or implied by the keys present); null when the file does not say. */
  modelType: "projected" | "geographic" | null;
  /** ProjLinearUnitsGeoKey (EPSG unit code, 9001 = metre) when the file gives it. */
  linearUnit: number | null;
  /** The GDAL_NODATA value, null when none. */
  nodata: number | null;
  /** Path the raster was read from (for messages). */
  source: string;
  /** Things a user should know about how the file was read (Chinese). */
  notes: string[];
}

type TagValue = number[] | string;

const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  planar: 284,
  predictor: 317,
  tileWidth: 322,
  tileLength: 323,
  tileOffsets: 324,
  tileByteCounts: 325,
  sampleFormat: 339,
  pixelScale: 33550,
  tiepoint: 33922,
  transformation: 34264,
  geoKeys: 34735,
  geoDoubles: 34736,
  geoAscii: 34737,
  gdalNodata: 42113,
} as const;

/** Reads band 1 of a GeoTIFF file. */
export async function readGeoTiff(path: string): Promise<Raster> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new Error(`无法读取 GeoTIFF 文件 ${path}：${(e as Error).message}`);
  }
  return await decodeGeoTiff(bytes, path);
}

/** Decodes band 1 of a GeoTIFF held in memory; `source` names it in every message, a damaged file's too. */
export async function decodeGeoTiff(bytes: Uint8Array, source: string): Promise<Raster> {
  try {
    return await decodeTiff(bytes, source);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg.startsWith(`GeoTIFF 文件 ${source}`)) throw e;
    throw new Error(`GeoTIFF 文件 ${source}：文件已损坏或被截断（${msg.slice(0, 120)}）`);
  }
}

async function decodeTiff(bytes: Uint8Array, source: string): Promise<Raster> {
  const fail = (what: string): never => {
    throw new Error(`GeoTIFF 文件 ${source}：${what}`);
  };
  if (bytes.length < 8) fail("文件过短，不是 TIFF 文件");
  const order = String.fromCharCode(bytes[0], bytes[1]);
  if (order !== "II" && order !== "MM") fail("不是 TIFF 文件（文件头不是 II/MM）");
  const le = order === "II";
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint16(2, le);
  if (magic === 43) {
    fail("是 BigTIFF（64 位偏移）格式，暂不支持；请用 gdal_translate -co BIGTIFF=NO 转为普通 TIFF");
  }
  if (magic !== 42) fail(`不是 TIFF 文件（版本号 ${magic}，应为 42）`);
  const tags = readIfd(dv, dv.getUint32(4, le), le, fail);
  const notes: string[] = [];

  const num = (tag: number, dflt?: number): number => {
    const v = tags.get(tag);
    if (v === undefined || typeof v === "string" || v.length === 0) {
      if (dflt === undefined) fail(`缺少必需的标签 ${tag}`);
      return dflt!;
    }
    return v[0];
  };
  const arr = (tag: number): number[] | null => {
    const v = tags.get(tag);
    return v === undefined || typeof v === "string" ? null : v;
  };

  const width = num(TAG.width), height = num(TAG.height);
  if (width <= 0 || height <= 0) fail(`影像尺寸无效（${width}×${height}）`);
  const spp = num(TAG.samplesPerPixel, 1);
  const bits = num(TAG.bitsPerSample, 1);
  const format = num(TAG.sampleFormat, 1);
  const planar = num(TAG.planar, 1);
  const compression = num(TAG.compression, 1);
  const predictor = num(TAG.predictor, 1);
  if (spp > 1) notes.push(`GeoTIFF 文件 ${source} 有 ${spp} 个波段，只读取第 1 波段作为高程`);
  if (![8, 16, 32, 64].includes(bits) || (arr(TAG.bitsPerSample) ?? []).some((b) => b !== bits)) {
    fail(`不支持的像元位数 ${arr(TAG.bitsPerSample)?.join("/") ?? bits}（支持 8/16/32/64 位）`);
  }
  if (![1, 2, 3].includes(format) || (format === 3 && bits < 32)) {
    fail(`不支持的像元类型（SampleFormat=${format}，${bits} 位）；支持整数与 32/64 位浮点`);
  }
  if (!SUPPORTED_COMPRESSIONS.has(compression)) {
    const name = COMPRESSION_NAMES.get(compression) ?? `代码 ${compression}`;
    fail(
      `不支持的压缩方式 ${name}（支持：${
        [...SUPPORTED_COMPRESSIONS.values()].join("、")
      }）；可用 gdal_translate -co COMPRESS=DEFLATE 转换`,
    );
  }
  if (
    ![1, 2, 3].includes(predictor) || (predictor === 3 && format !== 3) || (predictor === 2 && format === 3)
  ) {
    fail(`不支持的预测器 Predictor=${predictor}（像元类型 SampleFormat=${format}）`);
  }
  if (planar !== 1 && planar !== 2) fail(`无效的 PlanarConfiguration=${planar}`);

  const bytesPerSample = bits / 8;
  const read = sampleReader(format, bits);
  const nodataText = tags.get(TAG.gdalNodata);
  const nodata = typeof nodataText === "string" && nodataText.trim() !== ""
    ? Number(nodataText.trim())
    : null;
  if (nodata !== null && Number.isNaN(nodata) && !/^nan$/i.test((nodataText as string).trim())) {
    fail(`GDAL_NODATA 值“${nodataText}”不是数字`);
  }
  // The nodata value as the samples hold it (GDAL compares in the band's own type).
  const nd = nodata === null ? null : format === 3 && bits === 32 ? Math.fround(nodata) : nodata;

  const tiled = tags.has(TAG.tileWidth);
  const cw = tiled ? num(TAG.tileWidth) : width;
  const ch = tiled ? num(TAG.tileLength) : Math.min(num(TAG.rowsPerStrip, height), height);
  const offsets = arr(tiled ? TAG.tileOffsets : TAG.stripOffsets);
  const counts = arr(tiled ? TAG.tileByteCounts : TAG.stripByteCounts);
  if (!offsets || !counts) fail(tiled ? "缺少瓦片偏移/字节数标签" : "缺少条带偏移/字节数标签");
  const across = Math.ceil(width / cw), down = Math.ceil(height / ch);
  const perBand = across * down;
  if (offsets!.length < perBand || counts!.length < perBand) {
    fail(`${tiled ? "瓦片" : "条带"}数量不足（应有 ${perBand} 个，实有 ${offsets!.length} 个）`);
  }
  const chunkSpp = planar === 1 ? spp : 1;
  const data = new Float64Array(width * height);
  for (let ty = 0; ty < down; ty++) {
    for (let tx = 0; tx < across; tx++) {
      const idx = ty * across + tx; // band 1 comes first in planar layout too
      const rows = tiled ? ch : Math.min(ch, height - ty * ch);
      const expected = cw * rows * chunkSpp * bytesPerSample;
      const off = offsets![idx], cnt = counts![idx];
      if (off + cnt > bytes.length) fail("文件不完整（数据块超出文件末尾），可能已被截断");
      let chunk: Uint8Array;
      try {
        chunk = await decompressChunk(bytes.slice(off, off + cnt), compression, expected);
      } catch (e) {
        fail(`第 ${idx + 1} 个数据块解压失败：${(e as Error).message}`);
      }
      const chunkLe = undoPredictor(predictor, chunk!, rows, cw * chunkSpp, chunkSpp, bytesPerSample, le);
      const cv = new DataView(chunk!.buffer, chunk!.byteOffset, chunk!.byteLength);
      const x0 = tx * cw, y0 = ty * ch;
      const xn = Math.min(cw, width - x0), yn = Math.min(rows, height - y0);
      for (let r = 0; r < yn; r++) {
        let at = r * cw * chunkSpp * bytesPerSample;
        let o = (y0 + r) * width + x0;
        for (let c = 0; c < xn; c++, at += chunkSpp * bytesPerSample, o++) {
          const v = read(cv, at, chunkLe);
          data[o] = v === nd ? NaN : v;
        }
      }
    }
  }

  const geo = readGeoKeys(tags, fail);
  const ref = georeference(tags, geo.rasterType, fail);
  if (geo.crsText === null) {
    notes.push(
      geo.userDefined
        ? `GeoTIFF 文件 ${source} 的坐标系为自定义参数（无 EPSG 代码）`
        : `GeoTIFF 文件 ${source} 未记录坐标系`,
    );
  }
  return {
    width,
    height,
    data,
    ...ref,
    crsText: geo.crsText,
    modelType: geo.modelType,
    linearUnit: geo.linearUnit,
    nodata,
    source,
    notes,
  };
}

/** Reads the first IFD into tag → values (numbers, or a string for ASCII). */
function readIfd(
  dv: DataView,
  offset: number,
  le: boolean,
  fail: (what: string) => never,
): Map<number, TagValue> {
  if (offset < 8 || offset + 2 > dv.byteLength) fail("IFD 偏移超出文件范围，文件可能已损坏或被截断");
  const n = dv.getUint16(offset, le);
  if (offset + 2 + n * 12 > dv.byteLength) fail("IFD 超出文件范围，文件可能已被截断");
  const tags = new Map<number, TagValue>();
  for (let i = 0; i < n; i++) {
    const e = offset + 2 + i * 12;
    const tag = dv.getUint16(e, le), type = dv.getUint16(e + 2, le), count = dv.getUint32(e + 4, le);
    const size = TYPE_SIZE[type];
    if (size === undefined) continue; // unknown type: skip the tag, as readers must
    const len = size * count;
    const at = len <= 4 ? e + 8 : dv.getUint32(e + 8, le);
    if (at + len > dv.byteLength) fail(`标签 ${tag} 的数据超出文件范围，文件可能已被截断`);
    if (type === 2) {
      let s = "";
      for (let k = 0; k < count; k++) {
        const ch = dv.getUint8(at + k);
        if (ch === 0) break;
        s += String.fromCharCode(ch);
      }
      tags.set(tag, s);
      continue;
    }
    const vals: number[] = new Array(count);
    for (let k = 0; k < count; k++) vals[k] = readValue(dv, type, at + k * size, le);
    tags.set(tag, vals);
  }
  return tags;
}

function readValue(dv: DataView, type: number, at: number, le: boolean): number {
  switch (type) {
    case 1:
    case 7:
      return dv.getUint8(at);
    case 6:
      return dv.getInt8(at);
    case 3:
      return dv.getUint16(at, le);
    case 8:
      return dv.getInt16(at, le);
    case 4:
      return dv.getUint32(at, le);
    case 9:
      return dv.getInt32(at, le);
    case 5:
      return dv.getUint32(at, le) / dv.getUint32(at + 4, le);
    case 10:
      return dv.getInt32(at, le) / dv.getInt32(at + 4, le);
    case 11:
      return dv.getFloat32(at, le);
    default:
      return dv.getFloat64(at, le);
  }
}

/** A reader of one sample at a byte offset, for a SampleFormat and bit depth. */
function sampleReader(format: number, bits: number): (dv: DataView, at: number, le: boolean) => number {
  if (format === 3) return bits === 32 ? (d, a, l) => d.getFloat32(a, l) : (d, a, l) => d.getFloat64(a, l);
  const signed = format === 2;
  switch (bits) {
    case 8:
      return signed ? (d, a) => d.getInt8(a) : (d, a) => d.getUint8(a);
    case 16:
      return signed ? (d, a, l) => d.getInt16(a, l) : (d, a, l) => d.getUint16(a, l);
    case 32:
      return signed ? (d, a, l) => d.getInt32(a, l) : (d, a, l) => d.getUint32(a, l);
    default:
      return signed ? (d, a, l) => Number(d.getBigInt64(a, l)) : (d, a, l) => Number(d.getBigUint64(a, l));
  }
}

interface GeoKeyInfo {
  crsText: string | null;
  modelType: "projected" | "geographic" | null;
  linearUnit: number | null;
  rasterType: number;
  userDefined: boolean;
}

/** The CRS-related GeoKeys (GeoTIFF 1.0/1.1 key directory). */
function readGeoKeys(tags: Map<number, TagValue>, fail: (what: string) => never): GeoKeyInfo {
  const dir = tags.get(TAG.geoKeys);
  const keys = new Map<number, number>();
  if (Array.isArray(dir) && dir.length >= 4) {
    const n = dir[3];
    if (dir.length < 4 + n * 4) fail("GeoKey 目录不完整");
    for (let i = 0; i < n; i++) {
      const [id, loc, , value] = dir.slice(4 + i * 4, 8 + i * 4);
      if (loc === 0) keys.set(id, value); // only SHORT keys are needed here
    }
  }
  const model = keys.get(1024);
  const projected = keys.get(3072), geographic = keys.get(2048);
  const modelType = model === 1 || (model === undefined && projected !== undefined)
    ? "projected"
    : model === 2 || (model === undefined && geographic !== undefined)
    ? "geographic"
    : null;
  const code = modelType === "projected" ? projected : modelType === "geographic" ? geographic : undefined;
  const valid = code !== undefined && code > 0 && code < 32767;
  return {
    crsText: valid ? `EPSG:${code}` : null,
    modelType,
    linearUnit: keys.get(3076) ?? null,
    rasterType: keys.get(1025) ?? 1,
    userDefined: code === 32767,
  };
}

/** Origin and cell size from ModelTransformation, or ModelPixelScale + ModelTiepoint. */
function georeference(
  tags: Map<number, TagValue>,
  rasterType: number,
  fail: (what: string) => never,
): { originX: number; originY: number; cellX: number; cellY: number } {
  const m = tags.get(TAG.transformation), scale = tags.get(TAG.pixelScale), tie = tags.get(TAG.tiepoint);
  let originX: number, originY: number, cellX: number, cellY: number;
  if (Array.isArray(m) && m.length >= 8) {
    if (m[1] !== 0 || m[4] !== 0) {
      fail("地理变换含旋转/错切（ModelTransformation），不支持；请先用 gdalwarp 重采样为正北方向的栅格");
    }
    [cellX, cellY, originX, originY] = [m[0], -m[5], m[3], m[7]];
  } else if (Array.isArray(scale) && scale.length >= 2 && Array.isArray(tie) && tie.length >= 6) {
    [cellX, cellY] = [scale[0], scale[1]];
    originX = tie[3] - tie[0] * cellX;
    originY = tie[4] + tie[1] * cellY;
  } else if (Array.isArray(tie) && tie.length > 6) {
    fail("只有控制点（GCP）没有仿射地理变换，不支持；请先用 gdalwarp 校正");
  } else {
    fail("没有地理参考（缺少 ModelPixelScale/ModelTiepoint 或 ModelTransformation）");
  }
  if (!(cellX! > 0) || !(cellY! > 0)) {
    fail(`像元大小无效（${cellX!} × ${-cellY!}）：只支持正北朝上、行自上而下的栅格`);
  }
  if (rasterType === 2) {
    // PixelIsPoint: the tie point is a cell centre; GDAL shifts by half a cell the same way.
    originX! -= cellX! / 2;
    originY! += cellY! / 2;
  }
  return { originX: originX!, originY: originY!, cellX: cellX!, cellY: cellY! };
}
