/**
 * Photo checks of a field return (DOMAIN.md §4.5: at least 4 photos from different angles,
 * taken at or near the parcel). Pure functions over a row's cells and the piece geometry.
 *
 * Readings chosen (all configurable through {@link PhotoRules}):
 * - a photo is the four columns 照片N方位角（度）, 照片N经度, 照片N纬度, 照片N拍摄时间 (N = 1, 2, …;
 *   any number of photos); all four blank = no photo; partly blank = a problem;
 * - longitude/latitude are degrees in CGCS2000 (WGS84 taken as the same: they differ by
 *   centimetres, far below the distance rule);
 * - "at or near": the distance from the photo's position to the piece (0 inside it) is at most
 *   `maxPhotoDistanceM`, default 200 m — a phone fix (~10 m) from the edge of a large plot, or
 *   from a road or ridge beside it, while a photo taken elsewhere (kilometres away) fails;
 * - "different angles": azimuths count as distinct when they differ (around the circle) by at
 *   least `minAzimuthSeparationDeg`, default 30°; the return needs `minPhotos` (4) photos that
 *   are all valid, near, and pairwise distinct.
 *
 * @example
 * ```ts
 * maxDistinctAzimuths([10, 100, 190, 280], 30); // 4
 * maxDistinctAzimuths([10, 100, 100, 280], 30); // 3
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { PolygonRings } from "../geom/types.ts";
import { CGCS2000_GEOGRAPHIC, type Crs, gaussKrugerZone, transformer, zoneForLongitude } from "../io/crs.ts";
import { cellNumber, cellText, type ValueProblem } from "./grade.ts";
import { parseDateTimeCell } from "../units/dates.ts";

/** The photo rules of an import. */
export interface PhotoRules {
  /** Photos needed (default 4). */
  minPhotos: number;
  /** Least circular difference for two azimuths to be distinct, degrees (default 30). */
  minAzimuthSeparationDeg: number;
  /** Greatest distance from the photo's position to the piece, metres (default 200). */
  maxPhotoDistanceM: number;
}

/** Defaults of {@link PhotoRules}. */
export const DEFAULT_PHOTO_RULES: Readonly<PhotoRules> = Object.freeze({
  minPhotos: 4,
  minAzimuthSeparationDeg: 30,
  maxPhotoDistanceM: 200,
});

/** The parts of a photo, as column suffixes. */
export const PHOTO_PARTS = ["方位角（度）", "经度", "纬度", "拍摄时间"] as const;

/** A photo as read from a row. */
export interface Photo {
  /** N of 照片N. */
  index: number;
  azimuth: number;
  lon: number;
  lat: number;
  time: string;
}

/**
 * The photo numbers present in a set of column headers (照片1…照片N), ascending.
 *
 * @example
 * ```ts
 * photoIndexes(["BSM", "照片1经度", "照片2方位角（度）"]); // [1, 2]
 * ```
 */
