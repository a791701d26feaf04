/**
 * Helpers for the I/O tests: assertRejects (re-exported from tests/_assert.ts) and a raw
 * Shapefile builder that writes rings exactly as given (any winding, closed or not).
 */

export { assertRejects } from "../_assert.ts";

/** A record: rings of [x, y] written as given, or null for a null shape. */
export type RawRecord = number[][][] | null;

/**
 * Builds .shp and .shx bytes for polygon records (type 5, or 15 with zero Z values), rings
 * written in the given order and winding.
 */
export function rawShp(records: RawRecord[], shapeType = 5): { shp: Uint8Array; shx: Uint8Array } {
  const contents: Uint8Array[] = [];
  const all = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rec of records) {
    if (rec === null) {
      contents.push(new Uint8Array(4));
      continue;
    }
    const nv = rec.reduce((s, r) => s + r.length, 0);
    const z = shapeType === 15 ? 16 + 8 * nv + 16 + 8 * nv : 0;
    const c = new Uint8Array(44 + 4 * rec.length + 16 * nv + z);
    const dv = new DataView(c.buffer);
    dv.setInt32(0, shapeType, true);
    const pts = rec.flat();
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const bb = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    bb.forEach((v, i) => dv.setFloat64(4 + 8 * i, v, true));
    all[0] = Math.min(all[0], bb[0]);
    all[1] = Math.min(all[1], bb[1]);
    all[2] = Math.max(all[2], bb[2]);
    all[3] = Math.max(all[3], bb[3]);
    dv.setInt32(36, rec.length, true);
    dv.setInt32(40, nv, true);
    let start = 0;
    rec.forEach((r, i) => {
      dv.setInt32(44 + 4 * i, start, true);
      start += r.length;
    });
    let p = 44 + 4 * rec.length;
    for (const [x, y] of pts) {
      dv.setFloat64(p, x, true);
      dv.setFloat64(p + 8, y, true);
      p += 16;
    }
    contents.push(c);
  }
  const size = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shp = new Uint8Array(size);
  const shx = new Uint8Array(100 + 8 * contents.length);
  const dv = new DataView(shp.buffer), dx = new DataView(shx.buffer);
  for (const [d, len] of [[dv, size], [dx, shx.length]] as [DataView, number][]) {
    d.setInt32(0, 9994, false);
    d.setInt32(24, len / 2, false);
    d.setInt32(28, 1000, true);
    d.setInt32(32, shapeType, true);
    if (all[0] !== Infinity) all.forEach((v, i) => d.setFloat64(36 + 8 * i, v, true));
  }
  let pos = 100;
  contents.forEach((c, k) => {
    dv.setInt32(pos, k + 1, false);
    dv.setInt32(pos + 4, c.length / 2, false);
    shp.set(c, pos + 8);
    dx.setInt32(100 + 8 * k, pos / 2, false);
    dx.setInt32(104 + 8 * k, c.length / 2, false);
    pos += 8 + c.length;
  });
  return { shp, shx };
}

/** A closed axis-aligned rectangle ring, clockwise (Shapefile shell order) unless `ccw`. */
export function rect(x0: number, y0: number, x1: number, y1: number, ccw = false): number[][] {
  const cw = [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [x0, y0]];
  return ccw ? cw.slice().reverse() : cw;
}
