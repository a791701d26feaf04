// Parameters of a notebook: what the `parameters` cell declares, and the injected cell.
import assert from "node:assert/strict";
import { injectParameters, notebookParameters, parseParamPairs } from "../../src/notebook/parameters.ts";
import type { NotebookJson } from "../../src/notebook/parameters.ts";

const nb = (): NotebookJson => ({
  cells: [
    { cell_type: "markdown", source: "# 标题", metadata: {} },
    {
      cell_type: "code",
      metadata: { tags: ["parameters"] },
      source: [
        "// 参数\n",
        'const dataDir = "data/demo"; // 数据目录\n',
        "const year = 2024; // 调查年度\n",
        "let gapM = 10.5;\n",
        "const strict = false; // 严格模式\n",
        "const region: string | undefined = undefined; // 市或县代码；不填为全省\n",
        "const derived = year + 1; // not a parameter\n",
      ],
    },
    { cell_type: "code", metadata: {}, source: "year" },
  ],
  metadata: { kernelspec: { name: "deno" } },
});

Deno.test("notebookParameters reads names, kinds and comments of the parameters cell", () => {
  const ps = notebookParameters(nb());
  assert.deepEqual(ps.map((p) => [p.name, p.kind, p.literal, p.comment]), [
    ["dataDir", "string", '"data/demo"', "数据目录"],
    ["year", "number", "2024", "调查年度"],
    ["gapM", "number", "10.5", ""],
    ["strict", "boolean", "false", "严格模式"],
    ["region", "string", "undefined", "市或县代码；不填为全省"],
  ]);
  assert.deepEqual(ps.map((p) => p.optional), [false, false, false, false, true]);
});

Deno.test("injectParameters adds a tagged cell right after the parameters cell, typed by the defaults", () => {
  const out = injectParameters(nb(), { year: "2023", dataDir: 'a "quoted" 目录', strict: "是" }, "x.ipynb");
  assert.equal(out.cells.length, 4);
  const cell = out.cells[2];
  assert.deepEqual(cell.metadata?.tags, ["injected-parameters"]);
  const src = String(cell.source);
  assert.match(src, /^const year = 2023;$/m);
  assert.match(src, /^const dataDir = "a \\"quoted\\" 目录";$/m);
  assert.match(src, /^const strict = true;$/m);
  const region = String(injectParameters(nb(), { region: "9001" }, "x.ipynb").cells[2].source);
  assert.match(region, /^const region: string \| undefined = "9001";$/m);
  const whole = String(injectParameters(nb(), { region: "" }, "x.ipynb").cells[2].source);
  assert.match(whole, /^const region: string \| undefined = undefined;$/m);
  assert.deepEqual(out.metadata?.parameters, { year: "2023", dataDir: 'a "quoted" 目录', strict: "是" });
  // The original is not modified.
  assert.equal(nb().cells.length, 3);
  // No parameters: the same notebook.
  const same = nb();
  assert.equal(injectParameters(same, {}, "x.ipynb"), same);
});

Deno.test("injectParameters refuses unknown names, wrong types and notebooks without a parameters cell", () => {
  assert.throws(() => injectParameters(nb(), { yaer: "2023" }, "x.ipynb"), /x\.ipynb 没有参数“yaer”；可用的参数：dataDir（数据目录）、year（调查年度）/);
  assert.throws(() => injectParameters(nb(), { year: "二〇二三" }, "x.ipynb"), /参数 year（调查年度）应为数字，收到“二〇二三”/);
  assert.throws(() => injectParameters(nb(), { year: "" }, "x.ipynb"), /应为数字/);
  assert.throws(() => injectParameters(nb(), { gapM: "Infinity" }, "x.ipynb"), /应为数字/);
  assert.throws(() => injectParameters(nb(), { strict: "maybe" }, "x.ipynb"), /true\/false 或 是\/否/);
  const plain = nb();
  plain.cells[1].metadata = {};
  assert.throws(() => injectParameters(plain, { year: "2023" }, "y.ipynb"), /y\.ipynb 没有标记为 parameters 的代码格/);
});

Deno.test("parseParamPairs splits at the first =, keeps the rest, refuses repeats and pairs without a name", () => {
  assert.deepEqual(parseParamPairs(["year=2023", "dataDir=a=b", "x="]), { year: "2023", dataDir: "a=b", x: "" });
  assert.throws(() => parseParamPairs(["year"]), /名称=值/);
  assert.throws(() => parseParamPairs(["=3"]), /名称=值/);
  assert.throws(() => parseParamPairs(["year=1", "year=2"]), /year 给了两次/);
  const proto = parseParamPairs(["__proto__=1"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
});