export function photoIndexes(headers: Iterable<string>): number[] {
  const out = new Set<number>();
  for (const h of headers) {
    const m = /^照片(\d+)(方位角（度）|经度|纬度|拍摄时间)$/.exec(h);
    if (m) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Circular difference of two azimuths, 0–180°.
 *
 * @example
 * ```ts
 * azimuthDifference(350, 10); // 20
 * ```
 */
export function azimuthDifference(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return Math.min(d, 360 - d);
}

/**
 * The largest number of azimuths that are pairwise at least `sep` apart around the circle
 * (greedy from each starting azimuth in sorted order, which is optimal on a circle).
 *
 * @example
 * ```ts
 * maxDistinctAzimuths([0, 90, 90, 270], 30); // 3
 * ```
 */
export function maxDistinctAzimuths(azimuths: readonly number[], sep: number): number {
  const a = azimuths.map((x) => ((x % 360) + 360) % 360).sort((x, y) => x - y);
  let best = Math.min(a.length, 1);
  for (let s = 0; s < a.length; s++) {
    const picked = [a[s]];
    for (let k = 1; k < a.length; k++) {
      const x = a[(s + k) % a.length] + (s + k >= a.length ? 360 : 0);
      if (x - picked[picked.length - 1] >= sep && picked[0] + 360 - x >= sep) picked.push(x);
    }
    best = Math.max(best, picked.length);
  }
  return best;
}

/**
 * Whether a cell is a date or date-time the forms accept ("2024-07-11 13:02:46", "2024/7/11 13:02",
 * "2024年7月11日", or an Excel date serial such as 45484.54): the one date reader of
 * `src/units/dates.ts`.
 *
 * @example
 * ```ts
 * isPhotoTime("2024-07-11 13:02:46"); // true
 * isPhotoTime("2023-02-29");          // false
 * ```
 */
export function isPhotoTime(v: Cell): boolean {
  return parseDateTimeCell(v) != null;
}

/**
 * Reads the photos of a row: the valid ones, and a problem for every photo that is partly
 * filled or has an impossible value (azimuth outside [0, 360), longitude/latitude outside
 * their range, a time that is not a date).
 *
 * @example
 * ```ts
 * readPhotos(row, [1, 2, 3, 4]).photos.length; // 4 for a complete row
 * ```
 */
export function readPhotos(values: Record<string, Cell>, indexes: readonly number[]): {
  photos: Photo[];
  problems: ValueProblem[];
  /** Photos with at least one part filled. */
  filled: number;
} {
  const photos: Photo[] = [];
  const problems: ValueProblem[] = [];
  let filled = 0;
  for (const i of indexes) {
    const col = (p: string) => `照片${i}${p}`;
    const cells = PHOTO_PARTS.map((p) => values[col(p)] ?? null);
    const blank = cells.map((c) => cellText(c) === "");
    if (blank.every(Boolean)) continue;
    filled++;
    if (blank.some(Boolean)) {
      const lacking = PHOTO_PARTS.filter((_, k) => blank[k]).map(col);
      problems.push({
        code: "photo_incomplete",
        field: lacking.join("、"),
        value: null,
        message: `照片${i}信息不全：${lacking.join("、")}未填写`,
      });
      continue;
    }
    const [az, lon, lat] = cells.slice(0, 3).map(cellNumber);
    const time = parseDateTimeCell(cells[3]);
    const bad: ValueProblem[] = [];
    const invalid = (part: string, msg: string) =>
      bad.push({
        code: "photo_invalid",
        field: col(part),
        value: values[col(part)],
        message: `照片${i}${msg}`,
      });
    if (az === null || az < 0 || az >= 360) {
      invalid("方位角（度）", `方位角应为 0–360 度（不含 360），收到“${cellText(cells[0])}”`);
    }
    if (lon === null || lon < -180 || lon > 180) {
      invalid("经度", `经度应为 −180–180 度，收到“${cellText(cells[1])}”`);
    }
    if (lat === null || lat < -90 || lat > 90) {
      invalid("纬度", `纬度应为 −90–90 度，收到“${cellText(cells[2])}”`);
    }
    if (time == null) {
      invalid("拍摄时间", `拍摄时间应为日期时间（如 2024-07-11 13:02:46，或 Excel 日期），收到“${cellText(cells[3])}”`);
    }
    if (bad.length > 0) problems.push(...bad);
    else photos.push({ index: i, azimuth: az!, lon: lon!, lat: lat!, time: time! });
  }
  return { photos, problems, filled };
}

function pointSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const r = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + r * dx), py - (ay + r * dy));
}

/**
 * Planar distance from a point to polygons (0 inside; even–odd over all rings).
 *
 * @example
 * ```ts
 * pointToPolygonsDistance(5, -3, [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]]); // 3
 * ```
 */
export function pointToPolygonsDistance(x: number, y: number, polygons: readonly PolygonRings[]): number {
  let best = Infinity;
  for (const poly of polygons) {
    let inside = false;
    for (const ring of poly) {
      for (let v = 0; v + 1 < ring.length; v++) {
        const [x1, y1] = ring[v], [x2, y2] = ring[v + 1];
        if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
        best = Math.min(best, pointSegment(x, y, x1, y1, x2, y2));
      }
    }
    if (inside) return 0;
  }
  return best;
}

