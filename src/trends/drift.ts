/**
 * Centre-of-gravity drift (耕地重心漂移): from a series of centres (one per survey year or
 * survey), each step's geodesic distance and bearing on the ellipsoid, the cumulative path and
 * the net shift from the first to the last centre. Any years present work; they are sorted.
 *
 * @example
 * ```ts
 * const d = driftPath([{ label: "2019", lon: 114, lat: 30 }, { label: "2024", lon: 113.99, lat: 30.01 }]);
 * d.steps[0].distanceKm; d.steps[0].bearingDeg; d.steps[0].direction; // "西北"
 * ```
 * @module
 */
import { directionName, type Ellipsoid, geodesicInverse, GRS80 } from "../geom/geodesic.ts";

/** One centre of the series. `order` sorts it (a year); `label` names it. */
export interface CentrePoint {
  label: string;
  order?: number;
  lon: number;
  lat: number;
}

/** One step between consecutive centres. */
export interface DriftStep {
  from: string;
  to: string;
  fromLon: number;
  fromLat: number;
  toLon: number;
  toLat: number;
  distanceKm: number;
  /** Degrees clockwise from north at the start of the step; NaN when the centre did not move. */
  bearingDeg: number;
  direction: string;
  cumulativeKm: number;
}

/** The whole path. */
export interface DriftPath {
  steps: DriftStep[];
  /** Sum of the step distances. */
  pathKm: number;
  /** First → last centre. */
  net: Omit<DriftStep, "cumulativeKm"> | null;
  /** Centres that were skipped because their position is not finite (e.g. no weight that year). */
  skipped: string[];
}

/** Steps, cumulative path and net shift of a series of centres. */
export function driftPath(centres: CentrePoint[], ellipsoid: Ellipsoid = GRS80): DriftPath {
  const skipped = centres.filter((c) => !Number.isFinite(c.lon) || !Number.isFinite(c.lat)).map((c) =>
    c.label
  );
  const ok = centres
    .filter((c) => Number.isFinite(c.lon) && Number.isFinite(c.lat))
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.order ?? a.i) - (b.c.order ?? b.i) || a.i - b.i)
    .map((x) => x.c);
  const step = (a: CentrePoint, b: CentrePoint) => {
    const r = geodesicInverse(a.lon, a.lat, b.lon, b.lat, ellipsoid);
    return {
      from: a.label,
      to: b.label,
      fromLon: a.lon,
      fromLat: a.lat,
      toLon: b.lon,
      toLat: b.lat,
      distanceKm: r.distanceM / 1000,
      bearingDeg: r.azimuth1Deg,
      direction: directionName(r.azimuth1Deg),
    };
  };
  const steps: DriftStep[] = [];
  let cum = 0;
  for (let i = 1; i < ok.length; i++) {
    const s = step(ok[i - 1], ok[i]);
    cum += s.distanceKm;
    steps.push({ ...s, cumulativeKm: cum });
  }
  return { steps, pathKm: cum, net: ok.length >= 2 ? step(ok[0], ok[ok.length - 1]) : null, skipped };
}
