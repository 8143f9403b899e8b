/**
 * A small Chrome DevTools Protocol driver for the browser test
 * (`scripts/browser_e2e.ts`): one WebSocket to the browser with flat
 * sessions ({@link Cdp}), a tab with page evaluation, real mouse and key
 * input events and screenshots ({@link Tab}), and starting and stopping
 * headless Chromium ({@link launchBrowser}, {@link closeBrowser}). No
 * dependency beyond Chromium itself.
 *
 * @module
 */

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a truthy value, or throws `what` timed out. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  everyMs = 150,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) {
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}`,
      );
    }
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------ DevTools

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** One DevTools connection to the browser (flat sessions). */
export class Cdp {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<
    number,
    {
      resolve: (v: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as CdpMessage;
      if (msg.id === undefined) return;
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
    };
    ws.onclose = () => {
      for (const p of this.#pending.values()) {
        p.reject(new Error("the browser closed the DevTools connection"));
      }
      this.#pending.clear();
    };
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new Cdp(ws));
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.#next++;
    const msg: CdpMessage = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`DevTools ${method} timed out`));
      }, 60_000);
      this.#pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.#ws.send(JSON.stringify(msg));
    });
  }

  close(): void {
    try {
      this.#ws.close();
    } catch {
      // gone
    }
  }
}

/** A browser tab. */
export class Tab {
  constructor(
    readonly cdp: Cdp,
    readonly targetId: string,
    readonly session: string,
  ) {}

  static async attach(cdp: Cdp, targetId: string): Promise<Tab> {
    const { sessionId } = await cdp.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    }) as { sessionId: string };
    const tab = new Tab(cdp, targetId, sessionId);
    await tab.send("Page.enable");
    await tab.send("Runtime.enable");
    return tab;
  }

  send(method: string, params: Record<string, unknown> = {}) {
    return this.cdp.send(method, params, this.session);
  }

  /** Evaluates an expression in the page (awaiting promises). */
  async eval<T = unknown>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    }) as {
      result: { value?: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (r.exceptionDetails) {
      throw new Error(
        `in the page: ${
          r.exceptionDetails.exception?.description ?? r.exceptionDetails.text
        }`,
      );
    }
    return r.result.value as T;
  }

  /** Like `eval`, but a page that is navigating gives `undefined`. */
  async tryEval<T = unknown>(expression: string): Promise<T | undefined> {
    try {
      return await this.eval<T>(expression);
    } catch {
      return undefined;
    }
  }

  async navigate(url: string): Promise<void> {
    await this.send("Page.navigate", { url });
  }

  /** A real mouse click in the middle of the element `selectorJs` finds. */
  async click(elementJs: string, what: string): Promise<void> {
    const rect = await this.eval<
      { x: number; y: number; w: number; h: number } | null
    >(`(() => {
      const el = ${elementJs};
      if (!el) return null;
      el.scrollIntoView({ block: "center" });
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    })()`);
    if (!rect || rect.w === 0 || rect.h === 0) {
      throw new Error(`cannot click ${what}: it is not on the page`);
    }
    const x = rect.x + rect.w / 2;
    const y = rect.y + rect.h / 2;
    await this.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", {
        type,
        x,
        y,
        button: "left",
        clickCount: 1,
      });
    }
  }

  async type(text: string): Promise<void> {
    await this.send("Input.insertText", { text });
  }

  async press(
    key: "Enter",
    modifiers = 0,
  ): Promise<void> {
    const base = {
      key,
      code: key,
      windowsVirtualKeyCode: 13,
      nativeVirtualKeyCode: 13,
      modifiers,
    };
    await this.send("Input.dispatchKeyEvent", {
      type: "rawKeyDown",
      ...base,
    });
    if (modifiers === 0) {
      await this.send("Input.dispatchKeyEvent", {
        type: "char",
        text: "\r",
        ...base,
      });
    }
    await this.send("Input.dispatchKeyEvent", { type: "keyUp", ...base });
  }

  /** Saves a PNG of the viewport, or of a clip rectangle. */
  async screenshot(
    path: string,
    clip?: { x: number; y: number; width: number; height: number },
  ): Promise<void> {
    const params: Record<string, unknown> = { format: "png" };
    if (clip) params.clip = { ...clip, scale: 1 };
    const { data } = await this.send("Page.captureScreenshot", params) as {
      data: string;
    };
    const bin = atob(data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    await Deno.writeFile(path, bytes);
  }

  async setSize(width: number, height: number): Promise<void> {
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }
}

// ----------------------------------------------------------- the browser

export interface Browser {
  cdp: Cdp;
  child: Deno.ChildProcess;
  profile: string;
}

export async function launchBrowser(executable: string): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "globus-browser-" });
  const child = new Deno.Command(executable, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--hide-scrollbars",
      "--force-color-profile=srgb",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "--window-size=1100,900",
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const url = await Promise.race([
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return undefined;
        seen += value;
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (m) return m[1];
      }
    })(),
    sleep(30_000).then(() => undefined),
  ]);
  // Keep draining stderr so the browser never blocks on it.
  (async () => {
    try {
      for (;;) if ((await reader.read()).done) break;
    } catch {
      // closed
    }
  })();
  if (!url) {
    try {
      child.kill("SIGKILL");
    } catch {
      // gone
    }
    throw new Error(
      `${executable} did not start: ${
        seen.trim().split("\n").slice(-3).join(" | ")
      }`,
    );
  }
  return { cdp: await Cdp.connect(url), child, profile };
}

export async function closeBrowser(b: Browser): Promise<void> {
  try {
    await b.cdp.send("Browser.close");
  } catch {
    // already closing
  }
  b.cdp.close();
  const done = b.child.status;
  const timer = setTimeout(() => {
    try {
      b.child.kill("SIGKILL");
    } catch {
      // gone
    }
  }, 5000);
  await done;
  clearTimeout(timer);
  await Deno.remove(b.profile, { recursive: true }).catch(() => {});
}
