/**
 * Internal: merging a Transfer method's `queryParams` option (Python's
 * `query_params`) into the query the method builds itself.
 *
 * @module
 */
import type { QueryValue } from "../core/transport.ts";
import { describeValue } from "./_validate.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * The method's query with the caller's `queryParams` merged in. As in the
 * Python SDK (`{..., **(query_params or {})}`), the extra parameters win over
 * the method's own ones of the same name.
 *
 * @param method The method's name, for messages (e.g. `"endpointSearch"`).
 * @param query The query the method built.
 * @param queryParams The caller's extra parameters.
 * @param pagingKeys Parameters a paginator sets on every page; a caller's
 *   value for one of them would break the paging, so it is refused.
 * @returns The merged query.
 * @throws {TypeError} When `queryParams` is not a plain object, or sets a
 *   paging parameter.
 */
export function mergeQuery(
  method: string,
  query: Record<string, QueryValue>,
  queryParams: Readonly<Record<string, QueryValue>> | undefined,
  pagingKeys: readonly string[] = [],
): Record<string, QueryValue> {
  if (queryParams === undefined || queryParams === null) return query;
  if (
    typeof queryParams !== "object" || Array.isArray(queryParams) ||
    queryParams instanceof URLSearchParams
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as 'queryParams' must be an object of query parameters (e.g. { foo: "bar" }): current value is ${
          describeValue(queryParams)
        }`,
      ),
    );
  }
  for (const key of pagingKeys) {
    if (Object.hasOwn(queryParams, key)) {
      throw kernelStack(
        new TypeError(
          `Cannot call ${method}() with queryParams.${key}: ${method}() pages through the results and sets '${key}' on each page itself; pass it as the '${
            camel(key)
          }' option instead, or use tc.get() for a single page`,
        ),
      );
    }
  }
  return { ...query, ...queryParams };
}

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
