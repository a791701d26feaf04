/**
 * The out-flow ledger on hand-made two-year tables with exactly known answers: which class
 * changes count, project attribution by overlay, exempt kinds, permanent basic farmland to
 * 整改恢复, timing, consent, unstable shares, matching by overlap, and conservation.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { buildOutflowLedger } from "../../src/outflow/ledger.ts";
import type { OutflowEntry, OutflowLedger } from "../../src/outflow/types.ts";
import { polygonColumnFromRings } from "../../src/geom/types.ts";
import { changed, type P, project, rect, survey } from "./_fixtures.ts";
import { CONTRACT_TODO, contractTodoTable, outflowTables } from "../../src/outflow/tables.ts";

const sum = (es: OutflowEntry[]) => es.reduce((s, e) => s + e.areaM2, 0);
const by = (l: OutflowLedger, f: (e: OutflowEntry) => boolean) => l.entries.filter(f);

/** Conservation per year: changed farmland = Σ entries of every status. */
function assertConserved(l: OutflowLedger): void {
  for (const y of l.years) {
    const total = sum(l.entries.filter((e) => e.year === y));
    assertAlmostEquals(total, l.changedFarmlandM2[y], 1e-6, `conservation ${y}`);
  }
}

// Ten 100 × 100 parcels in a row; TBDLMJ is 9000 (田坎 deducted), so planar area is never used as quantity.
const ROW: P[] = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"].map((bsm, i) => ({
  bsm, dlbm: "0101", box: [i * 100, 0, 100, 100], tbdlmj: 9000,
}));
const BEFORE = changed(ROW, { B: { dlbm: "0102" }, C: { dlbm: "0103" }, F: { dlbm: "0201" }, H: { dlbm: "0103" } });
const AFTER = changed(BEFORE, {
  A: { dlbm: "0201" }, // orchard → out
  B: { dlbm: "0301" }, // forest → out
  C: { dlbm: "1104A" }, // aquaculture pond → out
  D: { dlbm: "1202" }, // facility land → out
  E: { dlbm: "0702" }, // construction → 占补, not here
  F: { dlbm: "0101" }, // restoration back to farmland → not an out-flow
  G: { dlbm: "0201K" }, // K-suffixed orchard → out, as 0201
  H: { dlbm: "0404" }, // 其他草地 → other
  I: { dlbm: "0103" }, // farmland to farmland → nothing
});

Deno.test("two-year comparison: orchard, forest, pond, 1202 and K codes count; construction, restoration, 0404 do not", async () => {
  const l = await buildOutflowLedger({
    surveys: [{ year: 2020, table: survey(BEFORE, 2020) }, { year: 2021, table: survey(AFTER, 2021) }],
    projects: [], pbf: null, unstable: null,
  });
  const kinds = Object.fromEntries(l.entries.map((e) => [e.bsm, e.kind]));
  assertEquals(kinds, { A: "outflow", B: "outflow", C: "outflow", D: "outflow", E: "construction", G: "outflow", H: "other" });
  assertEquals(l.entries.find((e) => e.bsm === "G")!.toClass, "0201");
  assertEquals(l.entries.find((e) => e.bsm === "C")!.toClass, "1104");
  assertEquals(l.entries.find((e) => e.bsm === "E")!.status, "zhanbu");
  assertEquals(l.entries.find((e) => e.bsm === "H")!.status, "other");
  for (const e of l.entries) {
    assertEquals(e.areaM2, 9000, `${e.bsm}: TBDLMJ of year t−1`);
    assertEquals(e.attribution, "farmer");
    assertEquals(e.phase, "通知后");
  }
  // 通知后, farmers' own, no county consent: 待认定, nothing enters the balance.
  assertEquals(by(l, (e) => e.kind === "outflow").map((e) => [e.status, e.consent]), Array(5).fill(["pending", "待认定"]));
  assertEquals(l.needs.map((n) => [n.county, n.year, n.areaM2]), [["900101", 2021, 0]]);
  assertEquals(l.changedFarmlandM2[2021], 7 * 9000);
  assertConserved(l);
});

