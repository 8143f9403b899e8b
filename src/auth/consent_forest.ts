/**
 * Consents as a forest (Python's `globus_sdk.scopes.consents`): the consents
 * of `AuthClient.getConsents()` linked through their `dependency_path`s, and
 * a check that they meet scope requirements, dependent scopes included.
 *
 * @module
 */
import { GlobusError } from "../core/errors.ts";
import {
  escapeHtml,
  JUPYTER_DISPLAY,
  type MimeBundle,
} from "../notebook/display.ts";
import type { Consent } from "./auth_client.ts";
import { Scope } from "./scopes.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * Consent data that cannot be read: an entry without a numeric `id`, a
 * string `scope_name` or a `dependency_path` of ids (Python's
 * `ConsentParseError`).
 */
export class ConsentParseError extends GlobusError {
  /** The entry that could not be read. */
  readonly rawConsent: unknown;

  /**
   * Creates the error.
   *
   * @param message What is wrong with the entry.
   * @param rawConsent The entry.
   */
  constructor(message: string, rawConsent: unknown) {
    super(message);
    this.rawConsent = rawConsent;
  }
}

/**
 * Consents that do not form trees: a `dependency_path` naming a consent that
 * is not in the list, not ending with the consent's own id, or disagreeing
 * with its parent's path, or two consents with one id (Python's
 * `ConsentTreeConstructionError`). The message names the consent.
 */
export class ConsentTreeConstructionError extends GlobusError {
  /** The id of the consent whose `dependency_path` is wrong. */
  readonly consentId: number;

  /**
   * Creates the error.
   *
   * @param message What is wrong, naming the consent.
   * @param consentId The id of the consent at fault.
   */
  constructor(message: string, consentId: number) {
    super(message);
    this.consentId = consentId;
  }
}

/**
 * Scope requirements for {@linkcode ConsentForest.meetsScopeRequirements}:
 * one {@linkcode Scope}, scope text (parsed, so `"a b[c]"` is two
 * requirements), or a list of either.
 */
export type ConsentScopeRequirements =
  | string
  | Scope
  | readonly (string | Scope)[];

function toRequirements(scopes: ConsentScopeRequirements): Scope[] {
  if (scopes instanceof Scope) return [scopes];
  if (typeof scopes === "string") return Scope.parse(scopes);
  if (!Array.isArray(scopes)) {
    throw kernelStack(
      new TypeError(
        `Cannot check scope requirements as 'scopes' must be a Scope, a string or a list of them: current value is ${
          String(scopes)
        }`,
      ),
    );
  }
  return scopes.flatMap((s: string | Scope) =>
    typeof s === "string" ? Scope.parse(s) : [s]
  );
}

function readConsent(raw: unknown, index: number): Consent {
  const c = raw as Partial<Consent> | null;
  const where = `consent #${index}`;
  if (c === null || typeof c !== "object") {
    throw new ConsentParseError(
      `Cannot read ${where}: expected an object, got ${
        c === null ? "null" : typeof c
      }`,
      raw,
    );
  }
  if (typeof c.id !== "number" || !Number.isInteger(c.id)) {
    throw new ConsentParseError(
      `Cannot read ${where}: 'id' must be an integer, got ${
        JSON.stringify(c.id) ?? "undefined"
      }`,
      raw,
    );
  }
  if (typeof c.scope_name !== "string") {
    throw new ConsentParseError(
      `Cannot read consent ${c.id}: 'scope_name' must be a string`,
      raw,
    );
  }
  const path = c.dependency_path;
  if (!Array.isArray(path) || !path.every((x) => Number.isInteger(x))) {
    throw new ConsentParseError(
      `Cannot read consent ${c.id}: 'dependency_path' must be a list of consent ids`,
      raw,
    );
  }
  return c as Consent;
}

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * One tree of a {@linkcode ConsentForest}: a root consent (one the user gave
 * to the client itself, `dependency_path` of length 1) and every consent
 * that depends on it, e.g. Transfer's `all` with the data_access consents of
 * collections under it. Python's `ConsentTree`.
 *
 * @example Walk a tree
 * ```ts
 * import { ConsentForest } from "@globus-deno/sdk";
 * const forest = new ConsentForest([
 *   { id: 1, scope_name: "transfer:all", dependency_path: [1] },
 *   { id: 2, scope_name: "c1:data_access", dependency_path: [1, 2] },
 * ]);
 * const tree = forest.trees[0]!;
 * console.log(tree.root.scope_name, tree.maxDepth); // transfer:all 2
 * for (const id of tree.edges.get(tree.root.id) ?? []) {
 *   console.log(tree.getNode(id).scope_name); // c1:data_access
 * }
 * ```
 */
