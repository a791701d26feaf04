/**
 * The shared column builders (src/table/): headers with their units, rounding (never −0, never
 * "NaN"), 是/否, administrative wording, text tables.
 */
import { assertEquals } from "../_assert.ts";
import {
  ADMIN_HEADERS,
  adminColumns,
  areaM2,
  areaMu,
  areaPair,
  areaWanHa,
  areaWanMu,
  bsmColumn,
  codeColumn,
  countColumn,
  field,
  itemTable,
  levelColumn,
  muCell,
  nameColumn,
  noteColumn,
  numberedTable,
  numColumn,
  partColumn,
  pctColumn,
  regionTypeColumn,
  round,
  wanYuan,
  withUnit,
  yearColumn,
  yesNo,
  yesNoCell,
} from "../../src/table/mod.ts";
import { M2_PER_MU, m2ToMu } from "../../src/units/area.ts";

const id = (x: number | null) => x;

Deno.test("round: half up, no −0, empty for null, NaN and ∞", () => {
  assertEquals(round(2.3456, 2), 2.35);
  assertEquals(round(2.344, 2), 2.34);
  assertEquals(round(12.5, 0), 13);
  assertEquals(round(1234.56789, 4), 1234.5679);
  assertEquals(round(-0.004, 2), 0);
  assertEquals(Object.is(round(-0.004, 2), -0), false, "−0 would print as -0 in some viewers");
  assertEquals(Object.is(round(-0.4, 0), 0), true);
  assertEquals(round(-1.236, 2), -1.24);
  assertEquals(round(NaN, 2), null);
  assertEquals(round(Infinity, 2), null);
  assertEquals(round(-Infinity, 2), null);
  assertEquals(round(null, 2), null);
  assertEquals(round(undefined, 2), null);
});

Deno.test("units in headers: 亩, 平方米, 万亩, 万公顷, %, 个, 万元", () => {
  assertEquals(withUnit("耕地面积", "亩"), "耕地面积（亩）");
  assertEquals(areaMu("a", "耕地面积", id).header, "耕地面积（亩）");
  assertEquals(areaM2("a", "面积", id).header, "面积（平方米）");
  assertEquals(areaWanMu("a", "三调耕地（2019）", id).header, "三调耕地（2019）（万亩）");
  assertEquals(areaWanHa("a", "三调耕地（2019）", id).header, "三调耕地（2019）（万公顷）");
  assertEquals(pctColumn("a", "撂荒率", id).header, "撂荒率（%）");
  assertEquals(countColumn("a", "涉及图斑", id).header, "涉及图斑（个）");
  assertEquals(wanYuan("a", "恢复成本", id).header, "恢复成本（万元）");
  assertEquals(yearColumn(id).header, "年度");
  assertEquals(noteColumn("note", id).header, "说明");
});

Deno.test("areas: 亩 from m² (default m2 / M2_PER_MU), digits, 万亩, 万公顷, empty for null and NaN", () => {
  assertEquals(areaMu("a", "x", id).value(10000), 15);
  assertEquals(areaMu("a", "x", id).value(1000), 1.5);
  assertEquals(areaMu("a", "x", id, { digits: 4 }).value(1), 0.0015);
  assertEquals(areaMu("a", "x", id).value(1), 0, "0.0015 亩 is 0.00 at 2 decimals");
  assertEquals(areaMu("a", "x", id).value(-1), 0, "never −0");
  assertEquals(Object.is(areaMu("a", "x", id).value(-1), 0), true);
  assertEquals(areaMu("a", "x", id).value(null), null);
  assertEquals(areaMu("a", "x", id).value(NaN), null);
  assertEquals(areaMu("a", "x", id).value(Infinity), null);
  assertEquals(areaM2("a", "x", id).value(1234.5678), 1234.57);
  assertEquals(areaWanMu("a", "x", id).value(1e8), 15);
  assertEquals(areaWanMu("a", "x", id, { digits: 4 }).value(12345), 0.0019);
  assertEquals(areaWanHa("a", "x", id).value(1e9), 10);
  assertEquals(muCell(10000), 15);
  assertEquals(muCell(null), null);
  assertEquals(muCell(20 * M2_PER_MU), 20);
});

Deno.test("areas: the two m² → 亩 conversions differ at an exact half, and each table keeps its own", () => {
  // 670 m² is exactly 1.005 亩: m2 / M2_PER_MU gives 1.0050000000000001, m2 × 15 / 10000 gives 1.005 (just below).
  assertEquals(areaMu("a", "x", id).value(670), 1.01);
  assertEquals(areaMu("a", "x", id, { toMu: m2ToMu }).value(670), 1);
  assertEquals(areaWanMu("a", "x", id, { toMu: m2ToMu }).value(1e8), 15);
});

