// show(): an output table displayed in a notebook (HTML + plain text).
import assert from "node:assert/strict";
import { html, pick, show } from "../../src/notebook/show.ts";
import { areaMu, column, type Table, yearColumn } from "../../src/table/mod.ts";

type R = { name: string; year: number; m2: number | null; note: string };
const t: Table<R> = {
  name: "测试表",
  csv: null,
  columns: [
    column<R>("name", "名称", (r) => r.name),
    yearColumn<R>((r) => r.year),
    areaMu<R>("mu", "面积", (r) => r.m2),
    column<R>("note", "说明", (r) => r.note),
  ],
  rows: [
    { name: "<b>平川县</b>", year: 2024, m2: 6666666.67, note: "短" },
    { name: "丘阳县", year: 2023, m2: NaN, note: "这是一段很长的说明文字，超过二十四个字符的时候应当换行显示而不是撑宽表格" },
    { name: "云峰县", year: 2022, m2: 1000, note: "" },
  ],
};

const display = (d: ReturnType<typeof show>) => d[Symbol.for("Jupyter.display")]();

Deno.test("show: escaped HTML, grouped numbers, plain years, — for empty and non-finite cells", () => {
  const out = display(show(t));
  const h = out["text/html"], p = out["text/plain"];
  assert.match(h, /&lt;b&gt;平川县&lt;\/b&gt;/);
  assert.doesNotMatch(h, /<b>平川县/);
  assert.match(h, />10,000\.00</); // 6,666,666.67 m² = 10,000.00 亩
  assert.match(h, />2024</);
  assert.doesNotMatch(h + p, /2,024|NaN|Infinity|undefined/);
  assert.match(h, /white-space:normal;min-width:16em/); // the long note wraps
  assert.match(p, /^测试表（3 行）\n名称\t年度\t面积（亩）\t说明\n/);
  assert.match(p, /丘阳县\t2023\t—\t/);
  assert.match(p, /云峰县\t2022\t1.50\t—$/); // a column reads alike: 2 decimals throughout
});

Deno.test("show: limit says how many rows there are; columns pick and order by key or header", () => {
  const out = display(show(t, { limit: 1, columns: ["说明", "name"], title: "标题" }));
  assert.match(out["text/plain"], /^标题（共 3 行，显示前 1 行）\n说明\t名称\n短\t<b>平川县<\/b>$/);
  assert.throws(() => show(t, { columns: ["面积"] }), /表“测试表”没有列“面积”；有：名称、年度、面积（亩）、说明/);
  const empty = display(show({ ...t, rows: [] }));
  assert.match(empty["text/html"], /（无）/);
});

Deno.test("pick finds a table by sheet name or lists the names; html() wraps markup", () => {
  assert.equal(pick([t], "测试表"), t);
  assert.throws(() => pick([t], "别的"), /没有名为“别的”的表；有：测试表/);
  assert.deepEqual(html("<svg></svg>", "图")[Symbol.for("Jupyter.display")](), { "text/html": "<svg></svg>", "text/plain": "图" });
});
