/**
 * The path of a farmland centre of gravity over the years (耕地重心漂移), drawn as offsets
 * east and north of each series' first centre on the ellipsoid, so a drift of tens of metres
 * and one of hundreds of kilometres are both legible, and series whose centres lie apart (e.g.
 * 面积 / 质量 / 产能 weighting) can be compared by their movement.
 *
 * @example
 * ```ts
 * const svg = centrePathChart([
 *   { series: "面积加权", label: "2019", lon: 114, lat: 31 },
 *   { series: "面积加权", label: "2024", lon: 114.001, lat: 31 },
 * ]);
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { geodesicInverse } from "../geom/geodesic.ts";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

/** One centre: its series (weighting), its label (year) and position (CGCS2000 degrees). */
export interface CentrePathPoint {
  series: string;
  label: string;
  lon: number;
  lat: number;
}

/** A point placed on the chart: offsets from the origin in the chart's unit. */
export interface PlacedCentre extends CentrePathPoint {
  east: number;
  north: number;
}

/**
 * Offsets of every centre from the first point of its series, east and north, from the
 * geodesic distance and azimuth; the unit is 米 when every offset is under 1 km, else 千米.
 */
export function placeCentres(points: readonly CentrePathPoint[]): { unit: "米" | "千米"; placed: PlacedCentre[] } {
  const origins = new Map<string, CentrePathPoint>();
  for (const p of points) if (!origins.has(p.series)) origins.set(p.series, p);
  const metres = points.map((p) => {
    const o = origins.get(p.series)!;
    const r = geodesicInverse(o.lon, o.lat, p.lon, p.lat);
    const az = Number.isFinite(r.azimuth1Deg) ? (r.azimuth1Deg * Math.PI) / 180 : 0;
    return { p, e: r.distanceM * Math.sin(az), n: r.distanceM * Math.cos(az) };
  });
  const max = Math.max(0, ...metres.map((m) => Math.hypot(m.e, m.n)));
  const scale = max < 1000 ? 1 : 1000;
  return {
    unit: scale === 1 ? "米" : "千米",
    placed: metres.map(({ p, e, n }) => ({ ...p, east: e / scale, north: n / scale })),
  };
}

/** The chart as an SVG (or a figure with its legend) string. */
export function centrePathChart(
  points: readonly CentrePathPoint[],
  opts: { title?: string; subtitle?: string; caption?: string } = {},
): string {
  const { unit, placed } = placeCentres(points);
  const series = [...new Set(placed.map((p) => p.series))];
  const ends = series.map((s) => placed.filter((p) => p.series === s).at(-1)!).filter(Boolean);
  const span = Math.max(1e-9, ...placed.map((p) => Math.max(Math.abs(p.east), Math.abs(p.north))));
  const pad = span * 1.15;
  return renderPlot((document) =>
    Plot.plot({
      document,
      title: opts.title,
      subtitle: opts.subtitle,
      caption: opts.caption ?? `每条线以其首个重心（${placed[0]?.label ?? ""}）为原点；距离与方位在椭球面上计算。`,
      width: 560,
      height: 520,
      marginLeft: 60,
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      x: { label: `向东偏移（${unit}）`, labelAnchor: "center", domain: [-pad, pad], grid: true },
      y: { label: `向北偏移（${unit}）`, labelAnchor: "center", domain: [-pad, pad], grid: true },
      color: { legend: series.length > 1, domain: series, label: "加权方式" },
      marks: [
        Plot.ruleX([0], { stroke: "#bbb" }),
        Plot.ruleY([0], { stroke: "#bbb" }),
        Plot.line(placed, { x: "east", y: "north", stroke: "series", z: "series", marker: "arrow", strokeWidth: 1.5 }),
        Plot.dot(placed, { x: "east", y: "north", fill: "series", r: 3 }),
        Plot.text(ends, { x: "east", y: "north", text: "label", dy: -10, fill: "series" }),
        Plot.text(placed.slice(0, 1), { x: "east", y: "north", text: "label", dy: 14, fill: "#555" }),
      ],
    })
  );
}
