/**
 * Runs a deployment script with Windows PowerShell (setting `cmg.deploy.powershellPath`):
 * `-NoProfile -ExecutionPolicy Bypass -File <script> [args]`, reading `##cmg-progress` lines.
 * No `vscode` import: the commands give it callbacks.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import { LineSplitter, parseScriptLine, type InputRequest, type ProgressEvent } from '../core/deploy/progress';

export interface RunCallbacks {
  onProgress(e: ProgressEvent): void;
  onText(line: string, stream: 'stdout' | 'stderr'): void;
  /** A password prompt: resolve with the answer, or undefined to stop the run. Never logged. */
  onInput(request: InputRequest): Promise<string | undefined>;
}

export interface RunResult {
  readonly exitCode: number | null;
  readonly cancelled: boolean;
  readonly events: readonly ProgressEvent[];
  /** Could not start the program. */
  readonly spawnError?: string;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (process.platform !== 'win32') accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program to run, or undefined when `configured` names nothing runnable on this machine. */
export function resolvePowerShell(configured: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = configured.trim();
  if (!p) return undefined;
  if (path.isAbsolute(p) || p.includes('/') || p.includes('\\')) return isExecutableFile(p) ? p : undefined;
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, p + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

export function powerShellArgs(scriptPath: string, extra: readonly string[] = []): string[] {
  return ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', scriptPath, ...extra];
}

export function runScript(program: string, scriptPath: string, extraArgs: readonly string[], callbacks: RunCallbacks, cancel: { onCancel(listener: () => void): void }): Promise<RunResult> {
  return new Promise((resolve) => {
    const events: ProgressEvent[] = [];
    let cancelled = false;
    let settled = false;
    const child = spawn(program, powerShellArgs(scriptPath, extraArgs), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, cwd: path.dirname(scriptPath) });
    const finish = (r: RunResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    cancel.onCancel(() => {
      cancelled = true;
      if (process.platform === 'win32' && child.pid) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
      else child.kill();
    });
    const out = new LineSplitter();
    const err = new LineSplitter();
    const handle = (line: string) => {
      const parsed = parseScriptLine(line);
      if (parsed.type === 'progress') {
        events.push(parsed);
        callbacks.onProgress(parsed);
      } else if (parsed.type === 'input') {
        void callbacks.onInput(parsed).then((answer) => {
          if (answer === undefined) {
            cancelled = true;
            child.kill();
          } else child.stdin.write(`${answer}\n`);
        });
      } else if (parsed.text.trim()) callbacks.onText(parsed.text, 'stdout');
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => out.push(c).forEach(handle));
    child.stderr.on('data', (c: string) => err.push(c).forEach((l) => l.trim() && callbacks.onText(l.replace(/\r$/, ''), 'stderr')));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => finish({ exitCode: null, cancelled, events, spawnError: e.message }));
    child.on('close', (code) => {
      out.flush().forEach(handle);
      err.flush().forEach((l) => l.trim() && callbacks.onText(l, 'stderr'));
      finish({ exitCode: code, cancelled, events });
    });
  });
}
