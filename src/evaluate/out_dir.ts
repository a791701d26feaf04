/**
 * A guard for the evaluation stage's output folders, which are replaced as a whole
 * (report/write.ts `writeReportDir`): a folder that exists, is not empty and is not an earlier
 * output of the same kind (it lacks the marker file) is never replaced, so a mistyped `--out`
 * cannot wipe unrelated data.
 *
 * @example
 * ```ts
 * await assertReplaceable("out/核实任务", "任务总表.xlsx"); // ok when absent, empty or ours
 * await assertReplaceable("data", "任务总表.xlsx");          // throws: 已存在且不是…
 * ```
 * @module
 */

/**
 * Throws (Chinese) when `dir` holds other content than an earlier output marked by `marker`.
 *
 * @example
 * ```ts
 * await assertReplaceable("out/核实任务", "任务总表.xlsx");
 * ```
 */
export async function assertReplaceable(
  dir: string,
  marker: string,
  kind: string = "核实输出",
): Promise<void> {
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw new Error(`无法检查输出文件夹“${dir}”：${(e as Error).message}`);
  }
  if (!stat.isDirectory) throw new Error(`输出位置“${dir}”已存在且不是文件夹`);
  let empty = true;
  for await (const _ of Deno.readDir(dir)) {
    empty = false;
    break;
  }
  if (empty) return;
  const ours = await Deno.stat(`${dir.replace(/[\\/]+$/, "")}/${marker}`).then((s) => s.isFile, () => false);
  if (!ours) {
    throw new Error(
      `输出文件夹“${dir}”已存在且不是${kind}（缺少 ${marker}），为免误删，请换一个文件夹或先清空它`,
    );
  }
}
