// Every committed notebook runs headless on Deno's Jupyter kernel through Jupyter's own
// executor (nbclient) and fails on any cell error. Notebook 01 also has its results checked.
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
    },
  });
}
