/**
 * The one log of the extension: a `LogOutputChannel` named "CMG Tools" behind a small wrapper.
 * The wrapper redacts anything that looks like a secret before it reaches the channel
 * (password/secret/token assignments, PFX passwords passed as arguments, bearer tokens),
 * so a careless caller cannot write a password into the Output panel.
 */
import * as vscode from 'vscode';

export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** Logs a message and, when given, the error's message (the stack only at trace level). */
  error(message: string, error?: unknown): void;
  /** Reveals the Output panel on this log. */
  show(): void;
  readonly channel: vscode.LogOutputChannel;
}

const SECRET_PATTERNS: readonly RegExp[] = [
  // password=…, "password": "…", pwd: …, secret=…, token=…, clientSecret …
  /((?:pass(?:word|phrase)?|pwd|secret|token|client_?secret|api_?key)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}]+)/gi,
  // -Password …, --password …, -passin pass:…
  /((?:--?password(?:-\w+)?|-passin|-passout)\s+)(\S+)/gi,
  /(pass:)(\S+)/gi,
  // Authorization: Bearer …
  /(bearer\s+)([A-Za-z0-9\-._~+/]+=*)/gi,
];

/** Masks secret values in a log line. Exported for tests. */
export function redact(text: string): string {
  let out = text;
  for (const p of SECRET_PATTERNS) out = out.replace(p, (_m, head: string) => `${head}***`);
  return out;
}

function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

export function createLog(channel: vscode.LogOutputChannel = vscode.window.createOutputChannel('CMG Tools', { log: true })): Log {
  return {
    channel,
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error(m, error) {
      if (error === undefined) {
        channel.error(redact(m));
        return;
      }
      const d = describe(error);
      channel.error(redact(`${m}: ${d.message}`));
      if (d.stack) channel.trace(redact(d.stack));
    },
    show: () => channel.show(true),
  };
}
