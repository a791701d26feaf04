import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { buildDemoSummary } from "../../src/report/demo_summary.ts";
import { openInChromium } from "../_harness/browser.ts";
import { M2_PER_MU } from "../../src/units/area.ts";

for (const engine of ["wasm", "native"] as const) {
  Deno.test(`demo province (${engine}): parcel counts and farmland per county match the generator's own totals`, async () => {
    const { dir, manifest } = await demoProvince();
    const reportDir = await Deno.makeTempDir({ prefix: "report-" });
    const r = await buildDemoSummary({ dataDir: dir, reportDir: `${reportDir}/demo`, engine });
    assertEquals(r.counties.map((c) => c.county), manifest.counties.map((c) => c.code).sort());
    assertEquals(Object.values(r.report.counts).reduce((a, b) => a + (b ?? 0), 0), 0, "the demo loads without problems");
    for (const c of r.counties) {
      const want = manifest.counties.find((m) => m.code === c.county)!.years["2024"];
      assertEquals(c.parcels, want.parcels, `${c.county} parcels`);
      assertEquals(c.farmland_parcels, want.farmlandParcels, `${c.county} farmland parcels`);
      assertAlmostEquals(c.farmland_m2, want.farmlandTbdlmjM2, 1e-6 * want.farmlandTbdlmjM2, `${c.county} TBDLMJ`);
      assertAlmostEquals(c.farmland_tbmj_m2, want.farmlandTbmjM2, 1e-6 * want.farmlandTbmjM2, `${c.county} TBMJ`);
      assertAlmostEquals(c.farmland_mu, want.farmlandTbdlmjMu, 1e-6 * want.farmlandTbdlmjMu, `${c.county} 亩`);
      assertAlmostEquals(c.paddy_mu * M2_PER_MU, want.classTbdlmjM2["0101"] ?? 0, 1e-3, `${c.county} 水田`);
      assertEquals(c.name, manifest.counties.find((m) => m.code === c.county)!.name);
    }
    if (engine === "wasm") {
      // The report opens in a real headless Chromium: no errors, no network, labelled 示例数据.
      const page = await openInChromium(`${reportDir}/demo/summary.html`, { screenshot: `${reportDir}/summary.png` });
      assertEquals(page.consoleErrors, []);
      assert(page.title.includes("示例数据"), page.title);
      for (const c of r.counties) assert(page.textContent.includes(c.name!), c.name!);
      assert(page.textContent.includes("耕地面积（亩）"));
      const csv = await Deno.readTextFile(`${reportDir}/demo/farmland_by_county.csv`);
      assertEquals(csv.trim().split("\r\n").length, r.counties.length + 1);
    }
    // Only the finished report folder is left: no staging folders.
    const names = [...Deno.readDirSync(reportDir)].map((e) => e.name).filter((n) => n.startsWith("demo"));
    assertEquals(names, ["demo"]);
  });
}

Deno.test("a failing report build leaves the previous report untouched and no staging folder", async () => {
  const { writeReportDir } = await import("../../src/io/report_dir.ts");
  const root = await Deno.makeTempDir();
  await writeReportDir(`${root}/r`, { "a.txt": "old" });
  let failed = false;
  try {
    await writeReportDir(`${root}/r`, { "a.txt": "new", "b.txt": () => Promise.reject(new Error("boom")) });
  } catch {
    failed = true;
  }
  assert(failed);
  assertEquals(await Deno.readTextFile(`${root}/r/a.txt`), "old");
  assertEquals([...Deno.readDirSync(root)].map((e) => e.name), ["r"]);
});
