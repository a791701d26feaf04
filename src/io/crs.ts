/**
 * Coordinate reference systems of survey data: CGCS2000 3° Gauss–Krüger zones (with and
 * without the zone number in the easting), CGCS2000/WGS84 geographic, and anything else
 * a .prj or an EPSG code describes well enough for proj4. Parsing is explicit: a CRS that
 * cannot be understood is an error, never a guess.
 *
 * @example
 * ```ts
 * const crs = parseCrs("EPSG:4526"); // CGCS2000 3-degree GK zone 38, zone in easting
 * crs.falseEasting; // 38500000
 * ```
 */
import proj4 from "proj4";
import type { PolygonColumn } from "../geom/types.ts";

/** A CRS the workspace understands. */
export interface Crs {
  /** A short name for reports, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 38 (EPSG:4526)". */
  name: string;
  kind: "projected" | "geographic";
  /** EPSG code when known. */
  epsg: number | null;
  /** proj4 definition string. */
  proj4: string;
  /** Gauss–Krüger parameters, for projected CRSs. */
  centralMeridian?: number;
  falseEasting?: number;
  /** 3° zone number when the CRS is a CGCS2000 3° GK zone. */
  zone?: number;
  /** True when the zone number is part of the easting (EPSG:4513–4533). */
  zoneInEasting?: boolean;
}

const GRS80 = "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0";

/** The CGCS2000 3° GK CRS for a zone, with or without the zone in the easting. */
export function gaussKrugerZone(zone: number, zoneInEasting: boolean): Crs {
  if (!Number.isInteger(zone) || zone < 25 || zone > 45) {
    throw new Error(`3 度带带号应在 25–45 之间，收到 ${zone}`);
  }
  const cm = zone * 3;
  const fe = zoneInEasting ? zone * 1_000_000 + 500_000 : 500_000;
  const epsg = zoneInEasting ? 4513 + (zone - 25) : 4534 + (zone - 25);
  return {
    name: zoneInEasting
      ? `CGCS2000 3度带高斯-克吕格 第${zone}带（带号在横坐标前，EPSG:${epsg}）`
      : `CGCS2000 3度带高斯-克吕格 中央经线 ${cm}°E（EPSG:${epsg}）`,
    kind: "projected",
    epsg,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 ${GRS80} +units=m +no_defs`,
    centralMeridian: cm,
    falseEasting: fe,
    zone,
    zoneInEasting,
  };
}

/** CGCS2000 geographic (EPSG:4490). */
export const CGCS2000_GEOGRAPHIC: Crs = {
  name: "CGCS2000 地理坐标（EPSG:4490）",
  kind: "geographic",
  epsg: 4490,
  proj4: `+proj=longlat ${GRS80} +no_defs`,
};

/** WGS84 geographic (EPSG:4326), the CRS of exported web copies. */
export const WGS84: Crs = {
  name: "WGS84 地理坐标（EPSG:4326）",
  kind: "geographic",
  epsg: 4326,
  proj4: "+proj=longlat +datum=WGS84 +no_defs",
};

/** The CRS of an EPSG code, for the codes survey data uses. Throws for others. */
export function crsFromEpsg(code: number): Crs {
  if (code >= 4513 && code <= 4533) return gaussKrugerZone(code - 4513 + 25, true);
  if (code >= 4534 && code <= 4554) return gaussKrugerZone(code - 4534 + 25, false);
  if (code === 4490) return CGCS2000_GEOGRAPHIC;
  if (code === 4326) return WGS84;
  throw new Error(`不支持的坐标系 EPSG:${code}（支持 CGCS2000 3 度带 EPSG:4513–4554、EPSG:4490、EPSG:4326）`);
}

/**
 * Parses a CRS from text: "EPSG:4526", "urn:ogc:def:crs:EPSG::4526", "OGC:CRS84", an ESRI or
 * OGC WKT (.prj), or a proj4 string. Returns null for empty text; throws on text it cannot read.
 */
export function parseCrs(text: string | null | undefined): Crs | null {
  if (text == null) return null;
  const t = text.trim();
  if (t === "") return null;
  const code = /^(?:EPSG:|urn:ogc:def:crs:EPSG:[^:]*:)(\d+)$/i.exec(t);
  if (code) return crsFromEpsg(Number(code[1]));
  if (/^(urn:ogc:def:crs:OGC:[^:]*:)?CRS84$|^OGC:CRS84$/i.test(t)) return WGS84;
  if (t.startsWith("+proj=")) return crsFromProj4(t);
  if (/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i.test(t)) return crsFromWkt(t);
  throw new Error(`无法识别的坐标系描述：${t.slice(0, 80)}`);
}

function crsFromProj4(p: string): Crs {
  const geographic = /\+proj=longlat/.test(p);
  const lon0 = Number(/\+lon_0=([-\d.]+)/.exec(p)?.[1] ?? NaN);
  const x0 = Number(/\+x_0=([-\d.]+)/.exec(p)?.[1] ?? 0);
  return geographic
    ? { name: `地理坐标（${p}）`, kind: "geographic", epsg: null, proj4: p }
    : { name: `投影坐标（${p}）`, kind: "projected", epsg: null, proj4: p, centralMeridian: lon0, falseEasting: x0 };
}

function wktParam(wkt: string, name: string): number | null {
  const m = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*([-+\\d.eE]+)`, "i").exec(wkt);
  return m ? Number(m[1]) : null;
}

