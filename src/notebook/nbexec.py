"""Execute a notebook headless with Jupyter's own executor (nbclient), for src/notebook/execute.ts.

Run with the *system* interpreter (/usr/bin/python3, Debian's python3-nbclient), never a pyenv one:

    /usr/bin/python3 src/notebook/nbexec.py IN.ipynb OUT.ipynb RESULT.json \
        --kernel deno --cwd REPO --cell-timeout 120 --startup-timeout 120 --total-timeout 900

Writes the executed copy (complete, or partial up to the failing cell) to OUT.ipynb and a JSON
status to RESULT.json: {"status": "ok"|"cell_error"|"cell_timeout"|"dead_kernel"|"total_timeout"|"error",
"message": str, "cell_index": int|null, "kernel_pid": int|null}. IN.ipynb is only read.
Exit code: 0 when the run finished without an error, 1 otherwise, 2 on usage/import problems.
"""

import argparse
import asyncio
import json
import queue
import sys
import traceback


def make_client_class(NotebookClient, CellExecutionComplete, ensure_async):
    class LateOutputTolerantClient(NotebookClient):
        """NotebookClient that does not drop outputs published after the kernel said "idle".

        Deno's kernel (seen with 2.9.6) sometimes publishes status=idle on IOPub *before* the
        cell's stream / execute_result / error messages. Stock nbclient stops reading at idle, so
        those outputs were silently lost (flaky empty outputs). Here, after idle, we keep reading
        until IOPub has been quiet for `iopub_grace` seconds, and any message whose parent is an
        earlier cell is still routed to that cell.
        """

        iopub_grace = 0.25

        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._cell_by_msg_id = {}

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            assert self.kc is not None
            self._cell_by_msg_id[parent_msg_id] = (cell, cell_index)
            idle_seen = False
            while True:
                try:
                    msg = await ensure_async(
                        self.kc.iopub_channel.get_msg(timeout=self.iopub_grace if idle_seen else None)
                    )
                except queue.Empty:
                    return
                pid = msg["parent_header"].get("msg_id")
                target = self._cell_by_msg_id.get(pid)
                if target is None:
                    continue
                try:
                    self.process_message(msg, target[0], target[1])
                except CellExecutionComplete:
                    if pid == parent_msg_id:
                        idle_seen = True

    return LateOutputTolerantClient


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("result")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--cwd", required=True)
    ap.add_argument("--cell-timeout", type=int, default=120)
    ap.add_argument("--startup-timeout", type=int, default=120)
    ap.add_argument("--total-timeout", type=int, default=900)
    ap.add_argument("--iopub-grace", type=float, default=0.25)
    args = ap.parse_args()

    result = {"status": "error", "message": "", "cell_index": None, "kernel_pid": None}

    def write_result():
        with open(args.result, "w", encoding="utf-8") as f:
            json.dump(result, f)

    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError, DeadKernelError
        from nbclient.util import ensure_async
    except Exception as e:  # pragma: no cover - environment problem
        result["message"] = (
            f"cannot import nbclient/nbformat with {sys.executable}: {e!r}. "
            "Install Debian's python3-nbclient (bash tools/setup-debian.sh)."
        )
        write_result()
        return 2

    nb = nbformat.read(args.input, as_version=4)
    current = {"index": None}

    def on_cell_start(cell, cell_index, **_kw):
        current["index"] = cell_index

    def on_notebook_start(notebook, **_kw):
        try:
            result["kernel_pid"] = client.km.provisioner.pid  # jupyter_client >= 7
        except Exception:
            pass
        write_result()  # so the caller can kill the kernel if this process is killed

    if args.iopub_grace > 0:
        Client = make_client_class(NotebookClient, CellExecutionComplete, ensure_async)
        Client.iopub_grace = args.iopub_grace
    else:  # stock nbclient: a cell ends at the kernel's idle (kept to show why the grace is needed)
        Client = NotebookClient
    client = Client(
        nb,
        kernel_name=args.kernel,
        timeout=args.cell_timeout,
        startup_timeout=args.startup_timeout,
        allow_errors=False,  # stop at the first failing cell, like `nbconvert --execute`
        interrupt_on_timeout=False,
        record_timing=False,
        resources={"metadata": {"path": args.cwd}},  # kernel working directory
        on_cell_start=on_cell_start,
        on_notebook_start=on_notebook_start,
    )

    async def run():
        await asyncio.wait_for(client.async_execute(), timeout=args.total_timeout)

    try:
        asyncio.run(run())
        result["status"] = "ok"
    except CellTimeoutError as e:
        result["status"] = "cell_timeout"
        result["message"] = str(e)
    except CellExecutionError as e:
        result["status"] = "cell_error"
        result["message"] = str(e)
    except DeadKernelError as e:
        result["status"] = "dead_kernel"
        result["message"] = str(e)
    except asyncio.TimeoutError:
        result["status"] = "total_timeout"
        result["message"] = f"notebook did not finish within {args.total_timeout} s"
    except BaseException as e:  # kernel failed to start, bad kernelspec, ...
        result["status"] = "error"
        result["message"] = "".join(traceback.format_exception(type(e), e, e.__traceback__))
    result["cell_index"] = current["index"] if result["status"] != "ok" else None

    try:
        nbformat.write(nb, args.output)
    except Exception as e:
        result["message"] += f"\n(could not write executed notebook: {e!r})"
    write_result()
    return 0 if result["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