Deno.test("consent list and the 2020 survey year: what enters the balance", async () => {
  const tables = [{ year: 2020, table: survey(BEFORE, 2020) }, { year: 2021, table: survey(AFTER, 2021) }];
  const consented = await buildOutflowLedger({ surveys: tables, projects: [], pbf: null, unstable: null, rules: { consentBsm: ["A", "G"] } });
  const bal = by(consented, (e) => e.status === "balance");
  assertEquals(bal.map((e) => [e.bsm, e.consent]), [["A", "县级同意"], ["G", "县级同意"]]);
  assertEquals(consented.needs[0].areaM2, 18000);
  assertEquals(consented.needs[0].paddyM2, 18000);
  // The same change found in the 2020 survey: 通知前 by year, enters the balance (not 一刀切).
  const early = await buildOutflowLedger({
    surveys: [{ year: 2019, table: survey(BEFORE, 2019) }, { year: 2020, table: survey(AFTER, 2020) }],
    projects: [], pbf: null, unstable: null,
  });
  assert(by(early, (e) => e.kind === "outflow").every((e) => e.phase === "通知前" && e.status === "balance"));
  assertEquals(early.needs[0].areaM2, 5 * 9000);
  const review = await buildOutflowLedger({
    surveys: [{ year: 2019, table: survey(BEFORE, 2019) }, { year: 2020, table: survey(AFTER, 2020) }],
    projects: [], pbf: null, unstable: null, rules: { preNotice: "review" },
  });
  assertEquals(review.needs[0].areaM2, 0);
});

Deno.test("project attribution by overlay: known overlap areas, order by 项目编号, the rest is the farmers' own", async () => {
  const before: P[] = [{ bsm: "A", dlbm: "0101", box: [0, 0, 100, 100], tbdlmj: 9000, gddb: 4 }, { bsm: "B", dlbm: "0103", box: [100, 0, 100, 100] }];
  const after = changed(before, { A: { dlbm: "0201" } });
  const l = await buildOutflowLedger({
    surveys: [{ year: 2021, table: survey(before, 2021) }, { year: 2022, table: survey(after, 2022) }],
    projects: [
      project("P1", 2022, [[0, 0, 25, 100]], { townshipFiled: false }),
      project("P2", 2022, [[20, 0, 40, 100]]),
      project("P3", 2022, [[500, 500, 10, 10]]),
      project("P0", 2021, [[0, 0, 100, 100]]), // another year: not used
    ],
    pbf: null, unstable: null,
  });
  const parts = l.entries.map((e) => [e.projectId, e.status, Math.round(e.areaM2 * 1e6) / 1e6]);
  assertEquals(parts, [["P1", "pending", 2250], ["P2", "balance", 3150], [null, "pending", 3600]]);
  const p1 = l.entries[0];
  assertEquals([p1.attribution, p1.approved, p1.consent, p1.phaseDate], ["project", false, "待认定", "2021-03-01"]);
  assertEquals(l.entries[2].attribution, "farmer");
  // Coverage is per project, independent of the order: P2 covers 40 % of A; B is untouched farmland next door.
  const cov = l.coverage.map((c) => [c.projectId, c.bsm, Math.round(c.share * 1e9) / 1e9, Math.round(c.areaM2 * 1e6) / 1e6, c.changed]);
  assertEquals(cov, [["P1", "A", 0.25, 2250, true], ["P2", "A", 0.4, 3600, true]]);
  const flags = Object.fromEntries(l.projects.map((p) => [p.project.id, p.flags]));
  assert(flags.P1.includes("乡镇备案为“否”"), flags.P1.join("；"));
  assert(flags.P3.includes("未覆盖上一年度耕地"));
  assert(flags.P0.some((f) => f.includes("不在比较年份")));
  assertEquals(l.needs[0].areaM2, 3150);
  assertEquals(l.needs[0].grade, 4);
  assertConserved(l);
});

