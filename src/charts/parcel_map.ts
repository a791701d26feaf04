/**
 * The potential-parcel map (潜力图斑分布图) by contiguity class (DOMAIN.md §4.3: 集中连片潜力图斑
 * I型/II型, 非集中连片潜力图斑 I型/II型) over the county outlines, in the survey's projected CRS
 * (metres), north up, true aspect, with a scale bar. Parcel geometry is restricted survey data
 * (内部, DOMAIN.md §6): the title and the drawing itself carry 内部资料.
 *
 * Built for thousands of pieces: each class is one path (a MultiPolygon), rings are simplified
 * to half a pixel and rounded to 0.1 m, path numbers to 0.1 px, and a piece too small to show
 * its shape (under 2 px across) is drawn as a dot at its centre, so it is still seen and
 * counted. Classes are coloured dark → light in their order (viridis: ordered in lightness,
 * so greyscale and colour-blind readers keep the order).
 *
 * @example
 * ```ts
 * const svg = parcelMapChart(
 *   [{ cls: "I_CONTIG", rings: [[[100, 100], [300, 100], [300, 250], [100, 250], [100, 100]]] }],
 *   [{ code: "900101", name: "平川县", rings: [[[0, 0], [10000, 0], [10000, 5000], [0, 5000], [0, 0]]] }],
 * );
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { interpolateViridis } from "d3";
import {
  boundsOf,
  COUNTY_CLASS,
  countyEvenOdd,
  countyFeatures,
  countyLabels,
  type CountyOutline,
  fitFrame,
  frameOptions,
  orientPolygon,
  padBounds,
  roundPaths,
  scaleBarMarks,
  simplifyRing,
} from "../chartkit/planar_map.ts";
import { LEGEND_STYLE, withChartFont } from "../chartkit/figure_font.ts";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

export type { CountyOutline } from "../chartkit/planar_map.ts";

/** The four contiguity classes, by the screening stage's codes. */
export type ParcelClass = "I_CONTIG" | "II_CONTIG" | "I_SCATTER" | "II_SCATTER";

/** One potential piece: its class (code or Chinese name) and rings in projected metres. */
export interface ParcelMapPiece {
  cls: ParcelClass | string;
  rings: number[][][];
}

/** Options of {@link parcelMapChart}. */
export interface ParcelMapOptions {
  /** The title; 内部资料 is put before it when it does not say so itself. */
  title?: string;
  subtitle?: string;
  /** The source line (default {@link PARCEL_MAP_SOURCE}). */
  caption?: string;
  /** The CRS, for the caption. */
  crs?: string;
  /** Width in pixels (default 760). */
  width?: number;
}

/** The default source line. */
export const PARCEL_MAP_SOURCE = "来源：本县三调地类图斑经筛选、扣除后的潜力图斑";

/** Class names as the seed writes them, in priority order (the same words as the screening stage). */
export const PARCEL_CLASS_LABELS: Readonly<Record<ParcelClass, string>> = Object.freeze({
  I_CONTIG: "集中连片潜力图斑I型",
  II_CONTIG: "集中连片潜力图斑II型",
  I_SCATTER: "非集中连片潜力图斑I型",
  II_SCATTER: "非集中连片潜力图斑II型",
});
const CLASSES = Object.keys(PARCEL_CLASS_LABELS) as ParcelClass[];
/** viridis at 0, 0.3, 0.6, 0.85: dark → light in class order; the lightest still shows on white. */
const CLASS_COLORS = [0, 0.3, 0.6, 0.85].map((t) => interpolateViridis(t));
const MARK = "内部资料";

/** The class of a code or Chinese name (Roman Ⅰ/Ⅱ and spaces tolerated); throws otherwise. */
export function parcelClass(cls: string): ParcelClass {
  const t = String(cls ?? "").trim();
  if (t in PARCEL_CLASS_LABELS) return t as ParcelClass;
  const norm = t.replace(/\s+/g, "").replaceAll("Ⅱ", "II").replaceAll("Ⅰ", "I").replaceAll("ＩＩ", "II");
  for (const c of CLASSES) if (PARCEL_CLASS_LABELS[c] === norm) return c;
  throw new Error(`未知的潜力图斑类型：${JSON.stringify(cls)}`);
}

