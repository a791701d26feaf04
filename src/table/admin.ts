/**
 * Identifying columns of the output tables, worded once: administrative level, code, name and
 * region type of a unit, and the BSM and part of a piece.
 *
 * @example
 * ```ts
 * const cols = adminColumns<{ code: string; name: string }>("county", {
 *   code: (r) => r.code,
 *   name: (r) => r.name,
 * });
 * cols.map((c) => c.header); // ["县级代码", "县级名称"]
 * ```
 * @module
 */
import type { Cell, Column } from "./columns.ts";

/**
 * Which wording of code and name a table uses: `unit` (any level, 行政区…), `plain` (代码/名称),
 * a level, or `countyShort` (县代码/县名称, as the audit tables write it).
 */
export type AdminLevel =
  | "unit"
  | "plain"
  | "province"
  | "city"
  | "county"
  | "countyShort"
  | "township"
  | "village";

/**
 * The code and name headers of each wording.
 *
 * @example
 * ```ts
 * ADMIN_HEADERS.township.name; // "乡镇名称"
 * ```
 */
export const ADMIN_HEADERS: Readonly<Record<AdminLevel, { readonly code: string; readonly name: string }>> =
  Object
    .freeze({
      unit: { code: "行政区代码", name: "行政区名称" },
      plain: { code: "代码", name: "名称" },
      province: { code: "省级代码", name: "省份" },
      city: { code: "市级代码", name: "市级名称" },
      county: { code: "县级代码", name: "县级名称" },
      countyShort: { code: "县代码", name: "县名称" },
      township: { code: "乡镇代码", name: "乡镇名称" },
      village: { code: "村级代码", name: "村" },
    });

/**
 * The code of a unit; `prefix` qualifies it (e.g. 买方 → 买方县代码).
 *
 * @example
 * ```ts
 * codeColumn<string>("township", "township", (c) => c).header; // "乡镇代码"
 * ```
 */
export function codeColumn<T>(
  level: AdminLevel,
  key: string,
  get: (row: T) => Cell,
  prefix: string = "",
): Column<T> {
  return { key, header: prefix + ADMIN_HEADERS[level].code, value: get };
}

/**
 * The name of a unit; `prefix` qualifies it.
 *
 * @example
 * ```ts
 * nameColumn<string>("county", "county_name", () => "平川县").header; // "县级名称"
 * ```
 */
export function nameColumn<T>(
  level: AdminLevel,
  key: string,
  get: (row: T) => Cell,
  prefix: string = "",
): Column<T> {
  return { key, header: prefix + ADMIN_HEADERS[level].name, value: get };
}

/**
 * The 地区类型 (region type label) of a unit.
 *
 * @example
 * ```ts
 * regionTypeColumn<string>("region_type", () => "粮食主产区").header; // "地区类型"
 * ```
 */
export function regionTypeColumn<T>(key: string, get: (row: T) => Cell): Column<T> {
  return { key, header: "地区类型", value: get };
}

/**
 * The 层级 of a row (or another wording, e.g. 统计层级).
 *
 * @example
 * ```ts
 * levelColumn<string>("level", (l) => l).header; // "层级"
 * ```
 */
export function levelColumn<T>(key: string, get: (row: T) => Cell, header: string = "层级"): Column<T> {
  return { key, header, value: get };
}

/** Getters of {@link adminColumns}; a column is made for each one given. */
export interface AdminGetters<T> {
  /** 层级 of the row (its label). */
  level?: (row: T) => Cell;
  /** The unit's code. */
  code: (row: T) => Cell;
  /** The unit's name. */
  name?: (row: T) => Cell;
  /** The unit's 地区类型 label. */
  regionType?: (row: T) => Cell;
}

/**
 * 层级, code, name and 地区类型 of a unit, in that order, for the getters given. Keys default
 * to level, code, name and region_type.
 *
 * @example
 * ```ts
 * adminColumns<{ c: string }>("province", { code: (r) => r.c, name: () => "示例省" }).map((c) => c.header);
 * // ["省级代码", "省份"]
 * adminColumns<{ c: string }>("county", { code: (r) => r.c }, { code: "county" })[0].key; // "county"
 * ```
 */
export function adminColumns<T>(
  level: AdminLevel,
  get: AdminGetters<T>,
  keys: Partial<Record<keyof AdminGetters<T>, string>> = {},
): Column<T>[] {
  const cols: Column<T>[] = [];
  if (get.level) cols.push(levelColumn(keys.level ?? "level", get.level));
  cols.push(codeColumn(level, keys.code ?? "code", get.code));
  if (get.name) cols.push(nameColumn(level, keys.name ?? "name", get.name));
  if (get.regionType) cols.push(regionTypeColumn(keys.regionType ?? "region_type", get.regionType));
  return cols;
}

/**
 * The BSM (标识码) of a piece, headed "BSM".
 *
 * @example
 * ```ts
 * bsmColumn<{ bsm: string }>((r) => r.bsm).header; // "BSM"
 * ```
 */
export function bsmColumn<T>(get: (row: T) => Cell, key: string = "bsm"): Column<T> {
  return { key, header: "BSM", value: get };
}

/**
 * The 部件号 (part number) of a piece.
 *
 * @example
 * ```ts
 * partColumn<{ part: number }>((r) => r.part).header; // "部件号"
 * ```
 */
export function partColumn<T>(get: (row: T) => Cell, key: string = "part"): Column<T> {
  return { key, header: "部件号", value: get };
}
