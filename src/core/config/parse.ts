/**
 * Tolerant parsing of `*.cmg.json` (JSONC) and mapping JSON pointers to text ranges.
 * Pure: no I/O.
 */
import * as jsonc from 'jsonc-parser';
import type { Finding, TextRange } from '../findings';
import { t } from '../l10n';
import type { CmgConfig, DeepPartial } from '../model';

export interface ParsedConfig {
  readonly text: string;
  readonly root: jsonc.Node | undefined;
  /** best effort, present whenever the text parsed to an object */
  readonly config: DeepPartial<CmgConfig> | undefined;
  readonly parseFindings: Finding[];
}

/** Line starts per text, computed once per parsed text (ranges are asked for many times). */
const lineStartsCache = new WeakMap<ParsedConfig, number[]>();

function lineStarts(parsed: ParsedConfig): number[] {
  let starts = lineStartsCache.get(parsed);
  if (!starts) {
    starts = [0];
    const text = parsed.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    lineStartsCache.set(parsed, starts);
  }
  return starts;
}

/** Zero-based line and UTF-16 column of an offset. */
export function positionAt(parsed: ParsedConfig, offset: number): { line: number; column: number } {
  const starts = lineStarts(parsed);
  const o = Math.max(0, Math.min(offset, parsed.text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: o - starts[lo] };
}

export function rangeAt(parsed: ParsedConfig, offset: number, length: number): TextRange {
  const start = positionAt(parsed, offset);
  const end = positionAt(parsed, offset + length);
  return { start, end, offset, length };
}

function parseErrorMessage(code: jsonc.ParseErrorCode): string {
  switch (code) {
    case jsonc.ParseErrorCode.InvalidSymbol:
      return t('unexpected character');
    case jsonc.ParseErrorCode.InvalidNumberFormat:
      return t('invalid number');
    case jsonc.ParseErrorCode.PropertyNameExpected:
      return t('a property name in double quotes is expected');
    case jsonc.ParseErrorCode.ValueExpected:
      return t('a value is expected');
    case jsonc.ParseErrorCode.ColonExpected:
      return t('a colon is expected');
    case jsonc.ParseErrorCode.CommaExpected:
      return t('a comma is expected');
    case jsonc.ParseErrorCode.CloseBraceExpected:
      return t('a closing brace "}" is expected');
    case jsonc.ParseErrorCode.CloseBracketExpected:
      return t('a closing bracket "]" is expected');
    case jsonc.ParseErrorCode.EndOfFileExpected:
      return t('the file should end here');
    case jsonc.ParseErrorCode.UnexpectedEndOfComment:
      return t('a comment is not closed');
    case jsonc.ParseErrorCode.UnexpectedEndOfString:
      return t('a string is not closed');
    case jsonc.ParseErrorCode.UnexpectedEndOfNumber:
      return t('a number is not complete');
    case jsonc.ParseErrorCode.InvalidUnicode:
      return t('invalid Unicode escape');
    case jsonc.ParseErrorCode.InvalidEscapeCharacter:
      return t('invalid escape character');
    case jsonc.ParseErrorCode.InvalidCharacter:
      return t('invalid character in a string');
    default:
      return t('invalid JSON');
  }
}

/** Tolerant parse: comments and trailing commas are allowed (JSONC). */
export function parseConfigText(text: string): ParsedConfig {
  const errors: jsonc.ParseError[] = [];
  // A UTF-8 byte order mark is not an error in a file an editor wrote.
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const root = jsonc.parseTree(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const value: unknown = root ? jsonc.getNodeValue(root) : undefined;
  const config =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as DeepPartial<CmgConfig>) : undefined;
  const parseFindings: Finding[] = [];
  const parsed: ParsedConfig = { text, root, config, parseFindings };
  for (const e of errors) {
    const range = rangeAt(parsed, e.offset, Math.max(e.length, e.offset < text.length ? 1 : 0));
    parseFindings.push({
      rule: 'CFG-PARSE',
      severity: 'error',
      message: t('Broken JSON at line {0}, column {1}: {2}.', range.start.line + 1, range.start.column + 1, parseErrorMessage(e.error)),
      path: '',
      range,
    });
  }
  return parsed;
}

/** RFC 6901 pointer → path segments (array indices as numbers). */
export function pointerToPath(pointer: string): jsonc.JSONPath {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

export function pathToPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The node at a pointer, or the deepest existing ancestor (and whether it was found exactly). */
function nodeAt(root: jsonc.Node, pointer: string): { node: jsonc.Node; exact: boolean } {
  const segments = pointerToPath(pointer);
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const child = jsonc.findNodeAtLocation(node, [segments[i]]);
    if (!child) return { node, exact: false };
    node = child;
  }
  return { node, exact: true };
}

/**
 * Range of the value at a JSON pointer; when the pointer names a property that does not exist,
 * the range of the deepest existing ancestor's key (or value). `undefined` without a tree.
 */
export function locate(parsed: ParsedConfig, pointer: string): TextRange | undefined {
  if (!parsed.root) return undefined;
  const { node, exact } = nodeAt(parsed.root, pointer);
  if (!exact) return focusRange(parsed, node);
  return rangeAt(parsed, node.offset, node.length);
}

/**
 * A short range for showing a finding: scalars as themselves, objects and arrays by their
 * property key (or, for array elements, their `name` value or opening brace) so that a squiggle
 * does not cover a whole gateway.
 */
export function focusRange(parsed: ParsedConfig, node: jsonc.Node): TextRange {
  if (node.type !== 'object' && node.type !== 'array') return rangeAt(parsed, node.offset, node.length);
  const parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[0]) {
    const key = parent.children[0];
    return rangeAt(parsed, key.offset, key.length);
  }
  if (node.type === 'object') {
    const name = jsonc.findNodeAtLocation(node, ['name']) ?? jsonc.findNodeAtLocation(node, ['server']);
    if (name && name.type === 'string') return rangeAt(parsed, name.offset, name.length);
  }
  return rangeAt(parsed, node.offset, 1);
}

