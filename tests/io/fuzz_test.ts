// Seeded, time-bounded fuzzing of every reader: the demo's SHP, SHX, DBF, PRJ, CPG, GeoJSON,
// FlatGeobuf, CSV, XLSX and a GeoTIFF are truncated, bit-flipped and spliced; every outcome must
// be a result or an error naming the file — never an uncaught exception, a hang (the run is a
// child process with a deadline) or memory without bound (the child's heap is capped at 768 MiB).
// Fuzzing found two cases this run guards: a FlatGeobuf header (0 features with an index) that sent
// flatgeobuf's index arithmetic into an endless loop, and a GeoTIFF whose damage raised a bare RangeError.
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { REPO_ROOT } from "../_harness/notebook.ts";

const SEEDS = [7, 2026, 99];
const PER_KIND = 40;

Deno.test({
  name: `fuzzed readers (seeds ${SEEDS.join(", ")}, ${PER_KIND} mutants per format each): results or named errors, no hang, bounded memory`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dir } = await demoProvince();
    for (const seed of SEEDS) {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-q", "-A", "--v8-flags=--max-old-space-size=768", join(REPO_ROOT, "tests/io/_fuzz_child.ts"), dir, String(seed), String(PER_KIND)],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      const out = await child.output().finally(() => clearTimeout(timer));
      const text = new TextDecoder().decode(out.stdout);
      assert.ok(out.success, `seed ${seed}: the fuzzing process did not finish (hang, crash or out of memory): ${new TextDecoder().decode(out.stderr).slice(-1500)}`);
      const r = JSON.parse(text.trim().split("\n").at(-1)!);
      assert.equal(r.cases, PER_KIND * 10, `seed ${seed}`);
      assert.deepEqual(r.bad, [], `seed ${seed}: outcomes that were neither a result nor a named error`);
      assert.ok(r.named > 0 && r.ok > 0, `seed ${seed}: both outcomes occur (${r.ok} read, ${r.named} named errors)`);
    }
  },
});

Deno.test({
  name: "FlatGeobuf found by fuzzing: 0 features declared with a spatial index is a named error, not an endless loop",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // The mutant itself (a bit-flipped copy of a demo layer), run in a child with a deadline.
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", `import { readLayer } from "${join(REPO_ROOT, "src/ingest/read_layer.ts")}";
        try { await readLayer("${join(REPO_ROOT, "tests/io/fixtures/fgb_zero_count_with_index.fgb")}"); console.log("read"); }
        catch (e) { console.log(e.message); }`],
      cwd: REPO_ROOT,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const out = await child.output().finally(() => clearTimeout(timer));
    assert.ok(out.success, "finished");
    assert.match(new TextDecoder().decode(out.stdout), /FlatGeobuf 文件损坏或被截断：.*fgb_zero_count_with_index\.fgb.*空间索引参数无效（要素 0 个，索引节点大小 16）/);
  },
});
