/**
 * Internal: the checks on a login flow manager's constructor arguments,
 * which refuse the Python SDK's forms (`CommandLineLoginFlowManager(
 * login_client, request_refresh_tokens=True)`) with what to write instead,
 * where they would otherwise fail at login with a message about something
 * else.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * The Python SDK's flow manager arguments that are something else here,
 * keyed by their name without case or `_`.
 */
const PYTHON_FLOW_ARGUMENTS: Readonly<Record<string, string>> = {
  loginclient:
    "the app hands the flow its login client when it logs in: leave it out",
  redirecturi: "the redirect URI is the app's: UserApp config loginRedirectUri",
  requestrefreshtokens:
    "refresh tokens are asked for by the app: UserApp config requestRefreshTokens: true",
  nativeprefillnamedgrant:
    "the grant's name is the app's: UserApp config prefillNamedGrant",
  serveraddress:
    "the local server's port is the option port here (127.0.0.1 always)",
  htmltemplate:
    "the page shown after login is the SDK's own here; it has no template option",
};

function isLoginClient(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v["oauth2StartFlow"] === "function" ||
    typeof v["oauth2ExchangeCodeForTokens"] === "function";
}

/**
 * Checks the arguments of a login flow manager's constructor: at most one
 * argument, an options object (or nothing) whose names the flow knows.
 *
 * @param name The class, e.g. `"CommandLineLoginFlowManager"`.
 * @param args The constructor's arguments as given.
 * @param known The option names the flow reads.
 * @throws {TypeError} For a login client, more than one argument, or an
 *   option the flow does not know, naming the fix.
 */
export function checkFlowArguments(
  name: string,
  args: readonly unknown[],
  known: readonly string[],
): void {
  const where = `new ${name}()`;
  const use =
    `new UserApp({ appName: "My App", clientId, config: { loginFlowManager: new ${name}() } }) and then app.login(); for a login without an app, client.oauth2StartFlow() (the README's "Auth" section)`;
  const [options] = args;
  if (isLoginClient(options)) {
    throw kernelStack(
      new TypeError(
        `${where} takes no login client (the Python SDK's ${name}(login_client) form): the app hands its flow the login client, scopes and redirect URI when it logs in. Write ${use}`,
      ),
    );
  }
  if (args.length > 1) {
    throw kernelStack(
      new TypeError(
        `${where} takes one options object, not ${args.length} arguments (the Python SDK's arguments are app options here). Write ${use}`,
      ),
    );
  }
  if (options !== null && typeof options === "object") {
    const python = Object.keys(options).flatMap((key) => {
      const hint = PYTHON_FLOW_ARGUMENTS[key.toLowerCase().replace(/_/g, "")];
      return hint === undefined || known.includes(key)
        ? []
        : [`'${key}': ${hint}`];
    });
    if (python.length > 0) {
      throw kernelStack(
        new TypeError(
          `${where}: unknown option${python.length === 1 ? "" : "s"} ${
            python.join("; ")
          }. Write ${use}`,
        ),
      );
    }
  }
  checkOptions(where, options, known, { example: `new ${name}({})` });
}
