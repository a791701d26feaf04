/**
 * Binary reader for the geometry part of a Shapefile (.shp): Polygon, PolygonZ, PolygonM and
 * null shapes, straight into a {@link PolygonColumn} (shells CCW, holes CW).
 */
import type { PolygonColumn } from "../geom/types.ts";
import { groupRings, reverseRing, signedArea } from "./shp_rings.ts";

/** What {@link readShp} returns. */
export interface ShpData {
  /** One feature per record (null shapes are empty features). */
  geometry: PolygonColumn;
  /** Shape type of the file header (5 Polygon, 15 PolygonZ, 25 PolygonM; 0 when all null). */
  shapeType: number;
  /** [minX, minY, maxX, maxY] from the file header. */
  bbox: [number, number, number, number];
  /** Remarks for the load report (orphan holes made shells, rings closed, …). */
  notes: string[];
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const POLYGON_TYPES = new Set([5, 15, 25]);

/**
 * Reads a .shp file of polygons. Shapefile rings (outer clockwise, holes counter-clockwise)
 * are regrouped: each hole goes to the smallest shell containing it; a counter-clockwise ring
 * in no shell becomes a shell (counted in `notes`). Coordinates are kept as they are, except
 * that an unclosed ring gets its first vertex repeated. Z and M values are ignored. Throws a
 * Chinese error naming `source` and the record number for truncated or corrupt files.
 *
 * With `consume`, the caller gives up `shp` (a buffer it read for this): the coordinates are
 * then compacted inside that buffer instead of a new one, so the file's bytes and a copy of its
 * coordinates are not held together (200,000 parcels, 85 MB of .shp: the loading phase's peak
 * about 30 MB lower; the load's own peak comes later, with Arrow). A file where that would
 * overwrite vertices not yet read (more unclosed rings than record headers leave room for) falls
 * back to a new buffer. The result is the same either way.
 */
export function readShp(shp: Uint8Array, source: string, consume = false): ShpData {
  if (shp.length < 100) {
    throw new Error(`Shapefile 不完整：${source} 只有 ${shp.length} 字节，不足 100 字节的文件头`);
  }
  const dv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (dv.getInt32(0, false) !== 9994) {
    throw new Error(`不是 Shapefile：${source} 的文件标识为 ${dv.getInt32(0, false)}，应为 9994`);
  }
  const declared = dv.getInt32(24, false) * 2;
  const shapeType = dv.getInt32(32, true);
  const declaredLength = dv.getInt32(24, false) * 2;
  if (declaredLength <= 100 && shp.length <= 100 && !POLYGON_TYPES.has(shapeType)) {
    // No records: an empty layer is legitimate whatever type its header declares (GDAL writes PolyLine).
    return {
      geometry: { coords: new Float64Array(0), ringOffsets: new Uint32Array([0]), polyOffsets: new Uint32Array([0]), geomOffsets: new Uint32Array([0]) },
      shapeType,
      bbox: [NaN, NaN, NaN, NaN],
      notes: [`${source}：空图层（文件头几何类型代码 ${shapeType}），不含要素`],
    };
  }
  if (shapeType !== 0 && !POLYGON_TYPES.has(shapeType)) {
    throw new Error(
      `不支持的几何类型：${source} 的几何类型代码为 ${shapeType}，只支持面（5 Polygon、15 PolygonZ、25 PolygonM）`,
    );
  }
  const bbox: [number, number, number, number] = [
    dv.getFloat64(36, true),
    dv.getFloat64(44, true),
    dv.getFloat64(52, true),
    dv.getFloat64(60, true),
  ];
  const notes: string[] = [];
  const end = Math.min(declared, shp.length);
  if (declared < shp.length) {
    notes.push(`${source}：文件头声明长度 ${declared} 字节，文件实际 ${shp.length} 字节，多余部分未读取`);
  }
  const truncated = (k: number, need: number, have: number): Error =>
    new Error(
      `Shapefile 已截断：${source} 第 ${k} 条记录不完整（需要 ${need} 字节，文件只剩 ${have} 字节；文件头声明长度 ${declared} 字节，实际 ${shp.length} 字节）`,
    );
  const corrupt = (k: number, what: string): Error =>
    new Error(`Shapefile 记录损坏：${source} 第 ${k} 条记录${what}`);

  // Pass 1: locate records, count rings and vertices, check bounds.
  const recPos: number[] = [];
  let nRings = 0, nVerts = 0, closed = 0, emptyRings = 0, emptyShapes = 0;
  let pos = 100;
  while (pos < end) {
    const k = recPos.length + 1;
    if (pos + 8 > shp.length) throw truncated(k, 8, shp.length - pos);
    const len = dv.getInt32(pos + 4, false) * 2;
    if (len < 4) throw corrupt(k, `的内容长度 ${len} 字节无效`);
    if (pos + 8 + len > shp.length) throw truncated(k, 8 + len, shp.length - pos);
    const c = pos + 8;
    const t = dv.getInt32(c, true);
    if (t !== 0) {
      if (!POLYGON_TYPES.has(t)) throw corrupt(k, `的几何类型为 ${t}，不是面`);
      if (len < 44) throw corrupt(k, `的内容长度 ${len} 字节不足以容纳面的记录头`);
      const np = dv.getInt32(c + 36, true), nv = dv.getInt32(c + 40, true);
      if (np < 0 || nv < 0 || 44 + 4 * np + 16 * nv > len) {
        throw corrupt(k, `声明 ${np} 个环、${nv} 个顶点，超出记录内容长度 ${len} 字节`);
      }
      if (np === 0 || nv === 0) emptyShapes++;
      else {
        const pts = c + 44 + 4 * np;
        for (let r = 0; r < np; r++) {
          const a = dv.getInt32(c + 44 + 4 * r, true);
          const b = r + 1 < np ? dv.getInt32(c + 48 + 4 * r, true) : nv;
          if (a < 0 || b > nv || b < a || (r === 0 && a !== 0)) {
            throw corrupt(k, `的第 ${r + 1} 个环起点 ${a} 无效（共 ${nv} 个顶点）`);
          }
          if (a === b) {
            emptyRings++;
            continue;
          }
          nRings++;
          nVerts += b - a;
          const p = pts + 16 * a, q = pts + 16 * (b - 1);
          if (
            dv.getFloat64(p, true) !== dv.getFloat64(q, true) ||
            dv.getFloat64(p + 8, true) !== dv.getFloat64(q + 8, true)
          ) {
            nVerts++;
            closed++;
          }
        }
      }
    }
    recPos.push(pos);
    pos += 8 + len;
  }
  if (declared > shp.length && pos >= shp.length) {
    throw truncated(recPos.length + 1, declared - shp.length, 0);
  }

  // Pass 2: fill the column, in `shp`'s own buffer when consumed (vertices only ever move down:
  // each record's header is dropped), else in a new one.
  const nRec = recPos.length;
  let inPlace = consume && LITTLE_ENDIAN_HOST && shp.byteOffset === 0 && shp.buffer instanceof ArrayBuffer &&
    nVerts * 16 <= shp.byteLength;
  let coords = inPlace ? new Float64Array(shp.buffer as ArrayBuffer, 0, nVerts * 2) : new Float64Array(nVerts * 2);
  let coordBytes = new Uint8Array(coords.buffer, 0, nVerts * 16);
  /** Leaves the file's buffer: the vertices so far to a new one (nothing unread was overwritten). */
  const moveOut = (done: number) => {
    const fresh = new Float64Array(nVerts * 2);
    fresh.set(coords.subarray(0, done * 2));
    coords = fresh;
    coordBytes = new Uint8Array(coords.buffer);
    inPlace = false;
  };
  const ringOffsets = new Uint32Array(nRings + 1);
  let polyOffsets = new Uint32Array(nRings + 1);
  const geomOffsets = new Uint32Array(nRec + 1);
  let v = 0, ri = 0, pi = 0, orphans = 0;
  let scratch = new Float64Array(1024);
  let parts = new Int32Array(64);
  const localOffs: number[] = [];
  for (let k = 0; k < nRec; k++) {
    const c = recPos[k] + 8;
    const t = dv.getInt32(c, true);
    const np = t === 0 ? 0 : dv.getInt32(c + 36, true);
    const nv = t === 0 ? 0 : dv.getInt32(c + 40, true);
    if (np > 0 && nv > 0) {
      const pts = c + 44 + 4 * np;
      // The ring starts are read before any vertex is written (in place, writes may reach them).
      if (parts.length < np + 1) parts = new Int32Array(np * 2 + 1);
      for (let r = 0; r < np; r++) parts[r] = dv.getInt32(c + 44 + 4 * r, true);
      parts[np] = nv;
      const v0 = v, r0 = ri;
      for (let r = 0; r < np; r++) {
        const a = parts[r], b = parts[r + 1];
        if (a === b) continue;
        const p0 = pts + 16 * a;
        const first = v;
        if (LITTLE_ENDIAN_HOST) {
          if (inPlace) shp.copyWithin(v * 16, p0, pts + 16 * b); // shp views the same buffer from 0
          else coordBytes.set(shp.subarray(p0, pts + 16 * b), v * 16);
        } else for (let i = 0; i < (b - a) * 2; i++) coords[v * 2 + i] = dv.getFloat64(p0 + 8 * i, true);
        v += b - a;
        if (coords[first * 2] !== coords[(v - 1) * 2] || coords[first * 2 + 1] !== coords[(v - 1) * 2 + 1]) {
          // The closing vertex must not land on the next ring's vertices, still unread.
          if (inPlace && v * 16 + 16 > pts + 16 * b) moveOut(v);
          coords[v * 2] = coords[first * 2];
          coords[v * 2 + 1] = coords[first * 2 + 1];
          v++;
        }
        ringOffsets[++ri] = v;
      }
      const nr = ri - r0;
      if (nr === 1) {
        if (signedArea(coords, v0, v) < 0) reverseRing(coords, v0, v);
        polyOffsets[++pi] = ri;
      } else if (nr > 1) {
        // Work on a copy of the record's vertices, then write the rings back grouped by polygon.
        const span = (v - v0) * 2;
        if (scratch.length < span) scratch = new Float64Array(span * 2);
        scratch.set(coords.subarray(v0 * 2, v * 2));
        localOffs.length = 0;
        for (let i = r0; i <= ri; i++) localOffs.push(ringOffsets[i] - v0);
        const { polygons, orphanHoles } = groupRings(scratch, localOffs, nr);
        orphans += orphanHoles;
        let w = v0, rw = r0;
        for (const poly of polygons) {
          poly.forEach((r, idx) => {
            const a = localOffs[r], b = localOffs[r + 1];
            coords.set(scratch.subarray(a * 2, b * 2), w * 2);
            const area = signedArea(coords, w, w + b - a);
            if (idx === 0 ? area < 0 : area > 0) reverseRing(coords, w, w + b - a);
            w += b - a;
            ringOffsets[++rw] = w;
          });
          polyOffsets[++pi] = rw;
        }
      }
    }
    geomOffsets[k + 1] = pi;
  }
  polyOffsets = polyOffsets.slice(0, pi + 1);
  if (orphans > 0) {
    notes.push(
      `${source}：${orphans} 个按洞绕向（逆时针）存储的环不在任何外环内，已作为独立的面（外环）读入`,
    );
  }
  if (closed > 0) notes.push(`${source}：${closed} 个环首尾不闭合，已补上闭合点`);
  if (emptyRings > 0) notes.push(`${source}：${emptyRings} 个环没有顶点，已忽略`);
  if (emptyShapes > 0) notes.push(`${source}：${emptyShapes} 条面记录没有任何环，按空几何读入`);
  return { geometry: { coords, ringOffsets, polyOffsets, geomOffsets }, shapeType, bbox, notes };
}
