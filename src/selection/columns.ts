/**
 * Column builders shared by the selection tables (`plan.ts`, `outputs.ts`), on top of
 * `src/table/`: county and township code and name, 其中可作水田（亩）, 恢复成本（万元）, and the
 * 亩 and cost arithmetic both use.
 *
 * @example
 * ```ts
 * countyColumns<{ c: string }>(() => "甲县", (r) => r.c).map((c) => c.header); // ["县级代码", "县级名称"]
 * ```
 * @module
 */
import { areaMu, type Cell, codeColumn, type Column, muCell, nameColumn, wanYuan } from "../table/mod.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { PoolPiece } from "./types.ts";

/**
 * Square metres as 亩, 2 decimals (null when not finite).
 *
 * @example
 * ```ts
 * mu(10000); // 15
 * ```
 */
export function mu(m2: number): number | null {
  return muCell(m2);
}

/**
 * Restoration cost of a piece, 万元 (unrounded).
 *
 * @example
 * ```ts
 * pieceCost({ ...piece, costPerMu: 2, areaM2: 10000 }); // 30
 * ```
 */
export function pieceCost(p: PoolPiece): number {
  return p.costPerMu * p.areaM2 / M2_PER_MU;
}

/**
 * 县级代码 (key county) and 县级名称 (key countyName, from the namer).
 *
 * @example
 * ```ts
 * countyColumns<string>(() => null, (c) => c)[1].key; // "countyName"
 * ```
 */
export function countyColumns<T>(name: (c: string) => string | null, get: (r: T) => string): Column<T>[] {
  return [
    codeColumn<T>("county", "county", get),
    nameColumn<T>("county", "countyName", (r) => name(get(r))),
  ];
}

/**
 * 乡镇代码 (key township) and 乡镇名称 (key townshipName).
 *
 * @example
 * ```ts
 * townshipColumns<string>((t) => t, () => null)[0].header; // "乡镇代码"
 * ```
 */
export function townshipColumns<T>(code: (r: T) => Cell, name: (r: T) => Cell): Column<T>[] {
  return [codeColumn<T>("township", "township", code), nameColumn<T>("township", "townshipName", name)];
}

/**
 * 其中可作水田（亩）, from m².
 *
 * @example
 * ```ts
 * paddyCapableMu<number>("paddyMu", (m2) => m2).value(10000); // 15
 * ```
 */
export function paddyCapableMu<T>(key: string, get: (r: T) => number): Column<T> {
  return areaMu<T>(key, "其中可作水田", get);
}

/**
 * 恢复成本（万元）, 2 decimals (key costWan).
 *
 * @example
 * ```ts
 * restoreCost<number>((w) => w).value(1.234); // 1.23
 * ```
 */
export function restoreCost<T>(get: (r: T) => number): Column<T> {
  return wanYuan<T>("costWan", "恢复成本", get);
}
