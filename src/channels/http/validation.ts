import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { problem } from './problem.js';

/** A request that fails its schema: 400 naming each field and why. */
export function validationProblem(c: Context, error: ZodError): Response {
  const errors = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    reason: issue.message,
  }));
  const first = errors[0];
  return problem(c, 'invalid_request', first ? `${first.field}: ${first.reason}` : 'the request is not valid', { errors });
}
