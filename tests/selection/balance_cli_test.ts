// The 进出平衡 chain through the real CLI on the demo province: ledger, selection and plan are
// written, the optimiser is never worse than the rule order, and every need is covered or its gap shown.
import { assert, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;

function csv(path: string): Record<string, string>[] {
  const lines = Deno.readTextFileSync(path).replace(/^\ufeff/, "").trim().split("\r\n");
  const split = (l: string) => {
    const out: string[] = [];
    let cur = "", q = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (q) {
        if (c === '"' && l[i + 1] === '"') (cur += '"', i++);
        else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ",") (out.push(cur), cur = "");
      else cur += c;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

Deno.test("balance on the demo province: outputs, optimiser ≤ rule order, every need covered or its gap shown", async () => {
  const { dir, manifest } = await demoProvince();
  const out = await Deno.makeTempDir({ prefix: "balance-" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", MAIN, "balance", "--data", dir, "--admin-names", `${dir}/admin_units.csv`, "--out", out],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  const needs = csv(`${out}/outflow/needs.csv`);
  assert(needs.length >= manifest.counties.length, `${needs.length} needs`);
  const solves = csv(`${out}/selection/solves.csv`);
  assert(solves.length > 0);
  for (const s of solves) assertEquals(s["不劣于规则顺序"], "是", JSON.stringify(s));
  for (const s of solves) assert(Number(s["所选成本（万元）"]) <= Number(s["规则顺序成本（万元）"]) + 1e-6 || s["规则顺序满足同样要求"] !== "是", JSON.stringify(s));
  const chosen = csv(`${out}/selection/chosen.csv`);
  assert(chosen.length > 0 && chosen.every((c) => c["选取理由"].startsWith("选入")));
  const plan = csv(`${out}/selection/plan.csv`);
  const counties = new Set(plan.map((p) => p["县级代码"]));
  for (const c of manifest.counties) assert(counties.has(c.code), `plan row for ${c.code}`);
  for (const f of ["outflow/outflow.xlsx", "selection/进出平衡选址.xlsx", "outflow/restoration.csv", "outflow/exempt.csv"]) {
    assert((await Deno.stat(`${out}/${f}`)).size > 0, f);
  }
});
