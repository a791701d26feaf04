/**
 * Differentiated red lines (seed 000 §4.1): region-type resolution, each type's checks, the
 * configuration file (defaults, merging, validation); and cross-province / cross-county
 * compensation shown on both sides.
 */
import { assert, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { runAudit } from "../../src/audit/audit.ts";
import {
  type AuditConfig,
  defaultAuditConfig,
  loadAuditConfig,
  validateAuditConfig,
} from "../../src/audit/config.ts";
import {
  memorySurvey,
  occupationRecord,
  parcelHistory,
  supplementRecord,
} from "../../src/audit/memory.ts";
import { evaluateCheck, redlineVerdict, regionTypeOf } from "../../src/audit/redlines.ts";
import type { AuditFlag, CountyYearBalance } from "../../src/audit/types.ts";

const cfg = defaultAuditConfig();

function bal(b: Partial<CountyYearBalance>): CountyYearBalance {
  return {
    county: "900101",
    countyName: null,
    province: "90",
    year: 2021,
    regionType: "grain",
    occupations: 1,
    occAreaM2: 20000,
    occPaddyM2: 0,
    occGrade: 5,
    occCapacityKg: 24000,
    occFragmentShare: 0,
    occPbfM2: 0,
    occMarginalM2: 0,
    retreatAllowedM2: 0,
    unsupplementedM2: 0,
    supAreaM2: 20000,
    supPaddyM2: 0,
    supGrade: 5,
    supCapacityKg: 24000,
    supFragmentShare: 0,
    supLatestFarmM2: 20000,
    crossProvinceM2: 0,
    crossCountyInM2: 0,
    crossCountyOutM2: 0,
    unlinkedSupM2: 0,
    ecoSlopeM2: 0,
    ecoFloodM2: 0,
    ecoForestGrassM2: 0,
    wetlandForestM2: 0,
    exemptOccupations: 0,
    exemptAreaM2: 0,
    violations: 0,
    ...b,
  };
}

const status = (v: ReturnType<typeof redlineVerdict>) =>
  Object.fromEntries(v.checks.map((c) => [c.check, c.status]));

Deno.test("region type: county config, then admin_units, then the 13 grain provinces / metropolises, then default", () => {
  const admin = new Map([["900101", "fragile"]]);
  assertEquals(regionTypeOf("900101", admin, cfg), { type: "fragile", source: "admin_units" });
  assertEquals(regionTypeOf("340102", admin, cfg), { type: "grain", source: "config_province" }); // 安徽
  assertEquals(regionTypeOf("150102", admin, cfg), { type: "grain", source: "config_province" }); // 内蒙古 (official list)
  assertEquals(regionTypeOf("110105", admin, cfg), { type: "metropolis", source: "config_province" }); // 北京
  assertEquals(regionTypeOf("330106", admin, cfg), { type: "general", source: "default" }); // 浙江: not configured
  const grainProvinces = Object.entries(cfg.assignment.provinces).filter(([, t]) => t === "grain").map((
    [p],
  ) => p).sort();
  assertEquals(grainProvinces, [
    "13",
    "15",
    "21",
    "22",
    "23",
    "32",
    "34",
    "36",
    "37",
    "41",
    "42",
    "43",
    "51",
  ]);
  const moved: AuditConfig = {
    ...cfg,
    assignment: { ...cfg.assignment, seedSuggestion: { ...cfg.assignment.seedSuggestion, apply: true } },
  };
  assertEquals(regionTypeOf("150102", admin, moved), { type: "fragile", source: "seed_suggestion" });
  const pinned: AuditConfig = {
    ...cfg,
    assignment: { ...cfg.assignment, counties: { "900101": "developed" } },
  };
  assertEquals(regionTypeOf("900101", admin, pinned), { type: "developed", source: "config_county" });
  assertThrows(() => regionTypeOf("900101", new Map([["900101", "rural"]]), cfg), Error, "rural");
});

Deno.test("developed: quantity, capacity and layout; a capacity shortfall fails though the area balances", () => {
  const v = redlineVerdict(bal({ regionType: "developed", supCapacityKg: 20000 }), [], cfg);
  assertEquals(status(v), { quantity: "pass", capacity: "fail", layout: "pass" });
  assertEquals(v.status, "fail");
  const frag: AuditFlag = {
    code: "whole_to_fragments",
    sub: null,
    county: "900101",
    year: 2021,
    occupationIds: ["ZY1"],
    supplementIds: [],
    bsms: [],
    measures: {},
    evidence: "",
    exempt: false,
  };
  assertEquals(evaluateCheck("layout", bal({}), [frag], cfg.regionTypes.developed, cfg).status, "fail");
  assertEquals(
    evaluateCheck("layout", bal({}), [{ ...frag, exempt: true }], cfg.regionTypes.developed, cfg).status,
    "pass",
  );
});

Deno.test("metropolis: zero loss — supplement no longer farmland in the latest survey fails; no retreat", () => {
  assertEquals(redlineVerdict(bal({ regionType: "metropolis" }), [], cfg).status, "pass");
  const lost = redlineVerdict(bal({ regionType: "metropolis", supLatestFarmM2: 15000 }), [], cfg);
  assertEquals(status(lost).zero_loss, "fail");
  assertEquals(cfg.regionTypes.metropolis.allowMarginalRetreat, false);
});

Deno.test("grain: 数量不减、质量不降、水田、永久基本农田数量不减、生态向好", () => {
  assertEquals(redlineVerdict(bal({}), [], cfg).status, "pass");
  const v = redlineVerdict(
    bal({ occPbfM2: 5000, supGrade: 6, occPaddyM2: 10000, supPaddyM2: 5000 }),
    [],
    cfg,
  );
  assertEquals(status(v), {
    quantity: "pass",
    quality: "fail",
    paddy: "fail",
    pbf_quantity: "fail",
    ecology: "pass",
  });
  const eco: AuditFlag = {
    code: "wetland_forest_destroyed",
    sub: "wetland",
    county: "900101",
    year: 2021,
    occupationIds: [],
    supplementIds: ["BC1"],
    bsms: ["C"],
    measures: {},
    evidence: "",
    exempt: false,
  };
  assertEquals(status(redlineVerdict(bal({}), [eco], cfg)).ecology, "fail");
});

Deno.test("fragile: quality and ecology first; retired marginal land counts toward quantity, only there", () => {
  const b = bal({ regionType: "fragile", supAreaM2: 12000, retreatAllowedM2: 8000 });
  assertEquals(status(redlineVerdict(b, [], cfg)), { quality: "pass", ecology: "pass", quantity: "pass" });
  assertEquals(status(redlineVerdict({ ...b, regionType: "grain" }, [], cfg)).quantity, "fail");
  const none = redlineVerdict(
    bal({ regionType: "fragile", occupations: 0, occAreaM2: 0, occGrade: null, supGrade: null }),
    [],
    cfg,
  );
  assertEquals(status(none), { quality: "na", ecology: "pass", quantity: "na" });
});

Deno.test("configuration: default file valid and versioned; a partial file merges; errors name the key", async () => {
  assertEquals([cfg.id, cfg.version, cfg.standardYield.isDefault], ["redlines", "1", true]);
  assert(cfg.source.some((s) => s.includes("默认")), "says the thresholds are defaults");
  const dir = await Deno.makeTempDir({ prefix: "audit_cfg_" });
  try {
    await Deno.writeTextFile(
      `${dir}/c.json`,
      JSON.stringify({ version: "1-local", audit: { block: { minMu: 20 } } }),
    );
    const c = await loadAuditConfig(`${dir}/c.json`);
    assertEquals([c.version, c.audit.block.minMu, c.audit.block.gapM, c.audit.gradeTolerance], [
      "1-local",
      20,
      10,
      0.5,
    ]);
    await Deno.writeTextFile(
      `${dir}/bad.json`,
      JSON.stringify({ audit: { gradeTolerance: -1 }, regionTypes: { grain: { checks: ["fast"] } } }),
    );
    await assertRejects(() => loadAuditConfig(`${dir}/bad.json`), "audit.gradeTolerance");
    await assertRejects(() => loadAuditConfig(`${dir}/bad.json`), "fast");
    await Deno.writeTextFile(`${dir}/broken.json`, "{");
    await assertRejects(() => loadAuditConfig(`${dir}/broken.json`), "JSON");
    await assertRejects(() => loadAuditConfig(`${dir}/none.json`), "找不到配置文件");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assertThrows(
    () => validateAuditConfig({ ...cfg, assignment: { ...cfg.assignment, default: "nowhere" } }),
    Error,
    "nowhere",
  );
});

Deno.test("cross-province: the buyer's occupation balanced by the seller's supplement, both sides shown", async () => {
  const rows = ["A", "B"].flatMap((b) =>
    parcelHistory("900101", b, { 2020: { dlbm: "0101", gddb: 3 }, 2021: { dlbm: "0702" } })
  );
  const r = await runAudit({
    occupations: [occupationRecord({ id: "ZY1", county: "900101", year: 2021, bsms: ["A", "B"] })],
    supplements: [supplementRecord({
      id: "BC1",
      county: "900101",
      year: 2021,
      occupationId: "ZY1",
      sellerProvince: "黑龙江省",
      areaM2: 21000,
      paddyM2: 21000,
      grade: 3.4,
    })],
    survey: memorySurvey({ rows, adjacent: [["A", "B"]] }),
    adminTypes: new Map([["900101", "developed"]]),
  }, cfg);
  assertEquals(r.trades.length, 1);
  const t = r.trades[0];
  assertEquals(
    [
      t.kind,
      t.buyerCounty,
      t.buyerProvince,
      t.sellerProvince,
      t.sellerCounty,
      t.areaM2,
      t.grade,
      t.occAreaM2,
      t.occGrade,
      t.source,
    ],
    ["cross_province", "900101", "90", "黑龙江省", null, 21000, 3.4, 20000, 3, "record"],
  );
  const b = r.balance[0];
  assertEquals([b.supAreaM2, b.crossProvinceM2, b.occAreaM2], [21000, 21000, 20000]);
  assertEquals(r.flags, []);
  assertEquals(r.verdicts[0].status, "pass");
});

Deno.test("cross-county: a supplement made in another county counts for the buyer and shows as 调出 for the seller", async () => {
  const rows = [
    ...["A", "B"].flatMap((b) =>
      parcelHistory("900101", b, { 2020: { dlbm: "0103" }, 2021: { dlbm: "0702" } })
    ),
    ...["C", "D"].flatMap((b) =>
      parcelHistory("900102", b, { 2020: { dlbm: "0404" }, 2021: { dlbm: "0103" } })
    ),
  ];
  const r = await runAudit({
    occupations: [occupationRecord({ id: "ZY1", county: "900101", year: 2021, bsms: ["A", "B"] })],
    supplements: [
      supplementRecord({ id: "BC1", county: "900102", year: 2021, occupationId: "ZY1", bsms: ["C", "D"] }),
    ],
    survey: memorySurvey({ rows, adjacent: [["A", "B"], ["C", "D"]] }),
  }, cfg);
  assertEquals(
    r.trades.map((t) => [t.kind, t.buyerCounty, t.sellerCounty, t.sellerProvince, t.areaM2, t.source]),
    [
      ["cross_county", "900101", "900102", "90", 20000, "survey"],
    ],
  );
  const byCounty = Object.fromEntries(r.balance.map((b) => [b.county, b]));
  assertEquals([byCounty["900101"].supAreaM2, byCounty["900101"].crossCountyInM2], [20000, 20000]);
  assertEquals([byCounty["900102"].occupations, byCounty["900102"].crossCountyOutM2], [0, 20000]);
  assertEquals(r.regionTypes.get("900101")?.type, "general"); // demo province 90 is not configured
});

Deno.test("--year: only that year's projects (and supplements linked to them) are audited", async () => {
  const rows = [
    ...parcelHistory("900101", "A", {
      2020: { dlbm: "0103" },
      2021: { dlbm: "0702" },
      2022: { dlbm: "0702" },
    }),
    ...parcelHistory("900101", "B", {
      2020: { dlbm: "0103" },
      2021: { dlbm: "0103" },
      2022: { dlbm: "0702" },
    }),
  ];
  const occupations = [
    occupationRecord({ id: "ZY1", county: "900101", year: 2021, bsms: ["A"] }),
    occupationRecord({ id: "ZY2", county: "900101", year: 2022, bsms: ["B"] }),
  ];
  const r = await runAudit({ occupations, supplements: [], survey: memorySurvey({ rows }) }, cfg, {
    year: 2022,
  });
  assertEquals(r.year, 2022);
  assertEquals(r.occupations.map((o) => o.id), ["ZY2"]);
  assertEquals(r.flags.map((f) => f.occupationIds[0]), ["ZY2"]);
});
