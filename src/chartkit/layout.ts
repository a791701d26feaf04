/**
 * Shared rules of the briefing charts: row heights, the 亩 / 万亩 choice, zh-CN number
 * formats, text-width estimates for margins and wrapping, the source line, and the input guard.
 *
 * The input rule, the same for every chart: a number that is not finite (NaN, ±Infinity, or
 * not a number at all), or an area or rate below zero, is never drawn and never printed. Its
 * bar is left out but its row stays, and where the value would be written the chart writes 无效
 * (a stacked total says "另有无效值"); an invalid grade (not finite, or outside 1–15) is shown as
 * 未评定. Either way a caption note ("注意：…") says which value, why, and for which units, so
 * nothing disappears silently. A duplicated key (the same county twice, or the same county and level)
 * is an error, since two different counties can share a name (e.g. 鼓楼区) and summing them
 * would be wrong: the caller disambiguates ("南京市鼓楼区").
 *
 * @example
 * ```ts
 * const u = areaUnit([12_000, 250_000]); // { label: "万亩", divisor: 10000, digits: 2 }
 * formatIn(u, 250_000); // "25.00"
 * ```
 * @module
 */

/** Title, subtitle and source line of a briefing chart (every chart takes these). */
export interface ChartOptions {
  title?: string;
  subtitle?: string;
  /** Where the data comes from; written after "数据来源：" unless it already says so. */
  source?: string;
}

import { formatNumber } from "../units/area.ts";

/** Height of one bar row (one county, one bar), px. */
export const ROW_PX = 20;
/** Height of one county that carries two bars (a pair), px: two 13-px bars and their gaps. */
export const PAIR_ROW_PX = 34;
/** Font size of tick labels and bar labels, px. */
export const FONT_PX = 12;
/** Font size of the small value labels of paired bars, px. */
export const SMALL_FONT_PX = 11;
/** Above this many 亩 (the largest value shown) a chart switches to 万亩. */
export const WAN_MU_FROM = 100_000;

/** Height of a panel whose plot area holds `rows` rows of `perRow` px, plus its margins. */
export function rowsHeight(rows: number, perRow: number, marginTop: number, marginBottom: number): number {
  return marginTop + marginBottom + Math.max(1, rows) * perRow;
}

/** The unit an area axis uses: 亩, or 万亩 when the largest value reaches {@link WAN_MU_FROM}. */
export interface AreaUnitChoice {
  label: "亩" | "万亩";
  /** Divide 亩 by this to get the unit. */
  divisor: number;
  /** Decimals shown on value labels: exactly 2 in 万亩; at most 1 in 亩 (trailing zero dropped). */
  digits: number;
}

/**
 * An area given in 亩, as the labels show it in the chosen unit ("12.30" 万亩, "2,500" 亩).
 *
 * @example
 * ```ts
 * formatIn(areaUnit([250_000]), 123_000); // "12.30"
 * ```
 */
export function formatIn(unit: AreaUnitChoice, mu: number): string {
  const v = mu / unit.divisor;
  return unit.label === "万亩" ? formatNumber(v, unit.digits) : formatZh(v, unit.digits);
}

/** Chooses 亩 or 万亩 from the values (in 亩) a chart will show. */
export function areaUnit(valuesMu: Iterable<number>): AreaUnitChoice {
  let max = 0;
  for (const v of valuesMu) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return max >= WAN_MU_FROM
    ? { label: "万亩", divisor: 10_000, digits: 2 }
    : { label: "亩", divisor: 1, digits: 1 };
}

const formats = new Map<number, Intl.NumberFormat>();

/**
 * A number the zh-CN way, at most `digits` decimals, trailing zeros dropped, never "-0".
 *
 * @example
 * ```ts
 * formatZh(12345.67, 1); // "12,345.7"
 * formatZh(2500, 1);     // "2,500"
 * ```
 */
export function formatZh(value: number, digits: number = 1): string {
  if (!Number.isFinite(value)) throw new RangeError(`formatZh: 需要有限数，收到 ${value}`);
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: digits, signDisplay: "negative" });
    formats.set(digits, f);
  }
  return f.format(value);
}

/**
 * Whether a shortfall (缺口, 差额, 未覆盖) in 亩 is one: at least 0.05 亩, so it shows as 0.1 亩 or
 * more. The test does not depend on the chart's unit: 40 亩 short in a 万亩 chart is still short.
 */
export function isShortfall(mu: number): boolean {
  return roundTo(mu, 1) > 0;
}

/**
 * A shortfall with its unit: in the chart's unit, or in 亩 when it would print as zero there
 * ("0.37 万亩", but "40 亩" rather than "0.00 万亩").
 */
export function formatShortfall(unit: AreaUnitChoice, mu: number): string {
  return roundTo(mu / unit.divisor, unit.digits) > 0
    ? `${formatIn(unit, mu)} ${unit.label}`
    : `${formatZh(mu, 1)} 亩`;
}

/** Tick format of a numeric axis (zh-CN grouping, up to 4 decimals). */
export const zhTick = (d: number): string => formatZh(d, 4);

/** Tick format of a percent axis: "20%". */
export const pctTick = (d: number): string => `${formatZh(d, 2)}%`;

/** The top of a value axis: the largest value, or 1 when there is nothing above zero to show. */
export function scaleMax(...values: number[]): number {
  const m = Math.max(0, ...values.filter(Number.isFinite));
  return m > 0 ? m : 1;
}

/** Rounds to `digits` decimals, as the labels show it. */
export function roundTo(value: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(value * k) / k;
}