Deno.test("area pairs: key_m2 (2 decimals) and key_mu (4 decimals) under one label", () => {
  const [m2, mu] = areaPair("unstable", "其中不稳定耕地面积", id);
  assertEquals([m2.key, m2.header, mu.key, mu.header], [
    "unstable_m2",
    "其中不稳定耕地面积（平方米）",
    "unstable_mu",
    "其中不稳定耕地面积（亩）",
  ]);
  assertEquals([m2.value(1234.5678), mu.value(1234.5678)], [1234.57, 1.8519]);
  assertEquals([m2.value(null), mu.value(null)], [null, null]);
});

Deno.test("percentages: share × 100, rounded; empty for NaN (never the text NaN)", () => {
  const c = pctColumn("p", "占比", id);
  assertEquals(c.value(0.12345), 12.35);
  assertEquals(c.value(1), 100);
  assertEquals(c.value(0), 0);
  assertEquals(c.value(-0.00001), 0);
  assertEquals(c.value(NaN), null);
  assertEquals(c.value(null), null);
  assertEquals(pctColumn("p", "占比", id, 1).value(0.12345), 12.3);
  assertEquals(numColumn("g", "平均等别", id, 2).value(3.14159), 3.14);
  assertEquals(numColumn("g", "平均等别", id, 2).value(NaN), null);
  assertEquals(wanYuan("c", "成本", id).value(1.005 + 1e-9), 1.01);
});

Deno.test("是/否: true, false, unknown", () => {
  const c = yesNo<boolean | null | undefined>("ok", "核对通过", (b) => b);
  assertEquals([c.value(true), c.value(false), c.value(null), c.value(undefined)], ["是", "否", null, null]);
  assertEquals(c.header, "核对通过");
  assertEquals(yesNoCell(true), "是");
});

Deno.test("administrative wording: level, code, name, region type", () => {
  type U = { l: string; c: string; n: string; t: string };
  const get = { level: (r: U) => r.l, code: (r: U) => r.c, name: (r: U) => r.n, regionType: (r: U) => r.t };
  const cols = adminColumns<U>("unit", get);
  assertEquals(cols.map((c) => [c.key, c.header]), [
    ["level", "层级"],
    ["code", "行政区代码"],
    ["name", "行政区名称"],
    ["region_type", "地区类型"],
  ]);
  assertEquals(cols.map((c) => c.value({ l: "县级", c: "900101", n: "平川县", t: "粮食主产区" })), [
    "县级",
    "900101",
    "平川县",
    "粮食主产区",
  ]);
  assertEquals(
    adminColumns<U>("county", { code: get.code, name: get.name }, { code: "county" }).map((
      c,
    ) => [c.key, c.header]),
    [
      ["county", "县级代码"],
      ["name", "县级名称"],
    ],
  );
  assertEquals(adminColumns<U>("province", { code: get.code, name: get.name }).map((c) => c.header), [
    "省级代码",
    "省份",
  ]);
  assertEquals(adminColumns<U>("plain", { code: get.code, name: get.name }).map((c) => c.header), [
    "代码",
    "名称",
  ]);
  assertEquals(
    [
      ADMIN_HEADERS.township.code,
      ADMIN_HEADERS.township.name,
      ADMIN_HEADERS.city.code,
      ADMIN_HEADERS.village.code,
    ],
    ["乡镇代码", "乡镇名称", "市级代码", "村级代码"],
  );
  assertEquals(codeColumn("countyShort", "buyer", get.code, "买方").header, "买方县代码");
  assertEquals(nameColumn("countyShort", "buyer_name", get.name, "买方").header, "买方县名称");
  assertEquals(nameColumn("village", "village", get.name).header, "村");
  assertEquals(levelColumn("level", get.level, "统计层级").header, "统计层级");
  assertEquals(regionTypeColumn("region", get.regionType).key, "region");
  assertEquals([bsmColumn(get.code).header, partColumn(get.code).header], ["BSM", "部件号"]);
});

Deno.test("text tables: numbered notes and items", () => {
  const n = numberedTable("输入问题", null, ["甲", "乙"], "内容");
  assertEquals(n.columns.map((c) => c.header), ["序号", "内容"]);
  assertEquals(n.rows.map((r) => n.columns.map((c) => c.value(r))), [[1, "甲"], [2, "乙"]]);
  assertEquals(numberedTable("说明", "notes.csv", []).columns[1].header, "说明");
  const i = itemTable("参数与方法", null, [["聚类与毗邻距离（米）", 50]], "内容");
  assertEquals(i.columns.map((c) => c.header), ["项目", "内容"]);
  assertEquals(i.columns.map((c) => c.value(i.rows[0])), ["聚类与毗邻距离（米）", 50]);
  assertEquals(field("mu", "面积（亩）").value({ mu: 1.5 }), 1.5);
  assertEquals(field("mu", "面积（亩）").value({}), null);
});
