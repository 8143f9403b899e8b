#!/usr/bin/python3
"""Execute the tutorial notebooks in the Deno Jupyter kernel, cell by cell.

Run it through `deno run -A scripts/notebooks_ci.ts` (part of `deno task
test`), which starts the emulator and sets GLOBUS_SDK_SERVICE_URL_*,
GLOBUS_EMULATOR_URL, GLOBUS_EMULATOR_ROOT, GLOBUS_EMULATOR_MAPPED_COLLECTION
and a temporary HOME. For each notebook it:

* executes every code cell with stdin allowed (nbconvert/nbclient cannot
  answer prompt());
* answers each code prompt with a code from the emulator: it reads the
  authorize link the notebook displayed (as a user would; the newest link
  not answered yet, waiting for it when the prompt overtakes it), and POSTs
  it to `/_emulator/approve`;
* drains late messages after each cell (Deno 2.9 can send a cell's last
  output just after the kernel reports idle);
* fails on any error output, and on a missing expected output (`contains`
  regexes, the number of `prompts`, `files` under GLOBUS_EMULATOR_ROOT);
* checks that no token string appears anywhere in the outputs: the tokens
  in the token files under $HOME/.globus, and every token the emulator has
  issued (`GET /_emulator/tokens`), whichever way a notebook stores them.

It prints one line per notebook and ends with `N passed, N failed`.

Usage: run_notebooks.py [--expectations FILE] [--label-suffix TEXT]
       [--dump-dir DIR] [--save] NOTEBOOK...

Expectations are looked up by the notebook's label (its name plus any
--label-suffix) first, then by its name.
"""
import argparse
import glob
import json
import os
import queue
import re
import sys
import time
import urllib.request

try:
    import nbformat
    from jupyter_client.manager import KernelManager
except ImportError as e:  # pragma: no cover - reported by the caller
    print(f"notebooks skipped: jupyter_client/nbformat not importable ({e})")
    print("0 passed, 0 failed, 1 skipped")
    sys.exit(0)

AUTHORIZE_RE = re.compile(r"https?://[^\s\"'<>]+/v2/oauth2/authorize\?[^\s\"'<>]+")
CELL_TIMEOUT_S = 180
DRAIN_S = 0.6
LINK_WAIT_S = 5


def approve(authorize_url):
    base = os.environ["GLOBUS_EMULATOR_URL"].rstrip("/")
    req = urllib.request.Request(
        base + "/_emulator/approve",
        data=json.dumps({"authorize_url": authorize_url}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())["code"]


def links(text):
    """The authorize links in text, HTML-unescaped, in order of appearance."""
    return [u.replace("&amp;", "&") for u in AUTHORIZE_RE.findall(text)]


def output_text(msg):
    """Everything a user could read in one output message."""
    c = msg["content"]
    t = msg["msg_type"]
    if t == "stream":
        return c.get("text", "")
    if t in ("display_data", "update_display_data", "execute_result"):
        data = c.get("data", {})
        return "\n".join(str(v) for v in data.values())
    if t == "error":
        return "\n".join([c.get("ename", ""), c.get("evalue", "")] + c.get("traceback", []))
    return ""


class Run:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.prompts = 0
        self.outputs = []  # (cell index, msg)
        self.errors = []
        self.answered = set()  # authorize links already answered

    def text(self):
        return "\n".join(output_text(m) for _, m in self.outputs)


def run_cell(kc, run, index, code):
    msg_id = kc.execute(code, allow_stdin=True, store_history=True)
    deadline = time.time() + CELL_TIMEOUT_S
    idle = False
    replied = False
    while not (idle and replied):
        if time.time() > deadline:
            run.errors.append(f"cell {index}: timed out after {CELL_TIMEOUT_S} s")
            return
        try:
            smsg = kc.get_stdin_msg(timeout=0.05)
            if smsg["msg_type"] == "input_request":
                run.prompts += 1
                # Notebook shows the answer right after the question (and
                # echoes both on one line): a question that does not end in
                # a space or a newline runs into the pasted code.
                question = smsg["content"].get("prompt", "")
                if question and not question[-1].isspace():
                    run.errors.append(f"cell {index}: the input box's question {question!r} does not end in a space, so the pasted code runs into it")
                # The link travels on iopub and the prompt on stdin: the
                # prompt can arrive before the link it belongs to. Read iopub
                # until a link not answered yet shows up (a new login), or,
                # after LINK_WAIT_S, reuse the last link (the flow asking
                # again after a rejected code).
                wait_until = time.time() + LINK_WAIT_S
                while True:
                    fresh = [u for u in links(run.text()) if u not in run.answered]
                    if fresh or time.time() >= wait_until:
                        break
                    try:
                        m = kc.get_iopub_msg(timeout=0.05)
                    except queue.Empty:
                        continue
                    if m.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                        idle = True
                    elif m["msg_type"] in ("stream", "display_data", "update_display_data", "execute_result", "error"):
                        run.outputs.append((index, m))
                        if m["msg_type"] == "error":
                            run.errors.append(f"cell {index}: {m['content'].get('ename')}: {m['content'].get('evalue')}")
                urls = fresh or links(run.text())
                if not urls:
                    run.errors.append(f"cell {index}: a prompt came, but no authorize link was shown")
                    kc.input("")
                else:
                    run.answered.add(urls[-1])
                    kc.input(approve(urls[-1]))
        except queue.Empty:
            pass
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            msg = None
        if msg is not None and msg.get("parent_header", {}).get("msg_id") == msg_id:
            t = msg["msg_type"]
            if t == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif t in ("stream", "display_data", "update_display_data", "execute_result", "error"):
                run.outputs.append((index, msg))
                if t == "error":
                    run.errors.append(f"cell {index}: {msg['content'].get('ename')}: {msg['content'].get('evalue')}")
        if not replied:
            try:
                reply = kc.get_shell_msg(timeout=0.01)
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    replied = True
                    if reply["content"].get("status") == "error":
                        c = reply["content"]
                        err = f"cell {index}: {c.get('ename')}: {c.get('evalue')}"
                        if err not in run.errors:
                            run.errors.append(err)
            except queue.Empty:
                pass
    # Drain: late outputs may follow the idle status.
    end = time.time() + DRAIN_S
    while time.time() < end:
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] in (
            "stream", "display_data", "update_display_data", "execute_result", "error"
        ):
            run.outputs.append((index, msg))
            if msg["msg_type"] == "error":
                run.errors.append(f"cell {index}: {msg['content'].get('ename')}: {msg['content'].get('evalue')}")


