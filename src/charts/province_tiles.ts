/**
 * A schematic tile grid of China's 31 provinces (省级行政区): one square per province in its
 * rough relative position, labelled with its short name and coloured by a value. It is a
 * chart, **not a map** (示意图，非地图): no border, coastline or area is drawn, which is what
 * DOMAIN.md §6 asks for when national figures are shown without a published standard map
 * (标准地图, 审图号).
 *
 * Provinces without a figure are hatched, marked 无数据 in their tile and explained in the key,
 * so a missing value is never read as a low one. 香港、澳门、台湾 (codes 81, 82, 71) are drawn
 * as dashed empty tiles by default, outside the statistics, so the grid of the country stays
 * whole; `others: "hide"` leaves them out.
 *
 * Tile positions ({@link PROVINCE_TILES}) are this workspace's own layout, in the manner of
 * the well-known tile-grid maps (e.g. the grids of the R package geofacet); each tile sits
 * under, beside or over its main neighbours (黑 over 吉 over 辽; 新 over 藏; 川 over 云 …).
 * Short names are the one-character 简称 used on number plates (贵 for 贵州, 云 for 云南).
 *
 * @example
 * ```ts
 * const svg = provinceTilesChart([{ code: "13", value: 9051.26 }, { code: "11", value: null }], {
 *   highlight: "13",
 * });
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { color as d3color, interpolateBrBG, interpolateGreens, quantileSorted, tickStep } from "d3";
import { LEGEND_STYLE, withChartFont } from "../chartkit/figure_font.ts";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

/** One province's figure; `code` is the 2-digit GB/T 2260 province code, null = no figure. */
export interface ProvinceTileRow {
  code: string;
  value: number | null;
}

/** A tile of the grid: code, names, column (0 = west) and row (0 = north). */
export interface ProvinceTile {
  code: string;
  short: string;
  name: string;
  col: number;
  row: number;
  /** True for 香港、澳门、台湾, which the 31-province statistics do not cover. */
  other?: boolean;
}

/**
 * The grid: 7 columns × 8 rows. The 31 provinces first, then 台湾、香港、澳门.
 *
 * ```
 *      0  1  2  3  4  5  6
 *  0                     黑
 *  1                  蒙 吉
 *  2   新 甘 宁 晋 冀 京 辽
 *  3   藏 青 陕 豫 鲁 津
 *  4      川 渝 鄂 皖 苏 沪
 *  5      云 贵 湘 赣 浙
 *  6         桂 粤 闽 台
 *  7         琼 澳 港
 * ```
 */
export const PROVINCE_TILES: readonly ProvinceTile[] = Object.freeze([
  { code: "23", short: "黑", name: "黑龙江省", col: 6, row: 0 },
  { code: "15", short: "蒙", name: "内蒙古自治区", col: 5, row: 1 },
  { code: "22", short: "吉", name: "吉林省", col: 6, row: 1 },
  { code: "65", short: "新", name: "新疆维吾尔自治区", col: 0, row: 2 },
  { code: "62", short: "甘", name: "甘肃省", col: 1, row: 2 },
  { code: "64", short: "宁", name: "宁夏回族自治区", col: 2, row: 2 },
  { code: "14", short: "晋", name: "山西省", col: 3, row: 2 },
  { code: "13", short: "冀", name: "河北省", col: 4, row: 2 },
  { code: "11", short: "京", name: "北京市", col: 5, row: 2 },
  { code: "21", short: "辽", name: "辽宁省", col: 6, row: 2 },
  { code: "54", short: "藏", name: "西藏自治区", col: 0, row: 3 },
  { code: "63", short: "青", name: "青海省", col: 1, row: 3 },
  { code: "61", short: "陕", name: "陕西省", col: 2, row: 3 },
  { code: "41", short: "豫", name: "河南省", col: 3, row: 3 },
  { code: "37", short: "鲁", name: "山东省", col: 4, row: 3 },
  { code: "12", short: "津", name: "天津市", col: 5, row: 3 },
  { code: "51", short: "川", name: "四川省", col: 1, row: 4 },
  { code: "50", short: "渝", name: "重庆市", col: 2, row: 4 },
  { code: "42", short: "鄂", name: "湖北省", col: 3, row: 4 },
  { code: "34", short: "皖", name: "安徽省", col: 4, row: 4 },
  { code: "32", short: "苏", name: "江苏省", col: 5, row: 4 },
  { code: "31", short: "沪", name: "上海市", col: 6, row: 4 },
  { code: "53", short: "云", name: "云南省", col: 1, row: 5 },
  { code: "52", short: "贵", name: "贵州省", col: 2, row: 5 },
  { code: "43", short: "湘", name: "湖南省", col: 3, row: 5 },
  { code: "36", short: "赣", name: "江西省", col: 4, row: 5 },
  { code: "33", short: "浙", name: "浙江省", col: 5, row: 5 },
  { code: "45", short: "桂", name: "广西壮族自治区", col: 2, row: 6 },
  { code: "44", short: "粤", name: "广东省", col: 3, row: 6 },
  { code: "35", short: "闽", name: "福建省", col: 4, row: 6 },
  { code: "46", short: "琼", name: "海南省", col: 2, row: 7 },
  { code: "71", short: "台", name: "台湾省", col: 5, row: 6, other: true },
  { code: "82", short: "澳", name: "澳门特别行政区", col: 3, row: 7, other: true },
  { code: "81", short: "港", name: "香港特别行政区", col: 4, row: 7, other: true },
].map((t) => Object.freeze(t)));