export class ConsentTree {
  /** The root consent. */
  readonly root: Consent;
  /** The consents of this tree, root first. */
  readonly nodes: readonly Consent[];
  /**
   * Parent consent id → ids of the consents that depend on it directly
   * (Python's `tree.edges[id]` is `tree.edges.get(id)`); every node has an
   * entry.
   */
  readonly edges: ReadonlyMap<number, ReadonlySet<number>>;
  readonly #byId: ReadonlyMap<number, Consent>;

  /**
   * Builds the tree under one root of a forest.
   *
   * @param rootId The root consent's id.
   * @param forest The forest holding it.
   * @throws {RangeError} When the forest has no consent `rootId`.
   */
  constructor(rootId: number, forest: ConsentForest) {
    this.root = forest.getNode(rootId);
    const nodes: Consent[] = [];
    const edges = new Map<number, ReadonlySet<number>>();
    const byId = new Map<number, Consent>();
    const queue = [this.root];
    for (let node = queue.shift(); node; node = queue.shift()) {
      nodes.push(node);
      byId.set(node.id, node);
      const children = forest.edges.get(node.id) ?? new Set<number>();
      edges.set(node.id, children);
      for (const id of children) queue.push(forest.getNode(id));
    }
    this.nodes = nodes;
    this.edges = edges;
    this.#byId = byId;
  }

  /**
   * A consent of this tree by id.
   *
   * @param consentId The consent id.
   * @returns The consent.
   * @throws {RangeError} When the tree has no such consent (Python's
   *   `KeyError`).
   */
  getNode(consentId: number): Consent {
    const node = this.#byId.get(consentId);
    if (!node) {
      throw kernelStack(
        new RangeError(
          `No consent ${consentId} in the consent tree rooted at ${this.root.id}`,
        ),
      );
    }
    return node;
  }

  /**
   * The number of consents on the longest path from the root down (1 for a
   * lone root).
   */
  get maxDepth(): number {
    const depth = (id: number): number => {
      let most = 0;
      for (const child of this.edges.get(id) ?? []) {
        most = Math.max(most, depth(child));
      }
      return most + 1;
    };
    return depth(this.root.id);
  }

