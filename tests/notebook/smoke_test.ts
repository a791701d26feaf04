// Smoke tests of the notebook harness (tests/_harness/notebook.ts) on temporary notebooks.
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertNotebookOk, REPO_ROOT, runNotebook } from "../_harness/notebook.ts";

function notebook(sources: string[]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
        language_info: { name: "typescript" },
      },
      cells: sources.map((source, i) => ({
        cell_type: "code",
        id: `cell-${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      })),
    },
    null,
    1,
  );
}

async function withTempNotebook<T>(
  sources: string[],
  fn: (path: string, text: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "nbsmoke-" });
  const path = join(dir, "smoke.ipynb");
  const text = notebook(sources);
  await Deno.writeTextFile(path, text);
  try {
    return await fn(path, text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "notebook harness: TypeScript + apache-arrow notebook runs on the repo's Deno kernel",
  fn: () =>
    withTempNotebook([
      "const answer: number = 6 * 7;\nconsole.log(`cwd=${Deno.cwd()}`);\nanswer",
      'import { tableFromArrays } from "apache-arrow";\n' +
      'const table = tableFromArrays({ parcel: ["A-1", "A-2", "B-7"], area_mu: Float64Array.from([3.5, 12, 0.8]) });\n' +
      '`rows=${table.numRows} cols=${table.numCols} total=${table.getChild("area_mu")!.toArray().reduce((a, b) => a + b, 0)}`',
    ], async (path, original) => {
      const r = await runNotebook(path, { timeoutSec: 180 });
      assertNotebookOk(r, "smoke notebook");
      assert.equal(r.status, "ok");
      assert.equal(r.outputs.length, 2);
      const [c0, c1] = r.outputs;
      assert.equal(c0.executionCount, 1);
      assert.match(c0.text, /\b42\b/);
      const result = c0.outputs.find((o) => o.output_type === "execute_result");
      assert.ok(result, "cell 0 displays its value");
      assert.equal([result.data!["text/plain"]].flat().join(""), "42");
      // Kernel runs with the repo as working directory (repo deno.json + node_modules).
      assert.ok(c0.text.includes(`cwd=${REPO_ROOT}\n`), `kernel cwd: ${c0.text}`);
      assert.match(c1.text, /rows=3 cols=2 total=16\.3/);
      // The input notebook is untouched.
      assert.equal(await Deno.readTextFile(path), original);
    }),
});

Deno.test({
  name: "notebook harness: a throwing cell fails the run with its source and traceback",
  fn: () =>
    withTempNotebook([
      "const ok = 1 + 1;\nok",
      'function parseParcel(id: string) {\n  throw new Error(`bad parcel id ${id}`);\n}\nparseParcel("ZZ-9");',
      'console.log("never runs");',
    ], async (path) => {
      const r = await runNotebook(path, { timeoutSec: 120 });
      assert.equal(r.ok, false);
      assert.equal(r.status, "cell_error");
      assert.throws(() => assertNotebookOk(r), /bad parcel id ZZ-9/);
      const msg = r.errors[0];
      assert.match(msg, /^Cell 1 /);
      assert.match(msg, /bad parcel id ZZ-9/);
      assert.ok(msg.includes('parseParcel("ZZ-9");'), `error shows the cell source:\n${msg}`);
      assert.match(msg, /--- traceback ---\n[\s\S]*Error: bad parcel id ZZ-9/);
      // Execution stops at the failing cell.
      assert.equal(r.outputs[2].executionCount, null);
      assert.equal(r.outputs[2].outputs.length, 0);
      await Deno.remove(join(r.executedPath, ".."), { recursive: true });
    }),
});

Deno.test({
  name: "notebook harness: a cell exceeding the per-cell timeout fails the run",
  fn: () =>
    withTempNotebook([
      "await new Promise((r) => setTimeout(r, 30_000));",
    ], async (path) => {
      const r = await runNotebook(path, { timeoutSec: 3 });
      assert.equal(r.ok, false);
      assert.equal(r.status, "cell_timeout");
      assert.match(r.errors[0], /timed out/);
      assert.match(r.errors[0], /setTimeout\(r, 30_000\)/);
      await Deno.remove(join(r.executedPath, ".."), { recursive: true });
    }),
});
