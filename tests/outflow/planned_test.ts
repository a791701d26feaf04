// Planned out-flow of a plan year after the latest survey (seed 004 §2(2)): projects measured on the
// latest survey with known areas, livestock and aquaculture facilities on rows of their own in the
// annual plan, and restorations chosen to cover them.
import assert from "node:assert/strict";
import { buildOutflowLedger } from "../../src/outflow/ledger.ts";
import { isLivestock, plannedNeed } from "../../src/outflow/planned.ts";
import { createOverlay, localOrigin } from "../../src/geom/overlay.ts";
import { selectRestorations } from "../../src/selection/select.ts";
import { planTable } from "../../src/selection/plan.ts";
import { runBalance } from "../../src/selection/run.ts";
import { type P, project, survey } from "./_fixtures.ts";
import { piece } from "../selection/_fixtures.ts";
import { M2_PER_MU } from "../../src/units/area.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

// A (水田) and C (旱地) farmland, B an orchard; D 水浇地 in another township.
const LATEST: P[] = [
  { bsm: "A", dlbm: "0101", box: [0, 0, 100, 100], tbdlmj: 9000 },
  { bsm: "B", dlbm: "0201", box: [100, 0, 100, 100] },
  { bsm: "C", dlbm: "0103", box: [200, 0, 100, 100], tbdlmj: 8000, gddb: 7 },
  { bsm: "D", dlbm: "0102", box: [300, 0, 100, 100], tbdlmj: 10000, zl: "9001010020010000000" },
];
const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} ≠ ${b}`);

function projects() {
  return [
    // Half of A and half of B by geometry: 4,500 m² of 水田 (B is no farmland).
    project("P1", 2025, [[50, 0, 100, 100]], { type: "经营主体林果业", plannedUse: "果园" }),
    // C by its BSM, a livestock facility.
    project("P2", 2025, [], { type: "畜禽养殖设施", plannedUse: "设施农用地", parcelBsm: ["C"] }),
    // Nothing locates it: the declared area; aquaculture by its planned use.
    project("P3", 2025, [], { type: "其他", plannedUse: "养殖坑塘", declaredM2: 1234, zldwdm: "9001010020010000000" }),
    // An exempt record and another year: not planned out-flow of 2025.
    project("X1", 2025, [[300, 0, 100, 100]], { exempt: "灾毁" }),
    project("Y1", 2026, [[300, 0, 100, 100]]),
  ];
}

Deno.test("plannedNeed: geometry share × TBDLMJ, listed BSMs, else the declared area; livestock and aquaculture marked", async () => {
  const latest = survey(LATEST, 2024);
  const ov = await createOverlay({ origin: localOrigin(latest.geometry!) });
  try {
    const need = plannedNeed(latest, projects(), 2025, ov, { county: "900101", city: "9001", province: "90" })!;
    const by = Object.fromEntries(need.planned!.map((p) => [p.projectId, p]));
    assert.deepEqual(Object.keys(by), ["P1", "P2", "P3"]);
    near(by.P1.areaM2, 4500, "P1 area");
    near(by.P1.paddyM2, 4500, "P1 paddy");
    assert.equal(by.P1.basis, "geometry");
    assert.equal(by.P1.livestock, false);
    near(by.P2.areaM2, 8000, "P2 area");
    assert.equal(by.P2.grade, 7);
    assert.deepEqual([by.P2.basis, by.P2.livestock], ["bsm", true]);
    assert.deepEqual([by.P3.areaM2, by.P3.basis, by.P3.livestock, by.P3.township], [1234, "declared", true, "900101002"]);
    near(need.areaM2, 4500 + 8000 + 1234, "need");
    near(need.paddyM2, 4500, "need paddy");
    // Townships carry only the projects other than livestock (P1, township 001).
    assert.deepEqual(need.townships!.map((t) => [t.township, t.areaM2]), [["900101001", 4500]]);
    assert.equal(plannedNeed(latest, projects(), 2027, ov, { county: "900101", city: "9001", province: "90" }), null);
  } finally {
    ov.dispose();
  }
  assert.ok(isLivestock({ type: "水产养殖设施", plannedUse: null }) && !isLivestock({ type: "农田防护林", plannedUse: "乔木林地" }));
});

Deno.test("the ledger keeps planned needs apart from realised ones; the plan shows livestock on rows of their own", async () => {
  const l = await buildOutflowLedger({
    surveys: [{ year: 2023, table: survey(LATEST, 2023) }, { year: 2024, table: survey(LATEST, 2024) }],
    projects: projects(), pbf: null, unstable: null,
  });
  assert.deepEqual(l.needs.map((n) => [n.year, n.areaM2]), [[2024, 0]]);
  assert.deepEqual(l.plannedNeeds!.map((n) => n.year), [2025, 2026]);
  assert.ok(l.projects.find((p) => p.project.id === "P2")!.flags.some((f) => f.includes("计划项目（2025 年）") && f.includes("养殖设施用地")));
  const need = l.plannedNeeds![0];
  const pool = [piece("R1", 15, { township: "900101001" }), piece("R2", 8, { township: "900101002" })];
  const r = await selectRestorations([need], pool);
  assert.equal(r.needs[0].uncoveredM2, 0);
  const rows = planTable(r).rows;
  const livestock = rows.filter((x) => x.kind === "养殖设施用地（计划）");
  assert.deepEqual(livestock.map((x) => [x.outMu, String(x.note).slice(0, 2)]), [[12, "P2"], [1.85, "P3"]]);
  const town = rows.find((x) => x.kind === "乡镇" && x.township === "900101001")!;
  assert.equal(town.outMu, 6.75);
  assert.match(String(town.note), /^计划转出：P1 项目P1（经营主体林果业/);
  const total = rows.at(-1)!;
  assert.equal(total.kind, "合计");
  assert.equal(total.outMu, Math.round(((4500 + 8000 + 1234) / M2_PER_MU) * 100) / 100); // 亩, 2 decimals
  assert.match(String(total.note), /计划转出 3 个项目（其中养殖设施 2 个）/);
});

Deno.test({
  name: "balance --year after the latest survey: the demo's planned projects become the needs, and the plan covers them",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dir } = await demoProvince();
    const run = await runBalance({ dataDir: `${dir}/900101`, year: 2025 });
    assert.equal(run.year, 2025);
    assert.equal(run.needs.length, 1);
    assert.equal(run.needs[0].planned!.length, 3);
    assert.equal(run.needs[0].planned!.filter((p) => p.livestock).length, 2);
    assert.ok(run.needs[0].areaM2 > 0);
    const rows = planTable(run.selection).rows;
    assert.equal(rows.filter((x) => x.kind === "养殖设施用地（计划）").length, 2);
    // The rows add up: townships (other projects) + livestock rows = the county's planned out-flow.
    const parts = rows.filter((x) => x.kind === "乡镇" || x.kind === "养殖设施用地（计划）").reduce((s, x) => s + Number(x.outMu ?? 0), 0);
    assert.ok(Math.abs(parts - Number(rows.at(-1)!.outMu)) < 0.011 * rows.length, `${parts} vs ${rows.at(-1)!.outMu}`);
    assert.equal(rows.at(-1)!.outMu, Math.round((run.needs[0].areaM2 / M2_PER_MU) * 100) / 100);
  },
});
