import { assert, assertEquals } from "../_assert.ts";
import { featureCount, featurePlanarArea, featureRings, ringSignedArea } from "../../src/geom/types.ts";
import { readShapefile } from "../../src/io/shp.ts";
import { looksLikeMojibake, mojibakeScore } from "../../src/io/encoding.ts";

const S1 = "/work/shared/samples/s1";

Deno.test("s1/DLTB.shp: 2000 GBK parcels with 三调 fields and Chinese land-class names", async () => {
  const layer = await readShapefile(`${S1}/DLTB.shp`);
  assertEquals(layer.length, 2000);
  assertEquals(layer.encoding, "gbk");
  assertEquals(layer.notes, []);
  const names = layer.fields.map((f) => f.name);
  for (const f of ["BSM", "DLBM", "DLMC", "TBMJ", "ZLDWDM", "TBDLMJ", "GDDB", "ZZSXDM"]) {
    assert(names.includes(f), f);
  }
  assertEquals(layer.fields.find((f) => f.name === "TBMJ"), {
    name: "TBMJ",
    type: "N",
    length: 19,
    decimals: 2,
  });
  const dlmc = layer.columns.DLMC as string[];
  const classes = new Set(dlmc);
  for (const c of ["水田", "旱地", "水浇地", "坑塘水面", "乔木林地"]) assert(classes.has(c), c);
  for (const c of classes) assert(!looksLikeMojibake(c), c);
  assert(!(layer.columns.ZLDWMC as string[]).some(looksLikeMojibake));
  assertEquals(mojibakeScore(dlmc), 0);
  // DLBM agrees with DLMC for the farmland classes.
  layer.columns.DLBM.forEach((code, i) => {
    if (code === "0101") assertEquals(dlmc[i], "水田");
    if (code === "0103") assertEquals(dlmc[i], "旱地");
  });
  assert(layer.crsText!.includes("CGCS2000_3_Degree_GK_Zone_39"));
  assert((layer.columns.ZLDWDM as string[]).every((v) => /^\d{19}$/.test(v)));
  assert(layer.columns.TBMJ.every((v) => typeof v === "number" && v > 0));
});

Deno.test("s1/DLTB.shp geometry: MultiPolygons, holes, wrongly wound rings normalised, nothing lost", async () => {
  const layer = await readShapefile(`${S1}/DLTB`);
  const g = layer.geometry!;
  assertEquals(featureCount(g), 2000);
  let multi = 0, holes = 0, empty = 0;
  for (let k = 0; k < 2000; k++) {
    const polys = featureRings(g, k);
    if (polys.length === 0) empty++;
    if (polys.length > 1) multi++;
    for (const p of polys) holes += p.length - 1;
  }
  assertEquals([multi, holes, empty], [20, 26, 0]);
  for (let j = 0; j + 1 < g.polyOffsets.length; j++) {
    for (let i = g.polyOffsets[j]; i < g.polyOffsets[j + 1]; i++) {
      assert(i === g.polyOffsets[j] ? ringSignedArea(g, i) > 0 : ringSignedArea(g, i) < 0);
    }
  }
  // TBMJ is the official (ellipsoidal) area: within 0.2 % of the planar area of every parcel.
  for (let k = 0; k < 2000; k++) {
    const ratio = (layer.columns.TBMJ[k] as number) / featurePlanarArea(g, k);
    assert(ratio > 0.999 && ratio < 1.002, `parcel ${k + 1}: TBMJ / planar = ${ratio}`);
  }
});

Deno.test("s1 constraint layers, including Chinese file names, read with their .cpg", async () => {
  const expected: Record<string, number> = {
    "坡度大于25度": 16,
    "生态保护红线": 5,
    "饮用水水源一级保护区": 3,
    approved_land: 30,
  };
  for (const [name, count] of Object.entries(expected)) {
    const layer = await readShapefile(`${S1}/constraints/${name}.shp`);
    assertEquals(layer.length, count, name);
    assertEquals(layer.encoding, "gbk");
    assertEquals(layer.fields.map((f) => f.name), ["BH", "MC", "LX", "MJ", "BZ"]);
    assert(!(layer.columns.MC as (string | null)[]).some((v) => v !== null && looksLikeMojibake(v)), name);
  }
});