/**
 * A function giving the distance in metres from a longitude/latitude (CGCS2000 degrees) to
 * polygons in `crs`. A projected CRS is used as it is; for a geographic CRS both are projected
 * into the 3° Gauss–Krüger zone of the point first.
 *
 * @example
 * ```ts
 * const dist = photoDistancer(gaussKrugerZone(38, true));
 * dist(114.0, 31.0, piece.rings); // metres
 * ```
 */
export function photoDistancer(
  crs: Crs,
): (lon: number, lat: number, polygons: readonly PolygonRings[]) => number {
  if (crs.kind === "projected") {
    const toCrs = transformer(CGCS2000_GEOGRAPHIC, crs);
    return (lon, lat, polygons) => {
      const [x, y] = toCrs(lon, lat);
      return pointToPolygonsDistance(x, y, polygons);
    };
  }
  const zones = new Map<number, (x: number, y: number) => [number, number]>();
  return (lon, lat, polygons) => {
    const z = Math.min(45, Math.max(25, zoneForLongitude(lon)));
    let f = zones.get(z);
    if (!f) zones.set(z, f = transformer(crs, gaussKrugerZone(z, false)));
    const [x, y] = f(lon, lat);
    const projected = polygons.map((p) => p.map((r) => r.map(([a, b]) => f!(a, b))));
    return pointToPolygonsDistance(x, y, projected);
  };
}

/**
 * Checks the photos of a row against the rules and the target geometry (all pieces the row
 * applies to; the distance is to the nearest of them). Returns every problem: per-photo ones,
 * then too few good photos, then azimuths too close.
 *
 * @example
 * ```ts
 * checkPhotos(row, [1, 2, 3, 4], [piece.rings], photoDistancer(crs), DEFAULT_PHOTO_RULES); // [] when fine
 * ```
 */
export function checkPhotos(
  values: Record<string, Cell>,
  indexes: readonly number[],
  targets: readonly PolygonRings[][],
  distance: (lon: number, lat: number, polygons: readonly PolygonRings[]) => number,
  rules: PhotoRules,
): ValueProblem[] {
  const { photos, problems, filled } = readPhotos(values, indexes);
  const near: Photo[] = [];
  for (const p of photos) {
    const d = Math.min(...targets.map((t) => distance(p.lon, p.lat, t)));
    if (d <= rules.maxPhotoDistanceM) near.push(p);
    else {
      problems.push({
        code: "photo_far",
        field: `照片${p.index}经度、照片${p.index}纬度`,
        value: `${p.lon}, ${p.lat}`,
        message: `照片${p.index}拍摄位置距图斑 ${
          Math.round(d * 10) / 10
        } 米，超过 ${rules.maxPhotoDistanceM} 米`,
      });
    }
  }
  if (near.length < rules.minPhotos) {
    problems.push({
      code: "few_photos",
      field: "照片",
      value: near.length,
      message:
        `合格照片 ${near.length} 张（已填 ${filled} 张），至少需要 ${rules.minPhotos} 张不同角度、在图斑上或附近拍摄的照片`,
    });
  }
  const distinct = maxDistinctAzimuths(near.map((p) => p.azimuth), rules.minAzimuthSeparationDeg);
  if (distinct < near.length && distinct < rules.minPhotos) {
    const close: string[] = [];
    for (let a = 0; a < near.length; a++) {
      for (let b = a + 1; b < near.length; b++) {
        const d = azimuthDifference(near[a].azimuth, near[b].azimuth);
        if (d < rules.minAzimuthSeparationDeg) {
          close.push(`照片${near[a].index}与照片${near[b].index}相差 ${Math.round(d * 10) / 10}°`);
        }
      }
    }
    problems.push({
      code: "azimuth_not_distinct",
      field: near.map((p) => `照片${p.index}方位角（度）`).join("、"),
      value: near.map((p) => p.azimuth).join("、"),
      message: `不同角度的照片只有 ${distinct} 张（方位角互差须 ≥ ${rules.minAzimuthSeparationDeg}°；${
        close.join("，")
      }）`,
    });
  }
  return problems;
}
