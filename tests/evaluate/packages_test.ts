/**
 * Verification packages: per-township folders whose Shapefile GDAL reads with Chinese field
 * names and values intact, a GeoJSON in CGCS2000 degrees, the form's columns (every indicator,
 * 照片1–4) and 说明 (system id and version), the task list in duty order, an atomic rewrite, and a
 * round trip: the exported form filled from the demo's returns imports like the returns.
 */
import { assert, assertEquals } from "../_assert.ts";
import type { Cell } from "../../src/io/layer.ts";
import { readXlsx, writeXlsx } from "../../src/io/xlsx.ts";
import { readGeoJSON } from "../../src/io/geojson.ts";
import { encodeGbk } from "../../src/io/gbk.ts";
import { makeAdminNamer } from "../../src/units/admin.ts";
import { readCsv } from "../../src/io/csv.ts";
import { loadIndicatorSystem } from "../../src/evaluate/system.ts";
import { BASEMAP_FIELDS, exportPackages } from "../../src/evaluate/packages.ts";
import { importReturns } from "../../src/evaluate/import.ts";
import { photoColumns } from "../../src/evaluate/form.ts";
import { demoPieces } from "./_fixtures.ts";

const system = await loadIndicatorSystem();

async function ogr(args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  try {
    const r = await new Deno.Command("ogrinfo", { args, stdout: "piped", stderr: "piped" }).output();
    return {
      ok: r.success,
      out: new TextDecoder().decode(r.stdout),
      err: new TextDecoder().decode(r.stderr),
    };
  } catch {
    return { ok: false, out: "", err: "ogrinfo not found" };
  }
}
const HAS_GDAL = (await ogr(["--version"])).ok;
if (!HAS_GDAL) console.warn("跳过 GDAL 检查：未安装 ogrinfo（Debian: apt-get install gdal-bin）");

async function namer(dir: string) {
  const table = async (f: string, c: string, n: string) => {
    const l = await readCsv(`${dir}/${f}`);
    return new Map(l.columns[c].map((v, i) => [String(v), String(l.columns[n][i])]));
  };
  const admin = makeAdminNamer({
    xzq: await table("XZQ.csv", "XZQDM", "XZQMC"),
    cjdcq: await table("CJDCQ.csv", "ZLDWDM", "ZLDWMC"),
  });
  return (code: string) => admin.name(code);
}

function sheetRows(path: string, sheet?: string): Record<string, Cell>[] {
  const l = readXlsx(path, { sheet });
  return Array.from(
    { length: l.length },
    (_, k) => Object.fromEntries(Object.keys(l.columns).map((c) => [c, l.columns[c][k]])),
  );
}

Deno.test("base-map DBF field names fit 10 bytes in GBK", () => {
  for (const f of BASEMAP_FIELDS) {
    assert(encodeGbk(f.name).length <= 10, `${f.name}: ${encodeGbk(f.name).length} bytes`);
  }
  assert(
    BASEMAP_FIELDS.some((f) => f.name === "面积（亩）") && BASEMAP_FIELDS.some((f) => f.name === "村名"),
  );
});