Deno.test("exempt kinds are kept apart, even inside permanent basic farmland", async () => {
  const before: P[] = ["A", "B", "C", "D"].map((bsm, i) => ({ bsm, dlbm: "0103", box: [i * 100, 0, 100, 100] }));
  const after = changed(before, { A: { dlbm: "0301" }, B: { dlbm: "1206" }, C: { dlbm: "1101" }, D: { dlbm: "1101" } });
  const l = await buildOutflowLedger({
    surveys: [{ year: 2022, table: survey(before, 2022) }, { year: 2023, table: survey(after, 2023) }],
    projects: [
      project("E1", 2023, [[0, 0, 100, 100]], { exempt: "生态退耕", type: "国家安排的生态退耕" }),
      project("E2", 2023, [[100, 0, 100, 100]], { exempt: "灾毁" }),
      project("E3", 2023, [[200, 0, 100, 100]], { exempt: "河湖水面自然扩大" }),
    ],
    pbf: polygonColumnFromRings([[[rect(0, 0, 100, 100)]]]), unstable: null,
  });
  const st = Object.fromEntries(l.entries.map((e) => [e.bsm, [e.status, e.exempt, e.attribution]]));
  assertEquals(st, {
    A: ["exempt", "生态退耕", "exempt"], B: ["exempt", "灾毁", "exempt"], C: ["exempt", "河湖水面自然扩大", "exempt"],
    D: ["other", null, "farmer"],
  });
  assertEquals(l.needs[0].areaM2, 0);
  assert(l.entries[0].note.startsWith("国家安排的生态退耕"));
  assertConserved(l);
});

Deno.test("permanent basic farmland: the overlapping area goes to 整改恢复 exactly; a project touching it is flagged", async () => {
  const before: P[] = [{ bsm: "A", dlbm: "0101", box: [0, 0, 100, 100], tbdlmj: 9000 }, { bsm: "B", dlbm: "0102", box: [100, 0, 100, 100] }];
  const after = changed(before, { A: { dlbm: "0301" }, B: { dlbm: "1104" } });
  const l = await buildOutflowLedger({
    surveys: [{ year: 2023, table: survey(before, 2023) }, { year: 2024, table: survey(after, 2024) }],
    projects: [project("P", 2024, [[0, 0, 50, 100]])],
    // PBF covers the left 30 m of A and touches B only along an edge (overlap 0: not PBF).
    pbf: polygonColumnFromRings([[[rect(0, 0, 30, 100)]], [[rect(200, 0, 50, 100)]]]), unstable: null,
  });
  const rows = l.entries.map((e) => [e.bsm, e.projectId, e.status, Math.round(e.areaM2 * 1e6) / 1e6]);
  assertEquals(rows, [
    ["A", "P", "restore", 2700], ["A", "P", "balance", 1800], ["A", null, "pending", 4500], ["B", null, "pending", 10000],
  ]);
  const p = l.projects[0];
  assertAlmostEquals(p.pbfPlanarM2, 3000, 1e-6);
  assert(p.flags.some((f) => f.startsWith("涉及永久基本农田 3000.00 平方米")), p.flags.join("；"));
  assertAlmostEquals(p.byStatus.restore!, 2700, 1e-6);
  assertConserved(l);
});

