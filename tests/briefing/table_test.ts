import { assertEquals } from "../_assert.ts";
import { mu, pct, round, withSubtotals } from "../../src/briefing/table.ts";
import type { BriefingCounty } from "../../src/briefing/facts.ts";

const county = (code: string, name: string, city: string, cityName: string): BriefingCounty => ({
  code,
  name,
  city,
  cityName,
  regionType: "粮食主产区",
  terrain: null,
});
const COUNTIES = [
  county("900101", "甲县", "9001", "一市"),
  county("900102", "乙县", "9001", "一市"),
  county("900201", "丙县", "9002", "二市"),
];

Deno.test("withSubtotals: city subtotals after each city's counties, then the total; grades weighted by area", () => {
  const rows = [
    { county: "900201", name: "丙县", area: 30, grade: 9 },
    { county: "900101", name: "甲县", area: 10, grade: 3 },
    { county: "900102", name: "乙县", area: 30, grade: 7 },
  ];
  const out = withSubtotals(rows, COUNTIES, "name", { sum: ["area"], weighted: [["grade", "area"]] }, "示例省");
  assertEquals(out.map((r) => r.name), ["甲县", "乙县", "一市 小计", "丙县", "二市 小计", "示例省 合计"]);
  assertEquals(out[2], { area: 40, grade: 6, name: "一市 小计", _kind: "subtotal" }); // (10·3 + 30·7) / 40
  assertEquals(out[4].area, 30);
  assertEquals(out[5], { area: 70, grade: round((10 * 3 + 30 * 7 + 30 * 9) / 70, 2), name: "示例省 合计", _kind: "total" });
});

Deno.test("withSubtotals: a county missing from the admin table is kept and counted in the total", () => {
  const out = withSubtotals([{ county: "999999", name: "外县", area: 5 }], COUNTIES, "name", { sum: ["area"] }, "省");
  assertEquals(out.map((r) => [r.name, r.area]), [["外县", 5], ["省 合计", 5]]);
});

Deno.test("withSubtotals: empty or null cells give an empty subtotal, never NaN", () => {
  const out = withSubtotals([{ county: "900101", name: "甲县", area: null, grade: null }], COUNTIES, "name", {
    sum: ["area"],
    weighted: [["grade", "area"]],
  }, "省");
  assertEquals(out.at(-1)!.area, null);
  assertEquals(out.at(-1)!.grade, null);
});

Deno.test("round, mu, pct: no NaN, no −0, 亩 = m² × 15 / 10000", () => {
  assertEquals(round(NaN), null);
  assertEquals(round(Infinity), null);
  assertEquals(Object.is(round(-0.001, 2), 0), true);
  assertEquals(mu(10000), 15);
  assertEquals(mu(666.6667), 1);
  assertEquals(pct(0.12345), 12.35);
  assertEquals(pct(null), null);
});

Deno.test("weightedMean: by weight, skipping null values and non-positive weights; null when nothing is left", async () => {
  const { weightedMean } = await import("../../src/briefing/table.ts");
  const rows = [{ g: 3, a: 10 }, { g: 7, a: 30 }, { g: null, a: 50 }, { g: 1, a: 0 }];
  assertEquals(weightedMean(rows, (r) => r.g, (r) => r.a), 6);
  assertEquals(weightedMean([{ g: null, a: 5 }], (r) => r.g, (r) => r.a), null);
});
