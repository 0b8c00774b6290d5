import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Messages API (`POST /v1/messages`), so the real SDK can be pointed at it
 * with `baseURL` (or ANTHROPIC_BASE_URL). It answers from a script: a text answer, an API error
 * (429, 500, 401 …) in the JSON shape the SDK expects, or a slow answer for timeouts. The last
 * step of the script repeats. Tests in another process drive it over HTTP (`/_fake/...`).
 */

export type FakeStep =
  { kind: 'text'; text: string; delayMs?: number } | { kind: 'error'; status: number; type: string; message: string };

export interface FakeRequest {
  headers: Record<string, string | string[] | undefined>;
  body: {
    model: string;
    max_tokens: number;
    system?: string;
    messages: { role: string; content: string }[];
  };
}

export interface FakeAnthropic {
  url: string;
  requests: FakeRequest[];
  script(steps: FakeStep[]): void;
  close(): Promise<void>;
}

export const answerWith = (sql: string, note = 'This is the answer.'): Extract<FakeStep, { kind: 'text' }> => ({
  kind: 'text',
  text: `${note}\n\n\`\`\`sql\n${sql}\n\`\`\``,
});

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  let steps: FakeStep[] = [answerWith('SELECT 1 AS one')];
  const requests: FakeRequest[] = [];
  let n = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${n}`, ...headers });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (req.method === 'POST' && url === '/_fake/script') {
        steps = JSON.parse(raw) as FakeStep[];
        requests.length = 0;
        return json(200, { ok: true });
      }
      if (req.method === 'GET' && url === '/_fake/requests') return json(200, requests);
      if (req.method !== 'POST' || !url.startsWith('/v1/messages')) {
        return json(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
      }
      n++;
      requests.push({ headers: req.headers, body: JSON.parse(raw) as FakeRequest['body'] });
      const step = steps.length > 1 ? steps.shift()! : steps[0]!;
      if (step.kind === 'error') {
        // A tiny retry-after keeps the SDK's one retry quick.
        return json(
          step.status,
          { type: 'error', error: { type: step.type, message: step.message } },
          { 'retry-after-ms': '1' },
        );
      }
      const reply = () =>
        json(200, {
          id: `msg_fake_${n}`,
          type: 'message',
          role: 'assistant',
          model: requests.at(-1)!.body.model,
          content: [{ type: 'text', text: step.text }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: raw.length, output_tokens: step.text.length },
        });
      if (!step.delayMs) return reply();
      const timer = setTimeout(reply, step.delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(next) {
      steps = next;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** For a test in another process than the fake: replace the script, read what the SDK sent. */
export async function scriptFake(url: string, steps: FakeStep[]): Promise<void> {
  const res = await fetch(`${url}/_fake/script`, { method: 'POST', body: JSON.stringify(steps) });
  if (!res.ok) throw new Error(`fake server: ${res.status}`);
}

export async function fakeRequests(url: string): Promise<FakeRequest[]> {
  return (await (await fetch(`${url}/_fake/requests`)).json()) as FakeRequest[];
}
