/**
 * What a need got, level by level, and the optimiser set against the rule order (greedy) on the
 * same needs and pool: one row per out-flow need with the covered and uncovered area, the pieces,
 * the cost, the paddy shortfall and the mean grade of each method, and a 合计 row. Pieces are
 * restored whole, so the covered area may exceed the need.
 *
 * @example
 * ```ts
 * const optimal = await selectRestorations(needs, pool, { method: "optimal" });
 * const greedy = await selectRestorations(needs, pool, { method: "greedy" });
 * methodComparison(optimal, greedy).rows.at(-1); // 合计
 * coverByLevel(optimal.needs[0]).uncoveredM2;
 * ```
 */
import type { NeedResult, SelectionResult } from "./types.ts";
import { M2_PER_MU } from "../units/area.ts";
import { adminColumns, areaMu, countColumn, numColumn, type Table, withUnit, yearColumn } from "../table/mod.ts";

/** A need's cover split by level, m². */
export interface LevelSplit {
  countyM2: number;
  cityM2: number;
  provinceM2: number;
  uncoveredM2: number;
}

/** How much of the need each level covered, and what is left. */
export function coverByLevel(nr: NeedResult): LevelSplit {
  const at = (l: string) => nr.levels.filter((x) => x.level === l).reduce((a, x) => a + x.areaM2, 0);
  return { countyM2: at("county"), cityM2: at("city"), provinceM2: at("province"), uncoveredM2: nr.uncoveredM2 };
}

/** One line of the comparison (a need, or the total when `need` is null). */
export interface ComparisonRow {
  county: string | null;
  year: number | null;
  needM2: number;
  a: Side;
  b: Side;
}

interface Side {
  coveredM2: number;
  uncoveredM2: number;
  pieces: number;
  costWan: number;
  paddyShortfallM2: number;
  /** Area-weighted grade of the chosen graded pieces, or null. */
  grade: number | null;
}

function side(nrs: readonly NeedResult[]): Side {
  const graded = nrs.filter((n) => n.gradeIn !== null);
  const w = graded.reduce((s, n) => s + n.coveredM2 - n.ungradedM2, 0);
  return {
    coveredM2: nrs.reduce((s, n) => s + n.coveredM2, 0),
    uncoveredM2: nrs.reduce((s, n) => s + n.uncoveredM2, 0),
    pieces: nrs.reduce((s, n) => s + n.choices.length, 0),
    costWan: nrs.reduce((s, n) => s + n.costWan, 0),
    paddyShortfallM2: nrs.reduce((s, n) => s + n.paddyShortfallM2, 0),
    grade: w > 0 ? graded.reduce((s, n) => s + n.gradeIn! * (n.coveredM2 - n.ungradedM2), 0) / w : null,
  };
}

const key = (nr: NeedResult) => `${nr.need.county}|${nr.need.year}`;

/**
 * The two results need by need. Throws when they were not run on the same needs (a need missing
 * from one side, or a different area).
 */
export function methodComparison(
  a: SelectionResult,
  b: SelectionResult,
  name: (code: string) => string | null = () => null,
): Table<ComparisonRow> {
  const other = new Map(b.needs.map((n) => [key(n), n]));
  if (other.size !== a.needs.length || a.needs.some((n) => other.get(key(n))?.need.areaM2 !== n.need.areaM2)) {
    throw new Error("两种方法的选择结果不是针对同一批转出需求，不能比较");
  }
  const rows: ComparisonRow[] = a.needs.map((n) => ({
    county: n.need.county,
    year: n.need.year,
    needM2: n.need.areaM2,
    a: side([n]),
    b: side([other.get(key(n))!]),
  }));
  rows.push({ county: null, year: null, needM2: a.needs.reduce((s, n) => s + n.need.areaM2, 0), a: side(a.needs), b: side(b.needs) });
  const la = a.method === "optimal" ? "优化" : "规则顺序", lb = b.method === "optimal" ? "优化" : "规则顺序";
  const sideColumns = (label: string, get: (r: ComparisonRow) => Side, k: string) => [
    areaMu<ComparisonRow>(`${k}_covered_mu`, `${label}·覆盖`, (r) => get(r).coveredM2),
    areaMu<ComparisonRow>(`${k}_uncovered_mu`, `${label}·未覆盖`, (r) => get(r).uncoveredM2),
    countColumn<ComparisonRow>(`${k}_pieces`, `${label}·选入图斑`, (r) => get(r).pieces),
    numColumn<ComparisonRow>(`${k}_cost`, withUnit(`${label}·恢复成本`, "万元"), (r) => get(r).costWan, 2),
    areaMu<ComparisonRow>(`${k}_paddy_short_mu`, `${label}·水田缺口`, (r) => get(r).paddyShortfallM2),
    numColumn<ComparisonRow>(`${k}_grade`, `${label}·平均等别`, (r) => get(r).grade, 2),
  ];
  return {
    name: "优化与规则顺序比较",
    csv: "method_comparison.csv",
    columns: [
      ...adminColumns<ComparisonRow>("county", {
        code: (r) => r.county ?? "合计",
        name: (r) => (r.county ? name(r.county) : null),
      }),
      yearColumn<ComparisonRow>((r) => r.year),
      areaMu<ComparisonRow>("need_mu", "需平衡转出", (r) => r.needM2),
      ...sideColumns(la, (r) => r.a, "a"),
      ...sideColumns(lb, (r) => r.b, "b"),
    ],
    rows,
  };
}

/**
 * Each county's out-flow by cover level in 亩 (rows of the coverage-levels chart): 本县, 市域,
 * 省域 and 未覆盖, summed over the county's needs; `label` names a county code.
 */
export function coverageRows(
  result: SelectionResult,
  label: (code: string) => string,
): { county: string; level: "county" | "city" | "province" | "uncovered"; mu: number }[] {
  const byCounty = new Map<string, LevelSplit>();
  for (const nr of result.needs) {
    const s = coverByLevel(nr), t = byCounty.get(nr.need.county);
    byCounty.set(nr.need.county, t
      ? { countyM2: t.countyM2 + s.countyM2, cityM2: t.cityM2 + s.cityM2, provinceM2: t.provinceM2 + s.provinceM2, uncoveredM2: t.uncoveredM2 + s.uncoveredM2 }
      : s);
  }
  const levels = [["county", "countyM2"], ["city", "cityM2"], ["province", "provinceM2"], ["uncovered", "uncoveredM2"]] as const;
  return [...byCounty].sort(([a], [b]) => a.localeCompare(b)).flatMap(([code, s]) =>
    levels.map(([level, k]) => ({ county: label(code), level, mu: s[k] / M2_PER_MU }))
  );
}
