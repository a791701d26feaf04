/**
 * The three weightings of the farmland centre (DOMAIN.md §6): area, quality and productive
 * capacity. Quality weighs area by 16 − grade, since grade 1 (耕地等别) is best and 15 worst;
 * capacity weighs area by a standard yield per grade. The yield table is configuration: the
 * default below is this workspace's illustration (the same as data/config/redlines_v1.json's
 * `standardYield`), not an official capacity standard, and every output that uses it says so.
 *
 * @example
 * ```ts
 * qualityWeight(1000, 1);  // 15000
 * capacityWeight(1000, 3); // 1000 m² = 1.5 亩 × 900 kg/亩 = 1350 kg
 * ```
 * @module
 */
import { m2ToMu } from "../units/area.ts";

/** Which weight a centre uses. */
export type WeightKind = "area" | "quality" | "capacity";

/** All weight kinds, in table order. */
export const WEIGHT_KINDS: readonly WeightKind[] = Object.freeze(["area", "quality", "capacity"]);

/** A standard-yield table: kg per 亩 for each grade 1–15. */
export interface YieldTable {
  unit: "kg/亩";
  /** True when the table is this workspace's default and not an official standard. */
  isDefault: boolean;
  note: string;
  byGrade: Record<number, number>;
}

/** The default table: 1000 kg/亩 for grade 1, 50 kg/亩 less for each grade down to 300 kg/亩 for grade 15. */
export const DEFAULT_YIELD_TABLE: YieldTable = Object.freeze({
  unit: "kg/亩",
  isDefault: true,
  note:
    "按耕地等别折算的标准粮产量，默认示意值（1 等 1000 kg/亩，每降一等减 50 kg/亩），非官方产能标准（默认，非原文规定）",
  byGrade: Object.freeze(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [i + 1, 1000 - 50 * i]))),
}) as YieldTable;

/**
 * A yield table from JSON: either a table itself (`{ byGrade: { "1": 1000, … } }`) or a file
 * with one under `standardYield` (data/config/redlines_v1.json). Every grade 1–15 must have a
 * positive number.
 */
export function yieldTableFrom(json: unknown, source: string): YieldTable {
  const obj = json as Record<string, unknown>;
  const t = (obj?.standardYield ?? obj) as Record<string, unknown>;
  const by = t?.byGrade as Record<string, unknown> | undefined;
  if (!by || typeof by !== "object") throw new Error(`标准粮产量表缺少 byGrade：${source}`);
  const byGrade: Record<number, number> = {};
  for (let g = 1; g <= 15; g++) {
    const v = Number(by[String(g)]);
    if (!Number.isFinite(v) || v <= 0) {
      throw new Error(`标准粮产量表 ${source} 缺少第 ${g} 等的产量（须为正数，收到 ${by[String(g)]}）`);
    }
    byGrade[g] = v;
  }
  return {
    unit: "kg/亩",
    isDefault: Boolean(t.isDefault ?? false),
    note: String(t.note ?? `标准粮产量表：${source}`),
    byGrade,
  };
}

/** Whether a grade is a valid 耕地等别 (an integer 1–15). */
export function isGrade(grade: number): boolean {
  return Number.isInteger(grade) && grade >= 1 && grade <= 15;
}

/** Area × (16 − grade); NaN when the grade is not 1–15. */
export function qualityWeight(areaM2: number, grade: number): number {
  return isGrade(grade) ? areaM2 * (16 - grade) : NaN;
}

/** Standard grain output (kg) of an area (m²) at a grade; NaN when the grade is not 1–15. */
export function capacityWeight(
  areaM2: number,
  grade: number,
  table: YieldTable = DEFAULT_YIELD_TABLE,
): number {
  return isGrade(grade) ? m2ToMu(areaM2) * table.byGrade[grade] : NaN;
}

/** The weight of one parcel under a kind. */
export function parcelWeight(
  kind: WeightKind,
  areaM2: number,
  grade: number,
  table: YieldTable = DEFAULT_YIELD_TABLE,
): number {
  return kind === "area"
    ? areaM2
    : kind === "quality"
    ? qualityWeight(areaM2, grade)
    : capacityWeight(areaM2, grade, table);
}
