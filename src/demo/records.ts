/**
 * The DLTB attribute table of one county and survey year (三调 field names and widths), and
 * the totals of the very values written (areas summed in integer hundredths of m², so the
 * manifest equals the sum of what a reader gets back).
 *
 * @module
 */
import type { Cell, FieldDef } from "../io/layer.ts";
import { landClassName } from "../units/landclass.ts";
import { M2_PER_MU } from "../units/area.ts";
import {
  type CountyStatic,
  isCandidateCode,
  isFarm,
  TBXH,
  type YearState,
  ZZSX_NAMES,
} from "./attributes.ts";
import type { DemoYearTotals } from "./types.ts";

/** The DLTB fields written, in order. */
export const DLTB_FIELDS: readonly FieldDef[] = Object.freeze([
  { name: "BSM", type: "C", length: 18, decimals: 0 },
  { name: "YSDM", type: "C", length: 10, decimals: 0 },
  { name: "TBBH", type: "C", length: 8, decimals: 0 },
  { name: "DLBM", type: "C", length: 5, decimals: 0 },
  { name: "DLMC", type: "C", length: 60, decimals: 0 },
  { name: "QSXZ", type: "C", length: 2, decimals: 0 },
  { name: "QSDWDM", type: "C", length: 19, decimals: 0 },
  { name: "QSDWMC", type: "C", length: 60, decimals: 0 },
  { name: "ZLDWDM", type: "C", length: 19, decimals: 0 },
  { name: "ZLDWMC", type: "C", length: 60, decimals: 0 },
  { name: "TBMJ", type: "N", length: 15, decimals: 2 },
  { name: "KCDLBM", type: "C", length: 5, decimals: 0 },
  { name: "KCXS", type: "N", length: 6, decimals: 4 },
  { name: "KCMJ", type: "N", length: 15, decimals: 2 },
  { name: "TBDLMJ", type: "N", length: 15, decimals: 2 },
  { name: "GDLX", type: "C", length: 2, decimals: 0 },
  { name: "GDPDJB", type: "C", length: 2, decimals: 0 },
  { name: "TBXHDM", type: "C", length: 6, decimals: 0 },
  { name: "TBXHMC", type: "C", length: 20, decimals: 0 },
  { name: "ZZSXDM", type: "C", length: 6, decimals: 0 },
  { name: "ZZSXMC", type: "C", length: 20, decimals: 0 },
  { name: "GDDB", type: "N", length: 2, decimals: 0 },
  { name: "CZCSXM", type: "C", length: 4, decimals: 0 },
  { name: "SJNF", type: "N", length: 4, decimals: 0 },
  { name: "BZ", type: "C", length: 20, decimals: 0 },
]);

/** Areas of a parcel under a land class: KCMJ and TBDLMJ in hundredths of m². */
export function areasC(
  st: CountyStatic,
  k: number,
  code: string,
): { tbmjC: number; kcmjC: number; tbdlmjC: number } {
  const tbmjC = st.tbmjC[k];
  const kcmjC = isFarm(code) ? Math.round(tbmjC * st.kcxs[k]) : 0;
  return { tbmjC, kcmjC, tbdlmjC: tbmjC - kcmjC };
}

const CONSTRUCTION = new Set(["0601", "0602", "05H1", "0701", "0702", "08H1", "08H2", "0809", "1004"]);

