import type { PlainError } from './define.js';

/** An error whose message is already fit to show a person. */
export class FerryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: PlainError['issues'],
  ) {
    super(message);
    this.name = 'FerryError';
  }
}

export class CancelledError extends FerryError {
  constructor() {
    super('cancelled', 'Stopped because you cancelled. Nothing was written.');
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Anything thrown becomes plain words; unknown errors keep only their message, with secrets scrubbed. */
export function toPlainError(err: unknown): PlainError {
  if (err instanceof FerryError) {
    return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'unexpected',
    message: `Something went wrong that Ferry did not expect: ${scrubSecrets(message)}`,
  };
}

/** Passwords can hide inside connection strings that drivers echo back in their errors. */
export function scrubSecrets(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@').replace(/(password=)\S+/gi, '$1***');
}