const COLS = 7;
const ROWS = 8;
const TILE = 62; // px per grid cell
const GAP = 0.06; // share of a cell left between tiles

/** Options of {@link provinceTilesChart}. */
export interface ProvinceTilesOptions {
  title?: string;
  subtitle?: string;
  /** The source line; the chart adds "示意图，非地图" to it. */
  caption?: string;
  /** Legend label with its unit, e.g. "耕地面积（万亩）" or "较二调变化（%）". */
  label?: string;
  /** sequential (default): light → dark for low → high; diverging: brown ← 0 → green, centred on `pivot`. */
  scale?: "sequential" | "diverging";
  /** Centre of the diverging scale (default 0). */
  pivot?: number;
  /** Decimals of the value printed in each tile (default 0 for sequential, 1 for diverging). */
  decimals?: number;
  /** 2-digit code of the region's own province, outlined. */
  highlight?: string;
  /** 香港、澳门、台湾 as dashed tiles ("show", default) or not at all ("hide"). */
  others?: "show" | "hide";
}

/** The default source line. */
export const PROVINCE_TILES_SOURCE = "来源：各省第三次全国国土调查主要数据公报及新闻发布";

/** Normalises a province code: "13" or "130000" → "13"; anything else is an error. */
function provinceCode(code: string): string {
  const c = String(code ?? "").normalize("NFKC").trim();
  if (/^\d{2}$/.test(c)) return c;
  if (/^\d{2}0000$/.test(c)) return c.slice(0, 2);
  throw new Error(`省级代码应为 2 位（或以 0000 结尾的 6 位）：${JSON.stringify(code)}`);
}

/** Whether dark text is legible on a fill colour (relative luminance above 0.35). */
function darkTextOn(fill: string): boolean {
  const c = d3color(fill)?.rgb();
  if (!c) return true;
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b) > 0.35;
}

/** Diagonal hatch lines (x − y constant) inside the square at (x0, y0) of side `size`, y downward. */
function hatch(x0: number, y0: number, size: number): { x1: number; y1: number; x2: number; y2: number }[] {
  const out = [];
  const step = size / 5;
  for (let c = -size + step; c < size - 1e-9; c += step) {
    const len = size - Math.abs(c);
    const x1 = x0 + Math.max(0, c), y1 = y0 + Math.max(0, -c);
    out.push({ x1, y1, x2: x1 + len, y2: y1 + len });
  }
  return out;
}

/** A number rounded to two significant digits (a class break a reader can remember). */
function round2(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const p = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Math.round(v / p) * p;
}

/**
 * Sequential classes: breaks at the quintiles of the data, rounded to two significant digits,
 * so each class holds about a fifth of the provinces even when one (黑龙江) dwarfs the rest.
 * One hue (green) whose lightness falls with the value, so the order survives greyscale and
 * colour blindness; the palest 20 % of the ramp is left out so the lowest class is never as
 * pale as 无数据.
 */
function sequentialClasses(values: readonly number[]): { thresholds: number[]; range: string[] } {
  const sorted = [...values].sort((a, b) => a - b);
  const lo = sorted[0] ?? 0, hi = sorted.at(-1) ?? 0;
  const breaks = [0.2, 0.4, 0.6, 0.8].map((q) => round2(quantileSorted(sorted, q) ?? 0));
  let thresholds = [...new Set(breaks)].filter((t) => t > lo && t <= hi);
  if (!thresholds.length) thresholds = [hi > lo ? round2((lo + hi) / 2) : hi];
  const n = thresholds.length + 1;
  return {
    thresholds,
    range: Array.from({ length: n }, (_, i) => interpolateGreens(0.2 + (0.8 * i) / Math.max(1, n - 1))),
  };
}

/**
 * Diverging classes, symmetric about the pivot at a round step (at most three classes each
 * side): brown below, blue-green above (ColorBrewer BrBG, colour-blind safe). Both ends are
 * dark, so the tiles also print the signed value.
 */
