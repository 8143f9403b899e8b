/**
 * Internal: extending an error's message with a hint after it was made.
 *
 * @module
 */

/**
 * Sets the error's message, and the stack's first line when rendered.
 *
 * @param err The error.
 * @param old Its message as it was.
 * @param message The new message.
 * @returns The same error.
 */
export function replaceMessage<E extends Error>(
  err: E,
  old: string,
  message: string,
): E {
  // V8 renders the stack (its first line is "Name: message") the first
  // time it is read: read it before the message changes, or a message that
  // extends the old one would be extended twice in it.
  const stack = err.stack;
  err.message = message;
  if (typeof stack === "string" && stack.includes(old)) {
    err.stack = stack.replace(old, message);
  }
  return err;
}
