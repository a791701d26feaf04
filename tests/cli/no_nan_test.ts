// No number printed or written is ever NaN or Infinity: every subcommand, on the demo and on a bad
// input let through with --allow, has every output file (CSV, JSON, TXT, GeoJSON, HTML, XLSX
// sheets, DBF records) and its terminal output scanned. (The briefing's own scan is in
// tests/briefing/report_cli_test.ts.)
import assert from "node:assert/strict";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { cli } from "../_harness/cli.ts";
import { nonNumbersIn, scannedFiles } from "../_harness/scan_outputs.ts";
import { editedSurvey, textTbmj } from "../_harness/edit_survey.ts";


/** Runs a subcommand that must succeed; checks its terminal output. */
async function run(label: string, args: string[]) {
  const r = await cli(args);
  assert.equal(r.code, 0, `${label}: ${r.stderr}`);
  assert.doesNotMatch(r.stdout + r.stderr, /\bNaN\b|Infinity|\bundefined\b/, `${label} printed a non-number`);
  return r;
}

function assertClean(dir: string, atLeast: number) {
  assert(scannedFiles(dir) >= atLeast, `${dir}: only ${scannedFiles(dir)} files scanned`);
  assert.deepEqual(nonNumbersIn(dir), []);
}

/** Two counties of the demo (900101 with `survey` as its 2024 survey when given), for speed. */
async function province(survey?: (county: string, dir: string) => Promise<void>): Promise<string> {
  const { dir } = await demoProvince();
  const to = await Deno.makeTempDir({ prefix: "no-nan-" });
  for (const p of ["900101", "900102", "admin_units.csv", "targets.csv"]) {
    assert((await new Deno.Command("cp", { args: ["-a", `${dir}/${p}`, `${to}/${p}`] }).output()).success);
  }
  await survey?.(`${dir}/900101`, `${to}/900101`);
  return to;
}

Deno.test({
  name: "every subcommand on the demo writes and prints no NaN, Infinity or undefined",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dir: demo } = await demoProvince();
    const data = await province();
    const out = await Deno.makeTempDir({ prefix: "no-nan-out-" });
    const c = `${data}/900101`;
    await run("load", ["load", `${c}/DLTB_2024.shp`, "--problems", `${out}/load/problems.csv`]);
    await run("screen", ["screen", "--dltb", `${c}/DLTB_2024.shp`, "--constraints", `${c}/constraints`, "--out", `${out}/screen`]);
    await run("verify export", ["verify", "export", "--screen", `${out}/screen`, "--out", `${out}/packages`, "--xzq", `${c}/XZQ.csv`, "--cjdcq", `${c}/CJDCQ.csv`]);
    await run("verify import", ["verify", "import", "--screen", `${out}/screen`, "--returns", `${c}/field_returns.xlsx`, "--out", `${out}/verify`]);
    await run("balance", ["balance", "--data", data, "--out", `${out}/balance`]);
    await run("balance plan year", ["balance", "--data", data, "--year", "2025", "--out", `${out}/plan`]);
    await run("audit", ["audit", "--data", demo, "--out", `${out}/audit`]);
    await run("trends", ["trends", "--data", data, "--out", `${out}/trends`]);
    await run("trends --public", ["trends", "--public", "--out", `${out}/public`]);
    await run("template", ["template", "--out", `${out}/template`]);
    for (const [d, n] of [["screen", 5], ["packages", 5], ["verify", 5], ["balance", 8], ["plan", 8], ["audit", 5], ["trends", 5], ["public", 3], ["template", 5], ["load", 1]] as const) {
      assertClean(`${out}/${d}`, n);
    }
  },
});

Deno.test({
  name: "a survey with a text TBMJ let through with --allow: load, screen, balance and trends leave the record out and write no non-number",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await province(async (src, to) => {
      await editedSurvey(`${src}/DLTB_2024`, to, textTbmj(5), "DLTB_2024");
    });
    const out = await Deno.makeTempDir({ prefix: "no-nan-bad-" });
    const c = `${data}/900101`;
    // Without --allow every one of them stops before writing.
    for (const args of [["load", `${c}/DLTB_2024.shp`, "--problems", `${out}/x/problems.csv`], ["screen", "--dltb", `${c}/DLTB_2024.shp`, "--constraints", `${c}/constraints`, "--out", `${out}/x`], ["balance", "--data", data, "--out", `${out}/x`], ["trends", "--data", data, "--out", `${out}/x`]]) {
      const r = await cli(args);
      assert.equal(r.code, 1, `${args[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /DLTB_2024\.shp，第 5 条，BSM \d+，字段 TBMJ，值“abc”/, args[0]);
      assert.equal(await Deno.stat(`${out}/x`).then(() => true, () => false), false, `${args[0]} wrote`);
    }
    const allow = ["--allow", "not_a_number"];
    const l = await run("load", ["load", `${c}/DLTB_2024.shp`, "--problems", `${out}/load/problems.csv`, ...allow]);
    assert.match(l.stdout + l.stderr, /按 --allow 放行：not_a_number/);
    await run("screen", ["screen", "--dltb", `${c}/DLTB_2024.shp`, "--constraints", `${c}/constraints`, "--out", `${out}/screen`, ...allow]);
    const b = await run("balance", ["balance", "--data", data, "--out", `${out}/balance`, ...allow]);
    assert.match(b.stderr + b.stdout, /按 --allow 放行|not_a_number/);
    await run("trends", ["trends", "--data", data, "--out", `${out}/trends`, ...allow]);
    for (const [d, n] of [["screen", 5], ["balance", 8], ["trends", 5], ["load", 1]] as const) assertClean(`${out}/${d}`, n);
  },
});
