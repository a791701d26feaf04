/**
 * In-flow candidates (DOMAIN.md §4.1): 园地 02xx, 林地 03xx, 草地 04xx except 0404, 坑塘 1104,
 * marked JKHF/GCHF (was farmland, restorable), wetland classes left out unless asked for;
 * opt-in extra sources by BSM; parcels already counted in the 占补 balance left out.
 *
 * @example
 * ```ts
 * const c = selectCandidates(table, DEFAULT_SCREEN_PARAMS);
 * c.rows.length;
 * ```
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import type { ScreenParams } from "./types.ts";
import { isCandidateClass } from "../units/landclass.ts";

/** The candidates: table rows, with the reason each is one. */
export interface Candidates {
  rows: number[];
  source: string[];
  /** Candidates by source. */
  bySource: Record<string, number>;
  /** Parcels that would be candidates but are counted in 占补 (left out). */
  excludedZhanbu: number;
}

/** Selects the candidate rows of the table. */
export function selectCandidates(t: ParcelTable, p: ScreenParams): Candidates {
  const extra = new Map<string, string>();
  for (const s of p.extraSources) for (const b of s.bsm) if (!extra.has(b)) extra.set(b, s.name);
  const zhanbu = new Set(p.excludeBsm);
  const rows: number[] = [], source: string[] = [];
  const bySource: Record<string, number> = {};
  let excludedZhanbu = 0;
  const memo = new Map<string, boolean>();
  for (let k = 0; k < t.length; k++) {
    const code = t.text.DLBM[k] ?? "";
    let cls = memo.get(code);
    if (cls === undefined) memo.set(code, cls = isCandidateClass(code, { includeWetland: p.includeWetland }));
    const z = t.text.ZZSXDM[k];
    const bsm = t.text.BSM[k] ?? "";
    let why: string | null = null;
    if (cls && (z === "JKHF" || z === "GCHF")) why = z;
    else if (extra.has(bsm)) why = extra.get(bsm)!;
    if (why == null) continue;
    if (zhanbu.has(bsm)) {
      excludedZhanbu++;
      continue;
    }
    rows.push(k);
    source.push(why);
    bySource[why] = (bySource[why] ?? 0) + 1;
  }
  return { rows, source, bySource, excludedZhanbu };
}
