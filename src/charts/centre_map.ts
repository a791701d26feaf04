/**
 * The farmland centre of gravity (耕地重心) over the region's own county outlines, in the
 * survey's projected CRS (metres), north up, with true aspect (a metre across is a metre up),
 * a scale bar and a north arrow; beside it, the path of each weighting at its own scale
 * (offsets east and north of its first centre), because a drift of tens of metres is
 * invisible against counties tens of kilometres wide. The caller computes the steps (distance
 * and bearing); the chart only writes them on the path.
 *
 * The zoom panel draws offsets from projected x/y; it does not reuse `centre_path.ts`, which
 * works from longitude/latitude through the trends stage's geodesic (charts here import no
 * stage folder). In a Gauss–Krüger zone, grid north differs from true north by the meridian
 * convergence (under 1.6° within a 3° zone); the caption says which north is up.
 *
 * @example
 * ```ts
 * const svg = centreMapChart(
 *   [{ code: "900101", name: "平川县", rings: [[[0, 0], [10000, 0], [10000, 5000], [0, 5000], [0, 0]]] }],
 *   [{ series: "面积加权", label: "2019", x: 5000, y: 2500 }, { series: "面积加权", label: "2020", x: 5030, y: 2540 }],
 *   [{ series: "面积加权", from: "2019", to: "2020", distanceM: 50, bearingDeg: 36.87 }],
 * );
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  boundsOf,
  COUNTY_CLASS,
  countyEvenOdd,
  countyFeatures,
  countyLabels,
  type CountyOutline,
  fitFrame,
  frameOptions,
  padBounds,
  prefixMarkerIds,
  roundPaths,
  scaleBarMarks,
  shortHash,
} from "../chartkit/planar_map.ts";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

export type { CountyOutline } from "../chartkit/planar_map.ts";

/** One centre: its series (加权方式), its label (year) and position in projected metres. */
export interface CentreMapPoint {
  series: string;
  label: string;
  x: number;
  y: number;
}

/** One step of a series, from one label to the next, as the caller computed it. */
export interface CentreMapStep {
  series: string;
  from: string;
  to: string;
  distanceM: number;
  /** Azimuth, degrees clockwise from north (方位角). */
  bearingDeg: number;
}

/** Options of {@link centreMapChart}. */
export interface CentreMapOptions {
  title?: string;
  subtitle?: string;
  /** The source line (default {@link CENTRE_MAP_SOURCE}). */
  caption?: string;
  /** The CRS, for the caption, e.g. "CGCS2000 3 度带高斯-克吕格投影 第 38 带（EPSG:4526）". */
  crs?: string;
  /** Width of the map panel in pixels (default 540). */
  width?: number;
  /** Width of each zoom panel in pixels (default 300); e.g. 220 puts three panels in one A4 row. */
  panelWidth?: number;
}

/** The default source line. */
export const CENTRE_MAP_SOURCE = "来源：本区国土调查耕地图斑（DLTB）按年度计算的耕地重心";

// Okabe–Ito colours, each series also with its own symbol and dash, so greyscale and
// colour-blind readers can tell them apart.
const COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const SYMBOLS = ["circle", "square", "triangle", "diamond", "star", "cross"];
const DASHES = [null, "6,3", "2,2", "8,3,2,3", "1,3", "4,4"];
const DIRECTIONS = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"];

/** A bearing as a direction word and degrees, e.g. "东北 45°". */
export function bearingLabel(deg: number): string {
  const d = ((deg % 360) + 360) % 360;
  return `${DIRECTIONS[Math.round(d / 45) % 8]} ${Math.round(d)}°`;
}

/** A distance in metres for a step label: 米 with one decimal below 1 km, else 千米. */
function stepDistance(m: number): string {
  return m < 1000
    ? `${m.toLocaleString("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 米`
    : `${(m / 1000).toLocaleString("zh-CN", { maximumFractionDigits: 2 })} 千米`;
}