def token_strings():
    """Every token in the token files under $HOME/.globus and issued by the emulator."""
    found = set()
    home = os.environ.get("HOME", "")
    for f in glob.glob(os.path.join(home, ".globus", "**", "*.json"), recursive=True):
        try:
            with open(f) as fh:
                doc = json.load(fh)
        except Exception:
            continue

        def walk(v):
            if isinstance(v, dict):
                for k, x in v.items():
                    if k in ("access_token", "refresh_token") and isinstance(x, str) and len(x) >= 16:
                        found.add(x)
                    else:
                        walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)

        walk(doc)
    base = os.environ.get("GLOBUS_EMULATOR_URL", "").rstrip("/")
    if base:
        with urllib.request.urlopen(base + "/_emulator/tokens", timeout=30) as res:
            found.update(json.loads(res.read())["tokens"])
    return found


def execute(path, expectations, save, label=None):
    run = Run(path)
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="deno")
    km.start_kernel(cwd=os.path.dirname(os.path.abspath(path)), env=dict(os.environ))
    kc = km.client()
    kc.allow_stdin = True
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            run_cell(kc, run, i, cell.source)
            if run.errors:
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    text = run.text()
    # An entry for the label (e.g. "00_quickstart (second run)") wins over
    # the notebook's own entry.
    exp = expectations.get(label, expectations.get(run.name, {})) if label else expectations.get(run.name, {})
    for pattern in exp.get("contains", []):
        if not re.search(pattern, text):
            run.errors.append(f"expected output matching /{pattern}/ was not shown")
    if "prompts" in exp and run.prompts != exp["prompts"]:
        run.errors.append(f"expected {exp['prompts']} code prompt(s), saw {run.prompts}")
    for f in exp.get("files", []):
        if not os.path.exists(os.path.join(os.environ.get("GLOBUS_EMULATOR_ROOT", ""), f)):
            run.errors.append(f"expected file at the destination is missing: {f}")
    leaked = [t for t in token_strings() if t in text]
    if leaked:
        run.errors.append(f"{len(leaked)} token string(s) appear in the outputs")
    if save and not run.errors:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(nb, path)
    return run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expectations", help="JSON file: notebook name -> {contains, prompts, files}")
    ap.add_argument("--save", action="store_true", help="clear outputs after a clean run")
    ap.add_argument("--label-suffix", default="", help="appended to each notebook's name in the report")
    ap.add_argument("--dump-dir", help="write each notebook's output text to DIR/<label>.txt (for debugging)")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    expectations = {}
    if args.expectations:
        with open(args.expectations) as fh:
            expectations = json.load(fh)
    passed = failed = 0
    for path in args.notebooks:
        label = os.path.splitext(os.path.basename(path))[0]
        if args.label_suffix:
            label += args.label_suffix
        t0 = time.time()
        try:
            run = execute(path, expectations, args.save, label)
            errors = run.errors
            prompts = run.prompts
            if args.dump_dir:
                os.makedirs(args.dump_dir, exist_ok=True)
                with open(os.path.join(args.dump_dir, label + ".txt"), "w") as fh:
                    for i, m in run.outputs:
                        fh.write(f"--- cell {i} {m['msg_type']}\n{output_text(m)}\n")
        except Exception as e:  # a kernel that cannot start, etc.
            errors = [f"{type(e).__name__}: {e}"]
            prompts = 0
        dt = time.time() - t0
        if errors:
            failed += 1
            print(f"FAIL {label} ({dt:.1f}s, {prompts} prompt(s))")
            for e in errors:
                print(f"     - {e}")
        else:
            passed += 1
            print(f"ok   {label} ({dt:.1f}s, {prompts} prompt(s))")
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
