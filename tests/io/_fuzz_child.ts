/**
 * The fuzzing run of tests/io/fuzz_test.ts, in its own process (so that a hang or a runaway
 * allocation shows as a timeout or a dead process, not a stuck test): truncates, bit-flips and
 * splices the demo's files of every input format and reads each mutant. Prints one JSON line:
 * { cases, ok, named, bad: [{ kind, mutation, message }] } — bad lists outcomes that were
 * neither a result nor an Error naming the file.
 *
 *   deno run -A tests/io/_fuzz_child.ts DEMO_DIR SEED CASES_PER_KIND
 */
import { readLayer } from "../../src/ingest/read_layer.ts";
import { decodeGeoTiff } from "../../src/raster/geotiff.ts";
import { writeFlatGeobuf } from "../../src/io/fgb.ts";
import { writeTestGeoTiff } from "./_tiff_writer.ts";

const [demo, seedText, perKindText] = Deno.args;
let seed = Number(seedText) >>> 0;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rand() * n);

function mutate(b: Uint8Array, donor: Uint8Array): { bytes: Uint8Array; how: string } {
  const kind = int(3);
  if (kind === 0 || b.length < 2) {
    const at = int(b.length + 1);
    return { bytes: b.slice(0, at), how: `truncate@${at}` };
  }
  const out = b.slice();
  if (kind === 1) {
    const flips = 1 + int(8);
    const where: number[] = [];
    for (let i = 0; i < flips; i++) {
      const at = int(out.length);
      out[at] ^= 1 << int(8);
      where.push(at);
    }
    return { bytes: out, how: `flip@${where.join(",")}` };
  }
  const len = 1 + int(Math.min(64, donor.length, out.length));
  const from = int(Math.max(1, donor.length - len)), to = int(Math.max(1, out.length - len));
  out.set(donor.subarray(from, from + len), to);
  return { bytes: out, how: `splice ${from}+${len}→${to}` };
}

const tmp = await Deno.makeTempDir({ prefix: "fuzz-" });
const county = `${demo}/900101`;
const shpParts = ["shp", "shx", "dbf", "prj", "cpg"].map((e) => [e, Deno.readFileSync(`${county}/DLTB_2024.${e}`)] as const);
const fgbPath = `${tmp}/src.fgb`;
await writeFlatGeobuf(fgbPath, await readLayer(`${county}/constraints/城镇开发边界.geojson`));
const sources: { kind: string; name: string; bytes: Uint8Array }[] = [
  ...shpParts.map(([e, b]) => ({ kind: e.toUpperCase(), name: `DLTB.${e}`, bytes: b })),
  { kind: "GeoJSON", name: "layer.geojson", bytes: Deno.readFileSync(`${county}/constraints/城镇开发边界.geojson`) },
  { kind: "FlatGeobuf", name: "layer.fgb", bytes: Deno.readFileSync(fgbPath) },
  { kind: "CSV", name: "XZQ.csv", bytes: Deno.readFileSync(`${county}/XZQ.csv`) },
  { kind: "XLSX", name: "returns.xlsx", bytes: Deno.readFileSync(`${county}/field_returns.xlsx`) },
  {
    kind: "GeoTIFF",
    name: "dem.tif",
    bytes: writeTestGeoTiff({ width: 24, height: 24, values: Array.from({ length: 576 }, (_, i) => 100 + (i % 24) * 3), originX: 38_450_000, originY: 3_400_000, cell: 30, epsg: 4526, type: "float32", nodata: "-9999" }),
  },
];
const perKind = Number(perKindText);
let cases = 0, ok = 0, named = 0;
const bad: { kind: string; mutation: string; message: string }[] = [];
for (const src of sources) {
  for (let c = 0; c < perKind; c++) {
    const donor = sources[int(sources.length)].bytes;
    const { bytes, how } = mutate(src.bytes, donor);
    const dir = `${tmp}/${src.kind}_${c}`;
    Deno.mkdirSync(dir);
    let path: string;
    if (["SHP", "SHX", "DBF", "PRJ", "CPG"].includes(src.kind)) {
      for (const [e, b] of shpParts) Deno.writeFileSync(`${dir}/DLTB.${e}`, e.toUpperCase() === src.kind ? bytes : b);
      path = `${dir}/DLTB.shp`;
    } else {
      path = `${dir}/${src.name}`;
      Deno.writeFileSync(path, bytes);
    }
    cases++;
    if (Deno.env.get("FUZZ_TRACE")) console.error(`${src.kind} #${c} ${how}`);
    try {
      if (src.kind === "GeoTIFF") await decodeGeoTiff(bytes, path);
      else await readLayer(path);
      ok++;
    } catch (e) {
      const msg = e instanceof Error ? e.message : `non-Error: ${String(e)}`;
      const stem = src.name.replace(/\.[^.]+$/, "");
      if (e instanceof Error && (msg.includes(stem) || msg.includes(dir))) named++;
      else bad.push({ kind: src.kind, mutation: how, message: msg.slice(0, 200) });
    }
    Deno.removeSync(dir, { recursive: true });
  }
}
Deno.removeSync(tmp, { recursive: true });
console.log(JSON.stringify({ cases, ok, named, bad }));