/** Range used for a finding at a pointer (focused for objects and arrays). */
export function findingRange(parsed: ParsedConfig, pointer: string): TextRange | undefined {
  if (!parsed.root) return parsed.text.length > 0 ? rangeAt(parsed, 0, 0) : undefined;
  const { node } = nodeAt(parsed.root, pointer);
  return focusRange(parsed, node);
}

/** Range of the property (key and value) at a pointer, for "remove this property". */
export function propertyRange(parsed: ParsedConfig, pointer: string): TextRange | undefined {
  if (!parsed.root) return undefined;
  const { node, exact } = nodeAt(parsed.root, pointer);
  if (!exact) return undefined;
  const target = node.parent?.type === 'property' ? node.parent : node;
  return rangeAt(parsed, target.offset, target.length);
}

/** Range of a property's key (for unknown properties). */
export function keyRange(parsed: ParsedConfig, pointer: string): TextRange | undefined {
  if (!parsed.root) return undefined;
  const { node, exact } = nodeAt(parsed.root, pointer);
  if (!exact) return undefined;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key ? rangeAt(parsed, key.offset, key.length) : rangeAt(parsed, node.offset, node.length);
}

/** Fills `range` from `path` for findings produced elsewhere (certificate checks). */
export function withRanges(parsed: ParsedConfig, findings: readonly Finding[]): Finding[] {
  return findings.map((f) => {
    if (f.range || f.path === undefined) return f;
    const range = findingRange(parsed, f.path);
    return range ? { ...f, range } : f;
  });
}

/** Formatting options for edits, guessed from the text (tabs vs spaces, indent size, EOL). */
export function formattingOf(text: string): jsonc.FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  const insertSpaces = !indent.startsWith('\t');
  return { insertSpaces, tabSize: insertSpaces ? Math.min(indent.length, 8) || 2 : 4, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}