/**
 * Estimated advance width of a string in px for the chart font (Noto Sans CJK): CJK and
 * full-width characters 1 em, digits 0.56 em, narrow punctuation 0.3 em, other Latin 0.62 em.
 * Used for margins and wrapping, erring wide.
 */
export function textWidth(s: string, fontPx: number = FONT_PX): number {
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80 || (c >= 0x2000 && c <= 0x206f && ch !== "\u2009")) em += 1;
    else if (ch >= "0" && ch <= "9") em += 0.56;
    else if (".,:;'!|".includes(ch)) em += 0.3;
    else if (ch === " " || ch === "\u2009") em += 0.28;
    else if (ch === "%" || ch === "—") em += 0.9;
    else if (ch >= "A" && ch <= "Z") em += 0.7;
    else em += 0.62;
  }
  return em * fontPx;
}

/** The widest of the strings, px. */
export function maxTextWidth(strings: Iterable<string>, fontPx: number = FONT_PX): number {
  let w = 0;
  for (const s of strings) w = Math.max(w, textWidth(s, fontPx));
  return w;
}

/**
 * Breaks text into lines no wider than `maxPx`, between any two CJK characters or at spaces
 * (a run of Latin letters and digits stays whole, with its unit); never drops a character.
 */
export function wrapText(text: string, maxPx: number, fontPx: number = FONT_PX): string[] {
  // a run of Latin letters and digits stays whole, and so does a number with its unit or
  // suffix ("II型", "2,500 亩", "7.5 等"): a line never starts with the unit
  const tokens = text.match(/[A-Za-z0-9.,%°+\-−×/()<>≤≥=_]+(?: ?(?:万亩|亩|等|个|项|型|%))? ?|./gsu) ?? [];
  const lines: string[] = [];
  let line = "";
  for (const t of tokens) {
    if (t === "\n") {
      lines.push(line.trimEnd());
      line = "";
      continue;
    }
    if (!line && lines.length && /^[，。、；：）」』%]/.test(t)) {
      lines[lines.length - 1] += t.trimEnd(); // "）。": the second closer hangs with the first
      continue;
    }
    const next = line + t;
    if (line && textWidth(next.trimEnd(), fontPx) > maxPx) {
      // keep closing punctuation with the line it closes (no line starts with "，" or "）")
      if (/^[，。、；：）」』%]/.test(t)) {
        lines.push(next.trimEnd());
        line = "";
        continue;
      }
      // and no line ends with an opening bracket: it moves down with what it opens
      const open = line.trimEnd().match(/[（「『“《]+$/)?.[0] ?? "";
      lines.push(line.trimEnd().slice(0, line.trimEnd().length - open.length));
      line = open + t.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/**
 * The source line: "数据来源：" and the source, unless the caller already wrote the lead
 * ("数据来源…" / "资料来源…" / "来源…").
 */
export function sourceLine(source: string | undefined, fallback: string): string {
  const s = (source ?? fallback).trim();
  return /^(数据|资料)?来源[：:]/.test(s) ? s : `数据来源：${s}`;
}

/** Whether a value can be drawn as an area (finite, ≥ 0). */
export function isArea(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

/** Whether a value can be drawn as a percentage or rate (finite, ≥ 0). */
export function isRate(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

/** Whether a grade is a valid 耕地等别 (finite, 1–15). */
export function isGrade(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 1 && v <= 15;
}

/**
 * Collects the values the input guard set aside, for the caption: which value (e.g. 转出面积),
 * why (非有限数或负数), what the chart did instead (未画出), and for which units.
 */
export class SetAside {
  readonly #groups = new Map<string, { what: string; why: string; how: string; units: string[] }>();

  /** Records that `unit`'s `what` was set aside (because of `why`) and handled as `how`. */
  add(what: string, why: string, unit: string, how: string = "未画出"): void {
    const k = `${what}\u0000${why}\u0000${how}`;
    const g = this.#groups.get(k) ?? { what, why, how, units: [] };
    g.units.push(unit);
    this.#groups.set(k, g);
  }

  /** How many values were set aside. */
  get count(): number {
    let n = 0;
    for (const g of this.#groups.values()) n += g.units.length;
    return n;
  }

  /** Caption notes, one per kind: "注意：转出面积不是有效数值（非有限数或负数），未画出 2 项：甲县、乙县。" */
  notes(): string[] {
    return [...this.#groups.values()].map((g) =>
      `注意：${g.what}不是有效数值（${g.why}），${g.how} ${g.units.length} 项：${g.units.join("、")}。`
    );
  }
}

/**
 * Throws when a key occurs twice, naming it; `what` says what the key is ("县", "县与覆盖层级").
 */
export function assertUnique<T>(rows: readonly T[], key: (r: T) => string, what: string, hint = ""): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const k = key(r);
    if (seen.has(k)) {
      throw new Error(`图表数据中${what}“${k}”出现不止一次：每个${what}只能有一行${hint}`);
    }
    seen.add(k);
  }
}

/** The hint for duplicated county names. */
export const SAME_NAME_HINT = "（同名县请加上级名称区分，如“南京市鼓楼区”）";

/** Names in first-appearance order. */
export function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Why an area is set aside. */
export const AREA_WHY = "非有限数或负数";
/** Why a rate or share is set aside. */
export const RATE_WHY = "非有限数或负数";
/** Why a grade is shown as 未评定. */
export const GRADE_WHY = "非有限数或不在 1–15 等之间";
