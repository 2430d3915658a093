/**
 * Minimal text edits for quick fixes: they touch only the value or property concerned, so the
 * user's comments, order and layout stay as written.
 */
import * as jsonc from 'jsonc-parser';
import type { TextEdit } from '../findings';
import { formattingOf, pointerToPath, type ParsedConfig } from './parse';

function nodeAt(parsed: ParsedConfig, pointer: string): jsonc.Node | undefined {
  return parsed.root ? jsonc.findNodeAtLocation(parsed.root, pointerToPath(pointer)) : undefined;
}

/** Replaces a scalar value in place (strings, numbers, booleans). */
export function replaceValue(parsed: ParsedConfig, pointer: string, value: string | number | boolean): TextEdit[] {
  const node = nodeAt(parsed, pointer);
  if (!node) return [];
  return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
}

/** First non-trivia token at or after `offset`: its kind and offset. */
function nextToken(text: string, offset: number): { kind: jsonc.SyntaxKind; offset: number } {
  const scanner = jsonc.createScanner(text.slice(offset), true);
  let kind = scanner.scan();
  while (kind === jsonc.SyntaxKind.LineCommentTrivia || kind === jsonc.SyntaxKind.BlockCommentTrivia || kind === jsonc.SyntaxKind.LineBreakTrivia || kind === jsonc.SyntaxKind.Trivia) {
    kind = scanner.scan();
  }
  return { kind, offset: offset + scanner.getTokenOffset() };
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Removes a property (or array element) with its comma; a property alone on its lines takes its lines with it. */
export function removeAt(parsed: ParsedConfig, pointer: string): TextEdit[] {
  const node = nodeAt(parsed, pointer);
  if (!node) return [];
  const target = node.parent?.type === 'property' ? node.parent : node;
  const text = parsed.text;
  let start = target.offset;
  let end = target.offset + target.length;
  const after = nextToken(text, end);
  const edits: TextEdit[] = [];
  if (after.kind === jsonc.SyntaxKind.CommaToken) {
    end = after.offset + 1;
  } else {
    // Last one: remove the comma that precedes it instead (if any).
    const container = target.parent;
    const siblings = container?.children ?? [];
    const index = siblings.indexOf(target);
    if (index > 0) {
      const prev = siblings[index - 1];
      const comma = nextToken(text, prev.offset + prev.length);
      if (comma.kind === jsonc.SyntaxKind.CommaToken) edits.push({ offset: comma.offset, length: 1, content: '' });
    }
  }
  // Alone on its line(s): take the indentation before and the rest of the line after.
  const ls = lineStart(text, start);
  const rest = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(ls, start)) && rest) {
    start = ls;
    end += rest[0].length;
  }
  edits.push({ offset: start, length: end - start, content: '' });
  return edits.sort((a, b) => a.offset - b.offset);
}

/** Inserts a property at a pointer (parent must exist), formatted like the file. */
export function insertProperty(parsed: ParsedConfig, pointer: string, value: unknown): TextEdit[] {
  return jsonc.modify(parsed.text, pointerToPath(pointer), value, { formattingOptions: { ...formattingOf(parsed.text), keepLines: true } });
}

/** Applies edits (non-overlapping, any order) to a text: for the CLI and tests. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return jsonc.applyEdits(text, edits.map((e) => ({ offset: e.offset, length: e.length, content: e.content })));
}
