// The catalogue of what analysts get wrong, per subcommand, each with the message it must show.
// Errors stop the run before anything is written (exit 1, nothing at --out) and name the `--allow`
// that would let it go on; with it, the records are left out and listed. (The title row above a
// project table's header is in tests/io/analyst_tables_test.ts; a survey without TBMJ in
// tests/cli/policy_test.ts.)
import assert from "node:assert/strict";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { readXlsx } from "../../src/io/xlsx.ts";
import type { VectorLayer } from "../../src/io/layer.ts";
import { projectsFromLayers } from "../../src/outflow/projects.ts";
import { configureInputPolicy, InputPolicyError } from "../../src/ingest/policy.ts";
import { readPhotos } from "../../src/evaluate/photos.ts";
import { type CountyFolder, countyFolderProblems } from "../../src/ingest/county_folder.ts";
import { PROBLEM_LABELS, SEVERITY_LABELS } from "../../src/ingest/report.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { REPO_ROOT } from "../_harness/notebook.ts";
import { cli } from "../_harness/cli.ts";


const exists = (p: string) => Deno.stat(p).then(() => true, () => false);

/** A two-county province (900101, 900102) copied from the shared demo, to be changed by a test. */
async function smallProvince(): Promise<string> {
  const { dir } = await demoProvince();
  const to = await Deno.makeTempDir({ prefix: "catalogue-" });
  for (const p of ["900101", "900102", "admin_units.csv", "targets.csv"]) {
    const r = await new Deno.Command("cp", { args: ["-a", `${dir}/${p}`, `${to}/${p}`] }).output();
    assert(r.success, `cp ${p}`);
  }
  return to;
}

