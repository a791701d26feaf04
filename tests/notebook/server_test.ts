// The notebook server `deno task notebook` starts (Debian's jupyter-notebook with the workspace's
// Deno kernel), driven as a browser drives it: REST for the kernelspecs, the notebook file and a
// session, then Jupyter's messaging protocol over the kernel websocket to execute code.
import { assert, assertEquals } from "../_assert.ts";
import { startNotebookServer } from "../../src/notebook/server.ts";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Sends one execute_request over the websocket; resolves with the text/plain result and the streams. */
function execute(ws: WebSocket, session: string, code: string): Promise<{ result: string; stdout: string; status: string }> {
  const msgId = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    let result = "", stdout = "", status = "";
    let busy = false, idle = false, replied = false, finishing = false;
    const timer = setTimeout(() => reject(new Error(`no reply to ${code} within 120 s`)), 120_000);
    // Deno's kernel may publish the result after it reported the request done (the race the
    // notebook harness also works around), so outputs are still collected for a moment after.
    const done = () => {
      if (idle && replied && !finishing) {
        finishing = true;
        setTimeout(() => {
          clearTimeout(timer);
          ws.removeEventListener("message", on);
          resolve({ result, stdout, status });
        }, 500);
      }
    };
    const on = (e: MessageEvent) => {
      const m = JSON.parse(String(e.data));
      if (m.parent_header?.msg_id !== msgId) return;
      const t = m.header.msg_type;
      if (t === "execute_result") result = m.content.data["text/plain"] ?? "";
      if (t === "stream" && m.content.name === "stdout") stdout += m.content.text;
      if (t === "error") result = `${m.content.ename}: ${m.content.evalue}`;
      if (t === "execute_reply") (status = m.content.status, replied = true);
      if (t === "status" && m.content.execution_state === "busy") busy = true;
      if (t === "status" && m.content.execution_state === "idle" && busy) idle = true;
      if (Deno.env.get("NB_TRACE")) console.log(t, JSON.stringify(m.content).slice(0, 80));
      done();
    };
    ws.addEventListener("message", on);
    ws.send(JSON.stringify({
      header: { msg_id: msgId, username: "test", session, msg_type: "execute_request", version: "5.3", date: new Date().toISOString() },
      parent_header: {},
      metadata: {},
      content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      channel: "shell",
      buffers: [],
    }));
  });
}

Deno.test({
  name: "notebook server: the Deno kernel is offered, a notebook opens, a session executes code over the websocket",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const token = crypto.randomUUID();
    const server = await startNotebookServer({ port: freePort(), token });
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, { ...init, headers: { Authorization: `token ${token}`, "Content-Type": "application/json" } });
    try {
      // Without the token the API is refused.
      const anon = await fetch(`${server.url}api/sessions`);
      await anon.body?.cancel();
      assertEquals(anon.status, 403);
      const specs = await (await api("api/kernelspecs")).json();
      assert("deno" in specs.kernelspecs, JSON.stringify(Object.keys(specs.kernelspecs)));
      const nb = await (await api("api/contents/03_screening.ipynb")).json();
      assertEquals(nb.type, "notebook");
      assert(nb.content.cells.some((c: { metadata: { tags?: string[] } }) => c.metadata.tags?.includes("parameters")));
      const s = await (await api("api/sessions", {
        method: "POST",
        body: JSON.stringify({ path: "03_screening.ipynb", type: "notebook", name: "", kernel: { name: "deno" } }),
      })).json();
      assert(s.kernel?.id, JSON.stringify(s));
      const ws = new WebSocket(`${server.url.replace("http", "ws")}api/kernels/${s.kernel.id}/channels?token=${token}`);
      await new Promise((r, j) => (ws.onopen = r, ws.onerror = j));
      try {
        const a = await execute(ws, s.id, "const x: number = 6 * 7;\nconsole.log(`x = ${x}`);\nx");
        assertEquals(a.status, "ok");
        assertEquals(a.result, "42");
        assertEquals(a.stdout.trim(), "x = 42");
        // The workspace's import map resolves inside the kernel (it runs from the repository root).
        const b = await execute(ws, s.id, 'const { M2_PER_MU } = await import("@/units/area.ts");\nMath.round(M2_PER_MU * 1000)');
        assertEquals(b.result, "666667");
        const c = await execute(ws, s.id, 'throw new Error("故意的错误")');
        assertEquals(c.status, "error");
        assert(c.result.includes("故意的错误"), c.result);
      } finally {
        ws.close();
      }
      const del = await api(`api/sessions/${s.id}`, { method: "DELETE" });
      await del.body?.cancel();
      assertEquals(del.status, 204);
    } finally {
      await server.stop();
    }
    const after = await fetch(server.url).then((r) => (r.body?.cancel(), "answered"), () => "gone");
    assertEquals(after, "gone");
  },
});
