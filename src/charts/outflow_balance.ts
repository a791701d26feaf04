/**
 * 进出平衡 per county: what left farmland (转出) against what came back (转入/恢复), paired
 * horizontal bars in 亩 (万亩 when the largest value reaches 10 万亩), one band per county in the
 * caller's order. A county whose 转入 is less than its 转出 gets a red dashed box over the
 * missing part and a red "缺口 x 亩" at the right, and the caption counts them.
 *
 * Input rule (see `layout.ts`): an area that is not finite or is negative is not drawn; its
 * label reads 无效 and the caption names the county. A county named twice is an error.
 *
 * @example
 * ```ts
 * const svg = outflowBalanceChart([
 *   { county: "平川县", outMu: 1200, inMu: 900 },
 *   { county: "山阳县", outMu: 800, inMu: 950 },
 * ], { source: "2024 年度进出平衡台账" });
 * ```
 * @module
 */
import { renderChart } from "../chartkit/frame.ts";
import {
  AREA_WHY,
  assertUnique,
  type ChartOptions,
  formatIn,
  isArea,
  SAME_NAME_HINT,
  SetAside,
  sourceLine,
} from "../chartkit/layout.ts";
import { pairedPanel, type PairRow } from "../chartkit/paired.ts";
import { PAIR, WARN } from "../chartkit/palette.ts";

/** One county's out-flow and in-flow, in 亩. */
export interface OutflowBalanceRow {
  county: string;
  /** 转出: ordinary farmland turned to other agricultural or facility land, 亩. */
  outMu: number;
  /** 转入/恢复: land turned back into stable farmland, 亩. */
  inMu: number;
}

const WIDTH = 760;

/** The chart as a self-contained SVG string. */
export function outflowBalanceChart(rows: readonly OutflowBalanceRow[], opts: ChartOptions = {}): string {
  assertUnique(rows, (r) => r.county, "县", SAME_NAME_HINT);
  const bad = new SetAside();
  const pairs: PairRow[] = rows.map((r) => {
    if (!isArea(r.outMu)) bad.add("转出面积", AREA_WHY, r.county);
    if (!isArea(r.inMu)) bad.add("转入面积", AREA_WHY, r.county);
    return {
      name: r.county,
      first: isArea(r.outMu) ? r.outMu : null,
      second: isArea(r.inMu) ? r.inMu : null,
    };
  });
  const title = opts.title ?? "各县进出平衡：转出与转入（恢复）面积";
  return renderChart((document) => {
    if (!pairs.length) {
      return {
        width: WIDTH,
        title,
        subtitle: opts.subtitle,
        panels: [],
        captions: [sourceLine(opts.source, DEFAULT_SOURCE)],
      };
    }
    const p = pairedPanel(document, pairs, { firstLabel: "转出", secondLabel: "转入", width: WIDTH });
    const total = p.gaps.reduce((s, g) => s + g.gap, 0);
    const summary = p.gaps.length
      ? `${pairs.length} 个县中 ${p.gaps.length} 个县转入少于转出，缺口合计 ${
        formatIn(p.unit, total)
      } ${p.unit.label}（虚线框为缺口部分）。`
      : `${pairs.length} 个县转入均不少于转出。`;
    return {
      width: WIDTH,
      title,
      subtitle: opts.subtitle,
      legend: [
        { label: "转出", swatch: "box", fill: PAIR.first },
        { label: "转入（恢复）", swatch: "box", fill: PAIR.second, stroke: PAIR.secondStroke },
        { label: "缺口（转入少于转出）", swatch: "box", fill: "none", stroke: WARN, dash: "3,2" },
      ],
      panels: [{ node: p.node, x: 0, y: 0 }],
      captions: [summary, ...bad.notes(), sourceLine(opts.source, DEFAULT_SOURCE)],
    };
  });
}

const DEFAULT_SOURCE = "耕地进出平衡台账（本系统按两期调查与项目清单计算）";
