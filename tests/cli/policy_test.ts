// One input policy for every subcommand: an error stops the run before it writes, naming file,
// row, BSM, field and value; --allow KIND goes on without those records and says so; never NaN.
import assert from "node:assert/strict";
import { editedSurvey, textTbmj } from "../_harness/edit_survey.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { cli } from "../_harness/cli.ts";


Deno.test({
  name: "screen: a survey without TBMJ or with a text TBMJ stops before writing; --allow leaves the records out, no NaN anywhere",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dir: demo } = await demoProvince();
    const county = `${demo}/900101`;
    const tmp = await Deno.makeTempDir({ prefix: "policy-" });
    try {
      // 1. No TBMJ field (TBDLMJ gone too, so nothing can stand in for it).
      const noField = await editedSurvey(`${county}/DLTB_2024`, tmp, (fields, columns) => {
        for (const f of ["TBMJ", "TBDLMJ"]) {
          fields.splice(fields.findIndex((x) => x.name === f), 1);
          delete columns[f];
        }
      });
      const out = `${tmp}/out`;
      const stopped = await cli(["screen", "--dltb", noField, "--constraints", `${county}/constraints`, "--out", out]);
      assert.equal(stopped.code, 1, stopped.stdout + stopped.stderr);
      assert.match(stopped.stderr, /错误：输入数据有 \d+ 处错误（missing_field 缺少必填字段/);
      assert.match(stopped.stderr, /DLTB\.shp.*TBMJ/);
      assert.match(stopped.stderr, /--allow missing_field/);
      assert.doesNotMatch(stopped.stdout + stopped.stderr, /NaN/);
      assert.equal(await Deno.stat(out).then(() => true, () => false), false, "nothing written");

      // 2. One record's TBMJ is text: the error names the row, BSM, field and value.
      // (A DBF numeric field cannot hold text, so TBMJ becomes a character field as some exports write it.)
      const bad = await editedSurvey(`${county}/DLTB_2024`, tmp, textTbmj(5));
      const one = await cli(["screen", "--dltb", bad, "--constraints", `${county}/constraints`, "--out", out]);
      assert.equal(one.code, 1);
      assert.match(one.stderr, /DLTB\.shp，第 5 条，BSM \d+，字段 TBMJ，值“abc”/);
      assert.equal(await Deno.stat(out).then(() => true, () => false), false);

      // 3. Allowed: the record is left out and listed, the run writes, nothing is NaN.
      const ok = await cli(["screen", "--dltb", bad, "--constraints", `${county}/constraints`, "--out", out, "--allow", "not_a_number"]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /按 --allow 放行：not_a_number（数值字段不是数字）1 处；1 条记录未参与计算：.*DLTB\.shp 第 5 条/);
      const summary = await Deno.readTextFile(`${out}/summary.json`);
      assert.match(summary, /按 --allow 放行/);
      for (const e of Deno.readDirSync(out)) {
        if (!e.isFile || !/\.(csv|json|txt)$/.test(e.name)) continue;
        const text = await Deno.readTextFile(`${out}/${e.name}`);
        assert.doesNotMatch(text, /\bNaN\b|Infinity|undefined/, e.name);
      }
      assert.doesNotMatch(ok.stdout, /NaN/);

      // An unknown kind is refused with the list of kinds.
      const unknown = await cli(["screen", "--dltb", bad, "--constraints", `${county}/constraints`, "--out", `${tmp}/x`, "--allow", "typo"]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /--allow 的问题类型“typo”未知；可用：missing_field（缺少必填字段）/);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
