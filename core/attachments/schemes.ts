import { DOWNLOAD_DEFAULTS } from './download.js';

/**
 * The link schemes attachments may come from: `https:` only, unless the person running Ferry
 * sets `FERRY_ATTACHMENT_SCHEMES=https:,http:` (a mirror on a local network, a test server).
 * Nothing but http and https is ever accepted.
 */
export function attachmentSchemes(env: Record<string, string | undefined> = process.env): readonly string[] {
  const asked = (env.FERRY_ATTACHMENT_SCHEMES ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/:?$/, ':'))
    .filter((s) => s === 'https:' || s === 'http:');
  return asked.length ? [...new Set(asked)] : DOWNLOAD_DEFAULTS.schemes;
}