function crsFromWkt(wkt: string): Crs {
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt) ??
    /ID\s*\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(wkt);
  if (authority) {
    try {
      return crsFromEpsg(Number(authority[1]));
    } catch { /* fall through to the parameters */ }
  }
  const datum = /DATUM\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? "";
  const isCgcs = /2000|CGCS/i.test(datum) || /CGCS2000|China_Geodetic_Coordinate_System_2000/i.test(wkt);
  const isWgs = /WGS_?1984|WGS 84/i.test(datum);
  if (/^(GEOGCS|GEOGCRS|GEODCRS)/i.test(wkt)) {
    if (isCgcs) return CGCS2000_GEOGRAPHIC;
    if (isWgs) return WGS84;
    throw new Error(`不支持的地理坐标系基准“${datum}”（支持 CGCS2000、WGS84）`);
  }
  if (!isCgcs) {
    throw new Error(
      `不支持的投影坐标系基准“${datum}”：只处理 CGCS2000 高斯-克吕格投影（西安80、北京54 需先转换）`,
    );
  }
  if (!/Gauss_Kruger|Transverse_Mercator|Transverse Mercator/i.test(wkt)) {
    throw new Error(`不支持的投影方式（需为高斯-克吕格/横轴墨卡托）：${wkt.slice(0, 80)}`);
  }
  const cm = wktParam(wkt, "Central_Meridian") ?? wktParam(wkt, "Longitude of natural origin");
  const fe = wktParam(wkt, "False_Easting") ?? wktParam(wkt, "False easting") ?? 0;
  const k = wktParam(wkt, "Scale_Factor") ?? wktParam(wkt, "Scale factor at natural origin") ?? 1;
  const fn = wktParam(wkt, "False_Northing") ?? wktParam(wkt, "False northing") ?? 0;
  if (cm == null) throw new Error(`坐标系描述缺少中央经线参数：${wkt.slice(0, 80)}`);
  if (cm % 3 === 0 && k === 1 && fn === 0) {
    const zone = cm / 3;
    if (fe === 500_000) return gaussKrugerZone(zone, false);
    if (fe === zone * 1_000_000 + 500_000) return gaussKrugerZone(zone, true);
  }
  const p = `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} ${GRS80} +units=m +no_defs`;
  return { name: `CGCS2000 高斯-克吕格 中央经线 ${cm}°E`, kind: "projected", epsg: null, proj4: p, centralMeridian: cm, falseEasting: fe };
}