function divergingClasses(
  values: readonly number[],
  pivot: number,
): { thresholds: number[]; range: string[] } {
  const m = Math.max(1e-9, ...values.map((v) => Math.abs(v - pivot)));
  const step = tickStep(0, m, 3);
  const k = Math.max(1, Math.min(3, Math.ceil(m / step)));
  const thresholds = Array.from({ length: 2 * k - 1 }, (_, i) => pivot + (i - (k - 1)) * step);
  const side = Array.from({ length: k }, (_, j) => 0.12 + (0.38 * (j + 1)) / k); // distance from the middle
  const range = [
    ...side.map((d) => interpolateBrBG(0.5 - d)).reverse(),
    ...side.map((d) => interpolateBrBG(0.5 + d)),
  ];
  return { thresholds, range };
}

/**
 * The tile grid as Plot markup (a figure with the colour legend, title and caption).
 * Throws on a code that is not a province of the grid, or on a code given twice.
 */
export function provinceTilesChart(
  rows: readonly ProvinceTileRow[],
  opts: ProvinceTilesOptions = {},
): string {
  const kind = opts.scale ?? "sequential";
  const decimals = opts.decimals ?? (kind === "diverging" ? 1 : 0);
  const label = opts.label ?? (kind === "diverging" ? "较二调变化（%）" : "耕地面积（万亩）");
  const byCode = new Map<string, number | null>();
  for (const r of rows) {
    const code = provinceCode(r.code);
    if (!PROVINCE_TILES.some((t) => t.code === code)) throw new Error(`不是省级行政区代码：${code}`);
    if (byCode.has(code)) throw new Error(`省级代码重复：${code}`);
    byCode.set(code, typeof r.value === "number" && Number.isFinite(r.value) ? r.value : null);
  }
  const highlight = opts.highlight ? provinceCode(opts.highlight) : undefined;
  const showOthers = (opts.others ?? "show") === "show";
  const tiles = PROVINCE_TILES
    .filter((t) => showOthers || !t.other)
    .map((t) => ({ ...t, value: byCode.get(t.code) ?? null }));
  // a province of the 31 without a row has no figure; 港澳台 without a row are outside the statistics
  const valued = tiles.filter((t) => t.value !== null);
  const missing = tiles.filter((t) => t.value === null && !t.other);
  const outside = tiles.filter((t) => t.value === null && t.other);

  const values = valued.map((t) => t.value as number);
  // Classed colours (a threshold scale): a reader can match a tile to a class, and the legend
  // is drawn without a canvas, which server-side rendering lacks.
  const { thresholds, range } = kind === "diverging"
    ? divergingClasses(values, opts.pivot ?? 0)
    : sequentialClasses(values);
  const colorOptions = { type: "threshold", domain: thresholds, range } as const;
  const scale = Plot.scale({ color: colorOptions });
  // in a tile: fixed decimals; in the legend (trim): no trailing zeros
  const fmt = (v: number, trim = false) => {
    const s = Math.abs(v).toLocaleString("zh-CN", {
      minimumFractionDigits: trim ? 0 : decimals,
      maximumFractionDigits: Math.max(decimals, trim ? 2 : 0),
    });
    if (kind !== "diverging") return v < 0 ? `−${s}` : s;
    return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
  };
  const cells = tiles.map((t) => {
    const fill = t.value === null ? (t.other ? "white" : "#eeeeee") : String(scale.apply(t.value));
    return {
      ...t,
      fill,
      ink: t.value === null || darkTextOn(fill) ? "#222" : "white",
      text: t.value === null ? (t.other ? "" : "无数据") : fmt(t.value),
      tip: `${t.name}：${
        t.value === null ? (t.other ? "不在本统计范围" : "无数据") : `${fmt(t.value)}（${label}）`
      }`,
    };
  });
  const a = GAP / 2, b = 1 - GAP / 2;
  const key = [
    ...(missing.length ? [{ kind: "missing", text: `无数据（${missing.length} 个省份）` }] : []),
    ...(outside.length ? [{ kind: "other", text: "不在本统计范围" }] : []),
    ...(highlight ? [{ kind: "highlight", text: "本省" }] : []),
  ].map((k, i) => ({ ...k, col: 0, row: i * 0.62 }));
  const KEY = 0.42; // side of a key square, in cells
  const keyHatch = key.filter((k) => k.kind === "missing").flatMap((k) => hatch(0.05, k.row + 0.08, KEY));
  const caption = [
    "示意图，非地图：方块只示各省大致相对位置，不表示边界与面积。",
    kind === "sequential"
      ? "颜色分级点为各省数值的五分位数（取两位有效数字）。"
      : `颜色以 ${fmt(opts.pivot ?? 0, true)} 为中点，两端颜色都深，方块内另注带符号的数值。`,
    showOthers ? "香港特别行政区、澳门特别行政区和台湾省不在本统计范围（虚线方块）。" : "",
    opts.caption ?? PROVINCE_TILES_SOURCE,
  ].filter(Boolean).join("");
  const marginTop = 10, marginRight = 10, marginBottom = 10, marginLeft = 10;
  return renderPlot((document) =>
    withChartFont(Plot.plot({
      document,
      title: opts.title ??
        (kind === "diverging" ? "各省耕地面积变化（二调→三调）" : "各省耕地面积（第三次全国国土调查）"),
      subtitle: opts.subtitle,
      caption,
      width: COLS * TILE + marginLeft + marginRight,
      height: ROWS * TILE + marginTop + marginBottom,
      marginTop,
      marginRight,
      marginBottom,
      marginLeft,
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      x: { domain: [0, COLS], axis: null },
      y: { domain: [ROWS, 0], axis: null },
      color: {
        ...colorOptions,
        legend: true,
        label,
        tickFormat: (d: number) => fmt(d, true),
        style: LEGEND_STYLE,
      } as Plot.ScaleOptions,
      marks: [
        // tiles: filled with literal colours (the colour scale above decides them) so that a
        // missing value is never passed to the scale
        Plot.rect(cells.filter((c) => !c.other || c.value !== null), {
          x1: (c) => c.col + a,
          x2: (c) => c.col + b,
          y1: (c) => c.row + a,
          y2: (c) => c.row + b,
          fill: "fill",
          title: "tip",
        }),
        Plot.rect(cells.filter((c) => c.other && c.value === null), {
          x1: (c) => c.col + a,
          x2: (c) => c.col + b,
          y1: (c) => c.row + a,
          y2: (c) => c.row + b,
          fill: "white",
          stroke: "#999",
          strokeDasharray: "3,2",
          title: "tip",
        }),
        Plot.link(
          cells.filter((c) => c.value === null && !c.other).flatMap((c) =>
            hatch(c.col + a, c.row + a, b - a)
          ),
          {
            x1: "x1",
            y1: "y1",
            x2: "x2",
            y2: "y2",
            stroke: "#b0b0b0",
            strokeWidth: 1,
          },
        ),
        Plot.text(cells, {
          x: (c) => c.col + 0.5,
          y: (c) => c.row + (c.text ? 0.4 : 0.5),
          text: "short",
          fill: (c) => (c.other && c.value === null ? "#888" : c.ink),
          fontSize: 18,
          fontWeight: "bold",
        }),
        Plot.text(cells.filter((c) => c.text), {
          x: (c) => c.col + 0.5,
          y: (c) => c.row + 0.72,
          text: "text",
          fill: "ink",
          fontSize: 11,
        }),
        highlight
          ? Plot.rect(cells.filter((c) => c.code === highlight), {
            x1: (c) => c.col + a,
            x2: (c) => c.col + b,
            y1: (c) => c.row + a,
            y2: (c) => c.row + b,
            fill: "none",
            stroke: "#000",
            strokeWidth: 4,
          })
          : null,
        // a white line inside the black one, so the outline shows on a dark tile too
        highlight
          ? Plot.rect(cells.filter((c) => c.code === highlight), {
            x1: (c) => c.col + a + 0.045,
            x2: (c) => c.col + b - 0.045,
            y1: (c) => c.row + a + 0.045,
            y2: (c) => c.row + b - 0.045,
            fill: "none",
            stroke: "white",
            strokeWidth: 1.5,
          })
          : null,
        // the key, in the empty north-west corner of the grid
        ...(["missing", "other", "highlight"] as const).map((kind) =>
          Plot.rect(key.filter((k) => k.kind === kind), {
            x1: 0.05,
            x2: 0.05 + KEY,
            y1: (k) => k.row + 0.08,
            y2: (k) => k.row + 0.08 + KEY,
            fill: kind === "missing" ? "#eeeeee" : "white",
            stroke: kind === "highlight" ? "#000" : kind === "other" ? "#999" : "none",
            strokeWidth: kind === "highlight" ? 3 : 1,
            strokeDasharray: kind === "other" ? "3,2" : undefined,
          })
        ),
        Plot.link(keyHatch, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "#b0b0b0" }),
        Plot.text(key, { x: 0.6, y: (k) => k.row + 0.29, text: "text", textAnchor: "start", fill: "#222" }),
        Plot.text(["示意图 非地图"], {
          x: COLS - 0.05,
          y: ROWS - 0.3,
          textAnchor: "end",
          fill: "#777",
          fontSize: 11,
        }),
      ],
    }))
  );
}
