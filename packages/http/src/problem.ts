/**
 * RFC 9457 problem details. Every error answer of every service has this shape, so clients
 * can rely on `type`, `title`, `status` and, for validation, `errors`.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://agencyflow.dev/problems/';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  toBody(instance?: string): ProblemBody {
    // Extensions first: they can never overwrite the standard members (RFC 9457).
    return {
      ...this.extensions,
      type: `${PROBLEM_BASE}${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
    };
  }
}

export interface FieldError {
  path: string;
  message: string;
}

export const problems = {
  validation: (errors: FieldError[], detail = 'The request is not valid.') =>
    new ProblemError(400, 'validation-failed', 'Validation failed', detail, { errors }),
  malformedJson: () => new ProblemError(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.'),
  unauthenticated: (detail = 'Valid credentials are required.') =>
    new ProblemError(401, 'unauthenticated', 'Unauthenticated', detail),
  forbidden: (permission: string) =>
    new ProblemError(403, 'forbidden', 'Forbidden', `This action needs the permission "${permission}".`, {
      permission,
    }),
  notFound: (what = 'resource') => new ProblemError(404, 'not-found', 'Not found', `No such ${what}.`),
  conflict: (slug: string, title: string, detail: string, extensions?: Record<string, unknown>) =>
    new ProblemError(409, slug, title, detail, extensions),
  payloadTooLarge: (limit: string) =>
    new ProblemError(413, 'payload-too-large', 'Payload too large', `The body exceeds the limit of ${limit}.`),
  unsupportedMediaType: (expected = 'application/json') =>
    new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${expected}.`),
  unprocessable: (slug: string, title: string, detail: string, extensions?: Record<string, unknown>) =>
    new ProblemError(422, slug, title, detail, extensions),
};
