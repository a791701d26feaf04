CELLS = [
("markdown", """
# 02 区域趋势：耕地重心漂移、撂荒率、不稳定耕地

**示例数据**部分使用工作台自带的示例省（行政区代码 90 开头，名称均为虚构）；**公开数据**部分使用 `data/public/` 中逐项注明出处的三调、二调公报数字（未检索到的省份留空，不猜）。

步骤：示例省 2019—2024 年度图斑 → `surveyTrends`（载入、DuckDB 汇总、重心与漂移、撂荒、不稳定耕地）→ 表格、SQL 与图表 → 公开数据的分省占比、变化与全国重心迁移。
"""),
("code", """
import { ensureDemo } from "@/demo/generate.ts";
import { surveyTrends } from "@/trends/survey.ts";
import { surveyTrendCharts, publicTrendCharts } from "@/trends/charts.ts";
import { loadPublicData, checkProvinceSum } from "@/trends/public_data.ts";
import { publicTrends } from "@/trends/public_trends.ts";
import { geodesicInverse } from "@/geom/geodesic.ts";
import { REGION_TYPE_LABELS } from "@/trends/region_type.ts";
import { TERRAIN_LABELS } from "@/trends/abandonment.ts";
import { openEngine } from "@/db/engine.ts";
import { arrow } from "@/db/arrow.ts";
import { M2_PER_MU } from "@/units/area.ts";

const dataDir = "data/demo";
const { manifest } = await ensureDemo(dataDir);
`${manifest.province.name}（示例数据）：${manifest.counties.length} 个县，生成器 ${manifest.version}`
"""),
("markdown", """
## 示例省：各年度载入与汇总

每个年度的图斑都经过工作台的载入检查；按县、按年度的面积汇总在 DuckDB（duckdb-wasm）中用 SQL 计算。
"""),
("code", """
const t = await surveyTrends({ dir: dataDir, log: (m) => console.log(m) });
`年度 ${t.years.join("、")}；${t.counties.length} 个县；不稳定耕地图层：${t.layerNames.join("、") || "无"}`
"""),
("markdown", """
## 耕地重心漂移

全部数据（示例省）按面积、质量（16 − 等别）、产能三种加权的重心；每步距离与方位在 GRS80 椭球面上计算。
"""),
("code", """
const weightName = { area: "面积加权", quality: "质量加权", capacity: "产能加权" } as Record<string, string>;
const net = t.drift.filter((d) => d.level === "province" && d.kind === "net");
const rowsHtml = net.map((d) => `<tr><td>${weightName[d.weight]}</td><td>${d.from}→${d.to}</td><td style="text-align:right">${(d.distanceKm * 1000).toFixed(1)}</td><td style="text-align:right">${d.bearingDeg.toFixed(1)}</td><td>${d.direction}</td><td style="text-align:right">${(d.cumulativeKm * 1000).toFixed(1)}</td></tr>`).join("");
Deno.jupyter.html`<table><thead><tr><th>加权方式</th><th>年度</th><th>净迁移（米）</th><th>方位角（度）</th><th>方向</th><th>逐年路径累计（米）</th></tr></thead><tbody>${rowsHtml}</tbody></table>`
"""),
("code", """
const charts = surveyTrendCharts(t);
Deno.jupyter.html`${charts.centre_path}`
"""),
("code", """
// 核对：净迁移等于首末两年面积加权重心之间的椭球面距离。
const area = t.centres.filter((c) => c.level === "province" && c.weight === "area").sort((a, b) => a.year - b.year);
const g = geodesicInverse(area[0].lon, area[0].lat, area.at(-1)!.lon, area.at(-1)!.lat);
const netArea = net.find((d) => d.weight === "area")!;
if (Math.abs(g.distanceM / 1000 - netArea.distanceKm) > 1e-9) throw new Error(`净迁移不一致：${g.distanceM} 米 vs ${netArea.distanceKm} 千米`);
`面积加权重心 ${area[0].year}→${area.at(-1)!.year}：${g.distanceM.toFixed(1)} 米，方位 ${g.azimuth1Deg.toFixed(1)}°`
"""),
("markdown", """
## 撂荒率（高于 20% 标记）

撂荒耕地（ZZSXDM = WG）÷ 耕地面积（TBDLMJ）。下面把最后一年的结果经 Arrow 写入 DuckDB，按地区类型和地形用 SQL 再汇总一次。
"""),
("code", """
const last = Math.max(...t.years);
const ab = t.abandonment.filter((r) => r.year === last);
const db = await openEngine({ kind: "wasm" });
await db.insertArrow("abandonment", arrow.tableFromArrays({
  county: ab.map((r) => r.county),
  name: ab.map((r) => r.name),
  region_type: ab.map((r) => REGION_TYPE_LABELS[r.regionType]),
  terrain: ab.map((r) => (r.terrain ? TERRAIN_LABELS[r.terrain] : "未定")),
  farmland_m2: Float64Array.from(ab.map((r) => r.farmlandM2)),
  abandoned_m2: Float64Array.from(ab.map((r) => r.abandonedM2)),
}));
const byType = await db.rows(`
  SELECT region_type, terrain, count(*)::INTEGER AS counties,
         round(sum(farmland_m2) / $1, 2) AS farmland_mu,
         round(sum(abandoned_m2) / $1, 2) AS abandoned_mu,
         round(100 * sum(abandoned_m2) / sum(farmland_m2), 2) AS rate_pct
  FROM abandonment GROUP BY region_type, terrain ORDER BY region_type, terrain`, [M2_PER_MU]);
await db.close();
Deno.jupyter.html`<table><thead><tr><th>地区类型</th><th>地形</th><th>县数（个）</th><th>耕地（亩）</th><th>撂荒耕地（亩）</th><th>撂荒率（%）</th></tr></thead><tbody>${
  byType.map((r) => `<tr><td>${r.region_type}</td><td>${r.terrain}</td><td style="text-align:right">${r.counties}</td><td style="text-align:right">${r.farmland_mu}</td><td style="text-align:right">${r.abandoned_mu}</td><td style="text-align:right">${r.rate_pct}</td></tr>`).join("")
}</tbody></table>`
"""),
("code", """
// 核对：SQL 汇总与逐县结果相加一致；高于警戒线的县列出。
const sqlTotal = byType.reduce((s, r) => s + Number(r.abandoned_mu), 0);
const direct = ab.reduce((s, r) => s + r.abandonedM2, 0) / M2_PER_MU;
if (Math.abs(sqlTotal - direct) > 0.01 * byType.length) throw new Error(`SQL 与逐县相加不一致：${sqlTotal} vs ${direct}`);
Deno.jupyter.html`${charts.abandonment}<p>${last} 年撂荒率高于 20% 的县：${ab.filter((r) => r.flagged).map((r) => `${r.name}（${(r.rate * 100).toFixed(2)}%）`).join("、") || "无"}</p>`
"""),
("markdown", """
## 不稳定耕地

图斑细化标注（TBXHDM）、坡度级别 5、河湖管理范围等图层，各来源分列，合计取并集（不重复计算）。
"""),
("code", """
const u = t.unstable.find((r) => r.level === "province" && r.year === last)!;
`${last} 年示例省耕地 ${(u.farmlandM2 / M2_PER_MU).toFixed(2)} 亩，不稳定耕地（并集）${(u.unionM2 / M2_PER_MU).toFixed(2)} 亩，占 ${(u.unionShare * 100).toFixed(2)}%`
"""),
("markdown", """
## 公开数据：三调（2019）与二调（2009）

每个数字都来自 `data/public/` 中注明的公报或报道；未检索到的省份留空。两次调查口径不同，变化中有一部分来自口径与技术变化。
"""),
("code", """
const pub = await loadPublicData("data/public");
const pt = publicTrends(pub);
const sum = checkProvinceSum(pub.sandiao);
const pcharts = publicTrendCharts(pt);
Deno.jupyter.html`<p>全国三调耕地 ${(pt.national2019M2 / M2_PER_MU / 1e4).toFixed(2)} 万亩；有公报数字的省份 ${sum.provincesWithFigure}/31 个，合计占全国 ${(100 * sum.sumM2 / sum.nationalM2).toFixed(2)}%。</p>${pcharts.provinces_2019}`
"""),
("code", """
const shiftHtml = pt.shifts.map((s) => `<li>${s.provinces} 个两次调查均有数的省份（${s.provinceNames.join("、")}；覆盖三调耕地 ${(s.coverage2019 * 100).toFixed(2)}%）：${s.distanceKm.toFixed(1)} 千米，方位 ${s.bearingDeg.toFixed(1)}°（${s.direction}）</li>`).join("");
Deno.jupyter.html`<ul>${shiftHtml}</ul>${pcharts.national_shift ?? ""}<p>${pt.notes[0]}</p>`
"""),
]
