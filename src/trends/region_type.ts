/**
 * Region typology (DOMAIN.md §1, seed 000 §4.1): economically developed areas (经济发达地区),
 * main grain-producing areas (粮食主产区) and ecologically fragile areas (生态脆弱区). Which unit
 * belongs to which type is configuration (a county table such as the demo's admin_units.csv,
 * or the province table in data/public/); units without one are 未分类. Every trends table is
 * joined with the type so that charts can group by it.
 *
 * @example
 * ```ts
 * const types = new Map([["900101", "grain"]]);
 * joinRegionType([{ code: "900101", rate: 0.01 }], (r) => r.code, types);
 * // [{ code: "900101", rate: 0.01, region_type: "grain", region_type_zh: "粮食主产区" }]
 * ```
 * @module
 */
import { dictColumn, enumCode } from "../dictionary/tables.ts";

/** The region types; `unassigned` when no configuration names the unit. */
export type RegionType = "developed" | "grain" | "fragile" | "unassigned";

/** All types in display order. */
export const REGION_TYPES: readonly RegionType[] = Object.freeze([
  "developed",
  "grain",
  "fragile",
  "unassigned",
]);

/** Chinese labels. */
export const REGION_TYPE_LABELS: Readonly<Record<RegionType, string>> = Object.freeze({
  developed: "经济发达地区",
  grain: "粮食主产区",
  fragile: "生态脆弱区",
  unassigned: "未分类",
});

const ALIASES: Record<string, RegionType> = {
  developed: "developed",
  metropolis: "developed",
  "经济发达地区": "developed",
  "发达": "developed",
  grain: "grain",
  "粮食主产区": "grain",
  fragile: "fragile",
  "生态脆弱区": "fragile",
  unassigned: "unassigned",
  general: "unassigned",
  "": "unassigned",
  "未分类": "unassigned",
};

/** Parses a type from configuration (English key or Chinese label); throws for an unknown value. */
export function parseRegionType(value: string | null | undefined, where: string): RegionType {
  const raw = (value ?? "").trim();
  // The data dictionary's codes and labels (经济发达地区（大都市） → metropolis), then the variants here.
  const v = enumCode(dictColumn("admin_units", "region_type"), raw) ?? raw;
  const t = ALIASES[v] ?? ALIASES[v.toLowerCase()];
  if (!t) {
    throw new Error(
      `${where} 的地区类型“${v}”无效（可选：developed/grain/fragile 或 经济发达地区/粮食主产区/生态脆弱区）`,
    );
  }
  return t;
}

/** Adds `region_type` and `region_type_zh` to every row, from a code → type map. */
export function joinRegionType<T extends object>(
  rows: T[],
  code: (row: T) => string,
  types: ReadonlyMap<string, RegionType>,
): (T & { region_type: RegionType; region_type_zh: string })[] {
  return rows.map((r) => {
    const t = types.get(code(r)) ?? "unassigned";
    return { ...r, region_type: t, region_type_zh: REGION_TYPE_LABELS[t] };
  });
}

/** Sums numeric fields of rows per region type (rows of every type present, in type order). */
export function sumByRegionType<T extends { region_type: RegionType }>(
  rows: T[],
  fields: (keyof T & string)[],
): ({ region_type: RegionType; region_type_zh: string; units: number } & Record<string, number>)[] {
  // One pass with a running record per type: d3-array's rollup with a sum per field gives the
  // same numbers but took 2–3× the CPU on 200,000 rows (bench/group_bench.ts).
  const out = new Map<RegionType, Record<string, number>>();
  for (const r of rows) {
    let acc = out.get(r.region_type);
    if (!acc) {
      acc = Object.fromEntries([["units", 0], ...fields.map((f) => [f, 0])]) as Record<string, number>;
      out.set(r.region_type, acc);
    }
    acc.units++;
    for (const f of fields) {
      const v = r[f] as unknown as number;
      if (Number.isFinite(v)) acc[f] += v;
    }
  }
  return REGION_TYPES.filter((t) => out.has(t)).map((t) => ({
    region_type: t,
    region_type_zh: REGION_TYPE_LABELS[t],
    ...out.get(t)!,
  })) as ({ region_type: RegionType; region_type_zh: string; units: number } & Record<string, number>)[];
}