  /**
   * Whether this tree meets scope requirements: for each one, the root's
   * `scope_name` is the scope and every dependent scope is met, the same way,
   * by a consent under it. Optional dependencies (`*`) count as required, as
   * in Python: the `*` tells Auth a login may go on without them, not that
   * they were consented.
   *
   * @param scopes A {@linkcode Scope}, scope text, or a list of either.
   * @returns `true` when the tree meets every requirement.
   * @throws {ScopeParseError} When scope text does not parse.
   */
  meetsScopeRequirements(scopes: ConsentScopeRequirements): boolean {
    return toRequirements(scopes).every((s) => this.#meets(this.root, s));
  }

  #meets(node: Consent, scope: Scope): boolean {
    if (node.scope_name !== scope.scopeString) return false;
    const children = [...this.edges.get(node.id) ?? []];
    return scope.dependencies.every((dep) =>
      children.some((id) => this.#meets(this.getNode(id), dep))
    );
  }

  /**
   * One line per consent, indented by depth:
   * ` - Consent [id]: Client [client] -> Scope [scope_name]` (Python's
   * `str(tree)`).
   *
   * @returns The tree as text.
   */
  toString(): string {
    const lines: string[] = [];
    const walk = (id: number, indent: number): void => {
      const c = this.getNode(id);
      lines.push(
        `${" ".repeat(indent)} - Consent [${c.id}]: Client [${
          c.client ?? ""
        }] -> Scope [${c.scope_name}]`,
      );
      for (const child of this.edges.get(id) ?? []) walk(child, indent + 2);
    };
    walk(this.root.id, 0);
    return lines.join("\n");
  }

  /**
   * The rich rendering the Deno kernel asks for: the tree's lines, as
   * {@linkcode ConsentTree.toString} writes them.
   *
   * @returns `{"text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    return treeBundle(`Consent tree of ${this.root.id}`, [this]);
  }
}

function treeBundle(
  caption: string,
  trees: readonly ConsentTree[],
): MimeBundle {
  const bodies = trees.map((t) => t.toString());
  return {
    "text/html": `<div><p><b>${escapeHtml(caption)}</b></p>${
      bodies.map((b) => `<pre>${escapeHtml(b)}</pre>`).join("")
    }</div>`,
    "text/plain": [caption, ...bodies].join("\n"),
  };
}

/**
 * A user's consents linked into trees (Python's `ConsentForest`): each
 * consent's parent is the one before it in its `dependency_path`, and each
 * consent with a path of length 1 roots a tree. Usually made by
 * `(await auth.getConsents(identityId)).toForest()`;
 * {@linkcode ConsentForest.meetsScopeRequirements} then says whether the user
 * already consented to scopes, dependent ones included (a collection's
 * data_access under Transfer's `all`), so a script can log in again before a
 * transfer rather than after a `ConsentRequired` error.
 *
 * Nodes are the consent objects of the response (wire names:
 * `tree.root.scope_name`, `created` as text).
 *
 * @example Check for a collection's data_access consent
 * ```ts
 * import {
 *   ConsentForest,
 *   GCSCollectionScopes,
 *   Scope,
 *   TransferScopes,
 * } from "@globus-deno/sdk";
 * const collection = "542a86fc-1766-450d-841f-065488a2ec01";
 * const dataAccess = GCSCollectionScopes(collection).dataAccess;
 * // as (await auth.getConsents(identityId)).toForest() would give
 * const forest = new ConsentForest([
 *   { id: 1, scope_name: TransferScopes.all, dependency_path: [1] },
 *   { id: 2, scope_name: dataAccess, dependency_path: [1, 2] },
 * ]);
 * const needed = new Scope(TransferScopes.all, { dependencies: [dataAccess] });
 * console.log(forest.meetsScopeRequirements(needed)); // true
 * console.log(forest.meetsScopeRequirements(`${TransferScopes.all}[other]`)); // false
 * ```
 */
export class ConsentForest {
  /** Every consent, in the order given. */
  readonly nodes: readonly Consent[];
  /**
   * Parent consent id → ids of the consents that depend on it directly;
   * every node has an entry.
   */
  readonly edges: ReadonlyMap<number, ReadonlySet<number>>;
  /** One tree per root consent, in the order of the roots in `nodes`. */
  readonly trees: readonly ConsentTree[];
  readonly #byId: ReadonlyMap<number, Consent>;

  /**
   * Links consents into trees.
   *
   * @param consents The `consents` of a `getConsents()` response (or the
   *   response itself, which `for…of` does not walk: pass `res.consents`).
   * @throws {ConsentParseError} When an entry lacks an integer `id`, a
   *   string `scope_name` or a list `dependency_path`.
   * @throws {ConsentTreeConstructionError} When two consents share an id,
   *   or a consent's `dependency_path` is empty, does not end with its own
   *   id, names a consent that is not in the list, or disagrees with its
   *   parent's path. The message names the consent.
   */
  constructor(consents: Iterable<Consent>) {
    const nodes = [...consents].map(readConsent);
    const byId = new Map<number, Consent>();
    for (const c of nodes) {
      if (byId.has(c.id)) {
        throw new ConsentTreeConstructionError(
          `Cannot build the consent forest: two consents have the id ${c.id}`,
          c.id,
        );
      }
      byId.set(c.id, c);
    }
    const edges = new Map<number, Set<number>>(
      nodes.map((c) => [c.id, new Set<number>()]),
    );
    for (const c of nodes) {
      const path = c.dependency_path;
      const shown = JSON.stringify(path);
      if (path.length === 0 || path[path.length - 1] !== c.id) {
        throw new ConsentTreeConstructionError(
          `Cannot build the consent forest: consent ${c.id} (${c.scope_name}) has the dependency_path ${shown}, which does not end with its own id`,
          c.id,
        );
      }
      if (path.length === 1) continue;
      const parentId = path[path.length - 2] as number;
      const parent = byId.get(parentId);
      if (!parent) {
        throw new ConsentTreeConstructionError(
          `Cannot build the consent forest: consent ${c.id} (${c.scope_name}) depends on consent ${parentId} (dependency_path ${shown}), which is not among the consents`,
          c.id,
        );
      }
      if (!samePath(parent.dependency_path, path.slice(0, -1))) {
        throw new ConsentTreeConstructionError(
          `Cannot build the consent forest: consent ${c.id} (${c.scope_name}) has the dependency_path ${shown}, but its parent ${parentId} has ${
            JSON.stringify(parent.dependency_path)
          }`,
          c.id,
        );
      }
      edges.get(parentId)?.add(c.id);
    }
    this.nodes = nodes;
    this.edges = edges;
    this.#byId = byId;
    this.trees = nodes.filter((c) => c.dependency_path.length === 1).map((c) =>
      new ConsentTree(c.id, this)
    );
  }

  /**
   * A consent by id.
   *
   * @param consentId The consent id.
   * @returns The consent.
   * @throws {RangeError} When there is no such consent (Python's
   *   `KeyError`).
   */
  getNode(consentId: number): Consent {
    const node = this.#byId.get(consentId);
    if (!node) {
      throw kernelStack(
        new RangeError(`No consent ${consentId} in the consent forest`),
      );
    }
    return node;
  }

  /**
   * Whether the consents meet scope requirements: each requirement is met by
   * some tree (its root consent is the scope, and each dependent scope is
   * met by a consent under it, recursively). Optional dependencies (`*`, as
   * `addAppDataAccessScope` writes them) count as required, as in Python:
   * the `*` lets a login go on without them; it does not make them
   * consented. An empty list is met.
   *
   * @param scopes A {@linkcode Scope}, scope text (`"a[b] c"` is two
   *   requirements), or a list of either.
   * @returns `true` when every requirement is met.
   * @throws {ScopeParseError} When scope text does not parse.
   */
  meetsScopeRequirements(scopes: ConsentScopeRequirements): boolean {
    return toRequirements(scopes).every((s) =>
      this.trees.some((t) => t.meetsScopeRequirements(s))
    );
  }

  /**
   * Every tree, one line per consent indented by depth (Python's
   * `str(tree)` for each tree), after a line counting them.
   *
   * @returns The forest as text.
   */
  toString(): string {
    return treeBundle(this.#caption(), this.trees)["text/plain"] as string;
  }

  /**
   * The rich rendering the Deno kernel asks for: the trees as text, not
   * the nodes and edges as objects.
   *
   * @returns `{"text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    return treeBundle(this.#caption(), this.trees);
  }

  #caption(): string {
    const n = this.nodes.length;
    const t = this.trees.length;
    return `ConsentForest: ${n} consent${n === 1 ? "" : "s"} in ${t} tree${
      t === 1 ? "" : "s"
    }`;
  }
}

/** What `getConsents()` adds to its response (Python's `to_forest()`). */
export interface ConsentForestSource {
  /**
   * The consents as a {@linkcode ConsentForest} (built on each call).
   *
   * @throws {ConsentTreeConstructionError} When the dependency paths do not
   *   form trees.
   */
  toForest(): ConsentForest;
}
