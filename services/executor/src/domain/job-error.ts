/** A job attempt failed for a reason that is recorded as it is, e.g. `HTTP 503 Service Unavailable from https://x/y`. */
export class JobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobError';
  }
}