/** ESRI WKT for a CRS, for .prj files the workspace writes. */
export function crsToEsriWkt(crs: Crs): string {
  const geog =
    'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  if (crs.epsg === 4326) {
    return 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  }
  if (crs.kind === "geographic") return geog;
  const cm = crs.centralMeridian!, fe = crs.falseEasting!;
  const name = crs.zone != null
    ? (crs.zoneInEasting ? `CGCS2000_3_Degree_GK_Zone_${crs.zone}` : `CGCS2000_3_Degree_GK_CM_${cm}E`)
    : `CGCS2000_GK_CM_${cm}E`;
  return `PROJCS["${name}",${geog},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${
    fe.toFixed(1)
  }],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${
    cm.toFixed(1)
  }],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
}

/** The OGC URN of a CRS for GeoJSON `crs` members, or null when it has no EPSG code. */
export function crsUrn(crs: Crs): string | null {
  return crs.epsg == null ? null : `urn:ogc:def:crs:EPSG::${crs.epsg}`;
}

/** True when two CRSs describe the same coordinates (same proj4 definition). */
export function sameCrs(a: Crs, b: Crs): boolean {
  return a.proj4 === b.proj4;
}

/** The 3° zone whose central meridian is nearest to a longitude. */
export function zoneForLongitude(lon: number): number {
  return Math.round(lon / 3);
}

/** A point transformer between two CRSs. */
export function transformer(from: Crs, to: Crs): (x: number, y: number) => [number, number] {
  if (sameCrs(from, to)) return (x, y) => [x, y];
  const t = proj4(from.proj4, to.proj4);
  return (x, y) => t.forward([x, y]) as [number, number];
}

/** A copy of a polygon column with every vertex transformed from one CRS into another. */
export function reprojectColumn(col: PolygonColumn, from: Crs, to: Crs): PolygonColumn {
  const f = transformer(from, to);
  const coords = new Float64Array(col.coords.length);
  for (let i = 0; i < coords.length; i += 2) {
    const [x, y] = f(col.coords[i], col.coords[i + 1]);
    coords[i] = x;
    coords[i + 1] = y;
  }
  return { ...col, coords };
}

/**
 * Checks that coordinates are plausible for a CRS and returns the indexes of features
 * that are not (mixed CRS inside one layer): eastings whose zone prefix differs from the
 * CRS's zone, projected values in a geographic layer, or degrees in a projected layer.
 */
export function featuresOutsideCrs(
  bboxes: ArrayLike<number>,
  n: number,
  crs: Crs,
): { index: number; reason: string }[] {
  const out: { index: number; reason: string }[] = [];
  for (let k = 0; k < n; k++) {
    const minX = bboxes[k * 4], minY = bboxes[k * 4 + 1], maxX = bboxes[k * 4 + 2], maxY = bboxes[k * 4 + 3];
    if (Number.isNaN(minX)) continue;
    if (crs.kind === "geographic") {
      if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90) {
        out.push({ index: k, reason: `坐标 (${minX.toFixed(0)}, ${minY.toFixed(0)}) 超出经纬度范围` });
      }
    } else if (Math.abs(maxX) <= 180 && Math.abs(maxY) <= 90) {
      out.push({ index: k, reason: `坐标 (${minX}, ${minY}) 像是经纬度，而图层为投影坐标` });
    } else if (crs.zone != null && crs.zoneInEasting) {
      const z0 = Math.floor(minX / 1e6), z1 = Math.floor(maxX / 1e6);
      if (z0 !== crs.zone || z1 !== crs.zone) {
        out.push({ index: k, reason: `横坐标 ${minX.toFixed(0)} 的带号为 ${z0}，图层坐标系为第 ${crs.zone} 带` });
      }
    } else if (crs.zone != null && (minX < 0 || maxX > 1_000_000)) {
      out.push({ index: k, reason: `横坐标 ${minX.toFixed(0)} 带有带号，而图层坐标系不含带号` });
    }
  }
  return out;
}

/** China's extent in geographic degrees, with a margin: 东经 73°–136°, 北纬 3°–54°. */
export const CHINA_EXTENT = Object.freeze({ minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 });

/**
 * Throws (naming `source`, the extent found and the CRS) when a layer's bounding box, taken to
 * geographic degrees through `crs`, lies wholly outside China — the usual sign of a wrong or
 * guessed coordinate system — and suggests --crs. A box partly inside passes; NaN boxes are skipped.
 *
 * @example
 * ```ts
 * assertInChina([0, 10, 5, 12], WGS84, "a.geojson"); // throws: …位于中国范围以外…请用 --crs 指定…
 * ```
 */
export function assertInChina(bbox: readonly [number, number, number, number], crs: Crs, source: string): void {
  const [minX, minY, maxX, maxY] = bbox;
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) return;
  let lon0 = minX, lat0 = minY, lon1 = maxX, lat1 = maxY;
  if (crs.kind !== "geographic") {
    let corners: [number, number][];
    try {
      const t = transformer(crs, CGCS2000_GEOGRAPHIC);
      corners = [t(minX, minY), t(maxX, minY), t(minX, maxY), t(maxX, maxY)];
    } catch {
      return;
    }
    if (!corners.every(([a, b]) => Number.isFinite(a) && Number.isFinite(b))) return;
    lon0 = Math.min(...corners.map((c) => c[0]));
    lon1 = Math.max(...corners.map((c) => c[0]));
    lat0 = Math.min(...corners.map((c) => c[1]));
    lat1 = Math.max(...corners.map((c) => c[1]));
  }
  const e = CHINA_EXTENT;
  if (lon1 < e.minLon || lon0 > e.maxLon || lat1 < e.minLat || lat0 > e.maxLat) {
    const f = (v: number) => v.toFixed(2);
    throw new Error(
      `${source} 的坐标位于中国范围以外：按坐标系 ${crs.name} 换算为经度 ${f(lon0)}°–${f(lon1)}°、纬度 ${f(lat0)}°–${f(lat1)}°` +
        `（中国约为东经 ${e.minLon}°–${e.maxLon}°、北纬 ${e.minLat}°–${e.maxLat}°）。请确认文件的坐标系，或用 --crs 指定正确的坐标系（如 EPSG:4526）`,
    );
  }
}
