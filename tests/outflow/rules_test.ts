/**
 * The out-flow rules as pure functions: class changes, notice timing at the boundaries,
 * ownership, exempt kinds, status order, and the project reader's messages.
 */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  baseClass, changeKind, decideStatus, exemptKindOf, noticePhase, outflowRules, ownershipOf, projectApproved,
  type StatusCase, unstableByAttributes,
} from "../../src/outflow/rules.ts";
import { parseDateCell, parseYesNo, projectsFromLayers } from "../../src/outflow/projects.ts";
import { polygonColumnFromRings } from "../../src/geom/types.ts";
import type { VectorLayer } from "../../src/io/layer.ts";
import { rect } from "./_fixtures.ts";

Deno.test("change kinds: other agricultural land and facility land are out-flows; K/A codes count as their base", () => {
  const r = outflowRules();
  const kinds = Object.fromEntries(
    ["0201", "0201K", "0202", "0301", "0301K", "0307", "0401", "0403K", "0404", "1006", "1103", "1104", "1104A", "1104K", "1202", "0702", "1003", "1107A", "1101", "1206", "9999"]
      .map((c) => [c, changeKind(c, r)]),
  );
  assertEquals(kinds, {
    "0201": "outflow", "0201K": "outflow", "0202": "outflow", "0301": "outflow", "0301K": "outflow", "0307": "outflow",
    "0401": "outflow", "0403K": "outflow", "0404": "other", "1006": "outflow", "1103": "outflow", "1104": "outflow",
    "1104A": "outflow", "1104K": "outflow", "1202": "outflow", "0702": "construction", "1003": "construction",
    "1107A": "construction", "1101": "other", "1206": "other", "9999": "other",
  });
  assertEquals([baseClass("0201K"), baseClass("1104A"), baseClass("0101")], ["0201", "1104", "0101"]);
  // The narrower list of DOMAIN.md §5, when configured.
  const narrow = outflowRules({ outflowClasses: ["02", "03", "04", "1104", "1202"] });
  assertEquals([changeKind("1006", narrow), changeKind("0404", narrow), changeKind("1104K", narrow)], ["other", "outflow", "outflow"]);
  assertThrows(() => changeKind("0103", r), Error, "是耕地");
});

Deno.test("timing: the issue dates of 44号 and 24号 are the first 通知后 days; without a date the survey year decides", () => {
  const r = outflowRules();
  const at = (date: string | null, year = 2021, projectType: string | null = null) => noticePhase({ year, date, projectType }, r).phase;
  assertEquals([at("2020-11-03"), at("2020-11-04"), at("2019-06-30"), at("2022-01-01")], ["通知前", "通知后", "通知前", "通知后"]);
  const green = "依法依规绿化造林";
  assertEquals([at("2020-09-09", 2020, green), at("2020-09-10", 2020, green), at("2020-10-01", 2020, green), at("2020-10-01", 2020, "农田防护林")],
    ["通知前", "通知后", "通知后", "通知前"]);
  assertEquals([at(null, 2019), at(null, 2020), at(null, 2021)], ["通知前", "通知前", "通知后"]);
  assertEquals(noticePhase({ year: 2020, date: null, projectType: null }, outflowRules({ lastPreNoticeSurveyYear: 2019 })).phase, "通知后");
  assert(noticePhase({ year: 2021, date: "2020-11-04", projectType: null }, r).basis.includes("不早于 国办发〔2020〕44号（2020-11-04）"));
  assertThrows(() => outflowRules({ nonGrainNotice: { id: "x", title: "x", date: "2020/11/04" } }), Error, "YYYY-MM-DD");
});

Deno.test("status order: construction, exempt, permanent basic farmland, other, approval, timing, consent", () => {
  const r = outflowRules();
  const base: StatusCase = { kind: "outflow", cover: "project", inPbf: false, phase: "通知后", approved: true, consented: false };
  const st = (c: Partial<StatusCase>, rules = r) => decideStatus({ ...base, ...c }, rules).status;
  assertEquals(st({ kind: "construction", inPbf: true }), "zhanbu");
  assertEquals(st({ cover: "exempt", inPbf: true }), "exempt");
  assertEquals(st({ inPbf: true }), "restore");
  assertEquals(st({ kind: "other" }), "other");
  assertEquals(st({}), "balance");
  assertEquals(st({ approved: false }), "pending");
  assertEquals(st({ approved: false, phase: "通知前" }), "balance");
  assertEquals(st({ approved: false, phase: "通知前" }, outflowRules({ preNotice: "review" })), "pending");
  assertEquals(st({ cover: "farmer", approved: null, consented: true }), "balance");
  assertEquals(decideStatus({ ...base, cover: "farmer", approved: null, consented: true }, r).consent, "县级同意");
  assertEquals(decideStatus({ ...base, cover: "farmer", approved: null }, r).consent, "待认定");
  assertEquals(projectApproved({ householdConsent: true, townshipFiled: true, conformsToPlan: null }), false);
});

