import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError, ErrorCode } from '../errors.ts';

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Whether a parsed JSON value holds a string (or key) with a NUL character anywhere. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (Array.isArray(item)) {
      for (const child of item as unknown[]) stack.push(child);
    } else if (item !== null && typeof item === 'object' && isPlainObject(item)) {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * A `preValidation` hook: JSON may carry `\u0000`, but no text column can hold it (PostgreSQL
 * refuses it outright), and no name, URL or token contains one. Such a body is
 * `VALIDATION_FAILED` before it reaches a route. Raw bodies (the proxy's bytes) are not JSON
 * values and pass untouched.
 */
export function rejectNulCharacters(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (containsNul(request.body)) {
    done(
      new AppError(ErrorCode.VALIDATION_FAILED, 'text in the body must not contain NUL characters'),
    );
    return;
  }
  done();
}