Deno.test("packages per township: Shapefile (GDAL reads Chinese), GeoJSON, form, task list, overview", async () => {
  const { pieces, crs, dir } = await demoPieces("900101");
  const out = await Deno.makeTempDir({ prefix: "eval-pkg-" });
  const summary = await exportPackages(pieces, crs, `${out}/任务`, { system, name: await namer(dir) });
  assertEquals(summary.pieces, pieces.length);
  assertEquals(summary.townships.reduce((s, t) => s + t.pieces, 0), pieces.length);
  const first = summary.townships.find((t) => t.name === "城关镇")!;
  assertEquals(first.folder, "900101100_城关镇");
  const base = `${out}/任务/${first.folder}`;
  const names = [...Deno.readDirSync(base)].map((e) => e.name).sort();
  assertEquals(
    names,
    [
      "任务清单.xlsx",
      "底图.cpg",
      "底图.dbf",
      "底图.geojson",
      "底图.prj",
      "底图.shp",
      "底图.shx",
      "核实表.xlsx",
    ].sort(),
  );

  if (HAS_GDAL) {
    const info = await ogr(["-al", "-so", `${base}/底图.shp`]);
    assert(info.ok, info.err);
    assertEquals(Number(/Feature Count: (\d+)/.exec(info.out)![1]), first.pieces);
    for (
      const f of [
        "部件号: Integer",
        "图斑类别: String",
        "核实要求: String",
        "面积（亩）: Real",
        "村名: String",
        "地类编码: String",
      ]
    ) {
      assert(info.out.includes(f), `ogrinfo shows ${f}`);
    }
    const all = await ogr(["-al", "-q", `${base}/底图.shp`]);
    const one = pieces.find((p) => p.township === "900101100" && p.cls === "I_CONTIG")!;
    assert(all.out.includes(`BSM (String) = ${one.bsm}`), "BSM");
    assert(
      all.out.includes("图斑类别 (String) = 集中连片潜力图斑I型") &&
        all.out.includes("核实要求 (String) = 重点核实"),
      "class and duty in Chinese",
    );
    assert(/村名 \(String\) = \S+村/.test(all.out), "village names in Chinese");
    assert(all.out.includes("乡镇名称 (String) = 城关镇"));
    assert(!all.out.includes("\ufffd"), "no replacement characters");
  }
  const gj = await readGeoJSON(`${base}/底图.geojson`);
  assertEquals(gj.length, first.pieces);
  assert(gj.crsText!.includes("4490"));
  const lon = gj.geometry!.coords[0], lat = gj.geometry!.coords[1];
  assert(lon > 113 && lon < 115 && lat > 30 && lat < 32, `${lon}, ${lat}`);

  const form = readXlsx(`${base}/核实表.xlsx`);
  const headers = Object.keys(form.columns);
  for (
    const h of [
      "序号",
      "BSM",
      "部件号",
      "图斑类别",
      "核实要求",
      "面积（亩）",
      "生产现状",
      "有无道路",
      "道路距离（米）",
      "水源距离（米）",
      "恢复成本（万元/亩）",
      "群众意愿",
      ...photoColumns(4),
    ]
  ) {
    assert(headers.includes(h), `form column ${h}`);
  }
  assertEquals(form.length, first.pieces);
  assert(form.columns["生产现状"].every((v) => v === null), "indicator columns are empty");
  const help = sheetRows(`${base}/核实表.xlsx`, "说明").map((r) => `${r["项目"]}：${r["说明"]}`).join("\n");
  assert(help.includes(system.id) && help.includes(system.version), "说明 names the system and version");
  assert(
    help.includes("至少 4 张") && help.includes("30°") && help.includes("200 米"),
    "说明 states the photo rules",
  );
  assert(help.includes("默认，非原文规定"));

  const tasks = sheetRows(`${base}/任务清单.xlsx`);
  const duties = tasks.map((r) => String(r["核实要求"]));
  const order = ["重点核实", "全部核实", "自行确定"];
  for (let i = 1; i < duties.length; i++) {
    assert(order.indexOf(duties[i - 1]) <= order.indexOf(duties[i]), "duty order");
  }
  assertEquals(tasks.map((r) => r["序号"]), tasks.map((_, i) => i + 1));
  const overview = sheetRows(`${out}/任务/任务总表.xlsx`);
  assertEquals(overview.at(-1)!["合计（个）"], pieces.length);

  await Deno.writeTextFile(`${out}/任务/stale.txt`, "old");
  await exportPackages(pieces.slice(0, 5), crs, `${out}/任务`, { system });
  assert(
    !(await Deno.stat(`${out}/任务/stale.txt`).then(() => true, () => false)),
    "the folder is replaced as a whole",
  );
  await Deno.remove(out, { recursive: true });
});

Deno.test("round trip: the exported forms, filled from the demo returns, import exactly like the returns", async () => {
  const { pieces, crs, returns } = await demoPieces("900103");
  const out = await Deno.makeTempDir({ prefix: "eval-rt-" });
  const s = await exportPackages(pieces, crs, `${out}/任务`, { system });
  const ret = sheetRows(returns);
  const byBsm = new Map(ret.map((r) => [String(r.BSM), r]));
  const filled: string[] = [];
  for (const t of s.townships) {
    const path = `${out}/任务/${t.folder}/核实表.xlsx`;
    const l = readXlsx(path);
    const headers = Object.keys(l.columns);
    const rows = sheetRows(path).map((r) => ({ ...r, ...(byBsm.get(String(r.BSM)) ?? {}) }));
    const target = `${out}/${t.folder}.xlsx`;
    await writeXlsx(target, [{ name: "核实表", columns: headers.map((h) => ({ key: h, header: h })), rows }]);
    filled.push(target);
  }
  const direct = await importReturns([returns], pieces, system, { crs });
  const viaForms = await importReturns(filled, pieces, system, { crs });
  const key = (p: { bsm: string; part: number }) => `${p.bsm}/${p.part}`;
  assertEquals(
    viaForms.graded.map((g) => [key(g.piece), g.grade]),
    direct.graded.map((g) => [key(g.piece), g.grade]),
  );
  assertEquals(
    viaForms.incomplete.map((i) => [key(i.piece), i.problems.map((p) => p.message)]),
    direct.incomplete.map((i) => [key(i.piece), i.problems.map((p) => p.message)]),
  );
  assertEquals(viaForms.missing.map(key), direct.missing.map(key));
  assertEquals(
    viaForms.files.reduce((n, f) => n + f.blank, 0),
    direct.missing.length,
    "unfilled form rows are counted, not graded",
  );
  await Deno.remove(out, { recursive: true });
});
