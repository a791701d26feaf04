/**
 * Weighted centres of farmland (耕地重心): the weighted mean position of parcels (projected
 * metres) or of units with a representative point each (longitude/latitude).
 *
 * - Projected input (parcels of one survey in one Gauss–Krüger CRS): the planar weighted mean,
 *   the 重心模型 of the literature (X = Σwᵢxᵢ / Σwᵢ, Y = Σwᵢyᵢ / Σwᵢ); the caller turns it into
 *   longitude/latitude with the table's CRS.
 * - Geographic input (provinces, counties with a point each): the weighted mean of the points'
 *   geocentric (ECEF) vectors on the ellipsoid, brought back to the surface along the normal.
 *   Unlike averaging degrees it has no trouble with meridian convergence; for points a few
 *   hundred km apart the two differ by metres.
 *
 * Weights are any non-negative numbers (area, area × (16 − grade), area × yield); points with a
 * zero, negative or non-finite weight or position are skipped and counted.
 *
 * @example
 * ```ts
 * weightedCentroidPlanar([{ x: 0, y: 0, w: 1 }, { x: 10, y: 0, w: 3 }]); // { x: 7.5, y: 0, weight: 4, used: 2, skipped: 0 }
 * ```
 * @module
 */
import { type Ellipsoid, GRS80 } from "../geom/geodesic.ts";

/** A weighted point in projected metres. */
export interface PlanarPoint {
  x: number;
  y: number;
  w: number;
}

/** A weighted point in degrees. */
export interface GeoPoint {
  lon: number;
  lat: number;
  w: number;
}

/** Weighted sums of a set of projected points, as SQL or a loop accumulates them. */
export interface PlanarSums {
  sumW: number;
  sumWX: number;
  sumWY: number;
  used: number;
  skipped: number;
}

/** A planar centre with its total weight and the count of points used and skipped. */
export interface PlanarCentre {
  x: number;
  y: number;
  weight: number;
  used: number;
  skipped: number;
}

/** A geographic centre with its total weight and the count of points used and skipped. */
export interface GeoCentre {
  lon: number;
  lat: number;
  weight: number;
  used: number;
  skipped: number;
}

function usable(w: number, ...coords: number[]): boolean {
  return Number.isFinite(w) && w > 0 && coords.every(Number.isFinite);
}

/** Sums Σw, Σw·x, Σw·y over usable points. */
export function planarSums(points: Iterable<PlanarPoint>): PlanarSums {
  const s: PlanarSums = { sumW: 0, sumWX: 0, sumWY: 0, used: 0, skipped: 0 };
  for (const p of points) {
    if (!usable(p.w, p.x, p.y)) {
      s.skipped++;
      continue;
    }
    s.sumW += p.w;
    s.sumWX += p.w * p.x;
    s.sumWY += p.w * p.y;
    s.used++;
  }
  return s;
}

/** The centre of weighted sums; NaN coordinates when the total weight is zero. */
export function centreFromSums(s: PlanarSums): PlanarCentre {
  const ok = s.sumW > 0;
  return {
    x: ok ? s.sumWX / s.sumW : NaN,
    y: ok ? s.sumWY / s.sumW : NaN,
    weight: s.sumW,
    used: s.used,
    skipped: s.skipped,
  };
}

/** The planar weighted centre of projected points. */
export function weightedCentroidPlanar(points: Iterable<PlanarPoint>): PlanarCentre {
  return centreFromSums(planarSums(points));
}

const RAD = Math.PI / 180;

/** Geodetic (lon, lat, h = 0) → geocentric X, Y, Z (m). */
export function toEcef(lon: number, lat: number, ellipsoid: Ellipsoid = GRS80): [number, number, number] {
  const e2 = ellipsoid.f * (2 - ellipsoid.f);
  const sl = Math.sin(lat * RAD), cl = Math.cos(lat * RAD);
  const N = ellipsoid.a / Math.sqrt(1 - e2 * sl * sl);
  return [N * cl * Math.cos(lon * RAD), N * cl * Math.sin(lon * RAD), N * (1 - e2) * sl];
}

/** Geocentric X, Y, Z → geodetic longitude and latitude (degrees), the height dropped. */
export function fromEcef(x: number, y: number, z: number, ellipsoid: Ellipsoid = GRS80): [number, number] {
  const e2 = ellipsoid.f * (2 - ellipsoid.f);
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const sl = Math.sin(lat);
    const N = ellipsoid.a / Math.sqrt(1 - e2 * sl * sl);
    const next = Math.atan2(z + e2 * N * sl, p);
    if (Math.abs(next - lat) < 1e-14) {
      lat = next;
      break;
    }
    lat = next;
  }
  return [lon / RAD, lat / RAD];
}

/**
 * The weighted centre of geographic points: the weighted mean geocentric vector, projected
 * back onto the ellipsoid along its normal.
 */
export function weightedCentroidGeographic(
  points: Iterable<GeoPoint>,
  ellipsoid: Ellipsoid = GRS80,
): GeoCentre {
  let sx = 0, sy = 0, sz = 0, sw = 0, used = 0, skipped = 0;
  for (const p of points) {
    if (!usable(p.w, p.lon, p.lat) || Math.abs(p.lat) > 90) {
      skipped++;
      continue;
    }
    const [x, y, z] = toEcef(p.lon, p.lat, ellipsoid);
    sx += p.w * x;
    sy += p.w * y;
    sz += p.w * z;
    sw += p.w;
    used++;
  }
  if (sw <= 0) return { lon: NaN, lat: NaN, weight: 0, used, skipped };
  const [lon, lat] = fromEcef(sx / sw, sy / sw, sz / sw, ellipsoid);
  return { lon, lat, weight: sw, used, skipped };
}
