// `deno task cli notebook run`: a notebook executed with parameters, published as .ipynb + HTML;
// and the reason the executor waits after the kernel says idle (Deno's kernel publishes some
// stream output after its idle status, see src/notebook/nbexec.py).
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT, runNotebook } from "../_harness/notebook.ts";

async function cli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", join(REPO_ROOT, "src/cli/main.ts"), ...args],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test({
  name: "notebook run: parameters reach the notebook; the executed copy and its HTML are written",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "nbrun-out-" });
    try {
      await Deno.writeTextFile(`${out}/keep.txt`, "另一个笔记本的结果");
      const r = await cli(["notebook", "run", "03_screening", "--param", "county=900102", "--param", "thresholdMu=40", "--out", out]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /已执行 03_screening（[\d.]+ 秒）/);
      const names = [...Deno.readDirSync(out)].map((e) => e.name).sort();
      assert.deepEqual(names, ["03_screening.html", "03_screening.ipynb", "keep.txt"]);
      const nb = JSON.parse(await Deno.readTextFile(`${out}/03_screening.ipynb`));
      const injected = nb.cells.find((c: { metadata: { tags?: string[] } }) => c.metadata.tags?.includes("injected-parameters"));
      assert.ok(injected, "injected cell");
      assert.equal(nb.cells.indexOf(injected), 2, "right after the parameters cell");
      assert.deepEqual(nb.metadata.parameters, { county: "900102", thresholdMu: "40" });
      const html = await Deno.readTextFile(`${out}/03_screening.html`);
      // The title cell names the injected county, the class table the injected threshold.
      assert.match(html, /丘阳县（900102）/);
      assert.match(html, /集中连片阈值 40 亩/);
      assert.doesNotMatch(html, /平川县（900101）/);
      assert.match(html, /<svg/);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: "notebook run: a bad parameter or a failing cell writes nothing and exits non-zero with the reason",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "nbrun-bad-" });
    try {
      const unknown = await cli(["notebook", "run", "03_screening", "--param", "yaer=2023", "--out", out]);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /没有参数“yaer”；可用的参数：dataDir/);
      const missing = await cli(["notebook", "run", "99_nothing", "--out", out]);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /找不到笔记本“99_nothing”；notebooks\/ 中有：01_load_and_query/);
      // A county that does not exist: the load cell fails; the error names the cell.
      const failing = await cli(["notebook", "run", "03_screening", "--param", "county=999999", "--out", out]);
      assert.notEqual(failing.code, 0);
      assert.match(failing.stderr, /错误：笔记本 03_screening 执行失败：Cell \d+ .*raised/);
      assert.match(failing.stderr, /--- cell source ---/);
      assert.match(failing.stderr, /999999/);
      assert.deepEqual([...Deno.readDirSync(out)], [], "nothing written");
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});

/** A notebook of `n` cells, each printing one line and returning a value. */
async function chattyNotebook(n: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "nblate-" });
  const cells = Array.from({ length: n }, (_, i) => ({
    cell_type: "code",
    id: `c${i}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source: `console.log("line ${i}");\n${i}`,
  }));
  const path = join(dir, "chatty.ipynb");
  await Deno.writeTextFile(
    path,
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } }, cells }),
  );
  return path;
}

const lost = (r: Awaited<ReturnType<typeof runNotebook>>) =>
  r.outputs.filter((c, i) => !c.outputs.some((o) => o.output_type === "stream" && String(o.text).includes(`line ${i}`))).length;

Deno.test({
  name: "late output: stock nbclient loses stream output Deno's kernel publishes after idle; the executor's grace keeps all of it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const path = await chattyNotebook(80);
    try {
      // With the stock client (grace 0) a few lines of 80 go missing in every run measured here
      // (2–5 of 60 per run with Deno 2.9.6). Up to three tries so that a lucky run does not hide it;
      // if none is lost, Deno has fixed its kernel and the grace in nbexec.py can go.
      let stockLost = 0;
      for (let attempt = 0; attempt < 3 && stockLost === 0; attempt++) {
        const stock = await runNotebook(path, { iopubGraceSec: 0 });
        assert.equal(stock.status, "ok", stock.errors.join("\n"));
        stockLost = lost(stock);
      }
      assert.ok(
        stockLost > 0,
        "Deno's kernel no longer publishes stream output after idle (denoland/deno#20337's 5 ms sleep): the grace in src/notebook/nbexec.py may be removed",
      );
      const tolerant = await runNotebook(path);
      assert.equal(tolerant.status, "ok", tolerant.errors.join("\n"));
      assert.equal(tolerant.outputs.length, 80);
      assert.equal(lost(tolerant), 0, "every cell kept its printed line");
      // And no line strayed into another cell.
      tolerant.outputs.forEach((c, i) => {
        const lines = c.outputs.filter((o) => o.output_type === "stream").map((o) => String(o.text).trim());
        assert.deepEqual(lines, [`line ${i}`]);
      });
    } finally {
      await Deno.remove(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    }
  },
});