/** Rewrites the first sheet of `path` after `edit` changed its rows (arrays of cells, header first). */
function editSheet(path: string, edit: (aoa: unknown[][]) => void) {
  const wb = XLSX.read(Deno.readFileSync(path), { type: "array" });
  const ws = wb.Sheets[wb.SheetNames[0]];
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
  edit(aoa);
  wb.Sheets[wb.SheetNames[0]] = XLSX.utils.aoa_to_sheet(aoa);
  Deno.writeFileSync(path, new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" })));
}

/** A sheet read back as CSV text (as 另存为 CSV writes it), headers renamed and cells changed. */
function asCsv(path: string, rename: Record<string, string>, cell?: (header: string, v: unknown) => unknown): string {
  const l = readXlsx(path);
  const names = Object.keys(l.columns);
  const esc = (v: unknown) => (v == null ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  const lines = [names.map((n) => rename[n] ?? n).join(",")];
  for (let i = 0; i < l.length; i++) lines.push(names.map((n) => esc(cell ? cell(n, l.columns[n][i]) : l.columns[n][i])).join(","));
  return lines.join("\n") + "\n";
}

Deno.test({
  name: "balance: a duplicate row in a project table stops the run naming both rows; --allow duplicate_key reads the first and lists the second",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await smallProvince();
    const table = `${data}/900101/outflow_projects.xlsx`;
    let id = "";
    editSheet(table, (aoa) => {
      id = String(aoa[1][0]);
      aoa.splice(2, 0, [...aoa[1]]); // the row pasted twice
    });
    const out = `${data}-out`;
    const r = await cli(["balance", "--data", data, "--out", out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`项目表“${table}”第 3 行：项目编号 ${id} 重复（首次见于 项目表“${table}”第 2 行）`));
    assert.match(r.stderr, /--allow duplicate_key/);
    assert.equal(await exists(out), false, "nothing written");
    const ok = await cli(["balance", "--data", data, "--out", out, "--allow", "duplicate_key"]);
    assert.equal(ok.code, 0, ok.stderr);
    const problems = await Deno.readTextFile(`${out}/outflow/problems.txt`);
    assert.match(problems, new RegExp(`项目编号 ${id} 重复.*该行未读入`));
    assert.match(problems, /按 --allow 放行：duplicate_key（编号重复（同一编号出现多行））1 处/);
  },
});

Deno.test({
  name: "balance and trends: a county without a survey year the others have, or without its PBF layer, stops the run; --allow missing_layer leaves the county out",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await smallProvince();
    for (const ext of ["shp", "shx", "dbf", "prj", "cpg"]) await Deno.remove(`${data}/900102/DLTB_2024.${ext}`);
    const out = `${data}-out`;
    const msg = /县 900102 缺少 2024 年度变更调查图斑（DLTB_2024\.shp），省内其他 1 个县已有/;
    for (const cmd of ["balance", "trends"]) {
      const r = await cli([cmd, "--data", data, "--out", out]);
      assert.equal(r.code, 1, `${cmd}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, msg, cmd);
      assert.match(r.stderr, /--allow missing_layer/);
      assert.equal(await exists(out), false, `${cmd} wrote nothing`);
    }
    const ok = await cli(["balance", "--data", data, "--out", out, "--allow", "missing_layer"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /2024 年进出平衡：1 个县/);
    assert.match(await Deno.readTextFile(`${out}/outflow/problems.txt`), /按 --allow 放行：missing_layer.*900102/);

    // The survey back, the permanent basic farmland layer gone.
    const { dir } = await demoProvince();
    for (const ext of ["shp", "shx", "dbf", "prj", "cpg"]) {
      await Deno.copyFile(`${dir}/900102/DLTB_2024.${ext}`, `${data}/900102/DLTB_2024.${ext}`);
      await Deno.remove(`${data}/900102/永久基本农田.${ext}`);
    }
    const pbf = await cli(["balance", "--data", data, "--out", `${out}-pbf`]);
    assert.equal(pbf.code, 1, pbf.stdout + pbf.stderr);
    assert.match(pbf.stderr, /县 900102 的目录中没有永久基本农田图层（永久基本农田\.shp），无法区分须整改恢复的转出/);
    assert.equal(await exists(`${out}-pbf`), false);
  },
});

Deno.test({
  name: "verify import: a return file with a renamed column stops, naming the missing and the unrecognised column; Excel-serial and Chinese dates read as dates",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dir } = await demoProvince();
    const tmp = await Deno.makeTempDir({ prefix: "catalogue-verify-" });
    const county = `${dir}/900101`;
    const s = await cli(["screen", "--dltb", `${county}/DLTB_2024.shp`, "--constraints", `${county}/constraints`, "--out", `${tmp}/screen`]);
    assert.equal(s.code, 0, s.stderr);
    const returns = `${county}/field_returns.xlsx`;

    const renamed = `${tmp}/renamed.csv`;
    await Deno.writeTextFile(renamed, asCsv(returns, { "生产现状": "现状" }));
    const r = await cli(["verify", "import", "--screen", `${tmp}/screen`, "--returns", renamed, "--out", `${tmp}/v1`]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`回传文件“${renamed}”缺少列：生产现状；表中有未识别的列：现状（是否被改名？请把表头改回核实表原样）`));
    assert.equal(await exists(`${tmp}/v1`), false);
    const allowed = await cli(["verify", "import", "--screen", `${tmp}/screen`, "--returns", renamed, "--out", `${tmp}/v1`, "--allow", "missing_field"]);
    assert.equal(allowed.code, 0, allowed.stderr);
    const left = JSON.parse(await Deno.readTextFile(`${tmp}/v1/summary.json`));
    assert.equal(left.counts.graded + left.counts.incomplete, 0, "the file's rows are left out");
    assert.equal(left.counts.missing, left.counts.pieces);
    assert.match(left.notes.join("\n"), /按 --allow 放行：missing_field/);

    // Photo times as Excel serials (a lost date format) and as Chinese text: the same outcome as the original.
    const dated = `${tmp}/dated.csv`;
    await Deno.writeTextFile(dated, asCsv(returns, {}, (h, v) => {
      if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(v)) return v;
      const [y, m, d] = v.slice(0, 10).split("-").map(Number);
      const time = v.slice(11) || "00:00:00";
      if (h === "照片1拍摄时间") { // serial = days since 1899-12-30 + fraction of the day
        const [hh, mm, ss] = time.split(":").map(Number);
        return ((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000 + (hh * 3600 + mm * 60 + ss) / 86400).toFixed(8);
      }
      if (h === "照片2拍摄时间") return `${y}年${m}月${d}日 ${time}`;
      return v;
    }));
    for (const [file, o] of [[returns, "orig"], [dated, "dated"]]) {
      const v = await cli(["verify", "import", "--screen", `${tmp}/screen`, "--returns", file, "--out", `${tmp}/${o}`]);
      assert.equal(v.code, 0, v.stderr);
    }
    const a = JSON.parse(await Deno.readTextFile(`${tmp}/orig/summary.json`)), b = JSON.parse(await Deno.readTextFile(`${tmp}/dated/summary.json`));
    assert.deepEqual(b.counts, a.counts);
    assert(a.counts.graded > 0);
    assert.doesNotMatch(await Deno.readTextFile(`${tmp}/dated/incomplete.csv`), /拍摄时间/);
  },
});

Deno.test("project tables: dates as Excel serials or text read alike; under the command-line policy bad cells stop the run, --allow leaves their rows out", () => {
  const attr: VectorLayer = {
    source: "projects.xlsx", fields: [], length: 4, geometry: null, crsText: null, notes: [],
    columns: {
      项目编号: ["P1", "P2", "P3", "P1"], 年度: [2021, 2021, 2021, 2021],
      开工日期: [44257, "2021年3月2日", "三月", null], 地块BSM: ["B1", "B2", "B3", "B1"],
    },
  };
  try {
    configureInputPolicy({ enforce: true });
    assert.throws(() => projectsFromLayers(attr, [], null), (e: unknown) => {
      assert(e instanceof InputPolicyError);
      assert.match(e.message, /输入数据有 2 处错误（not_a_date 日期无法识别 1 处；duplicate_key 编号重复（同一编号出现多行） 1 处），未写出任何结果/);
      assert.match(e.message, /projects\.xlsx，第 4 条，字段 开工日期，值“三月”：项目表“projects\.xlsx”第 4 行（项目 P3）字段“开工日期”的值“三月”不是日期/);
      assert.match(e.message, /projects\.xlsx，第 5 条，字段 项目编号，值“P1”：项目表“projects\.xlsx”第 5 行：项目编号 P1 重复/);
      return true;
    });
    configureInputPolicy({ enforce: true, allow: ["not_a_date", "duplicate_key"] });
    const { projects, problems } = projectsFromLayers(attr, [], null);
    assert.deepEqual(projects.map((p) => [p.id, p.startDate]), [["P1", "2021-03-02"], ["P2", "2021-03-02"]]);
    assert(problems.some((p) => /按 --allow 放行：.*not_a_date（日期无法识别）1 处/.test(p)), problems.join("\n"));
  } finally {
    configureInputPolicy({ enforce: false });
  }
});

Deno.test("field returns: a photo without coordinates is named, with the columns left blank", () => {
  const values = {
    "照片1方位角（度）": 90, "照片1经度": null, "照片1纬度": null, "照片1拍摄时间": "2024-07-11 13:02:46",
  };
  const r = readPhotos(values, [1]);
  assert.equal(r.photos.length, 0);
  assert.equal(r.filled, 1);
  assert.equal(r.problems[0].message, "照片1信息不全：照片1经度、照片1纬度未填写");
});

Deno.test("county folders: a year missing in one county is an error, in every county a warning; a missing PBF layer is an error", () => {
  const folder = (county: string, years: number[], pbf = true): CountyFolder => ({
    county,
    dir: `p/${county}`,
    surveys: new Map(years.map((y) => [y, `p/${county}/DLTB_${y}.shp`])),
    pbf: pbf ? `p/${county}/永久基本农田.shp` : null,
  });
  const gap = countyFolderProblems([folder("900101", [2022, 2024]), folder("900102", [2022, 2024])], { pbf: true });
  assert.deepEqual(gap.map((p) => [p.code, p.value]), [["survey_year_gap", "2023"]]);
  assert.equal(gap[0].message, "各县都没有 2023 年度变更调查：2022 年与 2024 年直接比较，2024 年的变化含 2 个年度");
  const one = countyFolderProblems([folder("900101", [2022, 2023, 2024]), folder("900102", [2022, 2024], false)], { pbf: true });
  assert.deepEqual(one.map((p) => [p.code, p.file, p.value]), [
    ["missing_layer", "p/900102", "DLTB_2023"],
    ["missing_layer", "p/900102", "永久基本农田.shp"],
  ]);
  assert.deepEqual(countyFolderProblems([folder("900101", [2023, 2024], false)], {}), []);
});

Deno.test("the catalogue for analysts (data/reference/input_catalogue.md) lists every problem kind with its default severity", () => {
  const doc = Deno.readTextFileSync(join(REPO_ROOT, "data/reference/input_catalogue.md"));
  for (const [code, { severity }] of Object.entries(PROBLEM_LABELS)) {
    assert.match(doc, new RegExp(`^\\| ${code} \\| [^|]+ \\| ${SEVERITY_LABELS[severity]} \\|$`, "m"), code);
  }
});
