/**
 * Timing script (not a test): writes a synthetic 200,000-parcel GBK Shapefile with 20 fields
 * and ~10–40 vertices per ring, then reads it back, printing both times.
 *
 *   npx --yes deno@2.9.6 run -A tests/io/bench_200k.ts [count]
 */
import { featurePlanarArea, type PolygonColumn } from "../../src/geom/types.ts";
import type { Cell, FieldDef } from "../../src/io/layer.ts";
import { readShapefile, writeShapefile } from "../../src/io/shp.ts";

const N = Number(Deno.args[0] ?? 200_000);
const CLASSES: [string, string][] = [
  ["0101", "水田"],
  ["0102", "水浇地"],
  ["0103", "旱地"],
  ["0201", "果园"],
  ["0301", "乔木林地"],
  ["0404", "其他草地"],
  ["1104", "坑塘水面"],
  ["0702", "农村宅基地"],
];
const VILLAGES = ["小毛村", "下胡村", "北潘村", "冯园村", "江园村", "示例村"];

/** Deterministic pseudo-random numbers. */
let seed = 12345;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

function makeGeometry(n: number): PolygonColumn {
  const side = Math.ceil(Math.sqrt(n));
  const ringVerts: number[] = [];
  const holeAt: boolean[] = [];
  let nv = 0, nr = 0;
  for (let k = 0; k < n; k++) {
    const m = 10 + Math.floor(rnd() * 31);
    ringVerts.push(m);
    nv += m + 1;
    nr++;
    const hole = k % 10 === 0;
    holeAt.push(hole);
    if (hole) {
      nv += 5;
      nr++;
    }
  }
  const coords = new Float64Array(nv * 2);
  const ringOffsets = new Uint32Array(nr + 1);
  const polyOffsets = new Uint32Array(n + 1);
  const geomOffsets = new Uint32Array(n + 1);
  let v = 0, r = 0;
  for (let k = 0; k < n; k++) {
    const cx = 39470000 + (k % side) * 60, cy = 3440000 + Math.floor(k / side) * 60;
    const m = ringVerts[k];
    for (let i = 0; i < m; i++) {
      const a = (2 * Math.PI * i) / m, rad = 20 + rnd() * 8;
      coords[v * 2] = cx + rad * Math.cos(a);
      coords[v * 2 + 1] = cy + rad * Math.sin(a);
      v++;
    }
    coords[v * 2] = coords[(v - m) * 2];
    coords[v * 2 + 1] = coords[(v - m) * 2 + 1];
    v++;
    ringOffsets[++r] = v;
    if (holeAt[k]) {
      const sq = [[-5, -5], [-5, 5], [5, 5], [5, -5], [-5, -5]]; // clockwise
      for (const [dx, dy] of sq) {
        coords[v * 2] = cx + dx;
        coords[v * 2 + 1] = cy + dy;
        v++;
      }
      ringOffsets[++r] = v;
    }
    polyOffsets[k + 1] = r;
    geomOffsets[k + 1] = k + 1;
  }
  return { coords, ringOffsets, polyOffsets, geomOffsets };
}

const fields: FieldDef[] = [
  { name: "BSM", type: "C", length: 18, decimals: 0 },
  { name: "YSDM", type: "C", length: 10, decimals: 0 },
  { name: "TBYBH", type: "C", length: 8, decimals: 0 },
  { name: "TBBH", type: "C", length: 8, decimals: 0 },
  { name: "DLBM", type: "C", length: 5, decimals: 0 },
  { name: "DLMC", type: "C", length: 60, decimals: 0 },
  { name: "QSXZ", type: "C", length: 2, decimals: 0 },
  { name: "QSDWDM", type: "C", length: 19, decimals: 0 },
  { name: "QSDWMC", type: "C", length: 60, decimals: 0 },
  { name: "ZLDWDM", type: "C", length: 19, decimals: 0 },
  { name: "ZLDWMC", type: "C", length: 60, decimals: 0 },
  { name: "TBMJ", type: "N", length: 19, decimals: 2 },
  { name: "KCMJ", type: "N", length: 19, decimals: 2 },
  { name: "TBDLMJ", type: "N", length: 19, decimals: 2 },
  { name: "GDDB", type: "N", length: 2, decimals: 0 },
  { name: "GDPDJB", type: "C", length: 2, decimals: 0 },
  { name: "ZZSXDM", type: "C", length: 6, decimals: 0 },
  { name: "ZZSXMC", type: "C", length: 20, decimals: 0 },
  { name: "SJNF", type: "N", length: 4, decimals: 0 },
  { name: "BZ", type: "C", length: 254, decimals: 0 },
];

