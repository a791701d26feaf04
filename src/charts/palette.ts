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