Deno.test("timing: project dates at the notice boundaries decide; no date → survey year", async () => {
  const before: P[] = ["A", "B", "C", "D", "E"].map((bsm, i) => ({ bsm, dlbm: "0103", box: [i * 100, 0, 100, 100] }));
  const after = changed(before, { A: { dlbm: "0201" }, B: { dlbm: "0201" }, C: { dlbm: "0301" }, D: { dlbm: "0301" }, E: { dlbm: "0201" } });
  const unapproved = { householdConsent: false };
  const l = await buildOutflowLedger({
    surveys: [{ year: 2020, table: survey(before, 2020) }, { year: 2021, table: survey(after, 2021) }],
    projects: [
      project("PA", 2021, [[0, 0, 100, 100]], { ...unapproved, startDate: "2020-11-03" }),
      project("PB", 2021, [[100, 0, 100, 100]], { ...unapproved, startDate: "2020-11-04" }),
      project("PC", 2021, [[200, 0, 100, 100]], { ...unapproved, type: "依法依规绿化造林", startDate: "2020-09-09" }),
      project("PD", 2021, [[300, 0, 100, 100]], { ...unapproved, type: "依法依规绿化造林", startDate: "2020-10-01" }),
      project("PE", 2021, [[400, 0, 100, 100]], { ...unapproved, startDate: null, endDate: "2020-10-01" }),
    ],
    pbf: null, unstable: null,
  });
  const ph = Object.fromEntries(l.entries.map((e) => [e.projectId, [e.phase, e.status]]));
  assertEquals(ph, {
    PA: ["通知前", "balance"], PB: ["通知后", "pending"], PC: ["通知前", "balance"], PD: ["通知后", "pending"], PE: ["通知前", "balance"],
  });
  assert(l.entries[3].phaseBasis.includes("国办发明电〔2020〕24号"), l.entries[3].phaseBasis);
  assert(l.entries[1].phaseBasis.includes("国办发〔2020〕44号"), l.entries[1].phaseBasis);
});

Deno.test("unstable farmland: TBXHDM, slope grade 5 and the configured layer, with known shares", async () => {
  const before: P[] = [
    { bsm: "A", dlbm: "0101", box: [0, 0, 100, 100], tbxhdm: "HDGD" },
    { bsm: "B", dlbm: "0103", box: [100, 0, 100, 100], gdpdjb: 5 },
    { bsm: "C", dlbm: "0103", box: [200, 0, 100, 100], tbdlmj: 8000 },
    { bsm: "D", dlbm: "0103", box: [300, 0, 100, 100] },
  ];
  const after = changed(before, { A: { dlbm: "0201" }, B: { dlbm: "0301" }, C: { dlbm: "0201" }, D: { dlbm: "0201" } });
  const l = await buildOutflowLedger({
    surveys: [{ year: 2019, table: survey(before, 2019) }, { year: 2020, table: survey(after, 2020) }],
    projects: [], pbf: null, unstable: polygonColumnFromRings([[[rect(200, 0, 40, 100)]]]),
  });
  const u = Object.fromEntries(l.entries.map((e) => [e.bsm, [Math.round(e.unstableM2 * 1e6) / 1e6, e.unstableReason]]));
  assertEquals(u, { A: [10000, "HDGD 河道耕地"], B: [10000, "坡度级别 5（>25°）"], C: [3200, "不稳定耕地图层"], D: [0, null] });
});

Deno.test("a vanished BSM or changed geometry is matched by overlap and reported; uncovered land stays unmatched", async () => {
  const before: P[] = [{ bsm: "A", dlbm: "0101", box: [0, 0, 100, 100], tbdlmj: 9000 }, { bsm: "K", dlbm: "0102", box: [200, 0, 100, 100] }];
  const after: P[] = [
    { bsm: "B", dlbm: "0201", box: [0, 0, 50, 100] }, // half of A became orchard under a new BSM
    { bsm: "C", dlbm: "0101", box: [50, 0, 50, 100] }, // the other half is still farmland
    { bsm: "K", dlbm: "0301", box: [200, 0, 60, 100] }, // K shrank: 60 % forest, 40 % covered by nothing
  ];
  const l = await buildOutflowLedger({
    surveys: [{ year: 2022, table: survey(before, 2022) }, { year: 2023, table: survey(after, 2023) }], projects: [], pbf: null, unstable: null,
  });
  const rows = l.entries.map((e) => [e.bsm, e.bsmAfter, e.matchedBy, e.status, Math.round(e.areaM2 * 1e6) / 1e6]);
  assertEquals(rows, [["A", "B", "overlap", "pending", 4500], ["K", "K", "overlap", "pending", 6000], ["K", null, "none", "unmatched", 4000]]);
  assertEquals(l.unmatched.map((u) => [u.bsm, u.reason, u.overlaps.map((o) => [o.bsm, Math.round(o.share * 1e9) / 1e9])]), [
    ["A", "BSM 在 2023 年图斑中不存在", [["B", 0.5], ["C", 0.5]]],
    ["K", "BSM 相同但几何不同", [["K", 0.6]]],
  ]);
  assertAlmostEquals(l.unmatched[1].uncoveredShare, 0.4, 1e-9);
  assertConserved(l);
});