const t0 = performance.now();
const geometry = makeGeometry(N);
const columns: Record<string, Cell[]> = {};
for (const f of fields) columns[f.name] = new Array(N);
for (let k = 0; k < N; k++) {
  const [code, name] = CLASSES[k % CLASSES.length];
  const vil = k % VILLAGES.length;
  const dw = `3411991${String(vil).padStart(2, "0")}2010000000`;
  const area = Math.round(featurePlanarArea(geometry, k) * 100) / 100;
  columns.BSM[k] = `341199${String(k + 1).padStart(12, "0")}`;
  columns.YSDM[k] = "2001010100";
  columns.TBYBH[k] = String(k + 1);
  columns.TBBH[k] = String(k + 1);
  columns.DLBM[k] = code;
  columns.DLMC[k] = name;
  columns.QSXZ[k] = "30";
  columns.QSDWDM[k] = dw;
  columns.QSDWMC[k] = VILLAGES[vil] + "村民委员会";
  columns.ZLDWDM[k] = dw;
  columns.ZLDWMC[k] = VILLAGES[vil];
  columns.TBMJ[k] = area;
  columns.KCMJ[k] = Math.round(area * 3) / 100;
  columns.TBDLMJ[k] = Math.round(area * 97) / 100;
  columns.GDDB[k] = code.startsWith("01") ? 1 + (k % 15) : null;
  columns.GDPDJB[k] = code.startsWith("01") ? String(1 + (k % 5)) : null;
  columns.ZZSXDM[k] = code.startsWith("01") ? "LS" : null;
  columns.ZZSXMC[k] = code.startsWith("01") ? "粮食作物" : null;
  columns.SJNF[k] = 2023;
  columns.BZ[k] = k % 50 === 0 ? "合成测试数据" : null;
}
const dir = await Deno.makeTempDir({ prefix: "shp200k_" });
const base = `${dir}/地类图斑`;
const t1 = performance.now();
await writeShapefile(base, { fields, columns, length: N, geometry }, {
  encoding: "gbk",
  prjWkt: 'PROJCS["x"]',
});
const t2 = performance.now();
const layer = await readShapefile(base);
const t3 = performance.now();
let ok = layer.length === N && layer.columns.DLMC[2] === "旱地";
for (let k = 0; k < N; k += 997) {
  ok &&= Math.abs(featurePlanarArea(layer.geometry!, k) - featurePlanarArea(geometry, k)) < 1e-6;
}
await Deno.remove(`${base}.cpg`);
const t4 = performance.now();
const guessed = await readShapefile(base);
const t5 = performance.now();
ok &&= guessed.encoding === "gbk" && guessed.columns.DLMC[2] === "旱地";
const size = [".shp", ".dbf"].map((e) => Deno.statSync(base + e).size / 1e6);
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
console.log(
  `${N} polygons, ${geometry.coords.length / 2} vertices, ${fields.length} fields ` +
    `(shp ${size[0].toFixed(1)} MB, dbf ${size[1].toFixed(1)} MB): build ${ms(t0, t1)}, ` +
    `write ${ms(t1, t2)}, read ${ms(t2, t3)}, read without .cpg ${ms(t4, t5)}, check ${ok}`,
);
if (Deno.env.get("KEEP")) console.log(base);
else await Deno.remove(dir, { recursive: true });
