/**
 * The emulator's HTML pages (consent, auth code, errors). Every value that
 * comes from a request is escaped.
 *
 * @module
 */

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @param text Any text.
 * @returns The escaped text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}code,pre{background:#f3f3f3;padding:.2rem .4rem;border-radius:4px}
#auth-code{font-size:1.2rem;display:inline-block;padding:.5rem;user-select:all;word-break:break-all}
ul.scopes li{font-family:monospace;word-break:break-all}button{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}
.note{color:#666;font-size:.9rem}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(title)
  } – Globus Emulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body><p class="note">Globus Emulator (local, not affiliated with Globus)</p>
${body}
</body></html>`;
}

/** What the consent page shows. */
export interface ConsentPageOptions {
  /** The pending request's id (posted back with the decision). */
  requestId: string;
  /** The client's display name. */
  clientName: string;
  /** The client id. */
  clientId: string;
  /** The requested scopes (with dependency syntax). */
  scopes: string[];
  /** The signed-in user's username. */
  username: string;
  /** Session parameters and `prompt` to show, by name. */
  session: Record<string, string>;
  /** The users one may sign in as (`identity` field), when more than one. */
  users?: { id: string; username: string }[];
  /** The user selected at first (default: `username`'s). */
  selectedId?: string;
}

/**
 * The consent page: client, scopes, session requirements, Allow / Deny.
 *
 * @param o What to show.
 * @returns The page.
 */
export function consentPage(o: ConsentPageOptions): string {
  const scopes = o.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join("");
  const session = Object.entries(o.session);
  const sessionHtml = session.length
    ? `<h2>Session requirements</h2><dl id="session">${
      session.map(([k, v]) =>
        `<dt>${escapeHtml(k)}</dt><dd data-param="${escapeHtml(k)}">${
          escapeHtml(v)
        }</dd>`
      ).join("")
    }</dl>`
    : "";
  return page(
    "Allow access",
    `<h1><span id="client-name">${
      escapeHtml(o.clientName)
    }</span> would like to access your Globus account</h1>
<p>Signed in as <strong id="username">${escapeHtml(o.username)}</strong>.</p>
<p class="note">Client id: <code>${escapeHtml(o.clientId)}</code></p>
<h2>Requested scopes</h2><ul class="scopes" id="scopes">${scopes}</ul>
${sessionHtml}
<form method="post" action="authorize" id="consent-form">
<input type="hidden" name="request_id" value="${escapeHtml(o.requestId)}">
${
      o.users && o.users.length > 1
        ? `<p><label for="identity">Sign in as</label> <select name="identity" id="identity">${
          o.users.map((u) =>
            `<option value="${escapeHtml(u.id)}"${
              u.id === o.selectedId ? " selected" : ""
            }>${escapeHtml(u.username)}</option>`
          ).join("")
        }</select></p>
`
        : ""
    }<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
  );
}

/**
 * The native-app code page (`v2/web/auth-code`), showing the code in the
 * element with id `auth-code`.
 *
 * @param code The authorization code.
 * @returns The page.
 */
export function authCodePage(code: string): string {
  return page(
    "Native App Authorization Code",
    `<h1>Native App Authorization Code</h1>
<p>Copy this code and paste it into the application:</p>
<p><code id="auth-code">${escapeHtml(code)}</code></p>`,
  );
}

/**
 * An error page.
 *
 * @param title The headline.
 * @param message The explanation.
 * @returns The page.
 */
export function errorPage(title: string, message: string): string {
  return page(
    title,
    `<h1 id="error-title">${escapeHtml(title)}</h1><p id="error-message">${
      escapeHtml(message)
    }</p>`,
  );
}

/**
 * The emulator's index page.
 *
 * @param authUrl The Auth base URL.
 * @param transferUrl The Transfer base URL.
 * @returns The page.
 */
export function indexPage(authUrl: string, transferUrl: string): string {
  return page(
    "Globus Emulator",
    `<h1>Globus Emulator</h1><pre>export GLOBUS_SDK_SERVICE_URL_AUTH=${
      escapeHtml(authUrl)
    }
export GLOBUS_SDK_SERVICE_URL_TRANSFER=${escapeHtml(transferUrl)}</pre>`,
  );
}
