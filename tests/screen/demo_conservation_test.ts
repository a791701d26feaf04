// On every county of the demo province, in both modes: candidate area = kept + removed + dropped
// (relative error < 1e-9), and every kept piece is a class with the right area bounds.
import { assert, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { readConstraintDir } from "../../src/screen/layers.ts";
import { screenParcels } from "../../src/screen/screen.ts";
import { screenParams, thresholdM2 } from "../../src/screen/params.ts";

Deno.test("demo province: area conservation and class bounds in both modes", async () => {
  const { dir, manifest } = await demoProvince();
  let pieces = 0;
  for (const county of manifest.counties) {
    const { table } = await loadParcels([`${dir}/${county.code}/DLTB_2024.shp`], { progress: false });
    const layers = await readConstraintDir(`${dir}/${county.code}/constraints`, table.crs!);
    assert(layers.length >= 9, `${county.code}: ${layers.length} layers`);
    assert(layers.some((l) => l.notes.some((n) => n.includes("重投影"))), "the geographic layer is reprojected");
    for (const mode of ["erase", "exclude"] as const) {
      const p = screenParams({ mode });
      const r = await screenParcels(table, layers, p, { progress: false });
      const l = r.ledger;
      const rel = Math.abs(l.candidateM2 - l.keptM2 - l.removedM2 - l.droppedM2) / l.candidateM2;
      assert(rel < 1e-9, `${county.code} ${mode}: conservation ${rel}`);
      assertEquals(r.candidates.count, county.years["2024"].candidates, `${county.code} candidates = generator's count`);
      const kept = r.pieces.reduce((s, x) => s + x.areaM2, 0);
      assert(Math.abs(kept - l.keptM2) < 1e-6 * Math.max(1, kept));
      for (const x of r.pieces) {
        if (mode === "erase") assert(x.areaM2 >= 400, `${x.bsm} ${x.areaM2}`);
        if (x.cls === "II_CONTIG") assert(x.areaM2 > thresholdM2(p));
        if (x.cls === "I_SCATTER") assert(x.areaM2 > 10000 && x.areaM2 <= thresholdM2(p));
        if (x.cls === "II_SCATTER") assert(x.areaM2 <= 10000);
      }
      pieces += r.pieces.length;
    }
  }
  assert(pieces > 100, `pieces ${pieces}`);
});
