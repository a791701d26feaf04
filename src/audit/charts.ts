/**
 * The audit's county × year balance as rows of the 占补平衡 chart: per county, occupied and
 * supplemented 亩 of one year and their area-weighted mean 耕地等别 (null when none is graded).
 * The briefing and the notebooks draw the same rows.
 *
 * @example
 * ```ts
 * zhanbuChartRows(result.balance, 2024, ["900101"], (c) => names.get(c) ?? c);
 * ```
 */
import type { CountyYearBalance } from "./types.ts";
import { M2_PER_MU } from "../units/area.ts";

/** One county's row (the shape `zhanbuBalanceChart` takes). */
export interface ZhanbuChartRow {
  county: string;
  occupiedMu: number;
  supplementedMu: number;
  occupiedGrade: number | null;
  supplementedGrade: number | null;
}

function weightedGrade(rows: readonly CountyYearBalance[], g: "occGrade" | "supGrade", w: "occAreaM2" | "supAreaM2"): number | null {
  let s = 0, total = 0;
  for (const r of rows) {
    const v = r[g];
    if (v == null || !Number.isFinite(v) || !(r[w] > 0)) continue;
    s += v * r[w];
    total += r[w];
  }
  return total > 0 ? s / total : null;
}

/** Rows for `counties` (in that order) in `year`; a county without records gets zeros. */
export function zhanbuChartRows(
  balance: readonly CountyYearBalance[],
  year: number,
  counties: readonly string[],
  label: (code: string) => string,
): ZhanbuChartRow[] {
  return counties.map((code) => {
    const b = balance.filter((x) => x.county === code && x.year === year);
    const sum = (k: "occAreaM2" | "supAreaM2") => b.reduce((a, x) => a + x[k], 0);
    return {
      county: label(code),
      occupiedMu: sum("occAreaM2") / M2_PER_MU,
      supplementedMu: sum("supAreaM2") / M2_PER_MU,
      occupiedGrade: weightedGrade(b, "occGrade", "occAreaM2"),
      supplementedGrade: weightedGrade(b, "supGrade", "supAreaM2"),
    };
  });
}
