/**
 * Grading (DOMAIN.md §4.4): every class edge of every criterion at and around its boundary,
 * the categorical and yes/no criteria, value problems, and the overall rule.
 */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import type { Cell } from "../../src/io/layer.ts";
import { loadIndicatorSystem } from "../../src/evaluate/system.ts";
import { checkIndicatorValues, gradePiece, overallResult } from "../../src/evaluate/grade.ts";
import { type Grade, GRADES } from "../../src/evaluate/labels.ts";
import { EASY_VALUES } from "./_fixtures.ts";

const system = await loadIndicatorSystem();

function gradeOf(key: string, patch: Record<string, Cell>): Grade {
  const g = gradePiece({ ...EASY_VALUES, ...patch }, system);
  return g.criteria.find((c) => c.key === key)!.grade;
}

Deno.test("the default system has the five criteria of DOMAIN §4.4 and names itself", () => {
  assertEquals(system.criteria.map((c) => c.label), [
    "生产现状",
    "交通条件",
    "水源保障",
    "恢复成本",
    "群众意愿",
  ]);
  const g = gradePiece(EASY_VALUES, system);
  assertEquals([g.systemId, g.systemVersion], [system.id, system.version]);
  assertEquals(g.result, "可以恢复");
});

Deno.test("交通: with road < 500 容易, [500, 1000) 较难, ≥ 1000 难以; no road 难以", () => {
  const cases: [number, Grade][] = [
    [0, "容易"],
    [499.9, "容易"],
    [500, "较难"],
    [500.1, "较难"],
    [999.9, "较难"],
    [1000, "难以"],
    [1000.1, "难以"],
    [5000, "难以"],
  ];
  for (const [d, g] of cases) assertEquals(gradeOf("traffic", { "道路距离（米）": d }), g, `有路 ${d} 米`);
  for (const d of [0, 120, 499.9, 999.9]) {
    assertEquals(gradeOf("traffic", { 有无道路: "无", "道路距离（米）": d }), "难以", `无路 ${d} 米`);
  }
  const g = gradePiece({ ...EASY_VALUES, "道路距离（米）": 500 }, system).criteria[1];
  assert(g.reason.includes("[500, 1000)") && g.reason.includes("较难"), g.reason);
  assert(!g.reason.includes("默认"), "交通 edges come from the seed/DOMAIN, not a default");
});

Deno.test("水源: ≤ 100 容易, (100, 500] 较难, > 500 难以", () => {
  const cases: [number, Grade][] = [
    [0, "容易"],
    [99.9, "容易"],
    [100, "容易"],
    [100.1, "较难"],
    [499.9, "较难"],
    [500, "较难"],
    [500.1, "难以"],
    [2000, "难以"],
  ];
  for (const [d, g] of cases) assertEquals(gradeOf("water", { "水源距离（米）": d }), g, `水源 ${d} 米`);
});

Deno.test("成本 per 亩: < 3万 容易, [3, 10)万 较难, ≥ 10万 难以, labelled 默认，非原文规定", () => {
  const cases: [number, Grade][] = [
    [0, "容易"],
    [2.99, "容易"],
    [3, "较难"],
    [3.01, "较难"],
    [4.99, "较难"],
    [5, "较难"],
    [9.99, "较难"],
    [10, "难以"],
    [10.01, "难以"],
  ];
  for (const [x, g] of cases) {
    assertEquals(gradeOf("cost", { "恢复成本（万元/亩）": x }), g, `成本 ${x} 万元/亩`);
  }
  const c = gradePiece({ ...EASY_VALUES, "恢复成本（万元/亩）": 10 }, system).criteria[3];
  assert(c.reason.includes("默认，非原文规定") && c.reason.includes("亩均10万元以上"), c.reason);
});

