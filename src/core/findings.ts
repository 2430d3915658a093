/**
 * Findings: the one result type every check in the core produces (configuration rules,
 * certificate checks, plan safety rules). The CLI prints them, the extension turns them
 * into diagnostics, the wizard shows them under fields.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A zero-based position in a text document (line and UTF-16 column), as VS Code counts. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface TextRange {
  readonly start: Position;
  readonly end: Position;
  /** Offsets into the text, for edits. */
  readonly offset: number;
  readonly length: number;
}

/** A text edit expressed on the original text, applied by the host (VS Code WorkspaceEdit or CLI). */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

export interface QuickFix {
  /** Localized title shown in the light bulb menu. */
  readonly title: string;
  /** Edits to the same file the finding is about. */
  readonly edits: readonly TextEdit[];
  /** True when this is the one obvious fix (VS Code `isPreferred`). */
  readonly preferred?: boolean;
}

export interface Finding {
  /** Stable rule ID, e.g. `CFG-SERVICE-NAME`, `CERT-EKU`. Other tools depend on it. */
  readonly rule: string;
  readonly severity: Severity;
  /** Localized, one sentence or two, naming the offending value. */
  readonly message: string;
  /** JSON pointer (RFC 6901) into the configuration file, when the finding is about one. */
  readonly path?: string;
  /** Where in the text, when known (set by the configuration pipeline from `path`). */
  readonly range?: TextRange;
  readonly fixes?: readonly QuickFix[];
  /** Extra structured data for UIs (e.g. sub-CA thumbprints); never secrets. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Static description of a rule: used for hovers, docs and the rule catalogue. */
export interface RuleInfo {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** Short English title; localized through l10n at display time. */
  readonly title: string;
  /** Source(s) in ../shared/domain/cmg-rules.md terms, e.g. "[srv] 2.5". */
  readonly source: string;
  /** Microsoft Learn page the rule is based on (the diagnostic's code link). */
  readonly docUrl: string;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
export function compareFindings(a: Finding, b: Finding): number {
  const la = a.range?.start.line ?? -1;
  const lb = b.range?.start.line ?? -1;
  return la - lb || order[a.severity] - order[b.severity] || a.rule.localeCompare(b.rule);
}
