// Every subcommand writes its --out through writeReportDir: atomically, and one writer at a time.
// A lock held by another live process stops the run with its PID; a lock left by a dead one is taken over.
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeReportDir } from "../../src/io/report_dir.ts";
import { acquireLock } from "../../src/io/lock.ts";
import { REPO_ROOT } from "../_harness/notebook.ts";

async function cli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-q", "-A", join(REPO_ROOT, "src/cli/main.ts"), ...args], stdout: "piped", stderr: "piped" }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test({
  name: "--out lock: a live writer's lock stops template and writeReportDir with its PID; a dead writer's lock is taken over",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "outlock-" });
    const sleeper = new Deno.Command("sleep", { args: ["60"] }).spawn();
    try {
      const out = `${dir}/模板`;
      await Deno.writeTextFile(`${out}.lock`, `${sleeper.pid}\n`);
      const r = await cli(["template", "--out", out]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`另一个进程（PID ${sleeper.pid}）正在写入 .*模板`));
      assert.equal(await Deno.stat(out).then(() => true, () => false), false, "nothing written");
      await assert.rejects(() => writeReportDir(out, { "a.txt": "x" }), /正在写入/);
      // The writer dies: its lock is stale and the next run takes it over, writes, and removes it.
      sleeper.kill("SIGKILL");
      await sleeper.status;
      const ok = await cli(["template", "--out", out]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok((await Deno.stat(`${out}/数据字典.md`)).isFile);
      assert.equal(await Deno.stat(`${out}.lock`).then(() => true, () => false), false, "lock released");
      // In one process the lock is re-entrant: a run that holds it (the briefing) can still write through writeReportDir.
      const release = await acquireLock(`${dir}/r`);
      await writeReportDir(`${dir}/r`, { "b.txt": "y" });
      assert.ok(await Deno.stat(`${dir}/r.lock`).then(() => true, () => false), "still held by the outer taker");
      await release();
      assert.equal(await Deno.stat(`${dir}/r.lock`).then(() => true, () => false), false);
    } finally {
      try {
        sleeper.kill("SIGKILL");
      } catch { /* gone */ }
      await Deno.remove(dir, { recursive: true });
    }
  },
});
