// The sample county made outside the project, with its answer computed independently (GEOS):
// `screen` must agree on every class (area within 0.01 %, count exact), township and ledger line.
import { assert, assertEquals } from "../_assert.ts";

const S1 = new URL("../../../shared/samples/s1/", import.meta.url).pathname;
const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${S1}expected.json`));

const close = (a: number, b: number, what: string) =>
  assert(b === 0 ? Math.abs(a) < 1e-6 : Math.abs(a - b) / Math.abs(b) <= 1e-4, `${what}: ${a} vs expected ${b}`);

Deno.test("screen on s1 matches the independent GEOS answer", async () => {
  const out = await Deno.makeTempDir({ prefix: "s1-" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", MAIN, "screen", "--dltb", `${S1}DLTB.shp`, "--constraints", `${S1}constraints`, "--out", `${out}/run`, "--wgs84"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  const got = JSON.parse(await Deno.readTextFile(`${out}/run/summary.json`));
  assertEquals(got.parcels, expected.parcels);
  assertEquals(got.candidates.count, expected.candidates.count);
  close(got.candidates.tbmj_m2, expected.candidates.tbmj_m2, "candidate TBMJ");
  for (const k of ["count", "clusters", "qualifying_clusters", "qualifying_parcels"]) assertEquals(got.farmland[k], expected.farmland[k], k);
  close(got.farmland.qualifying_tbmj_m2, expected.farmland.qualifying_tbmj_m2, "qualifying TBMJ");
  for (const c of Object.keys(expected.classes)) {
    assertEquals(got.classes[c].count, expected.classes[c].count, `${c} count`);
    close(got.classes[c].area_m2, expected.classes[c].area_m2, `${c} area`);
  }
  assertEquals(Object.keys(got.townships).sort(), Object.keys(expected.townships).sort());
  for (const [town, classes] of Object.entries(expected.townships as Record<string, Record<string, { area_m2: number; count: number }>>)) {
    for (const [c, v] of Object.entries(classes)) {
      assertEquals(got.townships[town][c].count, v.count, `${town} ${c}`);
      close(got.townships[town][c].area_m2, v.area_m2, `${town} ${c}`);
    }
  }
  assertEquals(got.total_pieces, expected.total_pieces);
  for (const k of ["kept_m2", "removed_m2", "dropped_m2"]) close(got.ledger[k], expected.ledger[k], k);
  assertEquals(got.ledger.dropped_pieces, expected.ledger.dropped_pieces);
  assertEquals(got.ledger.sliver_pieces, expected.ledger.sliver_pieces);
  assert(got.ledger.conservation_rel < 1e-9, `conservation ${got.ledger.conservation_rel}`);
  for (const [name, l] of Object.entries(expected.ledger.layers as Record<string, { features: number; deduction_m2: number; candidates_hit: number }>)) {
    assertEquals(got.ledger.layers[name].features, l.features, name);
    assertEquals(got.ledger.layers[name].candidates_hit, l.candidates_hit, name);
    close(got.ledger.layers[name].deduction_m2, l.deduction_m2, name);
  }
  // The other outputs are there, with the promised columns.
  const csv = (await Deno.readTextFile(`${out}/run/pieces.csv`)).replace(/^\ufeff/, "").split("\r\n");
  assert(csv[0].startsWith("BSM,part,class,"), csv[0]);
  for (const col of ["area_m2", "area_mu", "township"]) assert(csv[0].split(",").includes(col), col);
  assertEquals(csv.filter(Boolean).length - 1, expected.total_pieces);
  const gj = JSON.parse(await Deno.readTextFile(`${out}/run/pieces.geojson`));
  assertEquals(gj.crs.properties.name, "urn:ogc:def:crs:EPSG::4527");
  assertEquals(gj.features.length, expected.total_pieces);
  const wgs = JSON.parse(await Deno.readTextFile(`${out}/run/pieces_wgs84.geojson`));
  const [lon, lat] = wgs.features[0].geometry.coordinates[0][0];
  assert(lon > 115 && lon < 119 && lat > 20 && lat < 50, `${lon},${lat}`);
  assert(wgs.features[0].properties["密级"].includes("内部"));
  for (const f of ["deductions.csv", "summary_by_township.csv", "screening.xlsx", "method.txt", "balance.csv"]) {
    assert((await Deno.stat(`${out}/run/${f}`)).size > 0, f);
  }
});
