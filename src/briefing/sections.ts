/**
 * The eight sections of the briefing, in the order a reviewer reads (issue 11): 要点, 需关注的问题,
 * 进出平衡, 占补平衡, 耕地趋势, 全国背景, 与上期相比, 方法、参数与数据来源. Tables first
 * (`briefingTables`, what the XLSX holds too), then the sections that place tables and figures.
 *
 * @example
 * ```ts
 * const tables = briefingTables(view);
 * const sections = briefingSections(tables, { changes, method, … });
 * ```
 * @module
 */
import type { BSection, BFigure } from "./page.ts";
import type { BTable } from "./table.ts";
import type { BriefingView } from "./view.ts";
import { issuesTable, keyFiguresTable, targetsTable } from "./tables_summary.ts";
import {
  coverageTable,
  gradeTable,
  outflowStatusTable,
  outInTable,
  planBriefingTable,
  poolTable,
  restoreTable,
} from "./tables_balance.ts";
import { ecologyTable, exemptTable, flagsTable, redlineTable, tradesTable, zhanbuBalanceTable } from "./tables_zhanbu.ts";
import {
  abandonmentBriefingTable,
  driftBriefingTable,
  provincesBriefingTable,
  unstableBriefingTable,
} from "./tables_trends.ts";

/** Every table of the briefing by id, in reading order. */
export function briefingTables(v: BriefingView): BTable[] {
  return [
    keyFiguresTable(v),
    issuesTable(v),
    targetsTable(v),
    outInTable(v),
    outflowStatusTable(v),
    coverageTable(v),
    poolTable(v),
    gradeTable(v),
    planBriefingTable(v),
    restoreTable(v),
    zhanbuBalanceTable(v),
    redlineTable(v),
    ecologyTable(v),
    tradesTable(v),
    exemptTable(v),
    flagsTable(v),
    driftBriefingTable(v),
    abandonmentBriefingTable(v),
    unstableBriefingTable(v),
    provincesBriefingTable(v),
  ];
}

/** What the build adds: the comparison with the previous briefing and the method section. */
export interface SectionExtras {
  changes: BTable[];
  changesNote: string;
  method: BTable[];
  methodNotes: string[];
  figures: Record<"key" | "balance" | "zhanbu" | "trends" | "national", BFigure[]>;
}

/** The sections, from the tables (by id) and the figures. */
export function briefingSections(tables: readonly BTable[], x: SectionExtras): BSection[] {
  const t = (id: string) => {
    const found = tables.find((tb) => tb.id === id);
    if (!found) throw new Error(`internal: briefing table ${id} missing`);
    return { table: found };
  };
  const fig = (fs: BFigure[]) => fs.map((figure) => ({ figure }));
  const all = Object.values(x.figures).flat();
  /** The figure of this id, if it was drawn (a figure without data is left out, its table stays). */
  const g = (id: string) => all.filter((f) => f.id === id).map((figure) => ({ figure }));
  return [
    { id: "s-key", title: "一、要点", blocks: [t("t-key"), ...fig(x.figures.key), t("t-targets")] },
    { id: "s-issues", title: "二、需关注的问题", blocks: [t("t-issues")] },
    {
      id: "s-inout",
      title: "三、进出平衡",
      blocks: [
        { p: "一般耕地转为林地、草地、园地等其他农用地及农业设施建设用地的，由县级在年度内统筹补足同等数量、质量的可长期稳定利用耕地；县域内平衡为主，不足的在市域、省域内调剂（种子文件 004）。" },
        ...g("f-outin"),
        t("t-outin"),
        t("t-outstatus"),
        ...g("f-cover"),
        t("t-cover"),
        ...g("f-pool"),
        ...g("f-parcels"),
        t("t-pool"),
        ...g("f-grades"),
        t("t-grades"),
        t("t-plan"),
        t("t-restore"),
      ],
    },
    {
      id: "s-zhanbu",
      title: "四、占补平衡",
      blocks: [
        { p: "非农建设占用耕地，须补充数量、质量和产能相当的耕地，且不以破坏生态为代价。国家重点项目按规定豁免，单列展示，不计入问题（种子文件 000）。" },
        ...g("f-zhanbu"),
        t("t-zhanbu"),
        t("t-redline"),
        t("t-ecology"),
        t("t-trades"),
        t("t-exempt"),
        t("t-flags"),
      ],
    },
    {
      id: "s-trends",
      title: "五、耕地趋势",
      blocks: [...g("f-centre"), t("t-drift"), ...g("f-aband"), t("t-aband"), ...g("f-unstable"), t("t-unstable")],
    },
    {
      id: "s-national",
      title: "六、全国背景",
      blocks: [
        { p: "全国数字来自公开发布的第三次、第二次全国国土调查公报及各省新闻发布，每个数字的出处见 data/public/。未找到公报数字的省份不作推算。以下为图表与示意图，不是地图。" },
        ...fig(x.figures.national),
        t("t-provinces"),
      ],
    },
    {
      id: "s-changes",
      title: "七、与上期相比",
      blocks: [{ p: x.changesNote }, ...x.changes.map((table) => ({ table }))],
    },
    {
      id: "s-method",
      title: "八、方法、参数与数据来源",
      blocks: [...x.method.map((table) => ({ table })), { list: x.methodNotes }],
    },
  ];
}
