import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as jsonc from 'jsonc-parser';
import { applyTextEdits, insertProperty, removeAt, replaceValue } from '../../../src/core/config/edits';
import { parseConfigText } from '../../../src/core/config/check';

/** Renders an object with one of several layouts, comments included, the way people write JSONC. */
function render(obj: Record<string, unknown>, layout: 'pretty' | 'compact' | 'commented' | 'crlf' | 'trailing'): string {
  switch (layout) {
    case 'pretty':
      return JSON.stringify(obj, null, 2);
    case 'compact':
      return JSON.stringify(obj);
    case 'crlf':
      return JSON.stringify(obj, null, '\t').replace(/\n/g, '\r\n');
    case 'trailing':
      return JSON.stringify(obj, null, 2).replace(/(\S)\n(\s*)\}/g, '$1,\n$2}');
    case 'commented': {
      const lines = JSON.stringify(obj, null, 4).split('\n');
      return ['// head', ...lines.map((l, i) => (i > 0 && i < lines.length - 1 && i % 2 === 0 ? `${l} // note ${i}` : l))].join('\n');
    }
  }
}

const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/);
const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 6 }).filter((s) => !s.includes('//') && !s.includes('/*')));
const layout = fc.constantFrom('pretty', 'compact', 'commented', 'crlf', 'trailing') as fc.Arbitrary<'pretty' | 'compact' | 'commented' | 'crlf' | 'trailing'>;

describe('quick fix edits (property-based)', () => {
  it('removing any property leaves valid JSONC with exactly the other properties, comments kept', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 3 })), { minKeys: 1, maxKeys: 6 }), fc.nat(), layout, (obj, pick, lay) => {
        const keys = Object.keys(obj);
        const victim = keys[pick % keys.length];
        const text = render({ outer: obj }, lay);
        const parsed = parseConfigText(text);
        const after = applyTextEdits(text, removeAt(parsed, `/outer/${victim}`));
        const errors: jsonc.ParseError[] = [];
        const value = jsonc.parse(after, errors, { allowTrailingComma: true }) as { outer: Record<string, unknown> };
        assert.deepEqual(errors, [], after);
        const expected = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
        delete expected[victim];
        assert.deepEqual(value.outer, expected);
        // Comments on the removed property's lines may go with it; every other one stays.
        const prop = jsonc.findNodeAtLocation(parsed.root!, ['outer', victim])!.parent!;
        const lineStart = text.lastIndexOf('\n', prop.offset) + 1;
        const lineEnd = text.indexOf('\n', prop.offset + prop.length);
        const removedSpan = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
        for (const c of text.match(/\/\/ (head|note \d+)/g) ?? []) {
          if (!removedSpan.includes(c)) assert.ok(after.includes(c), `${c} kept in\n${after}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removing an array element keeps the others', () => {
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 6 }), fc.nat(), layout, (arr, pick, lay) => {
        const i = pick % arr.length;
        const text = render({ list: arr }, lay);
        const after = applyTextEdits(text, removeAt(parseConfigText(text), `/list/${i}`));
        const errors: jsonc.ParseError[] = [];
        const value = jsonc.parse(after, errors, { allowTrailingComma: true }) as { list: unknown[] };
        assert.deepEqual(errors, [], after);
        assert.deepEqual(value.list, arr.filter((_, j) => j !== i));
      }),
      { numRuns: 200 },
    );
  });

  it('replacing a value changes only that value', () => {
    fc.assert(
      fc.property(fc.dictionary(key, scalar, { minKeys: 1, maxKeys: 6 }), fc.nat(), scalar, layout, (obj, pick, next, lay) => {
        const keys = Object.keys(obj);
        const k = keys[pick % keys.length];
        const text = render(obj, lay);
        const edits = replaceValue(parseConfigText(text), `/${k}`, next as string | number | boolean);
        assert.equal(edits.length, 1);
        const after = applyTextEdits(text, edits);
        assert.deepEqual(jsonc.parse(after, [], { allowTrailingComma: true }), { ...(JSON.parse(JSON.stringify(obj)) as object), [k]: next });
        // Outside the replaced value, the text is untouched.
        assert.equal(after.slice(0, edits[0].offset), text.slice(0, edits[0].offset));
        assert.equal(after.slice(edits[0].offset + edits[0].content.length), text.slice(edits[0].offset + edits[0].length));
      }),
      { numRuns: 200 },
    );
  });

  it('inserting a property keeps the others and the comments', () => {
    fc.assert(
      fc.property(fc.dictionary(key, scalar, { minKeys: 0, maxKeys: 5 }), layout, (obj, lay) => {
        const text = render({ outer: obj }, lay);
        const after = applyTextEdits(text, insertProperty(parseConfigText(text), '/outer/zzzInserted', { enabled: true }));
        const errors: jsonc.ParseError[] = [];
        const value = jsonc.parse(after, errors, { allowTrailingComma: true }) as { outer: Record<string, unknown> };
        assert.deepEqual(errors, [], after);
        assert.deepEqual(value.outer, { ...(JSON.parse(JSON.stringify(obj)) as object), zzzInserted: { enabled: true } });
        for (const c of text.match(/\/\/ (head|note \d+)/g) ?? []) assert.ok(after.includes(c), c);
      }),
      { numRuns: 200 },
    );
  });
});
