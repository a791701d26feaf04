/**
 * Colours shared by the charts, so one region type or land class has one colour everywhere
 * (colour-blind-safe ColorBrewer hues; grey for what is not classified).
 *
 * @module
 */

/** Region type label (Chinese, as in `REGION_TYPE_LABELS`) → colour, in display order. */
export const REGION_TYPE_COLORS: Readonly<Record<string, string>> = Object.freeze({
  "经济发达地区": "#7570b3",
  "粮食主产区": "#1b9e77",
  "生态脆弱区": "#d95f02",
  "未分类": "#999999",
});

/**
 * Two series on one chart (转出 / 转入, 占用 / 补充, …), apart in lightness as well as hue
 * (ColorBrewer PuOr ends, safe for the common colour-vision deficiencies): the first dark, the
 * second light with a dark outline, so they stay apart in greyscale print.
 */
export const PAIR = Object.freeze({ first: "#5e3c99", second: "#fdb863", secondStroke: "#8c5a0a" });

/** Three series, dark → mid → light (PuOr). */
export const TRIPLE: readonly string[] = Object.freeze(["#5e3c99", "#e66101", "#fdb863"]);

/** What needs the reviewer's attention (缺口, 未达目标, 未覆盖): RdBu red, always with a text label. */
export const WARN = "#ca0020";

/** The id of the warning hatch (red with white diagonal stripes), defined by the chart frame. */
export const WARN_HATCH_ID = "fb-warn-hatch";

/** Fill that draws with the warning hatch. */
export const WARN_HATCH = `url(#${WARN_HATCH_ID})`;

/** A neutral bar (at or within a line), mid-light blue-grey. */
export const NEUTRAL = "#8fa3bf";

/** The target tick and other reference marks. */
export const INK = "#222222";

/** Coverage levels of the out-flow, darkest where the county covers itself (Blues). */
export const COVERAGE_COLORS: Readonly<Record<"county" | "city" | "province", string>> = Object.freeze({
  county: "#08519c",
  city: "#4292c6",
  province: "#c6dbef",
});

/** Contiguity classes of the potential pool (DOMAIN §4.3 order), dark → light (YlGn). */
export const POOL_CLASS_COLORS: readonly string[] = Object.freeze([
  "#006837",
  "#31a354",
  "#9dd48c",
  "#e5f5c9",
]);
