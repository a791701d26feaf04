// The analyst's chain on a demo county, through the real CLI: screen → verify export → verify import.
import { assert, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
async function cli(...args: string[]): Promise<string> {
  const r = await new Deno.Command(Deno.execPath(), { args: ["run", "-q", "-A", MAIN, ...args], stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  assertEquals(r.code, 0, dec.decode(r.stderr));
  return dec.decode(r.stdout);
}

Deno.test("screen → verify export → verify import on a demo county", async () => {
  const { dir, manifest } = await demoProvince();
  const county = manifest.counties.find((c) => c.terrain === "plain")!.code;
  const out = await Deno.makeTempDir({ prefix: "chain-" });
  await cli("screen", "--dltb", `${dir}/${county}/DLTB_2024.shp`, "--constraints", `${dir}/${county}/constraints`, "--admin-names", `${dir}/admin_units.csv`, "--out", `${out}/screen`);
  const pieces = JSON.parse(await Deno.readTextFile(`${out}/screen/pieces.geojson`)).features.length;
  assert(pieces > 10, `${pieces} pieces`);
  // Parcel geometry in WGS84 is restricted: written only when asked for (--wgs84).
  assert(!(await Deno.stat(`${out}/screen/pieces_wgs84.geojson`).then(() => true, () => false)), "WGS84 copy written by default");
  await cli("verify", "export", "--screen", `${out}/screen`, "--out", `${out}/packages`);
  const towns = [...Deno.readDirSync(`${out}/packages`)].filter((e) => e.isDirectory);
  assert(towns.length >= 1);
  for (const t of towns) {
    const files = [...Deno.readDirSync(`${out}/packages/${t.name}`)].map((e) => e.name);
    for (const f of ["底图.shp", "底图.dbf", "底图.cpg", "底图.geojson", "核实表.xlsx"]) assert(files.includes(f), `${t.name}/${f}`);
  }
  await cli("verify", "import", "--screen", `${out}/screen`, "--returns", `${dir}/${county}/field_returns.xlsx`, "--out", `${out}/graded`);
  // Distinct pieces (BSM, part) of a result file; incomplete.csv has a line per problem.
  const keys = (f: string) => {
    const rows = Deno.readTextFileSync(`${out}/graded/${f}`).replace(/^\ufeff/, "").trim().split("\r\n").map((l) => l.split(","));
    const b = rows[0].indexOf("BSM"), p = rows[0].indexOf("部件号");
    return new Set(rows.slice(1).map((r) => `${r[b]}#${r[p]}`));
  };
  const graded = keys("graded.csv"), incomplete = keys("incomplete.csv"), missing = keys("missing.csv");
  // Every piece is exactly one of graded, incomplete or missing: nothing is silently left out.
  assertEquals(graded.size + incomplete.size + missing.size, pieces);
  assertEquals(new Set([...graded, ...incomplete, ...missing]).size, pieces);
});
