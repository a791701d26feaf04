import { assertRejects as sharedRejects } from "../_assert.ts";

/**
 * A minimal GeoTIFF writer for tests (so the DEM tests run without GDAL): one uncompressed
 * strip, Float32/Float64/Int16 samples, ModelPixelScale + ModelTiepoint or a (possibly
 * rotated) ModelTransformation, GeoKeys for an EPSG code, GDAL_NODATA.
 *
 * @example
 * ```ts
 * const bytes = writeTestGeoTiff({ width: 2, height: 1, values: [1, 2], originX: 0, originY: 10, cell: 10, epsg: 4526 });
 * ```
 * @module
 */

/** What to write. */
export interface TestTiff {
  width: number;
  height: number;
  /** Row-major values, top row first. */
  values: ArrayLike<number>;
  originX: number;
  originY: number;
  cell: number;
  /** EPSG code; geographic when `geographic` is set. None → no CRS keys. */
  epsg?: number;
  geographic?: boolean;
  type?: "float32" | "float64" | "int16";
  nodata?: string;
  /** Write a ModelTransformation with this rotation term instead of scale + tiepoint. */
  rotation?: number;
  bigEndian?: boolean;
}

/** Encodes a GeoTIFF as described by `t`. */
export function writeTestGeoTiff(t: TestTiff): Uint8Array {
  const le = !t.bigEndian;
  const type = t.type ?? "float32";
  const bps = type === "float64" ? 8 : type === "float32" ? 4 : 2;
  const n = t.width * t.height;
  const tags: [number, number, number[] | string][] = []; // tag, TIFF type, values
  tags.push([256, 3, [t.width]], [257, 3, [t.height]], [258, 3, [bps * 8]], [259, 3, [1]], [262, 3, [1]]);
  tags.push([273, 4, [0]], [277, 3, [1]], [278, 3, [t.height]], [279, 4, [n * bps]]);
  tags.push([339, 3, [type === "int16" ? 2 : 3]]);
  if (t.rotation !== undefined) {
    tags.push([34264, 12, [
      t.cell,
      t.rotation,
      0,
      t.originX,
      t.rotation,
      -t.cell,
      0,
      t.originY,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
    ]]);
  } else {
    tags.push([33550, 12, [t.cell, t.cell, 0]], [33922, 12, [0, 0, 0, t.originX, t.originY, 0]]);
  }
  if (t.epsg !== undefined) {
    const keys = t.geographic ? [[1024, 0, 1, 2], [1025, 0, 1, 1], [2048, 0, 1, t.epsg]] : [
      [1024, 0, 1, 1],
      [1025, 0, 1, 1],
      [3072, 0, 1, t.epsg],
    ];
    tags.push([34735, 3, [1, 1, 0, keys.length, ...keys.flat()]]);
  }
  if (t.nodata !== undefined) tags.push([42113, 2, t.nodata]);
  tags.sort((a, b) => a[0] - b[0]);

  const size = (ty: number) => (ty === 12 ? 8 : ty === 4 ? 4 : ty === 3 ? 2 : 1);
  const count = (v: number[] | string) => (typeof v === "string" ? v.length + 1 : v.length);
  const ifdAt = 8, ifdLen = 2 + tags.length * 12 + 4;
  let extra = ifdAt + ifdLen;
  const extraAt: number[] = tags.map(([, ty, v]) => {
    const len = size(ty) * count(v);
    if (len <= 4) return -1;
    const at = extra;
    extra += len + (len % 2);
    return at;
  });
  const dataAt = extra;
  const buf = new Uint8Array(dataAt + n * bps);
  const dv = new DataView(buf.buffer);
  buf[0] = buf[1] = le ? 0x49 : 0x4d;
  dv.setUint16(2, 42, le);
  dv.setUint32(4, ifdAt, le);
  dv.setUint16(ifdAt, tags.length, le);
  tags.forEach(([tag, ty, v], k) => {
    if (tag === 273) v = [dataAt];
    const e = ifdAt + 2 + k * 12;
    dv.setUint16(e, tag, le);
    dv.setUint16(e + 2, ty, le);
    dv.setUint32(e + 4, count(v), le);
    let at = extraAt[k] < 0 ? e + 8 : extraAt[k];
    if (extraAt[k] >= 0) dv.setUint32(e + 8, at, le);
    if (typeof v === "string") {
      for (let i = 0; i < v.length; i++) buf[at + i] = v.charCodeAt(i);
      return;
    }
    for (const x of v) {
      if (ty === 12) dv.setFloat64(at, x, le);
      else if (ty === 4) dv.setUint32(at, x, le);
      else dv.setUint16(at, x, le);
      at += size(ty);
    }
  });
  for (let i = 0; i < n; i++) {
    const at = dataAt + i * bps;
    if (type === "float64") dv.setFloat64(at, t.values[i], le);
    else if (type === "float32") dv.setFloat32(at, t.values[i], le);
    else dv.setInt16(at, t.values[i], le);
  }
  return buf;
}

/** True when GDAL's command-line tools can be run. */
export async function gdalAvailable(): Promise<boolean> {
  try {
    const out = await new Deno.Command("gdal_translate", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

/** Runs a GDAL tool; throws with its stderr on failure. */
export async function gdal(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

/** An ESRI ASCII grid (top row first); `dy` writes GDAL's DX/DY form for non-square cells. */
export function asciiGrid(
  w: number,
  h: number,
  values: ArrayLike<number>,
  o: { xll: number; yll: number; cell: number; dy?: number; nodata?: number },
): string {
  const head = o.dy === undefined ? `cellsize ${o.cell}\n` : `dx ${o.cell}\ndy ${o.dy}\n`;
  const rows: string[] = [];
  for (let r = 0; r < h; r++) {
    rows.push(Array.from({ length: w }, (_, c) => String(values[r * w + c])).join(" "));
  }
  return `ncols ${w}\nnrows ${h}\nxllcorner ${o.xll}\nyllcorner ${o.yll}\n${head}` +
    (o.nodata !== undefined ? `NODATA_value ${o.nodata}\n` : "") + rows.join("\n") + "\n";
}

/** Asserts that `fn` rejects with an `ErrorClass` whose message contains `includes`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  ErrorClass: new (...args: any[]) => Error,
  includes: string,
): Promise<void> {
  const e = await sharedRejects(fn, includes);
  if (!(e instanceof ErrorClass)) throw new Error(`expected ${ErrorClass.name}, got ${e}`);
}
