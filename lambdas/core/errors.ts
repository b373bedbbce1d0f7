/**
 * One error vocabulary for the whole project. Messages say what was wrong and what to do, and never
 * carry transcript text: they may reach logs, API responses and terminals.
 */
export class AttuneError extends Error {
  constructor(
    message: string,
    /** A stable machine-readable code, e.g. `empty_input`, `unknown_format`. */
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller's input cannot be used (CLI exit 2, HTTP 400/415/422). */
export class InvalidInputError extends AttuneError {}

export class NotFoundError extends AttuneError {}

export class ConflictError extends AttuneError {}

/** What the caller sent is more than can be kept (HTTP 413): the message says the limit and what to send instead. */
export class TooLargeError extends AttuneError {}
