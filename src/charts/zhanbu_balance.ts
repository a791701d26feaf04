/**
 * 占补平衡 per county. Left panel, quantity: occupied (建设占用) against supplemented (补充) area,
 * paired bars like the 进出平衡 chart, with "缺口 x 亩" where less was supplemented (占多补少).
 * Right panel, quality: the area-weighted mean grade (平均等别; 1 best, 15 worst) of each, the
 * occupied one as a dark dot on the upper line and the supplemented one as a light dot on the
 * lower line of the same county; a supplement of worse grade (占优补劣) is joined to the occupied
 * grade by a red segment and marked "降 x 等". A missing grade reads 未评定 and no parity is claimed.
 *
 * Input rule (see `layout.ts`): an area that is not finite or negative is not drawn (its label
 * reads 无效); a grade that is not finite or outside 1–15 is shown as 未评定; the caption names
 * the county either way. A county named twice is an error.
 *
 * @example
 * ```ts
 * const svg = zhanbuBalanceChart([
 *   { county: "平川县", occupiedMu: 500, supplementedMu: 420, occupiedGrade: 5.2, supplementedGrade: 7.9 },
 * ]);
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { headingLines, type LegendItem, plotPanel, renderChart } from "../chartkit/frame.ts";
import {
  AREA_WHY,
  assertUnique,
  type ChartOptions,
  FONT_PX,
  formatIn,
  GRADE_WHY,
  isArea,
  isGrade,
  maxTextWidth,
  PAIR_ROW_PX,
  roundTo,
  SAME_NAME_HINT,
  SetAside,
  SMALL_FONT_PX,
  sourceLine,
} from "../chartkit/layout.ts";
import { bandMargins, xAxes, zebra } from "../chartkit/band.ts";
import { pairedPanel, type PairRow } from "../chartkit/paired.ts";
import { PAIR, WARN } from "../chartkit/palette.ts";
import { CHART_FONT } from "../chartkit/render.ts";
import { formatNumber } from "../units/area.ts";

/** One county's occupation and supplement: areas in 亩, area-weighted mean grades (等) or null. */
export interface ZhanbuBalanceRow {
  county: string;
  occupiedMu: number;
  supplementedMu: number;
  /** Area-weighted mean 耕地等别 of the occupied farmland (1 best … 15 worst); null if ungraded. */
  occupiedGrade: number | null;
  /** Area-weighted mean 耕地等别 of the supplemented farmland; null if ungraded (未评定). */
  supplementedGrade: number | null;
}

/** Options: `quality: false` leaves out the grade panel (default: drawn when any grade is given). */
export interface ZhanbuBalanceOptions extends ChartOptions {
  quality?: boolean;
}

const AREA_PLOT_WIDTH = 300;
const GRADE_WIDTH = 300;
const DEFAULT_SOURCE = "占补平衡核查记录（建设占用与补充耕地台账，本系统核算）";

/** The chart as a self-contained SVG string. */
export function zhanbuBalanceChart(
  rows: readonly ZhanbuBalanceRow[],
  opts: ZhanbuBalanceOptions = {},
): string {
  assertUnique(rows, (r) => r.county, "县", SAME_NAME_HINT);
  const bad = new SetAside();
  const pairs: PairRow[] = rows.map((r) => {
    if (!isArea(r.occupiedMu)) bad.add("占用面积", AREA_WHY, r.county);
    if (!isArea(r.supplementedMu)) bad.add("补充面积", AREA_WHY, r.county);
    return {
      name: r.county,
      first: isArea(r.occupiedMu) ? r.occupiedMu : null,
      second: isArea(r.supplementedMu) ? r.supplementedMu : null,
    };
  });
  const grades: GradeRow[] = rows.map((r) => {
    for (
      const [what, g] of [["占用耕地平均等别", r.occupiedGrade], [
        "补充耕地平均等别",
        r.supplementedGrade,
      ]] as const
    ) {
      if (g !== null && !isGrade(g)) bad.add(what, GRADE_WHY, r.county, "按未评定显示");
    }
    return {
      name: r.county,
      occ: isGrade(r.occupiedGrade) ? r.occupiedGrade : null,
      sup: isGrade(r.supplementedGrade) ? r.supplementedGrade : null,
    };
  });
  const quality = opts.quality ?? rows.some((r) => r.occupiedGrade !== null || r.supplementedGrade !== null);
  const title = opts.title ?? "各县占补平衡：数量与质量";
  return renderChart((document) => {
    if (!pairs.length) {
      return {
        width: 760,
        title,
        subtitle: opts.subtitle,
        panels: [],
        captions: [sourceLine(opts.source, DEFAULT_SOURCE)],
      };
    }
    const area = pairedPanel(document, pairs, {
      firstLabel: "占用",
      secondLabel: "补充",
      plotWidth: AREA_PLOT_WIDTH,
    });
    const head1 = headingLines("数量：占用与补充面积", area.marginLeft, 0, area.width - area.marginLeft, {
      weight: "bold",
    });
    const panels = [{ node: area.node, x: 0, y: head1.height + 4 }];
    const texts = [...head1.texts];
    const total = area.gaps.reduce((s, g) => s + g.gap, 0);
    const captions = [
      area.gaps.length
        ? `${pairs.length} 个县中 ${area.gaps.length} 个县补充少于占用（占多补少），缺口合计 ${
          formatIn(area.unit, total)
        } ${area.unit.label}。`
        : `${pairs.length} 个县补充面积均不少于占用面积。`,
    ];
    const legend: LegendItem[] = [
      { label: "建设占用", swatch: "box", fill: PAIR.first },
      { label: "补充耕地", swatch: "box", fill: PAIR.second, stroke: PAIR.secondStroke },
      { label: "缺口（补充少于占用）", swatch: "box", fill: "none", stroke: WARN, dash: "3,2" },
    ];
    if (quality) {
      const g = gradePanel(document, grades);
      const head2 = headingLines("质量：面积加权平均等别", area.width + 10, 0, GRADE_WIDTH - 20, {
        weight: "bold",
      });
      texts.push(...head2.texts);
      panels.push({ node: g.node, x: area.width, y: head1.height + 4 });
      const ungraded = grades.filter((r) => r.occ === null || r.sup === null).length;
      captions.push(
        `等别 1 等最好、15 等最差；${g.worse.length} 个县补充耕地平均等别劣于占用耕地（占优补劣，两点间连线为劣化幅度）` +
          (ungraded ? `；${ungraded} 个县有未评定的一方，不作质量比较。` : "。"),
      );
      legend.push(
        { label: "占用平均等别", swatch: "dot", fill: PAIR.first },
        { label: "补充平均等别", swatch: "dot", fill: PAIR.second, stroke: PAIR.secondStroke },
      );
    }
    return {
      width: area.width + (quality ? GRADE_WIDTH : 0),
      title,
      subtitle: opts.subtitle,
      legend,
      panels,
      texts,
      captions: [...captions, ...bad.notes(), sourceLine(opts.source, DEFAULT_SOURCE)],
    };
  });
}

