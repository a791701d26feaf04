// The audit's file-backed survey source over several counties: it keeps the surveys of at most so
// many parcels (the counties used least recently let go), loads them county by county, and gives
// the same rows and traces as one source per county, traces in BSM order.
import assert from "node:assert/strict";
import { type P, survey } from "../outflow/_fixtures.ts";
import { tableSurvey } from "../../src/audit/survey.ts";
import type { ParcelTable } from "../../src/ingest/parcel_table.ts";
import type { SurveyRow } from "../../src/audit/types.ts";
import { collectGarbage } from "../../src/threads/gc.ts";

// Per county: S split, T merged with U, W vanished, K unchanged (BSMs prefixed by the county).
function years(c: string, zl: string): Map<number, P[]> {
  return new Map([
    [2021, [
      { bsm: `${c}S`, dlbm: "0102", box: [0, 0, 100, 100], zl },
      { bsm: `${c}T`, dlbm: "0102", box: [200, 0, 100, 100], zl },
      { bsm: `${c}U`, dlbm: "0102", box: [300, 0, 100, 100], zl },
      { bsm: `${c}W`, dlbm: "0102", box: [500, 0, 100, 100], zl },
      { bsm: `${c}K`, dlbm: "0102", box: [900, 0, 100, 100], zl },
    ]],
    [2022, [
      { bsm: `${c}S1`, dlbm: "0102", box: [0, 0, 60, 100], zl },
      { bsm: `${c}S2`, dlbm: "0101", box: [60, 0, 40, 100], zl },
      { bsm: `${c}V`, dlbm: "0102", box: [200, 0, 200, 100], zl },
      { bsm: `${c}K`, dlbm: "0102", box: [900, 0, 100, 100], zl },
    ]],
  ]);
}
const COUNTIES: [string, string, string][] = [
  ["900102", "B", "9001020010010000000"],
  ["900101", "A", "9001010010010000000"],
];

/** Loaders that record each load and keep a weak reference to each table they hand out. */
function loaders(counties: [string, string, string][]) {
  const calls: string[] = [];
  const refs: { key: string; ref: WeakRef<ParcelTable> }[] = [];
  const tables = new Map(counties.map(([code, prefix, zl]) => [
    code,
    new Map([...years(prefix, zl)].map(([y, ps]) => [y, () => {
      calls.push(`${code}/${y}`);
      const t = survey(ps, y);
      refs.push({ key: `${code}/${y}`, ref: new WeakRef(t) });
      return Promise.resolve(t);
    }])),
  ]));
  return { tables, calls, refs };
}

const rowKey = (r: SurveyRow) => `${r.county}|${r.year}|${r.bsm}|${r.class4}|${r.tbdlmj}|${r.trace ?? ""}`;
const ALL = new Set(COUNTIES.flatMap(([, p]) => ["S", "T", "W", "K"].map((b) => `${p}${b}`)));

Deno.test("audit survey source: several counties give the rows and traces of one source per county, traces in BSM order", async () => {
  const { tables } = loaders(COUNTIES);
  const src = tableSurvey(tables, () => Promise.resolve(null), "测试");
  const rows = await src.rows(ALL);
  const traces = src.traces!();

  const own: SurveyRow[] = [];
  const ownTraces: string[] = [];
  for (const c of COUNTIES) {
    const one = tableSurvey(loaders([c]).tables, () => Promise.resolve(null), "测试");
    own.push(...await one.rows(ALL));
    ownTraces.push(...one.traces!().map((t) => `${t.bsm}|${t.how}|${t.text}`));
  }
  assert.deepEqual(rows.map(rowKey).sort(), own.map(rowKey).sort());
  assert.deepEqual(traces.map((t) => `${t.bsm}|${t.how}|${t.text}`).sort(), ownTraces.sort());
  // S and T of both counties traced by overlap, W of both not found: in BSM order across counties.
  assert.deepEqual(traces.map((t) => [t.bsm, t.how]), [
    ["AS", "overlap"], ["AT", "overlap"], ["AW", "none"], ["BS", "overlap"], ["BT", "overlap"], ["BW", "none"],
  ]);
  const traced = rows.filter((r) => r.trace);
  assert.deepEqual(traced.map((r) => [r.bsm, r.year]), [["AS", 2022], ["AT", 2022], ["BS", 2022], ["BT", 2022]]);
});

Deno.test("audit survey source: over its limit, one county held at a time, loaded county by county", async () => {
  const { tables, calls, refs } = loaders(COUNTIES);
  const src = tableSurvey(tables, () => Promise.resolve(null), "测试", { holdParcels: 1 });
  await src.rows(ALL);
  // Rows county by county (in the folder order), then the traces county by county (sorted):
  // 900101, still held, is not read again; 900102 is.
  assert.deepEqual(calls, [
    "900102/2021", "900102/2022", "900101/2021", "900101/2022", "900102/2021", "900102/2022",
  ]);
  calls.length = 0;
  await src.zoneAreas("900101", 2022, ["AK"]);
  await src.patches("900101", 2022, ["AK", "AV"], 10);
  assert.deepEqual(calls, ["900101/2022"]); // read once for both
  // Asking for county 900101 released 900102's tables: nothing else holds them.
  await collectGarbage();
  await new Promise((r) => setTimeout(r, 0));
  await collectGarbage();
  const alive = refs.filter((r) => r.ref.deref() !== undefined).map((r) => r.key);
  assert.ok(alive.every((k) => k.startsWith("900101/")), `still held: ${alive.join(", ")}`);
  assert.ok(alive.includes("900101/2022"), "the county in use is kept");
});

Deno.test("audit survey source: within its limit, every county is kept and read once", async () => {
  const { tables, calls, refs } = loaders(COUNTIES);
  const src = tableSurvey(tables, () => Promise.resolve(null), "测试"); // default: 150,000 parcels
  await src.rows(ALL);
  await src.zoneAreas("900101", 2022, ["AK"]);
  await src.patches("900102", 2021, ["BK"], 10);
  assert.deepEqual(calls, ["900102/2021", "900102/2022", "900101/2021", "900101/2022"]);
  await collectGarbage();
  assert.equal(refs.filter((r) => r.ref.deref() !== undefined).length, 4);
});

Deno.test("audit survey source: a limit of one county and a half lets the least recently used county go", async () => {
  const three: [string, string, string][] = [...COUNTIES, ["900103", "C", "9001030010010000000"]];
  const { tables, calls } = loaders(three);
  // 9 parcels per county (5 + 4): room for two counties' surveys, not three.
  const src = tableSurvey(tables, () => Promise.resolve(null), "测试", { holdParcels: 18 });
  await src.zoneAreas("900101", 2021, ["AK"]);
  await src.zoneAreas("900102", 2021, ["BK"]);
  await src.zoneAreas("900101", 2022, ["AK"]); // 900101 used last: 900102 goes first
  await src.zoneAreas("900103", 2021, ["CK"]);
  await src.zoneAreas("900101", 2021, ["AK"]); // still held
  await src.zoneAreas("900102", 2021, ["BK"]); // let go: read again
  assert.deepEqual(calls, ["900101/2021", "900102/2021", "900101/2022", "900103/2021", "900102/2021"]);
});
