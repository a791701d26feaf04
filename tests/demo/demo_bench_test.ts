/**
 * The benchmark mode (`counties: { parcels: N }`) and the command line: one county of about N
 * parcels, latest year only, deterministic in the seed.
 */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { generateDemo } from "../../src/demo/generate.ts";
import { parseDemoArgs } from "../../src/demo/main.ts";
import { readShapefile } from "../../src/io/shp.ts";
import { featurePlanarArea } from "../../src/geom/types.ts";

Deno.test("demo benchmark county: about N parcels, DLTB 2024 and constraints only, same seed → same files", async () => {
  const a = await Deno.makeTempDir({ prefix: "demo_bench_a_" });
  const b = await Deno.makeTempDir({ prefix: "demo_bench_b_" });
  const c = await Deno.makeTempDir({ prefix: "demo_bench_c_" });
  try {
    const ma = await generateDemo({ out: a, seed: 7, counties: { parcels: 2000 } });
    const mb = await generateDemo({ out: b, seed: 7, counties: { parcels: 2000 } });
    const mc = await generateDemo({ out: c, seed: 8, counties: { parcels: 2000 } });
    assertEquals(ma.files, mb.files);
    const sha = (m: typeof ma, p: string) => m.files.find((f) => f.path === p)?.sha256;
    assert(
      sha(ma, "900104/DLTB_2024.shp") !== sha(mc, "900104/DLTB_2024.shp"),
      "another seed, other geometry",
    );
    assertEquals(ma.counties.length, 1);
    const county = ma.counties[0];
    assertEquals(Object.keys(county.years), ["2024"]);
    const n = county.years["2024"].parcels;
    assert(n >= 1700 && n <= 2300, `${n} parcels`);
    const paths = ma.files.map((f) => f.path);
    assert(
      paths.every((p) => !p.includes("DLTB_2019") && !p.includes("outflow") && !p.startsWith("zhanbu")),
      paths.join(","),
    );
    assert(paths.filter((p) => p.startsWith("900104/constraints/")).length >= 10);
    const layer = await readShapefile(`${a}/900104/DLTB_2024.shp`);
    assertEquals(layer.length, n);
    let area = 0, tbmj = 0;
    for (let k = 0; k < layer.length; k++) {
      area += featurePlanarArea(layer.geometry!, k);
      tbmj += Math.round((layer.columns.TBMJ[k] as number) * 100);
      const ratio = (layer.columns.TBMJ[k] as number) / featurePlanarArea(layer.geometry!, k);
      assert(
        ratio > 1.00005 && ratio < 1.00045 || featurePlanarArea(layer.geometry!, k) < 200,
        `TBMJ factor ${ratio}`,
      );
    }
    assert(tbmj > 0 && area > 0);
  } finally {
    for (const d of [a, b, c]) await Deno.remove(d, { recursive: true });
  }
});

Deno.test("demo command line arguments", () => {
  assertEquals(parseDemoArgs(["--out", "data/demo"]), { out: "data/demo", seed: 20241231, parcels: null });
  assertEquals(parseDemoArgs(["--out=x", "--seed", "5", "--parcels=200000"]), {
    out: "x",
    seed: 5,
    parcels: 200000,
  });
  assertThrows(() => parseDemoArgs(["--seed", "abc"]), Error, "非负整数");
  assertThrows(() => parseDemoArgs(["--bogus"]), Error, "未知参数");
  assertThrows(() => parseDemoArgs(["--out"]), Error, "缺少取值");
});
