// Parcel lineage between survey years (src/lineage): split, merged, re-numbered, partly converted
// and vanished parcels, with known shares; and the audit reading re-numbered supplements through it.
import assert from "node:assert/strict";
import { createLineage, followBsms, traceText } from "../../src/lineage/trace.ts";
import { createOverlay, localOrigin } from "../../src/geom/overlay.ts";
import { type P, survey } from "../outflow/_fixtures.ts";
import { runAudit } from "../../src/audit/audit.ts";
import { tableSurvey } from "../../src/audit/survey.ts";
import { defaultAuditConfig } from "../../src/audit/config.ts";
import { occupationRecord, supplementRecord } from "../../src/audit/memory.ts";
import { openEngine } from "../../src/db/engine.ts";
import type { ParcelTable } from "../../src/ingest/parcel_table.ts";

const y2021: P[] = [
  { bsm: "S", dlbm: "0102", box: [0, 0, 100, 100] }, // will be split in two
  { bsm: "T", dlbm: "0102", box: [200, 0, 100, 100] }, // will be merged with U into V
  { bsm: "U", dlbm: "0102", box: [300, 0, 100, 100] },
  { bsm: "W", dlbm: "0102", box: [500, 0, 100, 100] }, // will vanish (no parcel covers it)
  { bsm: "X", dlbm: "0102", box: [700, 0, 100, 100] }, // split: 30 % built on
  { bsm: "K", dlbm: "0102", box: [900, 0, 100, 100] }, // unchanged
];
const y2022: P[] = [
  { bsm: "S1", dlbm: "0102", box: [0, 0, 60, 100] },
  { bsm: "S2", dlbm: "0101", box: [60, 0, 40, 100] },
  { bsm: "V", dlbm: "0102", box: [200, 0, 200, 100] },
  { bsm: "X1", dlbm: "0102", box: [700, 0, 70, 100] },
  { bsm: "X2", dlbm: "0702", box: [770, 0, 30, 100] },
  { bsm: "K", dlbm: "0102", box: [900, 0, 100, 100] },
];

async function lineage2122() {
  const prev = survey(y2021, 2021), cur = survey(y2022, 2022);
  const ov = await createOverlay({ origin: localOrigin(prev.geometry!) });
  return { lineage: createLineage(prev, cur, ov), ov };
}

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

Deno.test("lineage: by BSM when unchanged; split, merged and partly converted parcels by overlap with known shares", async () => {
  const { lineage, ov } = await lineage2122();
  try {
    const k = lineage.traceBsm("K")!;
    assert.equal(k.how, "bsm");
    assert.deepEqual(k.descendants.map((d) => [d.bsm, d.share]), [["K", 1]]);

    const s = lineage.traceBsm("S")!;
    assert.equal(s.how, "overlap");
    assert.deepEqual(s.descendants.map((d) => d.bsm), ["S1", "S2"]);
    near(s.descendants[0].share, 0.6);
    near(s.descendants[1].share, 0.4);
    assert.equal(s.uncoveredShare, 0);
    assert.equal(traceText(s, "S", 2022), "原图斑 S 已拆分为 S1、S2（面积占比 60.0%、40.0%），2022 年现状均为耕地");

    const t = lineage.traceBsm("T")!;
    assert.deepEqual(t.descendants.map((d) => [d.bsm, d.share]), [["V", 1]]);
    assert.equal(traceText(t, "T", 2022), "原图斑 T 已变更为 V（占原图斑 100.0%），2022 年现状均为耕地");

    const x = lineage.traceBsm("X")!;
    near(x.descendants.find((d) => d.bsm === "X2")!.share, 0.3);
    assert.equal(traceText(x, "X", 2022), "原图斑 X 已拆分为 X1、X2（面积占比 70.0%、30.0%），2022 年现状耕地占 70.0%，其余为 0702");

    const w = lineage.traceBsm("W")!;
    assert.equal(w.how, "none");
    assert.equal(w.uncoveredShare, 1);
    assert.match(traceText(w, "W", 2022), /^原图斑 W 在 2022 年未找到对应图斑（BSM 在后一年度图斑中不存在），待核实$/);

    assert.equal(lineage.traceBsm("nothing"), null);
  } finally {
    ov.dispose();
  }
});

