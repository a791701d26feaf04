/**
 * Geodesics on the ellipsoid: the distance and azimuths between two points (inverse problem)
 * and the point reached from one point along an azimuth (direct problem), by Vincenty's nested
 * formulas (Survey Review 23(176), 1975), accurate to well under a millimetre for the distances
 * of farmland drift. CGCS2000 uses an ellipsoid that differs from GRS80 only in the 11th
 * significant digit of the flattening, so {@link GRS80} serves both.
 *
 * @example
 * ```ts
 * const r = geodesicInverse(114, 30, 115, 31); // lon/lat in degrees
 * r.distanceM;  // ≈ 144 km
 * r.azimuth1Deg; // bearing at the start, clockwise from north
 * ```
 * @module
 */

/** An ellipsoid of revolution: semi-major axis (m) and flattening. */
export interface Ellipsoid {
  name: string;
  a: number;
  f: number;
}

/** GRS80 (a = 6378137 m, 1/f = 298.257222101), the ellipsoid of CGCS2000 to survey precision. */
export const GRS80: Ellipsoid = Object.freeze({ name: "GRS80", a: 6378137, f: 1 / 298.257222101 });
/** WGS84 (a = 6378137 m, 1/f = 298.257223563). */
export const WGS84_ELLIPSOID: Ellipsoid = Object.freeze({ name: "WGS84", a: 6378137, f: 1 / 298.257223563 });

/** Result of {@link geodesicInverse}. Azimuths are degrees clockwise from north in [0, 360). */
export interface InverseResult {
  distanceM: number;
  /** Forward azimuth at point 1 (the bearing of the step). */
  azimuth1Deg: number;
  /** Forward azimuth at point 2 (direction of travel on arrival). */
  azimuth2Deg: number;
  /** Reverse azimuth at point 2 (from point 2 back to point 1) = azimuth2 ± 180°. */
  reverseAzimuthDeg: number;
}

const RAD = Math.PI / 180;

function norm360(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d === 360 ? 0 : d;
}

function checkLatLon(lon: number, lat: number, what: string): void {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90) {
    throw new RangeError(`${what}的经纬度无效：经度 ${lon}，纬度 ${lat}（纬度须在 −90°–90° 之间）`);
  }
}

/**
 * The geodesic between two points (longitude, latitude in degrees). Coincident points give
 * distance 0 and azimuths NaN. Throws when the iteration does not converge (only for nearly
 * antipodal points, never for points within China).
 */
export function geodesicInverse(
  lon1: number,
  lat1: number,
  lon2: number,
  lat2: number,
  ellipsoid: Ellipsoid = GRS80,
): InverseResult {
  checkLatLon(lon1, lat1, "起点");
  checkLatLon(lon2, lat2, "终点");
  const { a, f } = ellipsoid;
  const b = a * (1 - f);
  let L = (lon2 - lon1) * RAD;
  L = Math.atan2(Math.sin(L), Math.cos(L)); // wrap to (−π, π]
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * RAD));
  const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
  let lambda = L, lambdaP: number;
  let sinSigma = 0, cosSigma = 0, sigma = 0, cosSqAlpha = 0, cos2SigmaM = 0, sinLambda = 0, cosLambda = 0;
  let iter = 0;
  do {
    sinLambda = Math.sin(lambda);
    cosLambda = Math.cos(lambda);
    const t1 = cosU2 * sinLambda, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
    if (sinSigma === 0) return { distanceM: 0, azimuth1Deg: NaN, azimuth2Deg: NaN, reverseAzimuthDeg: NaN };
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cosSqAlpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha : 0; // equatorial line
    const C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
    lambdaP = lambda;
    lambda = L + (1 - C) * f * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (++iter > 200) {
      throw new Error(`测地线反算不收敛：(${lon1}, ${lat1}) 与 (${lon2}, ${lat2}) 近乎对跖`);
    }
  } while (Math.abs(lambda - lambdaP) > 1e-12);
  const uSq = (cosSqAlpha * (a * a - b * b)) / (b * b);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const deltaSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
        (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  const s = b * A * (sigma - deltaSigma);
  const alpha1 = Math.atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
  const alpha2 = Math.atan2(cosU1 * sinLambda, -sinU1 * cosU2 + cosU1 * sinU2 * cosLambda);
  const az2 = norm360(alpha2 / RAD);
  return {
    distanceM: s,
    azimuth1Deg: norm360(alpha1 / RAD),
    azimuth2Deg: az2,
    reverseAzimuthDeg: norm360(az2 + 180),
  };
}

