// Every committed notebook runs headless on Deno's Jupyter kernel through Jupyter's own
// executor (nbclient) and fails on any cell error. Notebooks 01, 02, 03 and 06 also have their results checked.
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