Deno.test("lineage without geometry: by BSM only, a vanished BSM is 'none' and says why", () => {
  const strip = (t: ParcelTable) => ({ ...t, geometry: null }) as ParcelTable;
  const l = createLineage(strip(survey(y2021, 2021)), strip(survey(y2022, 2022)), null);
  assert.equal(l.traceBsm("K")!.how, "bsm");
  const s = l.traceBsm("S")!;
  assert.equal(s.how, "none");
  assert.match(s.reason!, /无几何，无法按叠加匹配/);
});

Deno.test("audit: a supplement re-numbered by the latest survey is traced, not 数据失真; a vanished one is 待核实", async () => {
  const y2020: P[] = y2021.map((p) => ({ ...p, dlbm: "0404" })).concat([{ bsm: "A", dlbm: "0102", box: [0, 300, 400, 100] }]);
  const tables = new Map([["900101", new Map([
    [2020, () => Promise.resolve(survey(y2020, 2020))],
    [2021, () => Promise.resolve(survey([...y2021, { bsm: "A", dlbm: "0702", box: [0, 300, 400, 100] }], 2021))],
    [2022, () => Promise.resolve(survey([...y2022, { bsm: "A", dlbm: "0702", box: [0, 300, 400, 100] }], 2022))],
  ])]]);
  const engine = await openEngine();
  try {
    const r = await runAudit({
      occupations: [occupationRecord({ id: "ZY1", county: "900101", year: 2021, bsms: ["A"] })],
      supplements: [supplementRecord({ id: "BC1", county: "900101", year: 2021, occupationId: "ZY1", bsms: ["S", "T", "W", "X", "K"] })],
      survey: tableSurvey(tables, () => Promise.resolve(null), "测试调查"),
      adminTypes: new Map([["900101", "grain"]]),
    }, defaultAuditConfig(), { engine });
    const distorted = r.flags.filter((f) => f.code === "data_distorted");
    // Only X, partly built on, is still a finding; its evidence says how it was traced.
    assert.deepEqual(distorted.map((f) => [f.sub, f.bsms]), [["not_latest", ["X"]]]);
    assert.match(distorted[0].evidence, /图斑追溯：原图斑 X 已拆分为 X1、X2（面积占比 70\.0%、30\.0%），2022 年现状耕地占 70\.0%，其余为 0702/);
    // S (split) and T (merged) are traced and clean; W is 待核实, listed apart with what was found.
    assert.deepEqual(r.traces.map((t) => [t.bsm, t.how]).sort(), [["S", "overlap"], ["T", "overlap"], ["W", "none"], ["X", "overlap"]]);
    assert.deepEqual(r.pending.map((p) => [p.supplementId, p.bsm]), [["BC1", "W"]]);
    assert.match(r.pending[0].found, /原图斑 W 在 2022 年未找到对应图斑/);
    assert.ok(r.flags.every((f) => !f.bsms.includes("W") && !f.bsms.includes("S") && !f.bsms.includes("T")), JSON.stringify(r.flags.map((f) => [f.code, f.sub, f.bsms])));
    assert.ok(r.notes.some((n) => /图斑追溯：3 个图斑.*已重新编号.*1 个图斑未找到对应图斑，列为待核实/.test(n)), r.notes.join("\n"));
    // 补充且最新调查仍为耕地: S, T and K whole (the traced rows keep the original area); X and W not.
    const s = r.supplements[0];
    near(s.latestFarmM2, 3 * 10000);
  } finally {
    await engine.close();
  }
});

Deno.test("followBsms: a listed parcel split into new BSMs passes the listing on; a parcel mostly of other land does not", async () => {
  const { ov } = await lineage2122();
  try {
    const prev = survey(y2021, 2021), cur = survey(y2022, 2022);
    // S → S1 (60 %) and S2 (40 %): both made wholly of S. T → V, of which T is half: V takes it (≥ 0.5).
    // X → X1, X2: listed. W vanished: lost. K unchanged: nothing to do.
    const f = followBsms(new Set(["S", "T", "W", "K", "nowhere"]), prev, cur, ov, 2022);
    assert.deepEqual([...f.added].sort(), [["S1", "S"], ["S2", "S"], ["V", "T"]]);
    assert.deepEqual(f.lost, ["W"]);
    assert.equal(f.texts.length, 3);
    // With a stricter cover, V (half of it T) is not listed.
    const strict = followBsms(new Set(["T"]), prev, cur, ov, 2022, 0.75);
    assert.deepEqual([...strict.added], []);
  } finally {
    ov.dispose();
  }
});