Deno.test("outflow fixtures: survey table carries areas, admin codes and grades", () => {
  const t = survey([{ bsm: "A", dlbm: "0101", box: [0, 0, 100, 50], gddb: 3 }, { bsm: "B", dlbm: "0201", box: [100, 0, 100, 50] }]);
  assertEquals(t.length, 2);
  assertEquals(t.num.TBDLMJ[0], 5000);
  assertEquals(t.text.county[0], "900101");
  assertEquals(t.text.township[0], "900101001");
  assertEquals(t.num.GDDB[0], 3);
  assertEquals(Number.isNaN(t.num.GDDB[1]), true);
});

Deno.test("a project without geometry covers the parcels its 地块BSM lists, whole", async () => {
  const before: P[] = [{ bsm: "A", dlbm: "0101", box: [0, 0, 100, 100] }, { bsm: "B", dlbm: "0101", box: [100, 0, 100, 100] }];
  const after = changed(before, { A: { dlbm: "1202" }, B: { dlbm: "1202" } });
  const l = await buildOutflowLedger({
    surveys: [{ year: 2022, table: survey(before, 2022) }, { year: 2023, table: survey(after, 2023) }],
    projects: [project("Q", 2023, [], { parcelBsm: ["A"], type: "畜禽水产养殖设施" })], pbf: null, unstable: null,
  });
  assertEquals(l.entries.map((e) => [e.bsm, e.projectId, e.status, e.areaM2]), [["A", "Q", "balance", 10000], ["B", null, "pending", 10000]]);
  assertEquals(l.coverage.map((c) => [c.projectId, c.bsm, c.share, c.changed]), [["Q", "A", 1, true]]);
  assertEquals(l.needs[0].townships, [{ township: "900101001", areaM2: 10000, paddyM2: 10000, grade: 5 }]);
});

Deno.test("contracted farmland that changed use: the township's to-do list holds the balanced collective parcels only", async () => {
  // 2020 survey: everything balances (通知前). A is state-owned, the rest collective; E is construction (占补).
  const before = changed(BEFORE, { A: { qsxz: "10" }, D: { zl: "9001010020010000000" } });
  const after = changed(AFTER, { A: { qsxz: "10" }, D: { zl: "9001010020010000000" } });
  const l = await buildOutflowLedger({
    surveys: [{ year: 2019, table: survey(before, 2019) }, { year: 2020, table: survey(after, 2020) }],
    projects: [], pbf: null, unstable: null,
  });
  const t = contractTodoTable(l.entries, () => null);
  assertEquals(t.name, "承包合同变更任务");
  // B, C, G (township 001) then D (township 002); not A (国有), not E (占补), not H (其他).
  assertEquals(t.rows.map((e) => e.bsm), ["B", "C", "G", "D"]);
  assert(t.rows.every((e) => e.status === "balance" && e.ownership === "集体"));
  const todo = t.columns.find((c) => c.header === "乡镇任务")!;
  assertEquals(todo.value(t.rows[0]), CONTRACT_TODO);
  assert(CONTRACT_TODO.includes("重新签订或变更承包合同") && CONTRACT_TODO.includes("变更权属证书"));
  // It is one of the ledger's written tables.
  assert(outflowTables([l], { byUnit: [], byDimension: [] }).some((x) => x.csv === "contract_todo.csv"));
});
