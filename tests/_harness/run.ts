/** An external tool (GDAL, Python, LibreOffice…) run by a test: success and its decoded output; a missing tool is `ok: false`. */
export async function run(
  cmd: string,
  args: string[],
  env?: Record<string, string>,
): Promise<{ ok: boolean; out: string; err: string }> {
  try {
    const r = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
    return { ok: r.success, out: new TextDecoder().decode(r.stdout), err: new TextDecoder().decode(r.stderr) };
  } catch {
    return { ok: false, out: "", err: `${cmd} not found` };
  }
}
