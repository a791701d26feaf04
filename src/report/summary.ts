/**
 * The first summary report of a loaded survey: farmland per county (亩 and 公顷, by class),
 * one chart, the load report, and the inputs' fingerprints and parameters that make it
 * reproducible. Built from tables already computed; no I/O here.
 *
 * @example
 * ```ts
 * const html = summaryReport({ title: "示例省 耕地数据载入汇总", counties, chartSvg, report, inputs, params, sample: true });
 * ```
 */
import { esc, page, para, SAMPLE_BANNER, section, table } from "../html/page.ts";
import type { CountyFarmland } from "../ingest/summary.ts";
import { type LoadReport, PROBLEM_LABELS, type ProblemCode, SEVERITY_LABELS } from "../ingest/report.ts";
import { formatNumber, M2_PER_HA } from "../units/area.ts";
import { ADMIN_HEADERS, withUnit } from "../table/mod.ts";

/**
 * Labels of the per-county farmland columns (units are added where used), shared by this page
 * and farmland_by_county.csv/xlsx.
 *
 * @example
 * ```ts
 * withUnit(COUNTY_FARMLAND_LABELS.paddy, "亩"); // "水田（亩）"
 * ```
 */
export const COUNTY_FARMLAND_LABELS = Object.freeze({
  parcels: "图斑数",
  farmlandParcels: "耕地图斑数",
  farmland: "耕地面积",
  paddy: "水田",
  irrigated: "水浇地",
  dry: "旱地",
});

/** Everything the summary shows. */
export interface SummaryInput {
  title: string;
  counties: (CountyFarmland & { name: string | null })[];
  chartSvg: string;
  report: LoadReport;
  inputs: { path: string; sha256: string }[];
  params: Record<string, string | number>;
  /** Marks every page as 示例数据 (demo data). */
  sample: boolean;
  generatedAt: string;
}

/** The report as one self-contained HTML page. */
export function summaryReport(s: SummaryInput): string {
  const total = s.counties.reduce(
    (a, r) => ({
      ...a,
      parcels: a.parcels + r.parcels,
      farmland_parcels: a.farmland_parcels + r.farmland_parcels,
      farmland_m2: a.farmland_m2 + r.farmland_m2,
      farmland_mu: a.farmland_mu + r.farmland_mu,
      paddy_mu: a.paddy_mu + r.paddy_mu,
      irrigated_mu: a.irrigated_mu + r.irrigated_mu,
      dry_mu: a.dry_mu + r.dry_mu,
    }),
    { county: "合计", name: "", parcels: 0, farmland_parcels: 0, farmland_tbmj_m2: 0, farmland_m2: 0, farmland_mu: 0, paddy_mu: 0, irrigated_mu: 0, dry_mu: 0 },
  );
  type Row = typeof total;
  const mu = (v: number) => formatNumber(v, 2);
  const L = COUNTY_FARMLAND_LABELS;
  const countyTable = table<Row>([
    { header: ADMIN_HEADERS.county.code, value: (r) => r.county },
    { header: ADMIN_HEADERS.county.name, value: (r) => r.name ?? "（未命名）" },
    { header: withUnit(L.parcels, "个"), value: (r) => r.parcels.toLocaleString("zh-CN"), align: "right" },
    { header: withUnit(L.farmlandParcels, "个"), value: (r) => r.farmland_parcels.toLocaleString("zh-CN"), align: "right" },
    { header: withUnit(L.farmland, "亩"), value: (r) => mu(r.farmland_mu), align: "right" },
    { header: withUnit(L.farmland, "公顷"), value: (r) => formatNumber(r.farmland_m2 / M2_PER_HA, 2), align: "right" },
    { header: withUnit(L.paddy, "亩"), value: (r) => mu(r.paddy_mu), align: "right" },
    { header: withUnit(L.irrigated, "亩"), value: (r) => mu(r.irrigated_mu), align: "right" },
    { header: withUnit(L.dry, "亩"), value: (r) => mu(r.dry_mu), align: "right" },
  ], s.counties as Row[], { caption: "各县耕地（面积为图斑地类面积 TBDLMJ，已扣除田坎等）", footer: [total] });

  const codes = Object.keys(s.report.counts) as ProblemCode[];
  const problems = codes.length === 0 ? para("载入检查未发现问题。") : table<ProblemCode>([
    { header: "问题类型", value: (c) => PROBLEM_LABELS[c].label },
    { header: "级别", value: (c) => SEVERITY_LABELS[PROBLEM_LABELS[c].severity] },
    { header: "数量（处）", value: (c) => s.report.counts[c] ?? 0 },
    { header: "首例", value: (c) => s.report.problems.find((p) => p.code === c)?.message ?? "" },
  ], codes);

  const files = table([
    { header: "文件", value: (f: LoadReport["files"][number]) => f.path },
    { header: "格式", value: (f) => f.format },
    { header: "记录数", value: (f) => f.rows },
    { header: "编码", value: (f) => f.encoding?.toUpperCase() ?? "—" },
    { header: "坐标系", value: (f) => f.crs ?? "—" },
    { header: "说明", value: (f) => [f.reprojected ? `已重投影 ${f.reprojected}` : "", ...f.notes].filter(Boolean).join("；") || "—" },
  ], s.report.files);

  const params = table([
    { header: "参数", value: (r: [string, string | number]) => r[0] },
    { header: "取值", value: (r) => String(r[1]) },
  ], Object.entries(s.params));
  const inputs = `<table><thead><tr><th>输入文件</th><th>SHA-256</th></tr></thead><tbody>${
    s.inputs.map((i) => `<tr><td>${esc(i.path)}</td><td class="mono">${esc(i.sha256)}</td></tr>`).join("")
  }</tbody></table>`;

  return page({
    title: s.title,
    subtitle: `生成时间 ${s.generatedAt}｜面积单位：亩（1 亩 = 10000/15 平方米）、公顷`,
    banner: s.sample ? SAMPLE_BANNER : undefined,
    sections: [
      section("一、各县耕地", `${
        para(`共 ${s.counties.length} 个县级单位，图斑 ${total.parcels.toLocaleString("zh-CN")} 个，耕地 ${mu(total.farmland_mu)} 亩（${formatNumber(total.farmland_m2 / M2_PER_HA, 2)} 公顷）。`)
      }${countyTable}<figure>${s.chartSvg}<figcaption class="meta">图 1　各县耕地面积（亩），按地类分。</figcaption></figure>`, "counties"),
      section("二、数据载入检查", `${problems}${files}`, "load"),
      section("三、方法与可重复性", `${para("本报告由命令行按固定参数生成；同一输入（见下方指纹）与参数得到同一结果。")}${params}${inputs}`, "method"),
    ],
  });
}
