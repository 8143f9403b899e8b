/**
 * Internal: the promise of a list call walks with `for await` as its result
 * walks with `for…of`. Python's `for f in tc.operation_ls(ep):` (and
 * `for p in ac.get_projects():`) is ported as a paginator is walked,
 * `for await (const f of tc.operationLs(ep))`, without the `await` before
 * the call: that gave V8's "is not a function or its return value is not
 * async iterable", and the request, which nobody awaited then, ended the
 * process later as an unhandled rejection when it failed (a 404, a 401).
 *
 * Now the promise is the walk: its `[Symbol.asyncIterator]` awaits the
 * result and yields what `for…of` over the result yields (the `DATA`
 * entries, the `projects`, …), so `for await (const f of tc.operationLs(ep))`
 * and `for (const f of await tc.operationLs(ep))` are the same walk, and a
 * failure is thrown at the walk (and is then handled: nothing else
 * reports it). A `for…of` over the promise, which cannot wait, throws a
 * TypeError naming both forms and marks the request's failure handled.
 *
 * The promise stays the native one (`await`, `.then`, `instanceof Promise`,
 * `Promise.resolve(p) === p`, printing): only its prototype is one made
 * once per method, between it and `Promise.prototype`, holding those two
 * iterators. No own property is added (`Object.defineProperty` costs
 * ~0.4 µs a call, and an assigned one is printed by `console.log`), and
 * `Promise.prototype` is untouched, so a user's own promises are as before.
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";

/**
 * The promises' `[Symbol.asyncIterator]`: the walk of the result.
 * An async generator, so the request is awaited when the walk starts.
 */
async function* walkResult(
  this: PromiseLike<Iterable<unknown>>,
): AsyncGenerator<unknown, void, undefined> {
  for (const item of await this) yield item;
}

/** The prototypes {@linkcode walkableLists} gives its promises. */
const listPrototypes = new WeakSet<object>();

/** The prototype of `cls.method()`'s promises. */
function listPrototype(
  cls: string,
  variable: string,
  method: string,
): object {
  const proto = Object.create(Promise.prototype, {
    [Symbol.asyncIterator]: {
      value: walkResult,
      writable: true,
      configurable: true,
    },
    // A method, not a getter: code that only looks
    // (`typeof p[Symbol.iterator]`) is not thrown at; a walk is.
    [Symbol.iterator]: {
      writable: true,
      configurable: true,
      value: function (this: unknown): never {
        // The walk fails here, so nobody will await the call: its own
        // failure (a 401, say) would end the process a second time as an
        // unhandled rejection, after this error.
        if (this instanceof Promise) this.catch(() => undefined);
        throw kernelStack(
          new TypeError(
            `${cls}.${method}() was called without await, so this is its ` +
              `promise, which for…of cannot walk. Walk it with for await: ` +
              `for await (const x of ${variable}.${method}(…)) …, or write ` +
              `await before the call: ` +
              `for (const x of await ${variable}.${method}(…)) …`,
          ),
        );
      },
    },
  });
  listPrototypes.add(proto);
  return proto;
}

/**
 * Whether `promise` is a list call's (walks with `for await`).
 *
 * @param promise A promise an SDK method returned.
 * @returns True for the promises of the methods given to
 *   {@linkcode walkableLists}.
 */
export function isListPromise(promise: Promise<unknown>): boolean {
  return listPrototypes.has(Object.getPrototypeOf(promise));
}

/**
 * Makes `next` walk as `from` does (the kernel's wrapper returns a promise
 * of its own, `from.then(…)`).
 *
 * @param next The promise to return instead.
 * @param from A list call's promise.
 * @returns `next`.
 */
export function walkLike<P extends Promise<unknown>>(
  next: P,
  from: Promise<unknown>,
): P {
  if (isListPromise(from)) {
    Object.setPrototypeOf(next, Object.getPrototypeOf(from));
  }
  return next;
}

/**
 * Makes the promises of `cls`'s list calls walk with `for await`: each
 * method is replaced, on `cls.prototype`, by one that gives the promise
 * the original returns the method's list prototype (see the module
 * comment). The methods' declared types say so
 * (`Promise<…> & AsyncIterable<Item>`).
 *
 * @param cls The class that defines the methods (its prototype gets own
 *   wrappers of them; its subclasses inherit those).
 * @param methods The list calls (async methods whose result `for…of` walks).
 * @param label The class the messages name (`TransferClient`).
 * @param variable The client's name in the messages' examples (`tc`).
 */
export function walkableLists(
  cls: { readonly prototype: object },
  methods: readonly string[],
  label: string,
  variable: string,
): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const method of methods) {
    const original = proto[method];
    if (typeof original !== "function") {
      throw new Error(`internal: ${label} has no method ${method}`);
    }
    const listProto = listPrototype(label, variable, method);
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const result: unknown = Reflect.apply(original, this, args);
      if (result instanceof Promise) Object.setPrototypeOf(result, listProto);
      return result;
    };
    Object.defineProperty(wrapped, "name", { value: method });
    Object.defineProperty(wrapped, "length", { value: original.length });
    Object.defineProperty(proto, method, {
      value: wrapped,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
