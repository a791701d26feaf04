/**
 * The survey trends on the demo province (9 counties × 2019–2024): abandonment and farmland
 * equal the generator's own totals, the flagged county is the one planned above 20%, the
 * default slope rule gives the configured terrain, the SQL centres and unstable shares equal
 * the pure functions computed straight from a loaded table.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { type SurveyTrends, surveyTrends } from "../../src/trends/survey.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { weightedCentroidPlanar } from "../../src/trends/centroid.ts";
import { qualityWeight } from "../../src/trends/weights.ts";
import { unstableShares } from "../../src/trends/unstable.ts";
import { layerShares, readUnstableLayers } from "../../src/trends/unstable_layers.ts";

let cached:
  | Promise<{ dir: string; t: SurveyTrends; manifest: Awaited<ReturnType<typeof demoProvince>>["manifest"] }>
  | null = null;
function run() {
  cached ??= (async () => {
    const { dir, manifest } = await demoProvince();
    return { dir, manifest, t: await surveyTrends({ dir }) };
  })();
  return cached;
}

Deno.test("demo: farmland and abandonment equal the generator's totals; only the planned county is above 20%", async () => {
  const { t, manifest } = await run();
  assertEquals(t.years, [2019, 2020, 2021, 2022, 2023, 2024]);
  assertEquals(t.counties.length, manifest.counties.length);
  for (const c of manifest.counties) {
    for (const [y, tot] of Object.entries(c.years)) {
      const r = t.abandonment.find((a) => a.county === c.code && a.year === Number(y))!;
      assertAlmostEquals(r.farmlandM2, tot.farmlandTbdlmjM2, 1e-3, `${c.code} ${y} farmland`);
      assertAlmostEquals(r.rate, tot.abandonmentShare, 1e-9, `${c.code} ${y} rate`);
      assertEquals(r.flagged, tot.abandonmentShare > 0.2, `${c.code} ${y} flag`);
      assertEquals(r.regionType, c.regionType);
      assertEquals(r.terrain, c.terrain);
      assertEquals(
        r.terrainFromSlope,
        c.terrain,
        `${c.code}: the default slope rule agrees with the configured terrain`,
      );
    }
  }
  const flagged = new Set(t.abandonment.filter((r) => r.year === 2024 && r.flagged).map((r) => r.county));
  assertEquals([...flagged], manifest.counties.filter((c) => c.highAbandonment).map((c) => c.code));
});

Deno.test("demo: SQL centres equal the weighted mean of parcel centroids; drift has a step per year and a net shift", async () => {
  const { dir, t } = await run();
  const { table } = await loadParcels([`${dir}/900301/DLTB_2024.shp`], { progress: false });
  const pts = [], qpts = [];
  for (let i = 0; i < table.length; i++) {
    if (!table.isFarmland[i]) continue;
    pts.push({ x: table.num.cx[i], y: table.num.cy[i], w: table.num.TBDLMJ[i] });
    qpts.push({
      x: table.num.cx[i],
      y: table.num.cy[i],
      w: qualityWeight(table.num.TBDLMJ[i], table.num.GDDB[i]),
    });
  }
  for (const [w, list] of [["area", pts], ["quality", qpts]] as const) {
    const want = weightedCentroidPlanar(list);
    const got = t.centres.find((c) =>
      c.level === "county" && c.code === "900301" && c.year === 2024 && c.weight === w
    )!;
    assertAlmostEquals(got.x, want.x, 1e-6, `${w} x`);
    assertAlmostEquals(got.y, want.y, 1e-6, `${w} y`);
    assert(got.lon > 100 && got.lon < 130 && got.lat > 15 && got.lat < 55, "CGCS2000 degrees");
  }
  const steps = t.drift.filter((d) => d.level === "county" && d.code === "900301" && d.weight === "capacity");
  assertEquals(steps.filter((d) => d.kind === "step").map((d) => d.to), [
    "2020",
    "2021",
    "2022",
    "2023",
    "2024",
  ]);
  const net = steps.find((d) => d.kind === "net")!;
  assertAlmostEquals(
    net.cumulativeKm,
    steps.filter((d) => d.kind === "step").reduce((s, d) => s + d.distanceKm, 0),
    1e-12,
  );
  assert(
    t.drift.every((d) => d.regionType !== undefined) && t.centres.every((c) => c.regionType !== undefined),
  );
});

Deno.test("demo: unstable shares from SQL equal the pure union over the same parcels and layer shares", async () => {
  const { dir, t } = await run();
  const { table } = await loadParcels([`${dir}/900301/DLTB_2024.shp`], { progress: false });
  const layers = await readUnstableLayers(`${dir}/900301/constraints`, table.crs!);
  assertEquals(layers.map((l) => [l.name, l.kind]), [["河湖管理范围", "flood"]]);
  const rows = [...Array(table.length).keys()].filter((i) => table.isFarmland[i]);
  const s = await layerShares(table, layers, rows);
  const [pure] = unstableShares(
    rows.map((k, j) => ({
      region: "900301",
      areaM2: table.num.TBDLMJ[k],
      tbxhdm: table.text.TBXHDM[k],
      slopeGrade: table.num.GDPDJB[k],
      layers: { 河湖管理范围: s.perLayer.get("河湖管理范围")![j] },
      layerUnion: s.union[j],
    })),
    { layerNames: ["河湖管理范围"] },
  );
  const sql = t.unstable.find((u) => u.level === "county" && u.code === "900301" && u.year === 2024)!;
  for (
    const k of ["farmlandM2", "tbxhAnyM2", "slope5M2", "attrUnionM2", "layerUnionM2", "unionM2"] as const
  ) {
    assertAlmostEquals(sql[k], pure[k], 1e-6, k);
  }
  assertAlmostEquals(sql.layerM2["河湖管理范围"], pure.layerM2["河湖管理范围"], 1e-6);
  assert(
    sql.unionM2 < sql.attrUnionM2 + sql.layerUnionM2,
    "the union is less than the sum: overlap counted once",
  );
  assert(sql.unionM2 >= Math.max(sql.attrUnionM2, sql.layerUnionM2));
  // per region type: the demo's three types, each summing its counties
  const types = t.unstable.filter((u) => u.level === "region_type" && u.year === 2024);
  assertEquals(types.map((u) => u.code).sort(), ["developed", "fragile", "grain"]);
  const counties = t.unstable.filter((u) => u.level === "county" && u.year === 2024);
  assertAlmostEquals(
    types.reduce((a, u) => a + u.unionM2, 0),
    counties.reduce((a, u) => a + u.unionM2, 0),
    1e-3,
  );
});

Deno.test("demo: a field-survey list adds abandoned parcels; an extra forest-zone layer is a source of its own", async () => {
  const { dir } = await demoProvince();
  const { table } = await loadParcels([`${dir}/900101/DLTB_2024.shp`], { progress: false });
  const picked: string[] = [];
  let added = 0;
  for (let i = 0; i < table.length && picked.length < 5; i++) {
    if (table.isFarmland[i] && table.text.ZZSXDM[i] !== "WG") {
      picked.push(table.text.BSM[i]!);
      added += table.num.TBDLMJ[i];
    }
  }
  const tmp = await Deno.makeTempDir({ prefix: "trends-extra-" });
  await Deno.writeTextFile(`${tmp}/abandoned.csv`, `BSM\n${picked.join("\n")}\n`);
  for (const ext of ["shp", "shx", "dbf", "prj", "cpg"]) {
    await Deno.copyFile(`${dir}/900101/constraints/河湖管理范围.${ext}`, `${tmp}/林区范围.${ext}`);
  }
  const base = await surveyTrends({ dir, years: [2024], layersFromConstraints: false });
  const more = await surveyTrends({
    dir,
    years: [2024],
    abandonedList: `${tmp}/abandoned.csv`,
    layerFiles: [`${tmp}/林区范围.shp`],
  });
  const a0 = base.abandonment.find((r) => r.county === "900101")!,
    a1 = more.abandonment.find((r) => r.county === "900101")!;
  assertAlmostEquals(a1.abandonedM2 - a0.abandonedM2, added, 1e-6);
  assertEquals(more.layerNames, ["林区范围", "河湖管理范围"]);
  const u = more.unstable.find((r) => r.level === "county" && r.code === "900101")!;
  assertAlmostEquals(u.layerM2["林区范围"], u.layerM2["河湖管理范围"], 1e-6, "same geometry under two names");
  assertAlmostEquals(
    u.layerUnionM2,
    u.layerM2["河湖管理范围"],
    1e-6,
    "identical layers: the union is one of them, not their sum",
  );
  assertEquals(base.layerNames, []);
  await Deno.remove(tmp, { recursive: true });
});