/** The map as a figure: 内部资料 title, class legend with counts, the map, caption. */
export function parcelMapChart(
  pieces: readonly ParcelMapPiece[],
  counties: readonly CountyOutline[] = [],
  opts: ParcelMapOptions = {},
): string {
  const classed = pieces.map((p) => ({ cls: parcelClass(p.cls), rings: p.rings }));
  const rings = [...counties.flatMap((c) => c.rings), ...classed.flatMap((p) => p.rings)];
  const bounds = padBounds(boundsOf(rings), 0.02, 100);
  const frame = fitFrame(bounds, {
    width: opts.width ?? 760,
    maxHeight: 900,
    margin: { top: 0 },
    inset: { top: 26, right: 10, bottom: 44, left: 10 },
  });
  const tol = 0.5 / frame.k; // half a pixel, in metres
  const dotBelow = 2 / frame.k; // pieces under 2 px across become dots

  // one MultiPolygon and one MultiPoint per class
  const polys = new Map<ParcelClass, number[][][][]>(CLASSES.map((c) => [c, []]));
  const dots = new Map<ParcelClass, number[][]>(CLASSES.map((c) => [c, []]));
  const counts = new Map<ParcelClass, number>(CLASSES.map((c) => [c, 0]));
  let undrawn = 0;
  for (const p of classed) {
    counts.set(p.cls, counts.get(p.cls)! + 1);
    let b;
    try {
      b = boundsOf(p.rings);
    } catch {
      undrawn++; // no coordinates: counted in the legend, named in the caption
      continue;
    }
    // the first ring is the shell (OGC order); a piece whose shell is too small to draw is a dot
    const tooSmall = b.x1 - b.x0 < dotBelow && b.y1 - b.y0 < dotBelow;
    const [shell, ...holes] = p.rings;
    const s = tooSmall ? null : simplifyRing(shell, tol);
    if (s) {
      const kept = holes.map((h) => simplifyRing(h, tol)).filter((h): h is number[][] => h !== null);
      polys.get(p.cls)!.push(orientPolygon([s, ...kept]));
    } else dots.get(p.cls)!.push([Math.round((b.x0 + b.x1) * 5) / 10, Math.round((b.y0 + b.y1) * 5) / 10]);
  }
  const dotCount = [...dots.values()].reduce((a, d) => a + d.length, 0);
  const polyFeatures = CLASSES.filter((c) => polys.get(c)!.length).map((c) => ({
    type: "Feature" as const,
    properties: { cls: c },
    geometry: { type: "MultiPolygon" as const, coordinates: polys.get(c)! },
  }));
  const dotFeatures = CLASSES.filter((c) => dots.get(c)!.length).map((c) => ({
    type: "Feature" as const,
    properties: { cls: c },
    geometry: { type: "MultiPoint" as const, coordinates: dots.get(c)! },
  }));
  const color = {
    domain: CLASSES.map((c) => `${PARCEL_CLASS_LABELS[c]}（${counts.get(c)!.toLocaleString("zh-CN")} 块）`),
    range: CLASS_COLORS,
  };
  const labelOf = (c: ParcelClass) => color.domain[CLASSES.indexOf(c)];
  const title = opts.title === undefined
    ? `${MARK}　潜力图斑分布（按集中连片类型）`
    : opts.title.includes(MARK)
    ? opts.title
    : `${MARK}　${opts.title}`;
  const caption = [
    `${MARK}：图斑界线取自本县调查数据，仅供内部核实与审查，不得公开或外传。`,
    `坐标：${opts.crs ?? "投影坐标"}（单位米），上为坐标北；界线按显示分辨率简化（半个像素）。`,
    dotCount ? `小于 2 像素、画不出形状的图斑以圆点示其位置（${dotCount.toLocaleString("zh-CN")} 块）。` : "",
    undrawn ? `${undrawn.toLocaleString("zh-CN")} 块图斑没有有效坐标，已计数、未画出。` : "",
    "县界仅作示意，不作为行政区域界线的依据。",
    opts.caption ?? PARCEL_MAP_SOURCE,
  ].join("");
  const scaleBar = scaleBarMarks(frame);
  const { bounds: fb, k } = frame;

  return renderPlot((document) => {
    const node = Plot.plot({
      document,
      ...frameOptions(frame),
      title,
      subtitle: opts.subtitle,
      caption,
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      color: { ...color, legend: true, label: "潜力图斑类型", style: LEGEND_STYLE } as Plot.ScaleOptions,
      marks: [
        Plot.geo(countyFeatures(counties), {
          fill: "white",
          stroke: "#8a8a8a",
          strokeWidth: 1,
          className: COUNTY_CLASS,
        }),
        Plot.geo(polyFeatures, { fill: (f) => labelOf(f.properties.cls), stroke: "none" }),
        // a thin dark edge keeps a dot of the lightest class visible on white
        Plot.geo(dotFeatures, {
          fill: (f) => labelOf(f.properties.cls),
          r: 1.2,
          stroke: "#333",
          strokeWidth: 0.3,
        }),
        Plot.text(countyLabels(counties), {
          x: "x",
          y: "y",
          text: "name",
          fill: "#444",
          stroke: "white",
          strokeWidth: 3,
          fontSize: 13,
        }),
        // the marking inside the drawing too, so it stays with the SVG if cut out of the report
        Plot.text([`${MARK}　注意保密`], {
          x: fb.x1,
          y: fb.y1 + 14 / k,
          textAnchor: "end",
          fill: "#b00000",
          fontWeight: "bold",
          fontSize: 13,
        }),
        ...scaleBar.marks,
      ],
    });
    roundPaths(node, 1);
    countyEvenOdd(node);
    return withChartFont(node);
  });
}
