import fs from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../env/secrets.js';

/** The secret store reference of the API key: the key itself lives only in the store. */
export const API_KEY_REF = 'ferry-ask-api-key';

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export interface AskSettings {
  model: string;
}

/** App settings live in `<home>/settings.json`; each feature keeps its own section of it. */
function settingsFile(home: string): string {
  return path.join(home, 'settings.json');
}

async function readAll(home: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(settingsFile(home), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    // Missing or unreadable: the defaults hold, and the next save writes a good file.
    return {};
  }
}

export async function readAskSettings(home: string): Promise<AskSettings> {
  const ask = (await readAll(home)).ask as { model?: unknown } | undefined;
  const model = typeof ask?.model === 'string' && ask.model.trim() ? ask.model.trim() : DEFAULT_MODEL;
  return { model };
}

export async function saveAskSettings(home: string, settings: AskSettings): Promise<void> {
  const all = await readAll(home);
  await fs.mkdir(home, { recursive: true });
  const tmp = `${settingsFile(home)}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ ...all, ask: settings }, null, 2), 'utf8');
  await fs.rename(tmp, settingsFile(home));
}

export async function readApiKey(secrets: SecretStore): Promise<string | undefined> {
  const key = await secrets.get(API_KEY_REF);
  return key?.trim() ? key.trim() : undefined;
}
