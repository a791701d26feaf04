/** Abandonment line, terrain rule, unstable shares without double counting, region typology. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { abandonmentRates, terrainFromSlope } from "../../src/trends/abandonment.ts";
import { layerKindOf, mergeUnstableSums, unstableShares, unstableSums } from "../../src/trends/unstable.ts";
import { joinRegionType, parseRegionType, sumByRegionType } from "../../src/trends/region_type.ts";

Deno.test("abandonment at exactly 20% is not flagged; just above is", () => {
  const rows = abandonmentRates([
    { year: 2024, county: "A", farmlandM2: 1000, abandonedM2: 200 },
    { year: 2024, county: "B", farmlandM2: 1000, abandonedM2: 200.001 },
    { year: 2024, county: "C", farmlandM2: 0, abandonedM2: 0 },
  ]);
  assertEquals(rows.map((r) => [r.county, r.flagged]), [["A", false], ["B", true], ["C", false]]);
  assertEquals(rows[0].rate, 0.2);
  assert(Number.isNaN(rows[2].rate));
  const strict = abandonmentRates([{ year: 2024, county: "A", farmlandM2: 1000, abandonedM2: 150 }], {
    line: 0.1,
  });
  assert(strict[0].flagged);
  assertThrows(() => abandonmentRates([], { line: 2 }), RangeError);
});

Deno.test("terrain: configuration wins, otherwise the slope rule; both are reported", () => {
  assertEquals(terrainFromSlope([100, 0, 0, 0, 0]), "plain");
  assertEquals(terrainFromSlope([20, 50, 25, 5, 0]), "hill");
  assertEquals(terrainFromSlope([10, 20, 50, 15, 5]), "mountain");
  assertEquals(terrainFromSlope([0, 0, 0, 0, 0]), null);
  const [r] = abandonmentRates(
    [{ year: 2020, county: "X", farmlandM2: 10, abandonedM2: 1, slopeM2: [10, 0, 0, 0, 0] }],
    { terrain: new Map([["X", "mountain"]]) },
  );
  assertEquals([r.terrain, r.terrainSource, r.terrainFromSlope], ["mountain", "config", "plain"]);
});

Deno.test("unstable: each source apart, union counts every square metre once", () => {
  const rows = unstableShares([
    // marked HDGD, steep, and half inside the flood layer: counts whole once
    {
      region: "A",
      areaM2: 100,
      tbxhdm: "HDGD",
      slopeGrade: 5,
      layers: { 河湖管理范围: 0.5 },
      layerUnion: 0.5,
    },
    // only in two overlapping layers: 30% + 40%, union 50% → 50
    {
      region: "A",
      areaM2: 100,
      tbxhdm: null,
      slopeGrade: 2,
      layers: { 河湖管理范围: 0.3, 林区: 0.4 },
      layerUnion: 0.5,
    },
    // stable
    { region: "A", areaM2: 200, tbxhdm: "", slopeGrade: 1 },
    // lower-case code, another region
    { region: "B", areaM2: 50, tbxhdm: "smgd", slopeGrade: 3 },
  ], { layerNames: ["河湖管理范围", "林区"] });
  const a = rows.find((r) => r.region === "A")!;
  assertEquals(a.farmlandM2, 400);
  assertEquals(a.tbxhM2.HDGD, 100);
  assertEquals(a.slope5M2, 100);
  assertEquals(a.tbxhAnyM2, 100);
  assertEquals(a.attrUnionM2, 100, "HDGD and slope 5 on the same parcel count once");
  assertEquals(a.layerM2, { 河湖管理范围: 80, 林区: 40 });
  assertEquals(a.layerUnionM2, 100);
  assertEquals(a.unionM2, 150, "100 (attribute) + 50 (layers) — not 100 + 100 + 80 + 40");
  assertAlmostEquals(a.unionShare, 150 / 400);
  const b = rows.find((r) => r.region === "B")!;
  assertEquals([b.tbxhM2.SMGD, b.unionShare], [50, 1]);
  // sums of regions merge without losing the union
  const merged = mergeUnstableSums(
    "all",
    unstableSums([
      { region: "A", areaM2: 10, tbxhdm: "LQGD", slopeGrade: 1 },
      { region: "B", areaM2: 10, tbxhdm: null, slopeGrade: 5 },
    ]),
  );
  assertEquals([merged.farmlandM2, merged.attrUnionM2, merged.unionM2], [20, 20, 20]);
  assertThrows(
    () => unstableSums([{ region: "A", areaM2: 1, tbxhdm: null, slopeGrade: 1, layers: { a: 0.1, b: 0.2 } }]),
    Error,
    "并集",
  );
  assertEquals([
    layerKindOf("河湖管理范围"),
    layerKindOf("洪水位控制线"),
    layerKindOf("林区范围"),
    layerKindOf("草原"),
    layerKindOf("生态保护红线"),
  ], [
    "flood",
    "flood",
    "forest_grass",
    "forest_grass",
    null,
  ]);
});

Deno.test("region typology joins every row and groups", () => {
  const rows = joinRegionType(
    [{ c: "1", v: 2 }, { c: "2", v: 3 }, { c: "3", v: 4 }],
    (r) => r.c,
    new Map([["1", "grain"], ["2", "grain"]]),
  );
  assertEquals(rows.map((r) => r.region_type_zh), ["粮食主产区", "粮食主产区", "未分类"]);
  assertEquals(sumByRegionType(rows, ["v"]).map((r) => [r.region_type, r.units, r.v]), [["grain", 2, 5], [
    "unassigned",
    1,
    4,
  ]]);
  assertEquals(parseRegionType("生态脆弱区", "x"), "fragile");
  assertEquals(parseRegionType("metropolis", "x"), "developed");
  assertThrows(() => parseRegionType("城市", "表"), Error, "城市");
});
