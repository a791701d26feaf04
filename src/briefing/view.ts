/**
 * The facts narrowed to the briefing's region (`--region`: a city or county code), with the
 * names a table needs. Computation stays province-wide (a county's out-flow may be covered in its
 * city or province); only what is shown is narrowed.
 *
 * @example
 * ```ts
 * const v = briefingView(facts, "9001");
 * v.counties.map((c) => c.name); // the three counties of 示例一市
 * ```
 * @module
 */
import type { BriefingCounty, BriefingFacts } from "./facts.ts";

/** Longest chart label (characters); longer names are cut with "…" in charts, never in tables. */
export const CHART_LABEL_MAX = 16;

/** A name as a chart shows it: whole up to {@link CHART_LABEL_MAX} characters, else cut with "…". */
export function shorten(name: string): string {
  const chars = [...name];
  return chars.length > CHART_LABEL_MAX ? `${chars.slice(0, CHART_LABEL_MAX - 1).join("")}…` : name;
}

/** What every section builder reads. */
export interface BriefingView {
  facts: BriefingFacts;
  /** The region's code and name (province, city or county). */
  region: string;
  regionName: string;
  counties: BriefingCounty[];
  /** The name of an administrative code ("" when unknown). */
  name: (code: string) => string;
  /**
   * A county's label for charts: its name, or city + name where two counties share a name (南京市鼓楼区),
   * cut to {@link CHART_LABEL_MAX} characters (the tables give the full name; figure captions say so).
   */
  label: (county: string) => string;
}

/** Narrows the facts to `region` (default: everything in them). Throws (Chinese) when no county matches. */
export function briefingView(facts: BriefingFacts, region?: string): BriefingView {
  const code = region?.trim() || facts.region.code;
  const counties = facts.counties.filter((c) => c.code.startsWith(code) || code === facts.region.code);
  if (!counties.length) {
    throw new Error(
      `--region ${code}：数据中没有属于该代码的县（可用的县：${facts.counties.map((c) => `${c.code} ${c.name}`).join("、")}）`,
    );
  }
  const name = (c: string) => facts.names[c] ?? facts.counties.find((x) => x.code === c)?.name ?? "";
  const count = new Map<string, number>();
  for (const c of counties) count.set(name(c.code), (count.get(name(c.code)) ?? 0) + 1);
  const label = (c: string) => {
    const n = name(c) || c;
    return shorten((count.get(n) ?? 0) > 1 ? `${name(c.slice(0, 4))}${n}` : n);
  };
  return { facts, region: code, regionName: name(code) || `行政区 ${code}`, counties, name, label };
}
