/**
 * Internal: the text a pending login shows (its link and what to run next)
 * and which logins `startLogin()` has already shown.
 *
 * @module
 */
import { escapeHtml } from "../notebook/display.ts";

export const FINISH = 'await flow.finish("PASTE-THE-CODE-HERE")';

/** Logins whose link `startLogin()` has already shown. */
export const shownLogins: WeakSet<object> = new WeakSet<object>();

export function pendingLoginBundle(
  url: string,
  appName: string,
): Record<string, string> {
  return {
    "text/html": `<div class="globus-login"><p><a href="${
      escapeHtml(url)
    }" target="_blank" rel="noopener noreferrer"><strong>Log in to Globus</strong></a> for <em>${
      escapeHtml(appName)
    }</em>.</p><p>Then, in the next cell, run <code>await flow.finish("PASTE-THE-CODE-HERE")</code> with the code Globus shows you.</p></div>`,
    "text/plain":
      `Log in to Globus for ${appName}: open this link, then run await flow.finish("PASTE-THE-CODE-HERE") with the code Globus shows you.\n${url}`,
  };
}