Deno.test("ownership, unstable attributes and exempt kinds", () => {
  assertEquals(["10", "20", "30", "34", "40", "41", null].map(ownershipOf), ["国有", "国有", "集体", "集体", "集体", "未知", "未知"]);
  const r = outflowRules();
  assertEquals([unstableByAttributes("SMGD", 1, r), unstableByAttributes(null, 5, r), unstableByAttributes("XXXX", 4, r)],
    ["SMGD 石漠化耕地", "坡度级别 5（>25°）", null]);
  assertEquals(["生态退耕", "国家安排的生态退耕", "灾毁", "自然灾害损毁难以复耕", "河湖水面自然扩大造成永久淹没", "", null, "其他"].map(exemptKindOf),
    ["生态退耕", "生态退耕", "灾毁", "灾毁", "河湖水面自然扩大", null, null, undefined]);
});

Deno.test("project reader: dates, yes/no, geometry by 项目编号, and messages naming file, row, field and value", () => {
  assertEquals([parseDateCell("2021-03-02"), parseDateCell("2021/3/2"), parseDateCell("2021年3月2日"), parseDateCell("20210302")],
    ["2021-03-02", "2021-03-02", "2021-03-02", "2021-03-02"]);
  assertEquals([parseDateCell(null), parseDateCell("2021-02-30"), parseDateCell("三月")], [null, undefined, undefined]);
  assertEquals([parseYesNo("是"), parseYesNo("否"), parseYesNo(null), parseYesNo("也许")], [true, false, null, undefined]);
  const attr: VectorLayer = {
    source: "projects.xlsx", fields: [], length: 4, geometry: null, crsText: null, notes: [],
    columns: {
      项目编号: ["P1", "P2", "P1", null], 年度: [2021, 2021, 2021, 2021], 开工日期: ["2021-13-01", null, null, null],
      乡镇备案: ["是", "可能", null, null], 豁免类型: [null, "洪水", null, null], 地块BSM: [null, "B1;B2", null, null],
    },
  };
  const geo: VectorLayer = {
    source: "p.geojson", fields: [], length: 3, crsText: null, notes: [],
    columns: { 项目编号: ["P1", "P1", "PX"] },
    geometry: polygonColumnFromRings([[[rect(0, 0, 10, 10)]], [[rect(20, 0, 10, 10)]], [[rect(40, 0, 10, 10)]]]),
  };
  const { projects, problems } = projectsFromLayers(attr, [geo], null);
  assertEquals(projects.map((p) => [p.id, p.geometry ? p.geometry.geomOffsets[1] : null, p.parcelBsm]), [["P1", 2, []], ["P2", null, ["B1", "B2"]]]);
  assertEquals(projects[0].startDate, null);
  assertEquals(problems, [
    "项目表“projects.xlsx”第 2 行（项目 P1）字段“开工日期”的值“2021-13-01”不是日期（可写 2021-03-02、2021/3/2、2021年3月2日、20210302 或 Excel 日期），按未填写处理",
    "项目表“projects.xlsx”第 3 行（项目 P2）字段“豁免类型”的值“洪水”不是可豁免类型（生态退耕、灾毁、河湖水面自然扩大），按一般项目处理",
    "项目表“projects.xlsx”第 3 行（项目 P2）字段“乡镇备案”的值“可能”应为“是”或“否”，按未填写处理",
    "项目表“projects.xlsx”第 4 行：项目编号 P1 重复（首次见于 项目表“projects.xlsx”第 2 行），该行未读入",
    "项目表“projects.xlsx”第 5 行：项目编号为空，该行未读入",
    "项目图层“p.geojson”第 3 个要素的项目编号“PX”不在项目表中，该要素未使用",
    "项目 P2（项目表“projects.xlsx”第 3 行）没有几何，按“地块BSM”整块匹配图斑",
  ]);
});
