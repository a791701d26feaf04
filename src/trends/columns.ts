/**
 * Column builders of the trends tables (on top of `src/table/`): areas in 亩 and 万亩 as the
 * trends convert them (`m2ToMu`, `m2 × 15 / 10000`), 亩 with their share, coordinates, distance
 * and bearing, the survey. Shared by the survey tables (`tables.ts`) and the public-data
 * tables (`public_tables.ts`), so a trends header is written once.
 *
 * @example
 * ```ts
 * farmland<{ farmlandM2: number }>().header; // "耕地面积（亩）"
 * ```
 * @module
 */
import { m2ToMu } from "../units/area.ts";
import {
  areaMu,
  type AreaOptions,
  areaWanMu,
  type Column,
  column,
  numColumn,
  pctColumn,
} from "../table/mod.ts";

/** The trends tables convert 亩 as `src/units/area.ts` does (`m2 × 15 / 10000`). */
const MU: AreaOptions = { toMu: m2ToMu };

/**
 * An area in 亩, 2 decimals.
 *
 * @example
 * ```ts
 * mu<number>("x_mu", "撂荒耕地面积", (m2) => m2).value(10000); // 15
 * ```
 */
export function mu<T>(key: string, label: string, get: (r: T) => number): Column<T> {
  return areaMu(key, label, get, MU);
}

/**
 * An area in 万亩, `digits` decimals.
 *
 * @example
 * ```ts
 * wanMu<number>("w", "三调耕地", (m2) => m2).value(1e8); // 15
 * ```
 */
export function wanMu<T>(
  key: string,
  label: string,
  get: (r: T) => number | null,
  digits: number = 2,
): Column<T> {
  return areaWanMu(key, label, get, { ...MU, digits });
}

/**
 * An area in 亩 and its share in %, under one label (keys `key_mu`, `key_pct`).
 *
 * @example
 * ```ts
 * muPct<{ m: number; s: number }>("slope5", "坡度级别5（>25°）", (r) => r.m, (r) => r.s)[1].header;
 * // "坡度级别5（>25°）（%）"
 * ```
 */
export function muPct<T>(
  key: string,
  label: string,
  m2: (r: T) => number,
  share: (r: T) => number,
): Column<T>[] {
  return [mu(`${key}_mu`, label, m2), pctColumn(`${key}_pct`, label, share)];
}

/**
 * 耕地面积（亩）.
 *
 * @example
 * ```ts
 * farmland<{ farmlandM2: number }>().key; // "farmland_mu"
 * ```
 */
export function farmland<T extends { farmlandM2: number }>(): Column<T> {
  return mu<T>("farmland_mu", "耕地面积", (r) => r.farmlandM2);
}

/**
 * 撂荒耕地面积（亩）.
 *
 * @example
 * ```ts
 * abandoned<{ abandonedM2: number }>().key; // "abandoned_mu"
 * ```
 */
export function abandoned<T extends { abandonedM2: number }>(): Column<T> {
  return mu<T>("abandoned_mu", "撂荒耕地面积", (r) => r.abandonedM2);
}

/**
 * Longitude and latitude, 6 decimals, e.g. 重心经度（°E，CGCS2000）.
 *
 * @example
 * ```ts
 * lonLat<number[]>(["lon", "lat"], "代表点", (r) => r[0], (r) => r[1])[1].header; // "代表点纬度（°N）"
 * ```
 */
export function lonLat<T>(
  keys: [string, string],
  label: string,
  lon: (r: T) => number,
  lat: (r: T) => number,
  crs: string = "",
): Column<T>[] {
  return [
    numColumn(keys[0], `${label}经度（°E${crs}）`, lon, 6),
    numColumn(keys[1], `${label}纬度（°N${crs}）`, lat, 6),
  ];
}

/**
 * 迁移距离（千米，椭球面）.
 *
 * @example
 * ```ts
 * distanceKm<number>((d) => d, 3).value(1.23456); // 1.235
 * ```
 */
export function distanceKm<T>(get: (r: T) => number, digits: number): Column<T> {
  return numColumn("distance_km", "迁移距离（千米，椭球面）", get, digits);
}

/**
 * 方位角（度，正北顺时针）, 2 decimals.
 *
 * @example
 * ```ts
 * bearing<number>((d) => d).key; // "bearing_deg"
 * ```
 */
export function bearing<T>(get: (r: T) => number): Column<T> {
  return numColumn("bearing_deg", "方位角（度，正北顺时针）", get, 2);
}

/**
 * 迁移方向.
 *
 * @example
 * ```ts
 * direction<{ direction: string }>().value({ direction: "东北" }); // "东北"
 * ```
 */
export function direction<T extends { direction: string }>(): Column<T> {
  return column<T>("direction", "迁移方向", (r) => r.direction);
}

/**
 * The survey's name: 三调（2019） or 二调（2009）.
 *
 * @example
 * ```ts
 * surveyName("2019"); // "三调（2019）"
 * ```
 */
export function surveyName(s: string): string {
  return s === "2019" ? "三调（2019）" : "二调（2009）";
}

/**
 * 调查 (which survey).
 *
 * @example
 * ```ts
 * survey<{ s: string }>((r) => surveyName(r.s)).header; // "调查"
 * ```
 */
export function survey<T>(get: (r: T) => string): Column<T> {
  return column<T>("survey", "调查", get);
}
