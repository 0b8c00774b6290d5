import type Anthropic from '@anthropic-ai/sdk';
import { CancelledError, FerryError, scrubSecrets } from '../api/errors.js';

export interface ModelCall {
  apiKey: string;
  model: string;
  system: string;
  question: string;
  /** Defaults to ANTHROPIC_BASE_URL, else the public API (the SDK decides). */
  baseURL?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One question, one answer, through the official SDK. Every failure comes back in plain words. */
export async function askModel(call: ModelCall): Promise<string> {
  // Loaded on the first question: importing the SDK cost every CLI and engine start ~0.25 s.
  const { default: Sdk } = await import('@anthropic-ai/sdk');
  const client = new Sdk({
    apiKey: call.apiKey,
    ...(call.baseURL ? { baseURL: call.baseURL } : {}),
    timeout: call.timeoutMs,
    // One retry covers a dropped connection or a brief overload without keeping the owner waiting.
    maxRetries: 1,
  });
  try {
    const message = await client.messages.create(
      {
        model: call.model,
        max_tokens: 2048,
        system: call.system,
        messages: [{ role: 'user', content: call.question }],
      },
      { signal: call.signal },
    );
    return message.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('\n')
      .trim();
  } catch (err) {
    throw explainModelError(Sdk, err, call);
  }
}

function explainModelError(
  Sdk: typeof Anthropic,
  err: unknown,
  call: Pick<ModelCall, 'apiKey' | 'model' | 'timeoutMs'>,
): FerryError {
  if (err instanceof Sdk.APIUserAbortError) return new CancelledError();
  if (err instanceof Sdk.APIConnectionTimeoutError) {
    return new FerryError(
      'ask-timeout',
      `The AI service did not answer within ${Math.round(call.timeoutMs / 1000)} seconds. Try again in a moment.`,
    );
  }
  if (err instanceof Sdk.APIConnectionError) {
    return new FerryError(
      'ask-offline',
      'Ferry could not reach the AI service: this computer seems to be offline, or the service cannot be reached from here. The rest of Ferry works without it.',
    );
  }
  if (err instanceof Sdk.APIError) {
    const status = err.status ?? 0;
    if (status === 401) {
      return new FerryError(
        'ask-key-rejected',
        'The AI service did not accept the API key. Check it in Settings: it may be mistyped or revoked.',
      );
    }
    if (status === 403) {
      return new FerryError(
        'ask-key-rejected',
        'The API key is not allowed to do this. Check its permissions, or the model name in Settings.',
      );
    }
    if (status === 404) {
      return new FerryError(
        'ask-model-unknown',
        `The AI service has no model called "${call.model}". Check the model name in Settings.`,
      );
    }
    if (status === 429) {
      return new FerryError(
        'ask-rate-limited',
        "Too many questions in a short time for this API key (the service's rate limit). Wait a minute, then ask again.",
      );
    }
    if (status >= 500) {
      return new FerryError(
        'ask-service-down',
        'The AI service had a problem on its side. Try again in a few minutes.',
      );
    }
    return new FerryError('ask-failed', `The AI service refused the question: ${clean(err.message, call.apiKey)}`);
  }
  return new FerryError(
    'ask-failed',
    `Asking the AI service failed: ${clean(err instanceof Error ? err.message : String(err), call.apiKey)}`,
  );
}

/** An API key must never reach a message, a log or the history. */
function clean(text: string, apiKey: string): string {
  const scrubbed = scrubSecrets(text).replace(/sk-ant-[A-Za-z0-9_-]+/g, '***');
  return (apiKey ? scrubbed.split(apiKey).join('***') : scrubbed).slice(0, 300);
}