/** The DLTB table of one year: 三调 fields, Chinese names and values. */
export function dltbTable(
  st: CountyStatic,
  state: YearState,
  year: number,
): { fields: FieldDef[]; columns: Record<string, Cell[]>; length: number } {
  const n = st.grid.count;
  const cols: Record<string, Cell[]> = {};
  for (const f of DLTB_FIELDS) cols[f.name] = new Array(n);
  const nameCache = new Map<string, string>();
  const className = (code: string): string => {
    let s = nameCache.get(code);
    if (s === undefined) {
      const found = landClassName(code);
      if (found === null) throw new Error(`示例数据生成出错：地类编码 ${code} 不在三调地类表中`);
      s = found;
      nameCache.set(code, s);
    }
    return s;
  };
  for (let k = 0; k < n; k++) {
    const code = state.dlbm[k];
    const farm = isFarm(code);
    const v = st.villages[st.village[k]].village;
    const { tbmjC, kcmjC, tbdlmjC } = areasC(st, k, code);
    const z = state.zzsx[k];
    const unstable = farm ? TBXH[st.unstable[k]] : TBXH[0];
    cols.BSM[k] = st.bsm[k];
    cols.YSDM[k] = "2001010100";
    cols.TBBH[k] = String(st.tbbh[k]);
    cols.DLBM[k] = code;
    cols.DLMC[k] = className(code);
    cols.QSXZ[k] = st.qsxz[k];
    cols.QSDWDM[k] = v.zldwdm;
    cols.QSDWMC[k] = v.name;
    cols.ZLDWDM[k] = v.zldwdm;
    cols.ZLDWMC[k] = v.name;
    cols.TBMJ[k] = tbmjC / 100;
    cols.KCDLBM[k] = kcmjC > 0 ? "1203" : null;
    cols.KCXS[k] = farm && st.kcxs[k] > 0 ? st.kcxs[k] : null;
    cols.KCMJ[k] = kcmjC / 100;
    cols.TBDLMJ[k] = tbdlmjC / 100;
    cols.GDLX[k] = farm && st.gdlx[k] ? (st.gdlx[k] === 1 ? "TT" : "PD") : null;
    cols.GDPDJB[k] = farm ? String(st.gdpdjb[k]) : null;
    cols.TBXHDM[k] = unstable[0] || null;
    cols.TBXHMC[k] = unstable[1] || null;
    cols.ZZSXDM[k] = z;
    cols.ZZSXMC[k] = z ? ZZSX_NAMES[z] : null;
    cols.GDDB[k] = farm ? st.grade[k] : null;
    cols.CZCSXM[k] = CONSTRUCTION.has(code) ? (v.seat ? "202" : "203") : null;
    cols.SJNF[k] = year;
    cols.BZ[k] = "示例数据";
  }
  return { fields: DLTB_FIELDS.map((f) => ({ ...f })), columns: cols, length: n };
}

/** Whether a parcel is an in-flow candidate in a state (class rule and JKHF/GCHF). */
export function isCandidate(state: YearState, k: number): boolean {
  const z = state.zzsx[k];
  return (z === "JKHF" || z === "GCHF") && isCandidateCode(state.dlbm[k]);
}

/** Totals of one year, from exactly the rounded values the table holds. */
export function yearTotals(st: CountyStatic, state: YearState): DemoYearTotals {
  const n = st.grid.count;
  let farmN = 0, tbmj = 0, tbdlmj = 0, wg = 0, cand = 0, candTbmj = 0;
  const byClass: Record<string, number> = { "0101": 0, "0102": 0, "0103": 0 };
  for (let k = 0; k < n; k++) {
    const code = state.dlbm[k];
    if (isFarm(code)) {
      const a = areasC(st, k, code);
      farmN++;
      tbmj += a.tbmjC;
      tbdlmj += a.tbdlmjC;
      byClass[code.slice(0, 4)] = (byClass[code.slice(0, 4)] ?? 0) + a.tbdlmjC;
      if (state.zzsx[k] === "WG") wg += a.tbdlmjC;
    } else if (isCandidate(state, k)) {
      cand++;
      candTbmj += st.tbmjC[k];
    }
  }
  const classTbdlmjM2: Record<string, number> = {};
  for (const c of Object.keys(byClass).sort()) classTbdlmjM2[c] = byClass[c] / 100;
  return {
    parcels: n,
    farmlandParcels: farmN,
    farmlandTbmjM2: tbmj / 100,
    farmlandTbmjMu: tbmj / 100 / M2_PER_MU,
    farmlandTbdlmjM2: tbdlmj / 100,
    farmlandTbdlmjMu: tbdlmj / 100 / M2_PER_MU,
    classTbdlmjM2,
    candidates: cand,
    candidateTbmjM2: candTbmj / 100,
    abandonedTbdlmjM2: wg / 100,
    abandonmentShare: tbdlmj > 0 ? wg / tbdlmj : 0,
  };
}

/** WG share of farmland TBDLMJ in a state. */
export function abandonmentShare(st: CountyStatic, state: YearState): number {
  let all = 0, wg = 0;
  for (let k = 0; k < st.grid.count; k++) {
    const code = state.dlbm[k];
    if (!isFarm(code)) continue;
    const a = areasC(st, k, code).tbdlmjC;
    all += a;
    if (state.zzsx[k] === "WG") wg += a;
  }
  return all > 0 ? wg / all : 0;
}
