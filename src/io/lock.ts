/**
 * One writer per output folder: a lock file `<out>.lock` created exclusively, holding the pid.
 * A second run on the same folder stops with a message naming the running process; a lock left
 * by a process that no longer runs (killed) is taken over. Every subcommand's output goes through
 * {@link writeReportDir}, which takes the lock; a run that takes it earlier (the briefing, for
 * its whole build) takes it again without waiting on itself.
 *
 * @example
 * ```ts
 * const release = await acquireLock("reports/demo");
 * try { … } finally { await release(); }
 * ```
 * @module
 */

/** Locks this process holds, with how many times it took each. */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/** Takes the lock of `outDir`; returns the function that releases it. Throws (Chinese) when another run holds it. */
export async function acquireLock(outDir: string): Promise<() => Promise<void>> {
  const path = `${outDir.replace(/[\\/]+$/, "")}.lock`;
  const mine = held.get(path);
  if (mine) {
    held.set(path, mine + 1);
    return () => {
      held.set(path, held.get(path)! - 1);
      return Promise.resolve();
    };
  }
  const parent = path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || ".";
  await Deno.mkdir(parent, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const f = await Deno.open(path, { write: true, createNew: true });
      await f.write(new TextEncoder().encode(`${Deno.pid}\n`));
      f.close();
      held.set(path, 1);
      return async () => {
        const n = held.get(path)! - 1;
        if (n > 0) {
          held.set(path, n);
          return;
        }
        held.delete(path);
        await Deno.remove(path).catch(() => {});
      };
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== Deno.pid && alive(pid)) {
        throw new Error(`另一个进程（PID ${pid}）正在写入 ${outDir}（锁文件 ${path}）；请等待其结束后再运行`);
      }
      await Deno.remove(path).catch(() => {});
    }
  }
  throw new Error(`无法取得 ${outDir} 的锁文件 ${path}`);
}
