/**
 * From facts to the finished files, with no I/O: the view (narrowed to the region), the tables,
 * the comparison with the previous briefing, the figures, the page and the workbook. The build
 * caches the facts; this is what runs on every rebuild, and what the benchmark times.
 *
 * @example
 * ```ts
 * const { html, xlsx } = renderBriefing(facts, { method, command: "deno task cli report …" });
 * ```
 * @module
 */
import { encodeXlsx } from "../io/xlsx_write.ts";
import { SAMPLE_BANNER } from "../html/page.ts";
import type { BriefingFacts } from "./facts.ts";
import { briefingView, type BriefingView } from "./view.ts";
import { briefingSections, briefingTables } from "./sections.ts";
import { briefingPage } from "./page.ts";
import {
  balanceFigures,
  nationalFigures,
  parcelFigures,
  targetFigures,
  trendFigures,
  zhanbuFigures,
} from "./charts.ts";
import { changeTables, type PreviousBriefing } from "./changes.ts";
import type { BTable } from "./table.ts";

/** What {@link renderBriefing} needs besides the facts. */
export interface RenderOptions {
  region?: string;
  previous: PreviousBriefing | null;
  method: { tables: BTable[]; notes: string[] };
  command: string;
  withParcels: boolean;
}

/** The rendered briefing. */
export interface RenderedBriefing {
  view: BriefingView;
  /** The briefing's own tables (what tables.json keeps for the next comparison). */
  tables: BTable[];
  html: string;
  xlsx: Uint8Array;
}

/** Renders the briefing of `facts`. */
export function renderBriefing(facts: BriefingFacts, o: RenderOptions): RenderedBriefing {
  const view = briefingView(facts, o.region);
  const tables = briefingTables(view);
  const changes = changeTables(tables, o.previous);
  const sections = briefingSections([...tables, ...changes.tables, ...o.method.tables], {
    changes: changes.tables,
    changesNote: changes.note,
    method: o.method.tables,
    methodNotes: o.method.notes,
    figures: {
      key: targetFigures(view),
      balance: [...balanceFigures(view), ...(o.withParcels ? parcelFigures(view) : [])],
      zhanbu: zhanbuFigures(view),
      trends: trendFigures(view),
      national: nationalFigures(view),
    },
  });
  const html = briefingPage({
    title: `${view.regionName}耕地平衡简报（${facts.year} 年）`,
    subtitle: `进出平衡、占补平衡与耕地趋势｜数据截至 ${facts.year} 年度变更调查`,
    banner: facts.demo ? SAMPLE_BANNER : undefined,
    restricted: o.withParcels,
    facts: [
      `区域：${view.regionName}（${view.region}），${view.counties.length} 个县级单位`,
      `年度：${facts.year} 年；上年：${facts.previousYear ?? "无"}`,
      "面积单位：亩（1 亩 = 10000/15 平方米）；等别：1 等最好，15 等最差",
      `重建命令：${o.command}`,
    ],
    sections,
  });
  const xlsx = encodeXlsx(
    [...tables, ...changes.tables, ...o.method.tables].map((t) => ({
      name: t.sheet,
      columns: t.columns.map((c) => ({ key: c.key, header: c.header })),
      rows: t.rows,
    })),
    "简报 XLSX",
  );
  return { view, tables, html, xlsx };
}
