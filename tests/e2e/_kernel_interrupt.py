#!/usr/bin/python3
"""Drives the Deno Jupyter kernel for tests/e2e/kernel_interrupt_test.ts.

Runs the cells given as a JSON list on stdin, one by one, in a kernel started
in the working directory with this process's environment. A cell given as
{"code": ..., "interrupt_on_display": true} is interrupted (as the notebook's
stop button does: jupyter_client sends SIGINT) once it has shown its first
display; one with "interrupt_on_stream": TEXT once it has printed TEXT; one
with "interrupt_on_input": ANSWER when it asks for input, and then the input
box is answered with ANSWER (Deno's prompt() holds the kernel until then). Prints one JSON line per cell: its outputs (stream text, plain text
of displays and results, errors) and whether the kernel was still alive
afterwards.
"""
import json
import queue
import sys
import time

from jupyter_client.manager import KernelManager

CELL_TIMEOUT_S = 120


def run_cell(km, kc, cell):
    msg_id = kc.execute(cell["code"], allow_stdin="interrupt_on_input" in cell)
    out = {"streams": "", "displays": [], "results": [], "errors": [], "tracebacks": [], "interrupted": False}

    def take(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out["streams"] += content["text"]
            wanted = cell.get("interrupt_on_stream")
            if wanted and wanted in out["streams"] and not out["interrupted"]:
                km.interrupt_kernel()
                out["interrupted"] = True
        elif kind in ("display_data", "update_display_data"):
            out["displays"].append(content["data"].get("text/plain", ""))
            if cell.get("interrupt_on_display") and not out["interrupted"]:
                km.interrupt_kernel()
                out["interrupted"] = True
        elif kind == "execute_result":
            out["results"].append(content["data"].get("text/plain", ""))
        elif kind == "error":
            out["errors"].append({"ename": content["ename"], "evalue": content["evalue"]})
            out["tracebacks"].append("\n".join(content.get("traceback", [])))
        return kind == "status" and content["execution_state"] == "idle"

    deadline = time.time() + CELL_TIMEOUT_S
    while time.time() < deadline:
        if not km.is_alive():
            out["died"] = True
            return out
        if "interrupt_on_input" in cell:
            try:
                request = kc.get_stdin_msg(timeout=0.05)
            except queue.Empty:
                request = None
            if request and request["msg_type"] == "input_request":
                # Interrupt while the input box is open, then answer it.
                km.interrupt_kernel()
                out["interrupted"] = True
                kc.input(cell["interrupt_on_input"])
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if take(msg):
            # Deno 2.9 can send a cell's last messages just after idle.
            end = time.time() + 0.6
            while time.time() < end:
                try:
                    late = kc.get_iopub_msg(timeout=0.1)
                except queue.Empty:
                    continue
                if late["parent_header"].get("msg_id") == msg_id:
                    take(late)
            return out
    out["timeout"] = True
    return out


def main():
    cells = json.load(sys.stdin)
    km = KernelManager(kernel_name="deno")
    km.start_kernel(cwd=".")
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        for cell in cells:
            out = run_cell(km, kc, cell)
            out["alive"] = km.is_alive()
            print(json.dumps(out), flush=True)
            if not out["alive"]:
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
