import { createContext, useContext } from 'react';
import type { Input, OpName, Result } from '../../../core/api/contract';
import type { PlainError, Progress } from '../../../core/api/define';
import type { Carrier } from './carrier';

/** A failed call, carrying the engine's plain-words message. */
export class CallError extends Error {
  constructor(readonly plain: PlainError) {
    super(plain.message);
  }
}

export interface Client {
  carrier: Carrier['kind'];
  send<K extends OpName>(
    op: K,
    input: Input<K>,
    options?: { onProgress?: (p: Progress) => void; signal?: AbortSignal },
  ): Promise<Result<K>>;
  upload?: Carrier['upload'];
}

export function createClient(carrier: Carrier): Client {
  return {
    carrier: carrier.kind,
    async send(op, input, options = {}) {
      const envelope = await carrier.call(op, input, options);
      if (!envelope.ok) throw new CallError(envelope.error);
      return envelope.value as Result<typeof op>;
    },
    upload: carrier.upload?.bind(carrier),
  };
}

export const ClientContext = createContext<Client | null>(null);

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}