/** The centre map as a figure: title, legend, the map and the zoomed path side by side, caption. */
export function centreMapChart(
  counties: readonly CountyOutline[],
  centres: readonly CentreMapPoint[],
  steps: readonly CentreMapStep[] = [],
  opts: CentreMapOptions = {},
): string {
  const points = centres.filter((c) => Number.isFinite(c.x) && Number.isFinite(c.y));
  if (!points.length && !counties.length) throw new Error("重心图没有县界也没有重心");
  const series = [...new Set(points.map((p) => p.series))];
  const si = (s: string) => series.indexOf(s);

  // zoom panel: offsets from each series' first centre
  const origins = new Map<string, CentreMapPoint>();
  for (const p of points) if (!origins.has(p.series)) origins.set(p.series, p);
  const rawOffsets = points.map((p) => ({
    p,
    e: p.x - origins.get(p.series)!.x,
    n: p.y - origins.get(p.series)!.y,
  }));
  const span = Math.max(0, ...rawOffsets.map((o) => Math.max(Math.abs(o.e), Math.abs(o.n))));
  const unitScale = span < 1000 ? 1 : 1000;
  const unit = unitScale === 1 ? "米" : "千米";
  const offsets = rawOffsets.map(({ p, e, n }) => ({ ...p, east: e / unitScale, north: n / unitScale }));
  const find = (s: string, label: string) => offsets.find((o) => o.series === s && o.label === label);
  const stepLines = new Map<string, string[]>(series.map((s) => [s, []]));
  for (const st of steps) {
    if (!find(st.series, st.from) || !find(st.series, st.to)) {
      throw new Error(`重心步长找不到对应的重心：${st.series} ${st.from}→${st.to}`);
    }
    stepLines.get(st.series)!.push(
      `${st.from}→${st.to}：${stepDistance(st.distanceM)}，${bearingLabel(st.bearingDeg)}`,
    );
  }
  // one panel per series, all at the same scale (so drifts compare), each centred on its path
  const half = Math.max(
    1e-6,
    ...series.map((s) => {
      const os = offsets.filter((o) => o.series === s);
      const e = os.map((o) => o.east), n = os.map((o) => o.north);
      return Math.max(Math.max(...e) - Math.min(...e), Math.max(...n) - Math.min(...n)) / 2;
    }),
  ) * 1.3;
  const panels = series.map((s) => {
    const os = offsets.filter((o) => o.series === s);
    const e = os.map((o) => o.east), n = os.map((o) => o.north);
    const ce = (Math.max(...e) + Math.min(...e)) / 2, cn = (Math.max(...n) + Math.min(...n)) / 2;
    return {
      series: s,
      points: os,
      x: [ce - half, ce + half],
      y: [cn - half, cn + half],
      lines: stepLines.get(s)!,
    };
  });

  // main map
  const rings = counties.flatMap((c) => c.rings);
  const bounds = padBounds(boundsOf(rings, points.map((p) => [p.x, p.y])), 0.02, 1000);
  const frame = fitFrame(bounds, {
    width: opts.width ?? 540,
    maxHeight: 620,
    inset: { top: 10, right: 10, bottom: 44, left: 10 },
  });
  const scaleBar = scaleBarMarks(frame);
  const firsts = series.map((s) => origins.get(s)!);
  const mean = points.length
    ? {
      x: points.reduce((a, p) => a + p.x, 0) / points.length,
      y: points.reduce((a, p) => a + p.y, 0) / points.length,
    }
    : null;

  // a county name that would sit on the centre marker or its callout goes below the marker
  const labels = countyLabels(counties).map((l) => {
    const near = mean && Math.abs(l.x - mean.x) * frame.k < 70 && Math.abs(l.y - mean.y) * frame.k < 40;
    return { ...l, y: near ? mean.y - 32 / frame.k : l.y };
  });
  const colorScale = { domain: series, range: series.map((_, i) => COLORS[i % COLORS.length]) };
  const symbolScale = { domain: series, range: series.map((_, i) => SYMBOLS[i % SYMBOLS.length]) };
  const crs = opts.crs ?? "投影坐标";
  const caption = [
    `地图：${crs}（单位米），上为坐标北，比例尺见左下；各加权方式的首个重心以符号标出，其漂移在此比例下看不出。`,
    `放大图：每种加权方式一图，以其首个重心（${
      firsts.map((f) => f.label).filter((v, i, a) => a.indexOf(v) === i).join("、")
    }）为原点，各图比例相同（${unit}）；图下列出每步的距离与方位（方位角自北顺时针）。`,
    "县界取自本区调查数据，仅作示意，不作为行政区域界线的依据。",
    opts.caption ?? CENTRE_MAP_SOURCE,
  ].join("");

  return renderPlot((document) => {
    const map = Plot.plot({
      document,
      ...frameOptions(frame),
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      color: colorScale,
      symbol: symbolScale,
      marks: [
        Plot.geo(countyFeatures(counties), {
          fill: "#f4f3ee",
          stroke: "#6b6b6b",
          strokeWidth: 1,
          className: COUNTY_CLASS,
        }),
        Plot.text(labels, {
          x: "x",
          y: "y",
          text: "name",
          fill: "#555",
          stroke: "white",
          strokeWidth: 3,
          fontSize: 12,
        }),
        mean
          ? Plot.dot([mean], {
            x: "x",
            y: "y",
            r: 14,
            stroke: "#222",
            strokeWidth: 1,
            strokeDasharray: "3,2",
          })
          : null,
        mean
          ? Plot.text([mean], {
            x: "x",
            y: "y",
            text: () => "耕地重心（见放大图）",
            dy: -22,
            fill: "#222",
            stroke: "white",
            strokeWidth: 3,
          })
          : null,
        Plot.dot(firsts, {
          x: "x",
          y: "y",
          fill: "series",
          symbol: "series",
          r: 4,
          stroke: "white",
          strokeWidth: 0.8,
        }),
        ...scaleBar.marks,
      ],
    });
    roundPaths(map, 1);
    countyEvenOdd(map);

    const PANEL = opts.panelWidth ?? 300;
    const idPrefix = `centre-${shortHash(JSON.stringify(points))}`;
    const zooms = panels.map((pn) => {
      const i = si(pn.series);
      const color = COLORS[i % COLORS.length];
      const panel = Plot.plot({
        document,
        width: PANEL,
        marginLeft: 52,
        marginRight: 16,
        marginTop: 30,
        marginBottom: 58 + 14 * pn.lines.length,
        aspectRatio: 1,
        style: { fontFamily: CHART_FONT, fontSize: "11px" },
        x: {
          label: `向东偏移（${unit}）`,
          labelAnchor: "center",
          labelOffset: 34,
          domain: pn.x,
          grid: true,
          ticks: 4,
        },
        y: { label: `向北偏移（${unit}）`, labelAnchor: "center", domain: pn.y, grid: true, ticks: 4 },
        marks: [
          Plot.frame({ stroke: "#ccc" }),
          Plot.text([pn.series], {
            frameAnchor: "top-left",
            dy: -22,
            fill: color,
            fontWeight: "bold",
            fontSize: 12,
          }),
          Plot.dot(pn.points, {
            x: "east",
            y: "north",
            fill: color,
            symbol: () => SYMBOLS[i % SYMBOLS.length],
            r: 3.5,
            stroke: "white",
            strokeWidth: 0.6,
          }),
          Plot.line(pn.points, {
            x: "east",
            y: "north",
            stroke: color,
            strokeDasharray: DASHES[i % DASHES.length] ?? undefined,
            strokeWidth: 1.6,
            markerEnd: "arrow", // drawn over the dots so the head shows
          }),
          Plot.text(pn.points, {
            x: "east",
            y: "north",
            text: "label",
            dy: -9,
            fill: "#222",
            stroke: "white",
            strokeWidth: 3,
            fontSize: 11,
          }),
          // the steps, listed under the axis
          Plot.text([pn.lines.join("\n")], {
            frameAnchor: "bottom-left",
            dy: 46,
            textAnchor: "start",
            lineAnchor: "top",
            lineHeight: 1.25,
            fill: "#333",
            fontSize: 11,
          }),
        ],
      });
      prefixMarkerIds(panel, `${idPrefix}-${i}`);
      return panel;
    });

    const figure = document.createElement("figure");
    figure.setAttribute("style", `font-family: ${CHART_FONT}; max-width: initial; margin: 0;`);
    const h2 = document.createElement("h2");
    h2.append(opts.title ?? "耕地重心及其迁移");
    figure.append(h2);
    if (opts.subtitle) {
      const h3 = document.createElement("h3");
      h3.append(opts.subtitle);
      figure.append(h3);
    }
    if (series.length) {
      figure.append(
        Plot.legend({
          document,
          symbol: symbolScale,
          color: colorScale,
          label: "加权方式",
          fill: "color",
          style: { fontFamily: CHART_FONT, fontSize: "12px" },
        } as unknown as Plot.LegendOptions),
      );
    }
    const row = document.createElement("div");
    row.setAttribute("style", "display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start;");
    row.append(map, ...zooms);
    figure.append(row);
    const fc = document.createElement("figcaption");
    fc.append(caption);
    figure.append(fc);
    return figure;
  });
}
