/**
 * The structured lines a deployment script prints (see script.ts), parsed and validated: the
 * script's output is not trusted to be well-formed.
 */
import { INPUT_PREFIX, PROGRESS_PREFIX } from './script';

export type ProgressStatus = 'start' | 'done' | 'failed';

export interface ProgressEvent {
  readonly type: 'progress';
  readonly step: number;
  readonly total: number;
  readonly kind: string;
  readonly status: ProgressStatus;
  readonly message: string;
  /** Wait steps: when stage 2 may run (ISO 8601). */
  readonly notBefore?: string;
}

export interface InputRequest {
  readonly type: 'input';
  readonly kind: 'password';
  readonly message: string;
}

export type ScriptLine = ProgressEvent | InputRequest | { readonly type: 'text'; readonly text: string };

const STATUSES = new Set<string>(['start', 'done', 'failed']);

function str(v: unknown, max = 2000): string | undefined {
  return typeof v === 'string' ? v.slice(0, max) : undefined;
}

export function parseScriptLine(line: string): ScriptLine {
  const text = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith(PROGRESS_PREFIX.trim())) {
      const v = JSON.parse(trimmed.slice(PROGRESS_PREFIX.trim().length)) as Record<string, unknown>;
      const step = Number(v.step);
      const total = Number(v.total);
      const kind = str(v.kind, 64);
      const status = str(v.status, 16);
      if (Number.isInteger(step) && Number.isInteger(total) && step >= 1 && total >= step && kind && status && STATUSES.has(status)) {
        const notBefore = str(v.notBefore, 64);
        return { type: 'progress', step, total, kind, status: status as ProgressStatus, message: str(v.message) ?? '', ...(notBefore && !Number.isNaN(Date.parse(notBefore)) ? { notBefore } : {}) };
      }
    } else if (trimmed.startsWith(INPUT_PREFIX.trim())) {
      const v = JSON.parse(trimmed.slice(INPUT_PREFIX.trim().length)) as Record<string, unknown>;
      if (v.kind === 'password') return { type: 'input', kind: 'password', message: str(v.message, 500) ?? '' };
    }
  } catch {
    // A malformed structured line is shown as text.
  }
  return { type: 'text', text };
}

/** Splits a stream's chunks into lines (keeps the partial last line for the next chunk). */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    return parts;
  }
  flush(): string[] {
    const r = this.rest;
    this.rest = '';
    return r ? [r] : [];
  }
}