/** Result of {@link geodesicDirect}. */
export interface DirectResult {
  lon: number;
  lat: number;
  /** Forward azimuth at the end point (degrees). */
  azimuth2Deg: number;
}

/** The point reached from (lon, lat) after `distanceM` metres along `azimuthDeg` (clockwise from north). */
export function geodesicDirect(
  lon: number,
  lat: number,
  azimuthDeg: number,
  distanceM: number,
  ellipsoid: Ellipsoid = GRS80,
): DirectResult {
  checkLatLon(lon, lat, "起点");
  const { a, f } = ellipsoid;
  const b = a * (1 - f);
  const alpha1 = azimuthDeg * RAD;
  const sinAlpha1 = Math.sin(alpha1), cosAlpha1 = Math.cos(alpha1);
  const tanU1 = (1 - f) * Math.tan(lat * RAD);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1), sinU1 = tanU1 * cosU1;
  const sigma1 = Math.atan2(tanU1, cosAlpha1);
  const sinAlpha = cosU1 * sinAlpha1;
  const cosSqAlpha = 1 - sinAlpha * sinAlpha;
  const uSq = (cosSqAlpha * (a * a - b * b)) / (b * b);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  let sigma = distanceM / (b * A), sigmaP: number;
  let cos2SigmaM = 0, sinSigma = 0, cosSigma = 0;
  let iter = 0;
  do {
    cos2SigmaM = Math.cos(2 * sigma1 + sigma);
    sinSigma = Math.sin(sigma);
    cosSigma = Math.cos(sigma);
    const deltaSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
          (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    sigmaP = sigma;
    sigma = distanceM / (b * A) + deltaSigma;
    if (++iter > 200) throw new Error("测地线正算不收敛");
  } while (Math.abs(sigma - sigmaP) > 1e-12);
  const tmp = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1;
  const lat2 = Math.atan2(
    sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1,
    (1 - f) * Math.sqrt(sinAlpha * sinAlpha + tmp * tmp),
  );
  const lambda = Math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1);
  const C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
  const L = lambda - (1 - C) * f * sinAlpha *
      (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
  let lon2 = lon + L / RAD;
  lon2 = ((lon2 + 540) % 360) - 180;
  const alpha2 = Math.atan2(sinAlpha, -tmp);
  return { lon: lon2, lat: lat2 / RAD, azimuth2Deg: norm360(alpha2 / RAD) };
}

const DIRECTIONS = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"] as const;

/**
 * The 8-point Chinese name of a bearing (degrees clockwise from north), each sector 45° wide
 * and centred on its direction: 337.5°–22.5° 北, 22.5°–67.5° 东北, … An undefined bearing
 * (no movement) is "—".
 *
 * @example
 * ```ts
 * directionName(300); // "西北"
 * ```
 */
export function directionName(bearingDeg: number): string {
  if (!Number.isFinite(bearingDeg)) return "—";
  return DIRECTIONS[Math.floor(norm360(bearingDeg + 22.5) / 45) % 8];
}

/** Degrees → 度分秒 text ("306°52′05.37″"), for tables that quote survey-style angles. */
export function toDms(deg: number, secondDigits: number = 2): string {
  if (!Number.isFinite(deg)) return "—";
  const sign = deg < 0 ? "-" : "";
  let total = Math.abs(deg) * 3600;
  total = Math.round(total * 10 ** secondDigits) / 10 ** secondDigits;
  const d = Math.floor(total / 3600), m = Math.floor((total - d * 3600) / 60), s = total - d * 3600 - m * 60;
  return `${sign}${d}°${String(m).padStart(2, "0")}′${
    s.toFixed(secondDigits).padStart(secondDigits > 0 ? 3 + secondDigits : 2, "0")
  }″`;
}