interface GradeRow {
  name: string;
  occ: number | null;
  sup: number | null;
}

/** Grade dumbbells on the same bands as the paired panel; returns the counties of worse supplement. */
// deno-lint-ignore no-explicit-any
function gradePanel(document: any, rows: readonly GradeRow[]): { node: any; worse: GradeRow[] } {
  const m = bandMargins(rows.length);
  const off = (PAIR_ROW_PX - 8) / 4; // centre of each 13-px line from the band centre
  const show = (g: number) => formatNumber(g, 1);
  const worse = rows.filter((r) => r.occ !== null && r.sup !== null && roundTo(r.sup - r.occ, 1) > 0);
  const noteText = (r: GradeRow) => `降 ${show(r.sup! - r.occ!)} 等`;
  const notes = [...worse.map(noteText), "降 14 等"];
  const marginRight = Math.ceil(maxTextWidth(notes, FONT_PX) * 1.1 + 30);
  const label = (g: number | null) => (g === null ? "未评定" : show(g));
  const dots = (key: "occ" | "sup") => rows.filter((r) => r[key] !== null);
  const missing = (key: "occ" | "sup") => rows.filter((r) => r[key] === null);
  const gradeTicks = [1, 3, 5, 7, 9, 11, 13, 15];
  const node = plotPanel(document, {
    width: GRADE_WIDTH,
    height: m.top + m.bottom + Math.max(1, rows.length) * PAIR_ROW_PX,
    marginLeft: 14,
    marginRight,
    marginTop: m.top,
    marginBottom: m.bottom,
    style: { fontFamily: CHART_FONT },
    x: { domain: [1, 15] },
    y: { type: "band", domain: rows.map((r) => r.name), padding: 0, axis: null },
    marks: [
      zebra(rows.map((r) => r.name)),
      Plot.gridX({ ticks: gradeTicks, stroke: "#000", strokeOpacity: 0.12 }),
      ...xAxes("平均等别（等，越小越好）", m.topAxis, {
        ticks: gradeTicks,
        tickFormat: (d: number) => String(d),
      }),
      Plot.ruleY(worse, { y: "name", x1: "occ", x2: "sup", dy: off, stroke: WARN, strokeWidth: 2.5 }),
      Plot.dot(dots("occ"), { y: "name", x: "occ", dy: -off, r: 4.5, fill: PAIR.first }),
      Plot.dot(dots("sup"), {
        y: "name",
        x: "sup",
        dy: off,
        r: 4.5,
        fill: PAIR.second,
        stroke: PAIR.secondStroke,
      }),
      Plot.text(dots("occ"), {
        y: "name",
        x: "occ",
        dy: -off,
        dx: 8,
        text: (r: GradeRow) => label(r.occ),
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
      }),
      Plot.text(dots("sup"), {
        y: "name",
        x: "sup",
        dy: off,
        dx: 8,
        text: (r: GradeRow) => label(r.sup),
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
      }),
      Plot.text(missing("occ"), {
        y: "name",
        frameAnchor: "left",
        dy: -off,
        dx: 2,
        text: () => "占用：未评定",
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
        fill: "#555",
      }),
      Plot.text(missing("sup"), {
        y: "name",
        frameAnchor: "left",
        dy: off,
        dx: 2,
        text: () => "补充：未评定",
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
        fill: "#555",
      }),
      Plot.text(worse, {
        y: "name",
        frameAnchor: "right",
        dx: marginRight - 6,
        text: noteText,
        textAnchor: "end",
        fill: WARN,
        fontWeight: "bold",
        fontSize: FONT_PX,
      }),
    ],
  });
  return { node, worse };
}