Deno.test("意愿: 愿意 容易, 不愿意 难以 (default, labelled); anything else is not graded", () => {
  assertEquals(gradeOf("willingness", { 群众意愿: "愿意" }), "容易");
  assertEquals(gradeOf("willingness", { 群众意愿: "不愿意" }), "难以");
  assert(
    gradePiece({ ...EASY_VALUES, 群众意愿: "不愿意" }, system).criteria[4].reason.includes(
      "默认，非原文规定",
    ),
  );
  const p = checkIndicatorValues({ ...EASY_VALUES, 群众意愿: "一般" }, system);
  assertEquals(p.map((x) => [x.code, x.field]), [["not_in_table", "群众意愿"]]);
});

Deno.test("生产现状 by the configurable table: exact value, then the term before a bracket", () => {
  const cases: [string, Grade][] = [
    ["苗木", "容易"],
    ["幼林", "容易"],
    ["农作物", "容易"],
    ["牧草", "容易"],
    ["果树（柑橘）", "较难"],
    ["茶树", "较难"],
    ["用材林（杉木）", "较难"],
    ["经济林(油茶)", "较难"],
    ["水产养殖（鱼塘）", "较难"],
    ["水产养殖（精养池塘，有永久性设施）", "难以"],
    ["水产养殖（有永久性设施）", "难以"],
  ];
  for (const [v, g] of cases) assertEquals(gradeOf("production", { 生产现状: v }), g, v);
  const r = gradePiece({ ...EASY_VALUES, 生产现状: "果树（柑橘）" }, system).criteria[0].reason;
  assert(r.includes("按“果树”") && r.includes("默认，非原文规定"), r);
  const p = checkIndicatorValues({ ...EASY_VALUES, 生产现状: "水产养殖" }, system);
  assertEquals(p.map((x) => x.code), ["not_in_table"]);
  assert(p[0].message.includes("水产养殖（鱼塘）"), "the message lists the allowed values");
});

Deno.test("values that cannot be graded: missing, not a number, below the range, bad yes/no", () => {
  const p = checkIndicatorValues({
    生产现状: null,
    有无道路: "也许",
    "道路距离（米）": "五百",
    "水源距离（米）": -1,
    "恢复成本（万元/亩）": "  ",
    群众意愿: "愿意",
  }, system);
  assertEquals(p.map((x) => [x.code, x.field]), [
    ["missing_value", "生产现状"],
    ["not_in_table", "有无道路"],
    ["not_number", "道路距离（米）"],
    ["out_of_range", "水源距离（米）"],
    ["missing_value", "恢复成本（万元/亩）"],
  ]);
  assert(p[3].message.includes("≥ 0"), p[3].message);
  assertEquals(
    checkIndicatorValues({ ...EASY_VALUES, "道路距离（米）": " 500 " }, system),
    [],
    "numeric text is a number",
  );
  assertThrows(() => gradePiece({ ...EASY_VALUES, 群众意愿: null }, system), Error, "群众意愿");
});

Deno.test("overall rule: all 容易 → 可以恢复; any 难以 → 不建议恢复; otherwise 建议恢复 (all 3^5 combinations)", () => {
  let n = 0;
  const rec = (acc: Grade[]) => {
    if (acc.length === 5) {
      const expected = acc.includes("难以")
        ? "不建议恢复"
        : acc.every((g) => g === "容易")
        ? "可以恢复"
        : "建议恢复";
      assertEquals(overallResult(acc), expected, acc.join(","));
      n++;
      return;
    }
    for (const g of GRADES) rec([...acc, g]);
  };
  rec([]);
  assertEquals(n, 243);
  const one = gradePiece({ ...EASY_VALUES, "水源距离（米）": 100.1 }, system);
  assertEquals([one.result, one.reason], ["建议恢复", "水源保障较难，其余容易"]);
  const hard = gradePiece({ ...EASY_VALUES, "水源距离（米）": 300, 有无道路: "无" }, system);
  assertEquals(hard.result, "不建议恢复");
  assert(hard.reason.includes("交通条件"), hard.reason);
});
