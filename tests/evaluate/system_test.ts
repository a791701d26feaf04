/**
 * The indicator system as configuration: the shipped file loads, errors name the key at
 * fault, and a new criterion (the seed has 15 indicators) is added by configuration alone.
 */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { assertRejects } from "../io/_helpers.ts";
import {
  DEFAULT_INDICATORS_URL,
  indicatorFields,
  inInterval,
  loadIndicatorSystem,
  parseIndicatorSystem,
  parseInterval,
} from "../../src/evaluate/system.ts";
import { gradePiece } from "../../src/evaluate/grade.ts";
import { formSheets } from "../../src/evaluate/form.ts";
import { DEFAULT_PHOTO_RULES } from "../../src/evaluate/photos.ts";
import { EASY_VALUES } from "./_fixtures.ts";

const RAW = JSON.parse(await Deno.readTextFile(DEFAULT_INDICATORS_URL));
const clone = () => structuredClone(RAW);

Deno.test("the shipped indicators_v1.json loads with id, version and the seed-derived sources", async () => {
  const s = await loadIndicatorSystem();
  assertEquals([s.id, s.version], ["jcph-zrqn-hspj", "1.0.0"]);
  assert(s.source.some((t) => t.includes("默认，非原文规定")));
  assertEquals(indicatorFields(s), [
    "生产现状",
    "有无道路",
    "道路距离（米）",
    "水源距离（米）",
    "恢复成本（万元/亩）",
    "群众意愿",
  ]);
  for (const c of s.criteria) {
    if (["production", "cost", "willingness"].includes(c.key)) {
      assert(c.isDefault, `${c.key} is labelled default`);
    } else assert(!c.isDefault, `${c.key} follows DOMAIN §4.4`);
  }
});

Deno.test("intervals: closed/open ends and +∞", () => {
  const a = parseInterval("[500, 1000)")!;
  assertEquals([inInterval(499.9, a), inInterval(500, a), inInterval(999.9, a), inInterval(1000, a)], [
    false,
    true,
    true,
    false,
  ]);
  const b = parseInterval("(100, 500]")!;
  assertEquals([inInterval(100, b), inInterval(100.1, b), inInterval(500, b), inInterval(500.1, b)], [
    false,
    true,
    true,
    false,
  ]);
  assert(inInterval(1e12, parseInterval("[10, +∞)")!));
  assert(inInterval(1e12, parseInterval("[10, +inf)")!));
  for (const bad of ["[10, +∞]", "[5, 3)", "(3, 3)", "0-500", "[a, 5)"]) {
    assertEquals(parseInterval(bad), null, bad);
  }
});

Deno.test("validation errors are Chinese and name the file and the key", async () => {
  const cases: [(o: any) => void, string][] = [
    [(o) => delete o.id, "id 缺失"],
    [(o) => (o.version = ""), "version 应为非空文本"],
    [(o) => (o.criteria = []), "criteria 应为非空数组"],
    [
      (o) => (o.criteria[1].kind = "range"),
      "criteria[1]（traffic）.kind 应为 numeric、categorical 或 boolean",
    ],
    [
      (o) => (o.criteria[1].classes[1].interval = "(500, 1000)"),
      "criteria[1]（traffic）.classes[1].interval",
    ],
    [(o) => (o.criteria[2].classes[0].interval = "[0, 100)"), "在边界留有空缺"],
    [(o) => (o.criteria[2].classes[1].interval = "[100, 500]"), "在边界重叠"],
    [(o) => (o.criteria[2].classes[1].interval = "(120, 500]"), "不衔接"],
    [(o) => (o.criteria[3].classes = o.criteria[3].classes.slice(0, 3)), "须开放到 +∞"],
    [
      (o) => (o.criteria[3].classes[0].grade = "困难"),
      "criteria[3]（cost）.classes[0].grade 应为 容易/较难/难以 之一",
    ],
    [(o) => (o.criteria[3].classes[0].interval = "0-3"), "“0-3”不是有效区间"],
    [(o) => (o.criteria[4].key = "traffic"), "“traffic”重复"],
    [(o) => (o.criteria[4].key = "群众意愿"), "criteria[4].key"],
    [(o) => (o.criteria[4].field = "水源距离（米）"), "已被 water 使用"],
    [(o) => (o.criteria[4].field = "BSM"), "保留列"],
    [(o) => (o.criteria[4].no = ["愿意"]), "同时出现在 yes 与 no 中"],
    [
      (o) => o.criteria[0].table.push({ value: "苗木", grade: "容易" }),
      "criteria[0]（production）.table[16].value “苗木”重复",
    ],
    [(o) => (o.criteria[1].condition.gradeIfNo = "不行"), "criteria[1]（traffic）.condition.gradeIfNo"],
    [(o) => (o.criteria[0].isDefault = "是"), "isDefault 应为 true 或 false"],
  ];
  for (const [mutate, expected] of cases) {
    const o = clone();
    mutate(o);
    const e = assertThrows(() => parseIndicatorSystem(o, "测试配置.json"), Error);
    assert(
      e.message.includes("指标体系配置“测试配置.json”错误") && e.message.includes(expected),
      `${expected}: ${e.message}`,
    );
  }
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/bad.json`, "{ not json");
  await assertRejects(() => loadIndicatorSystem(`${dir}/bad.json`), "不是有效的 JSON");
  await assertRejects(() => loadIndicatorSystem(`${dir}/none.json`), "找不到指标体系配置文件");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a new criterion is configuration only: it is graded, asked for in the form, and can fail", async () => {
  const o = clone();
  o.version = "1.1.0";
  o.criteria.push({
    key: "slope",
    label: "地形坡度",
    group: "地块自身条件",
    kind: "numeric",
    field: "坡度（度）",
    unit: "度",
    isDefault: true,
    classes: [
      { interval: "[0, 6]", grade: "容易" },
      { interval: "(6, 15]", grade: "较难" },
      { interval: "(15, +∞)", grade: "难以" },
    ],
  });
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/v1_1.json`, JSON.stringify(o));
  const s = await loadIndicatorSystem(`${dir}/v1_1.json`);
  await Deno.remove(dir, { recursive: true });
  const g = gradePiece({ ...EASY_VALUES, "坡度（度）": 16 }, s);
  assertEquals([g.result, g.systemVersion, g.criteria.length], ["不建议恢复", "1.1.0", 6]);
  assertEquals(gradePiece({ ...EASY_VALUES, "坡度（度）": 6 }, s).result, "可以恢复");
  assertThrows(() => gradePiece(EASY_VALUES, s), Error, "坡度（度）");
  const [form, help] = formSheets([], s, DEFAULT_PHOTO_RULES, "测试镇");
  assert(form.columns.some((c) => c.header === "坡度（度）"));
  assert(
    help.rows.some((r) =>
      String(r.item).startsWith("地形坡度") && String(r.text).includes("默认，非原文规定")
    ),
  );
});
