/**
 * Configuration of administrative units for the trends: names, terrain class and region type
 * per code, from a CSV or XLSX table with columns `code`, `name` and optionally `terrain`
 * (plain/hill/mountain or 平原/丘陵/山区) and `region_type` (developed/grain/fragile or the
 * Chinese labels) — the demo's admin_units.csv has this shape. Province types from
 * data/public/province_region_types.csv fill counties that have no type of their own.
 *
 * @example
 * ```ts
 * const cfg = await readUnitConfig("data/demo/admin_units.csv");
 * cfg.terrain.get("900301"); // "mountain"
 * ```
 * @module
 */
import { readLayer } from "../ingest/read_layer.ts";
import { adminName } from "../units/admin.ts";
import type { Terrain } from "./abandonment.ts";
import { parseRegionType, type RegionType } from "./region_type.ts";

/** Names, terrain and region types by code. */
export interface UnitConfig {
  names: Map<string, string>;
  terrain: Map<string, Terrain>;
  regionTypes: Map<string, RegionType>;
  source: string | null;
}

const TERRAIN: Record<string, Terrain> = {
  plain: "plain",
  hill: "hill",
  mountain: "mountain",
  "平原": "plain",
  "丘陵": "hill",
  "山区": "mountain",
  "山地": "mountain",
};

/** An empty configuration. */
export function emptyUnitConfig(): UnitConfig {
  return { names: new Map(), terrain: new Map(), regionTypes: new Map(), source: null };
}

/** Reads a unit table; unknown terrain or type values are errors naming the row. */
export async function readUnitConfig(path: string): Promise<UnitConfig> {
  const t = await readLayer(path);
  if (!t.columns.code) throw new Error(`单元配置表 ${path} 缺少 code 列`);
  const cfg: UnitConfig = { ...emptyUnitConfig(), source: path };
  for (let i = 0; i < t.length; i++) {
    const code = String(t.columns.code[i] ?? "").trim();
    if (!code) continue;
    const name = String(t.columns.name?.[i] ?? "").trim();
    if (name) cfg.names.set(code, name);
    const ter = String(t.columns.terrain?.[i] ?? "").trim();
    if (ter) {
      const v = TERRAIN[ter] ?? TERRAIN[ter.toLowerCase()];
      if (!v) {
        throw new Error(`${path} 第 ${i + 2} 行：地形“${ter}”无效（plain/hill/mountain 或 平原/丘陵/山区）`);
      }
      cfg.terrain.set(code, v);
    }
    const rt = String(t.columns.region_type?.[i] ?? "").trim();
    if (rt) cfg.regionTypes.set(code, parseRegionType(rt, `${path} 第 ${i + 2} 行`));
  }
  return cfg;
}

/** The name of a code: configuration first, then the national registry, else the code itself. */
export function unitName(cfg: UnitConfig, code: string | null): string {
  if (!code) return "";
  return cfg.names.get(code) ?? adminName(code) ?? code;
}

/**
 * The region type of a county: its own configured type, else its province's (from the
 * configuration or the public province table, keyed by 6-digit code "340000" or 2-digit "34").
 */
export function countyRegionType(
  cfg: UnitConfig,
  provinceTypes: ReadonlyMap<string, RegionType>,
  county: string,
): RegionType {
  const own = cfg.regionTypes.get(county);
  if (own) return own;
  const p2 = county.slice(0, 2);
  return cfg.regionTypes.get(p2) ?? provinceTypes.get(`${p2}0000`) ?? provinceTypes.get(p2) ?? "unassigned";
}
