/**
 * The annual plan (年度进出平衡总体方案) from a selection: township rows (out-flow from the
 * ledger's split, in-flow located in the township, land restored for other counties),
 * 市域/省域调剂 rows by source county, and the 合计 row with the remaining gap; headers in
 * Chinese with units; the selection workbook and CSVs are written.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { selectRestorations } from "../../src/selection/select.ts";
import { PLAN_COLUMNS, planTable } from "../../src/selection/plan.ts";
import { selectionTables, writeSelectionOutputs } from "../../src/selection/outputs.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { M2_PER_MU } from "../../src/units/area.ts";
import { need, piece } from "./_fixtures.ts";

const M = M2_PER_MU;
const pool = [
  piece("101A", 8, { county: "900101", township: "900101001", grade: 4, costPerMu: 2 }),
  piece("101B", 6, {
    county: "900101",
    township: "900101002",
    grade: null,
    gradeSource: null,
    paddyCapable: false,
    costPerMu: 1.5,
  }),
  piece("102A", 4, { county: "900102", township: "900102001", costPerMu: 1 }),
  piece("102B", 5, { county: "900102", township: "900102003", costPerMu: 2 }),
];
const needs = [
  need(22, {
    county: "900101",
    grade: 8,
    paddyMu: 6,
    townships: [
      { township: "900101001", areaM2: 12 * M, paddyM2: 6 * M, grade: 7 },
      { township: "900101003", areaM2: 10 * M, paddyM2: 0, grade: 9 },
    ],
  }),
  need(3, {
    county: "900102",
    townships: [{ township: "900102001", areaM2: 3 * M, paddyM2: 0, grade: null }],
  }),
];
const names = new Map([["900101", "甲县"], ["900102", "乙县"], ["900101001", "东镇"], ["900102003", "西镇"]]);
const name = (c: string) => names.get(c) ?? null;

Deno.test("plan: township rows, 调剂 rows and the 合计 row of each county", async () => {
  const r = await selectRestorations(needs, pool);
  const t = planTable(r, { name });
  assertEquals(t.name, "年度进出平衡总体方案");
  for (
    const h of [
      "转出面积（亩）",
      "转入面积（亩）",
      "其中水田（亩）",
      "转出平均等别",
      "转入平均等别",
      "恢复成本（万元）",
      "实施年度",
      "剩余缺口（亩）",
    ]
  ) {
    assert(PLAN_COLUMNS.some((c) => c.header === h), h);
  }
  const rows101 = t.rows.filter((x) => x.county === "900101");
  assertEquals(rows101.map((x) => [x.kind, x.township]), [
    ["乡镇", "900101001"],
    ["乡镇", "900101002"],
    ["乡镇", "900101003"],
    ["市域调剂", "900102003"],
    ["合计", null],
  ]);
  assert(rows101.every((x) => x.timing === "2024年"));
  const [t1, t2, t3, city, total] = rows101;
  assertEquals([
    t1.outMu,
    t1.outPaddyMu,
    t1.outGrade,
    t1.inMu,
    t1.inPaddyMu,
    t1.inGrade,
    t1.costWan,
    t1.netMu,
  ], [12, 6, 7, 8, 8, 4, 16, -4]);
  assertEquals([t1.townshipName, t2.townshipName], ["东镇", null]);
  assertEquals([t2.outMu, t2.inMu, t2.inGrade, t2.inUngradedMu, t2.costWan], [0, 6, null, 6, 9]);
  assertEquals([t3.outMu, t3.inMu, t3.netMu], [10, 0, -10]);
  assertEquals([city.inMu, city.costWan, city.townshipName, city.note], [
    5,
    10,
    "西镇",
    "来自 乙县（900102）",
  ]);
  assertEquals([total.outMu, total.outPaddyMu, total.outGrade, total.inMu, total.inPieces, total.gapMu], [
    22,
    6,
    8,
    19,
    3,
    3,
  ]);
  assertAlmostEquals(total.costWan as number, 35, 1e-9);
  assertEquals(total.paddyShortMu, 0, "8 + 5 亩 paddy-capable ≥ 6");
  assertEquals(
    (t1.inMu as number) + (t2.inMu as number) + (t3.inMu as number) + (city.inMu as number),
    total.inMu,
    "township and 调剂 rows add up to the total",
  );
  // (8·4 + 6·15 + 5·5) / 19 = 7.79 ≤ 8 with 未评定 counted as 15.
  assertEquals(total.note, "转入平均等别不劣于转出");
  const rows102 = t.rows.filter((x) => x.county === "900102");
  const t3of102 = rows102.find((x) => x.township === "900102003")!;
  assertEquals([t3of102.forOthersMu, t3of102.inMu], [5, 0]);
  assert(String(t3of102.note).includes("为 甲县 调剂 1 块"), String(t3of102.note));
  assertEquals(rows102.at(-1)!.forOthersMu, 5);
});

Deno.test("plan: a need without a township split shows its total only; outputs are written with every sheet", async () => {
  const r = await selectRestorations([need(5, { county: "900101" })], pool);
  const t = planTable(r);
  const towns = t.rows.filter((x) => x.kind === "乡镇");
  assert(towns.every((x) => x.outMu === null && x.note === "转出未分乡镇统计"), JSON.stringify(towns));
  assertEquals(t.rows.at(-1)!.outMu, 5);
  const dir = await Deno.makeTempDir({ prefix: "select-out-" });
  await writeSelectionOutputs(`${dir}/选址`, r, { name });
  const names = selectionTables(r).map((x) => x.name);
  assertEquals(names, [
    "年度进出平衡总体方案",
    "各县覆盖情况",
    "选入图斑",
    "未选图斑",
    "未入库图斑",
    "林草部门同意",
    "求解记录",
    "说明",
  ]);
  for (const sheet of names) readXlsx(`${dir}/选址/进出平衡选址.xlsx`, { sheet });
  const csv = await Deno.readTextFile(`${dir}/选址/chosen.csv`);
  assert(csv.startsWith("\ufeff年度,覆盖转出的县,层级,图斑所在县"), csv.slice(0, 60));
  assert(csv.includes("选入："));
  await Deno.remove(dir, { recursive: true });
});
