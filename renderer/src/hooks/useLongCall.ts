import { useCallback, useRef, useState } from 'react';
import type { Progress } from '../../../core/api/define';
import { CallError } from '../api/client';

export interface LongCallState {
  busy: boolean;
  progress: Progress | null;
  /** When the current call started, for the time-left estimate. */
  startedAt: number | null;
  error: string | null;
  /** True when the last call ended because the owner cancelled it. */
  cancelled: boolean;
}

/**
 * Runs one long operation at a time with progress and cancel. The function passed to `run`
 * receives the signal and progress sink to hand to `client.send`.
 */
export function useLongCall() {
  const [state, setState] = useState<LongCallState>({
    busy: false,
    progress: null,
    startedAt: null,
    error: null,
    cancelled: false,
  });
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(
    async <T>(
      work: (options: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<T>,
    ): Promise<T | undefined> => {
      const ctrl = new AbortController();
      controller.current = ctrl;
      setState({ busy: true, progress: null, startedAt: Date.now(), error: null, cancelled: false });
      try {
        const value = await work({ signal: ctrl.signal, onProgress: (p) => setState((s) => ({ ...s, progress: p })) });
        setState((s) => ({ ...s, busy: false }));
        return value;
      } catch (e) {
        const cancelled = ctrl.signal.aborted || (e instanceof CallError && e.plain.code === 'cancelled');
        setState((s) => ({ ...s, busy: false, cancelled, error: errorMessage(e) }));
        return undefined;
      } finally {
        if (controller.current === ctrl) controller.current = null;
      }
    },
    [],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const clearError = useCallback(() => setState((s) => ({ ...s, error: null, cancelled: false })), []);
  return { ...state, run, cancel, clearError };
}

/** The plain words of a failed call; never a stack trace. */
export function errorMessage(e: unknown): string {
  if (e instanceof CallError) return e.plain.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
