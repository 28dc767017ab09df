// The app's smart-config.json as this sandbox serves it: the local entry lists the sandbox at its default port
// (4013), exactly; a sandbox started on another port (tests use port 0) puts its own origin in place of that one,
// so the app accepts this sandbox and no other loopback server.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { sendText } from '../../http-kit/respond';

export const CONFIGURED_SANDBOX_ORIGIN = 'http://localhost:4013';

function moved(value: unknown, ehrOrigin: string): unknown {
  if (typeof value !== 'string') return value;
  if (value === CONFIGURED_SANDBOX_ORIGIN || value.startsWith(`${CONFIGURED_SANDBOX_ORIGIN}/`)) return ehrOrigin + value.slice(CONFIGURED_SANDBOX_ORIGIN.length);
  return value;
}

/** The configuration text with the sandbox's default origin replaced in `iss` and `authOrigins`; unparsable text as it is. */
export function configForSandbox(text: string, ehrOrigin: string): string {
  if (ehrOrigin === CONFIGURED_SANDBOX_ORIGIN) return text;
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    return text;
  }
  if (!Array.isArray(entries)) return text;
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const fields = entry as Record<string, unknown>;
    for (const key of ['iss', 'authOrigins']) {
      const list = fields[key];
      if (Array.isArray(list)) fields[key] = list.map((v) => moved(v, ehrOrigin));
    }
  }
  return `${JSON.stringify(entries, null, 2)}\n`;
}

export function isAppConfigRequest(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && new URL(req.url ?? '/', 'http://localhost').pathname === '/smart-config.json';
}

export async function serveAppConfig(appDir: string, ehrOrigin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await readFile(join(appDir, 'smart-config.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return sendText(res, 404, 'Not found');
  const body = Buffer.from(configForSandbox(text, ehrOrigin), 'utf8');
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
