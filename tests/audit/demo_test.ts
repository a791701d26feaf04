/**
 * The audit on the demo province (default seed): every check occurs at least once, the
 * planted outcomes written in the records' 备注 are found by the check they were planted for,
 * key projects stay apart, cross-province purchases show both sides, and the fragile county's
 * planted retirement of marginal farmland is not 占多补少. See src/demo/zhanbu_sim.ts for where
 * each is planted.
 */
import { assert, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { auditDataDir } from "../../src/audit/audit.ts";
import { defaultAuditConfig } from "../../src/audit/config.ts";
import { FLAG_CODES } from "../../src/audit/types.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { writeAuditOutputs } from "../../src/audit/outputs.ts";

const { dir } = await demoProvince();
const cfg = defaultAuditConfig();
const result = await auditDataDir(dir, cfg);
const OCC_CHECKS = new Set([
  "occupy_more_supplement_less",
  "occupy_better_supplement_worse",
  "paddy_to_dry",
  "whole_to_fragments",
  "occupied_not_supplemented",
  "pbf_hsf_block",
]);

Deno.test("demo audit: every check occurs at least once, and every sub-reason of the ecological ones", () => {
  const seen = new Set(result.flags.map((f) => f.code));
  for (const c of FLAG_CODES) assert(seen.has(c), `${c} never raised on the demo province`);
  const subs = new Set(result.flags.map((f) => `${f.code}/${f.sub}`));
  for (
    const s of [
      "eco_unstable/slope",
      "eco_unstable/flood",
      "eco_unstable/forest_grass",
      "wetland_forest_destroyed/wetland",
      "wetland_forest_destroyed/forest",
      "pbf_hsf_block/pbf",
      "data_distorted/not_latest",
    ]
  ) assert(subs.has(s), `${s} never raised`);
  for (const f of result.flags) {
    assert(
      f.evidence.length > 0 && (f.bsms.length > 0 || f.code === "occupy_better_supplement_worse"),
      f.evidence,
    );
  }
});

Deno.test("demo audit: the outcomes planted in 备注 are found by their checks", () => {
  const occ = readXlsx(`${dir}/zhanbu/occupation.xlsx`);
  const planted = new Map<string, string[]>();
  for (let i = 0; i < occ.length; i++) {
    if (occ.columns["是否国家重点项目"][i] === "是") continue;
    const label = String(occ.columns["备注"][i]).split("预设情形：")[1];
    planted.set(label, [...(planted.get(label) ?? []), String(occ.columns["项目编号"][i])]);
  }
  const expect: Record<string, string> = {
    "占多补少": "occupy_more_supplement_less",
    "占优补劣": "occupy_better_supplement_worse",
    "占水田补旱地": "paddy_to_dry",
    "占整补零": "whole_to_fragments",
    "占而不补": "occupied_not_supplemented",
    "坡度大于25度补充": "eco_unstable/slope",
    "河湖管理范围内补充": "eco_unstable/flood",
    "林地上补充（毁林开荒）": "wetland_forest_destroyed/forest",
    "湿地上补充（毁湿种地）": "wetland_forest_destroyed/wetland",
    "劣地坡地生地补充": "poor_steep_raw",
  };
  let checked = 0;
  for (const [label, check] of Object.entries(expect)) {
    const ids = planted.get(label) ?? [];
    if (ids.length === 0) continue;
    checked++;
    const hit = result.flags.some((f) =>
      (f.code === check || `${f.code}/${f.sub}` === check ||
        (check === "poor_steep_raw" && f.code === check)) &&
      f.occupationIds.some((id) => ids.includes(id))
    );
    assert(hit, `planted ${label} (${ids.join(", ")}) not found by ${check}`);
  }
  assert(checked >= 8, `only ${checked} planted outcomes in the demo`);
  assert((planted.get("占而不补") ?? []).includes("ZY900202-2022-02"));
});

Deno.test("demo audit: key projects are apart and never among the violations", () => {
  const key = new Set(result.occupations.filter((o) => o.keyProject).map((o) => o.id));
  assert(key.size > 0);
  assertEquals(new Set(result.exempt.map((e) => e.occupation.id)), key);
  for (const f of result.flags) {
    if (OCC_CHECKS.has(f.code)) {
      assert(!f.occupationIds.some((id) => key.has(id)), `${f.code} on key project ${f.occupationIds}`);
    }
  }
  assert(result.exempt.some((e) => e.flags.length > 0), "some key project would have been flagged");
  for (const b of result.balance) {
    const exemptArea = result.occupations.filter((o) =>
      o.keyProject && o.county === b.county && o.year === b.year
    )
      .reduce((s, o) => s + o.occAreaM2, 0);
    assert(Math.abs(b.exemptAreaM2 - exemptArea) < 1e-6, `${b.county} ${b.year}`);
  }
});

Deno.test("demo audit: cross-province purchases show the buyer county and the seller province", () => {
  const cross = result.trades.filter((t) => t.kind === "cross_province");
  assert(cross.length > 0);
  for (const t of cross) {
    assert(t.buyerCounty.startsWith("90") && t.buyerProvince === "90", t.buyerCounty);
    assert(
      ["黑龙江省", "内蒙古自治区", "新疆维吾尔自治区", "吉林省"].includes(t.sellerProvince),
      t.sellerProvince,
    );
    assert(t.areaM2 > 0 && t.grade !== null && t.occAreaM2 !== null, t.supplementId);
    const b = result.balance.find((x) =>
      x.county === t.buyerCounty && x.year === result.occupations.find((o) => o.id === t.occupationId)!.year
    )!;
    assert(
      b.crossProvinceM2 >= t.areaM2 - 1e-6 ||
        result.occupations.find((o) => o.id === t.occupationId)!.keyProject,
    );
  }
});

Deno.test("demo audit: the fragile county's planted retirement of marginal farmland is not 占多补少", () => {
  const o = result.occupations.find((x) => x.id === "ZY900203-2020-01")!;
  assertEquals(result.regionTypes.get("900203")?.type, "fragile");
  assert(o.supAreaM2 < o.occAreaM2 && o.retreatAllowedM2 > 0, `${o.supAreaM2} vs ${o.occAreaM2}`);
  assert(
    !result.flags.some((f) => f.code === "occupy_more_supplement_less" && f.occupationIds.includes(o.id)),
  );
  const v = result.verdicts.find((x) => x.county === "900203" && x.year === 2020)!;
  assert(v.checks.find((c) => c.check === "quantity")!.evidence.includes("退出边际耕地"));
});

Deno.test("demo audit: region types from admin_units.csv; every county-year judged; outputs written", async () => {
  assertEquals(
    new Set([...result.regionTypes.values()].map((t) => t.type)),
    new Set(["developed", "grain", "fragile"]),
  );
  assertEquals(result.verdicts.length, result.balance.length);
  assert(
    result.verdicts.some((v) => v.status === "fail") && result.verdicts.some((v) => v.status === "pass"),
  );
  const out = await Deno.makeTempDir({ prefix: "audit_demo_out_" });
  try {
    await writeAuditOutputs(`${out}/r`, result, { inputs: [`${dir}/zhanbu/occupation.xlsx`] });
    const flags = readXlsx(`${out}/r/audit.xlsx`, { sheet: "问题线索" });
    assertEquals(flags.length, result.flags.length);
    const exempt = readXlsx(`${out}/r/audit.xlsx`, { sheet: "国家重点项目（豁免）" });
    assertEquals(exempt.length, result.exempt.length);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
