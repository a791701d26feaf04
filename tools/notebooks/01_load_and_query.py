CELLS = [
("markdown", """
# 01 载入示例省图斑并用 SQL 查询

**示例数据**：本笔记本使用工作台自带的示例省（行政区代码 90 开头，名称均为虚构）。

步骤：生成（或沿用）示例数据 → 载入各县 2024 年地类图斑（Shapefile，GBK 编码 DBF）→ 经 Apache Arrow 写入 DuckDB → SQL 查询各县各地类耕地面积（亩）→ 表格与 Observable Plot 图表。
"""),
("code", """
import { ensureDemo } from "@/demo/generate.ts";
import { demoParcelFiles, demoNamer } from "@/report/demo_summary.ts";
import { loadParcels } from "@/ingest/load.ts";
import { formatReport } from "@/ingest/report.ts";
import { parcelsToArrow } from "@/ingest/parcel_table.ts";
import { openEngine } from "@/db/engine.ts";
import { M2_PER_MU } from "@/units/area.ts";
import { farmlandByCountyChart } from "@/charts/farmland_by_county.ts";

const dataDir = "data/demo";
// 已有同一种子、同一生成器版本的示例数据就沿用，否则生成（约数十秒）。
const { manifest } = await ensureDemo(dataDir);
`${manifest.province.name}（示例数据）：${manifest.counties.length} 个县，生成器 ${manifest.version}，种子 ${manifest.seed}`
"""),
("markdown", """
## 载入与检查

每个文件都经过字段映射、编码识别、坐标系识别与逐条检查；问题按文件、记录号、BSM、字段、取值列出，不丢弃任何记录。
"""),
("code", """
const files = await demoParcelFiles(dataDir, 2024);
const { table, report } = await loadParcels(files, { progress: false });
console.log(formatReport(report));
"""),
("markdown", """
## 写入 DuckDB（duckdb-wasm，经 Arrow）并查询

几何保留在 TypeScript 一侧（平面坐标的扁平数组）；DuckDB 中是属性、平面面积、外包框与质心，`row_id` 与几何一一对应。
"""),
("code", """
const db = await openEngine({ kind: "wasm" });
await db.insertArrow("dltb", parcelsToArrow(table));
const byClass = await db.query(`
  SELECT county, class4,
         count(*)::INTEGER AS parcels,
         round(sum(TBDLMJ) / $1, 2) AS area_mu
  FROM dltb WHERE is_farmland
  GROUP BY county, class4 ORDER BY county, class4`, [M2_PER_MU]);
`Arrow 结果：${byClass.numRows} 行，列 ${byClass.schema.fields.map((f) => f.name).join(", ")}`
"""),
("code", """
const namer = await demoNamer(dataDir);
const className = { "0101": "水田", "0102": "水浇地", "0103": "旱地" } as Record<string, string>;
const rows = byClass.toArray().map((r) => r.toJSON());
const html = `<table><thead><tr><th>县级代码</th><th>县名（示例）</th><th>地类</th><th>图斑数（个）</th><th>耕地面积（亩）</th></tr></thead><tbody>` +
  rows.map((r) => `<tr><td>${r.county}</td><td>${namer.name(r.county) ?? ""}</td><td>${className[r.class4] ?? r.class4}</td><td style="text-align:right">${r.parcels}</td><td style="text-align:right">${Number(r.area_mu).toLocaleString("zh-CN", { minimumFractionDigits: 2 })}</td></tr>`).join("") +
  `</tbody></table>`;
Deno.jupyter.html`${html}`
"""),
("code", """
const svg = farmlandByCountyChart(rows.map((r) => ({ county_name: namer.name(r.county) ?? r.county, class4: r.class4, area_mu: Number(r.area_mu) })),
  { title: "各县耕地面积（亩，示例数据）" });
Deno.jupyter.html`${svg}`
"""),
("code", """
// 核对：SQL 汇总与载入表逐行相加一致（亩）。
let direct = 0;
for (let i = 0; i < table.length; i++) if (table.isFarmland[i]) direct += table.num.TBDLMJ[i];
const viaSql = rows.reduce((s, r) => s + Number(r.area_mu), 0);
if (Math.abs(direct / M2_PER_MU - viaSql) > 0.01 * rows.length) throw new Error(`SQL 与直接求和不一致：${direct / M2_PER_MU} vs ${viaSql}`);
await db.close();
`耕地合计 ${(direct / M2_PER_MU).toFixed(2)} 亩（TBDLMJ），SQL 汇总 ${viaSql.toFixed(2)} 亩`
"""),
]
