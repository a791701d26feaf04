// Every committed notebook runs headless on Deno's Jupyter kernel through Jupyter's own
// executor (nbclient) and fails on any cell error. Every notebook also has its results checked.
import { assert } from "../_assert.ts";
import { assertNotebookOk, REPO_ROOT, runNotebook } from "../_harness/notebook.ts";

const notebooks = [...Deno.readDirSync(`${REPO_ROOT}/notebooks`)]
  .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
  .map((e) => e.name)
  .sort();

Deno.test("there is at least the first notebook", () => {
  assert(notebooks.includes("01_load_and_query.ipynb"), notebooks.join(", "));
});

for (const name of notebooks) {
  Deno.test({
    name: `notebook ${name} executes without a cell error`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const r = await runNotebook(`${REPO_ROOT}/notebooks/${name}`, { timeoutSec: 300 });
      assertNotebookOk(r);
      if (name === "01_load_and_query.ipynb") {
        const all = r.outputs.map((c) => c.text + JSON.stringify(c.outputs)).join("\n");
        // The SQL ran through Arrow, the table and the Plot chart were displayed, and the check cell passed.
        assert(all.includes("Arrow 结果"), "Arrow result line");
        assert(all.includes("耕地面积（亩）") && all.includes("<table>"), "HTML table");
        assert(all.includes("<svg") || all.includes("svg"), "chart");
        assert(/耕地合计 [\d.]+ 亩/.test(all), "check cell");
      }
      if (name === "02_trends.ipynb") {
        const all = r.outputs.map((c) => c.text + JSON.stringify(c.outputs)).join("\n");
        // The trends ran, the SQL regrouping matched the county rows, both check cells passed.
        assert(/面积加权重心 2019→2024：[\d.]+ 米/.test(all), "drift check cell");
        assert(all.includes("撂荒率（%）") && all.includes("高岩县"), "abandonment table and chart");
        assert(/不稳定耕地（并集）[\d.]+ 亩/.test(all), "unstable farmland");
        assert(/有公报数字的省份 \d+\/31 个/.test(all) && all.includes("千米"), "public figures and shift");
      }
      if (name === "03_screening.ipynb") {
        const all = r.outputs.map((c) => c.text + JSON.stringify(c.outputs)).join("\n");
        // The parameters cell is tagged, the ledger and class tables were displayed, the balance check passed,
        // the parcel map is marked 内部资料, the township summary was shown.
        assert(r.outputs[0].source.includes("thresholdMu"), "parameters cell first");
        assert(all.includes("扣除台账") && all.includes("合计（并集，每处只计一次）") && all.includes("<table"), "ledger table");
        assert(all.includes("集中连片潜力图斑I型") && all.includes("重点核实"), "class table");
        assert(/面积平衡：候选 [\d.]+ = 保留 [\d.]+ \+ 扣除 [\d.]+ \+ 舍去 [\d.]+ 平方米/.test(all), "check cell");
        assert(all.includes("<svg") && all.includes("内部资料") && all.includes("潜力图斑分布"), "parcel map");
        assert(all.includes("各乡镇潜力图斑（亩）") && all.includes("城关镇"), "township summary");
      }
      if (name === "04_field_verification.ipynb") {
        const all = r.outputs.map((c) => c.text + JSON.stringify(c.outputs)).join("\n");
        // Packages were written per township, the returns were read, the conservation check passed,
        // the problem lists and the per-township grading were shown.
        assert(r.outputs[0].source.includes("maxPhotoDistanceM"), "parameters cell first");
        assert(/核实任务包：\d+ 个乡镇，\d+ 个部件（写入 reports\/nb-verify\/900101）/.test(all), "packages table");
        assert(/field_returns\.xlsx：\d+ 行/.test(all), "returns read");
        assert(/守恒：评价 \d+ \+ 回传不完整 \d+ \+ 未回传 \d+ = \d+ 个部件/.test(all), "check cell");
        assert(all.includes("回传不完整（") && all.includes("合格照片不足") && all.includes("未回传（"), "problem lists");
        assert(all.includes("平川县外业核实评价：按乡镇") && all.includes("可以恢复（亩）") && all.includes("合计"), "grading per township");
      }
      if (name === "05_balance_and_audit.ipynb") {
        const all = r.outputs.map((c) => c.text + JSON.stringify(c.outputs)).join("\n");
        // The ledger with exemptions and 整改恢复, the pool, the comparison, the plan, the 占补 flags with
        // evidence, the red lines, both charts and the three checks.
        assert(/转出台账守恒：\d+ 条，[\d.]+ 亩 = 纳入进出平衡 \d+ 条/.test(all), "ledger check");
        assert(all.includes("可豁免情形（") && all.includes("豁免类型") && all.includes("整改恢复清单（"), "exempt and restoration lists");
        assert(/潜力池：\d+ 块/.test(all), "pool");
        assert(all.includes("优化与规则顺序比较") && /合计：优化覆盖 [\d.]+ 亩、成本 [\d.]+ 万元；规则顺序覆盖/.test(all), "optimiser vs greedy and its check");
        assert(all.includes("转出的平衡层级") && all.includes("<svg"), "coverage chart");
        assert(all.includes("年度进出平衡总体方案"), "annual plan");
        assert(all.includes("问题线索（") && all.includes("依据（数值与阈值）") && all.includes("红线判定（"), "flags and red lines");
        assert(all.includes("各县占补平衡：占用与补充"), "zhanbu chart");
        assert(/占用面积核对：县年度平衡 [\d.]+ 亩 = 占用项目（不含国家重点项目）[\d.]+ 亩/.test(all), "audit check");
      }
      if (name === "06_briefing.ipynb") {
        const all = r.outputs.map((c) => c.text + JSON.stringify(c.outputs)).join("\n");
        // The briefing was built without PDF, both tables were read back from tables.json and shown,
        // a chart was previewed and the farmland check passed.
        assert(all.includes("reports/nb-briefing/briefing.html") && all.includes("reports/nb-briefing/briefing.xlsx"), "files written");
        assert(all.includes("t-key") && all.includes("要点：示例省 2024 年") && all.includes("<table"), "key figures table");
        assert(all.includes("t-issues") && all.includes("需关注的问题"), "issues table");
        assert(all.includes("<figure") && all.includes("<svg"), "chart preview");
        assert(/耕地面积核对：要点 [\d.]+ 亩 = \d+ 个县之和 [\d.]+ 亩/.test(all), "check cell");
      }
    },
  });
}
