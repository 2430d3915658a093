import * as assert from 'node:assert/strict';
import { checkConfig, locate, parseConfigText, withRanges } from '../../../src/core/config/check';
import { config } from './helpers';

describe('configuration parsing (JSONC) and positions', () => {
  it('accepts comments and trailing commas', () => {
    const text = `// top comment
{
  /* block */ "version": 1, // after
  "site": ${JSON.stringify(config().site)},
  "gateways": ${JSON.stringify(config().gateways)},
  "connectionPoints": ${JSON.stringify(config().connectionPoints)},
  "siteRoles": ${JSON.stringify(config().siteRoles)},
}
`;
    const parsed = parseConfigText(text);
    assert.deepEqual(parsed.parseFindings, []);
    assert.equal(parsed.config?.site?.code, 'P01');
    const findings = checkConfig({ text, filePath: '/x/a.cmg.json' }).findings;
    assert.deepEqual(findings.filter((f) => f.rule === 'CFG-PARSE' || f.rule === 'CFG-SCHEMA'), []);
  });

  it('reports broken JSON as CFG-PARSE with the right line and column, and nothing else', () => {
    const text = '{\n  "version": 1,\n  "site": {\n    "code": "P01"\n    "version": "2403"\n  }\n}\n';
    const findings = checkConfig({ text, filePath: '/x/a.cmg.json' }).findings;
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.rule, 'CFG-PARSE');
    assert.equal(f.severity, 'error');
    // Zero-based line 4 = the 5th line, where the comma is missing before "version".
    assert.deepEqual(f.range?.start, { line: 4, column: 4 });
    assert.match(f.message, /line 5, column 5/);
    assert.match(f.message, /comma/);
  });

  it('reports an unclosed object at the end of the file', () => {
    const text = '{\n  "version": 1,\n';
    const [f] = checkConfig({ text, filePath: '/x/a.cmg.json' }).findings;
    assert.equal(f.rule, 'CFG-PARSE');
    assert.equal(f.range?.start.line, 2);
  });

  it('reports an empty file', () => {
    const findings = checkConfig({ text: '', filePath: '/x/a.cmg.json' }).findings;
    assert.equal(findings[0]?.rule, 'CFG-PARSE');
  });

  it('reports a top-level array through the schema', () => {
    const findings = checkConfig({ text: '[]', filePath: '/x/a.cmg.json' }).findings;
    assert.equal(findings[0]?.rule, 'CFG-SCHEMA');
    assert.match(findings[0].message, /must be an object/);
  });

  it('ignores a byte order mark', () => {
    const parsed = parseConfigText('\ufeff' + JSON.stringify(config()));
    assert.deepEqual(parsed.parseFindings, []);
  });

  it('locates values by JSON pointer, with CRLF line ends', () => {
    const text = JSON.stringify(config(), null, 2).replace(/\n/g, '\r\n');
    const parsed = parseConfigText(text);
    const r = locate(parsed, '/gateways/0/vmInstances');
    assert.ok(r);
    assert.equal(text.slice(r.offset, r.offset + r.length), '2');
    const lines = text.split('\r\n');
    assert.equal(lines[r.start.line].slice(r.start.column, r.start.column + 1), '2');
    assert.match(lines[r.start.line], /"vmInstances": 2/);
    // Escaped pointer segments and missing properties fall back to the nearest ancestor.
    assert.ok(locate(parsed, '/gateways/0/nothing/here'));
    assert.equal(locate(parseConfigText(''), '/x'), undefined);
  });

  it('fills ranges for findings produced elsewhere (certificate checks)', () => {
    const text = JSON.stringify(config(), null, 2);
    const parsed = parseConfigText(text);
    const out = withRanges(parsed, [
      { rule: 'CERT-EXPIRED', severity: 'error', message: 'x', path: '/gateways/0/serverCertificate' },
      { rule: 'CERT-OTHER', severity: 'info', message: 'y' },
    ]);
    const r = out[0].range!;
    assert.equal(text.slice(r.offset, r.offset + r.length), '"certs/granitefalls.pfx"');
    assert.equal(out[1].range, undefined);
  });

  it('focuses findings on objects onto their key, not the whole object', () => {
    const text = JSON.stringify(config({ connectionPoints: [] }), null, 2);
    const f = checkConfig({ text, filePath: '/x/a.cmg.json' }).findings.find((x) => x.rule === 'CFG-NO-CP')!;
    assert.equal(text.slice(f.range!.offset, f.range!.offset + f.range!.length), '"granitefalls"');
    const schema = checkConfig({ text: text.replace('"alerts": {', '"alerts": { "x": 1,'), filePath: '/x/a.cmg.json' }).findings.find((x) => x.rule === 'CFG-SCHEMA')!;
    assert.equal(text.replace('"alerts": {', '"alerts": { "x": 1,').slice(schema.range!.offset, schema.range!.offset + schema.range!.length), '"x"');
  });
});
