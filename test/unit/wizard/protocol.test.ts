import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAnswers, versionGates } from '../../../src/wizard/logic';
import { FIELD_IDS, LIMITS, validateAnswers, validateViewState, validateWebviewMessage } from '../../../src/wizard/protocol';

const answers = () => ({ ...defaultAnswers(versionGates('2403')), name: 'Oakwood', trustedCertificates: ['a.cer'] });

describe('wizard protocol: validateWebviewMessage', () => {
  it('accepts every well-formed message and returns a copy', () => {
    const a = answers();
    const msgs = [
      { type: 'ready' },
      { type: 'cancel' },
      { type: 'reload' },
      { type: 'showPlan' },
      { type: 'page', page: 'alerts' },
      { type: 'validate', id: 1, page: 'settings', answers: a },
      { type: 'finish', id: 2, answers: a },
      { type: 'readCertificate', id: 3, path: 'certs/x.pfx', remember: false },
      { type: 'readCertificate', id: 4, path: 'certs/x.pfx', password: 'p@ss', remember: true },
      { type: 'pickFile', id: 5, purpose: 'trusted' },
    ];
    for (const m of msgs) {
      const v = validateWebviewMessage(m);
      assert.deepEqual(v, m, JSON.stringify(m));
    }
    const v = validateWebviewMessage({ type: 'finish', id: 2, answers: a });
    assert.ok(v && v.type === 'finish');
    assert.notEqual(v.answers, a, 'a copy, not the object the webview sent');
    assert.notEqual(v.answers.trustedCertificates, a.trustedCertificates);
  });

  it('drops unknown types and non-objects', () => {
    for (const m of [undefined, null, 42, 'ready', [], ['ready'], { type: 'eval' }, { type: 'READY' }, { type: 1 }, {}, new Date()]) {
      assert.equal(validateWebviewMessage(m), undefined, String(m));
    }
  });

  it('drops wrong types, extra keys, bad enums and bad ids', () => {
    const a = answers();
    const bad = [
      { type: 'ready', extra: 1 },
      { type: 'page', page: 'advanced' },
      { type: 'validate', id: '1', page: 'general', answers: a },
      { type: 'validate', id: -1, page: 'general', answers: a },
      { type: 'validate', id: 1.5, page: 'general', answers: a },
      { type: 'validate', id: NaN, page: 'general', answers: a },
      { type: 'validate', id: Infinity, page: 'general', answers: a },
      { type: 'validate', id: LIMITS.maxId + 1, page: 'general', answers: a },
      { type: 'validate', id: 1, page: 'general' },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, vmInstances: 4 } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, vmInstances: NaN } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, environment: 'AzureChinaCloud' } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, deploymentMethod: 'asm' } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, vmSize: 'Standard_D64' } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, dtEnabled: 'true' } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, trustedCertificates: 'a.cer' } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, trustedCertificates: [1] } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, trustedCertificates: Array(LIMITS.maxTrustedCertificates + 1).fill('a') } },
      { type: 'validate', id: 1, page: 'general', answers: { ...a, password: 'secret' } },
      { type: 'finish', id: 1, answers: { ...a, name: undefined } },
      { type: 'readCertificate', id: 1, path: '', remember: false },
      { type: 'readCertificate', id: 1, path: 'a.pfx' },
      { type: 'readCertificate', id: 1, path: 'a.pfx', remember: 'yes' },
      { type: 'readCertificate', id: 1, path: 'a.pfx', password: 1234, remember: false },
      { type: 'readCertificate', id: 1, path: 'a.pfx\u0000.txt', remember: false },
      { type: 'pickFile', id: 1, purpose: 'client' },
    ];
    for (const m of bad) assert.equal(validateWebviewMessage(m), undefined, JSON.stringify(m));
    const missing = { ...a } as Record<string, unknown>;
    delete missing.region;
    assert.equal(validateAnswers(missing), undefined);
  });

  it('drops huge strings', () => {
    const huge = 'x'.repeat(LIMITS.maxString + 1);
    assert.equal(validateWebviewMessage({ type: 'finish', id: 1, answers: { ...answers(), description: huge } }), undefined);
    assert.equal(validateWebviewMessage({ type: 'readCertificate', id: 1, path: huge, remember: false }), undefined);
    assert.equal(validateWebviewMessage({ type: 'readCertificate', id: 1, path: 'a.pfx', password: 'p'.repeat(LIMITS.maxPassword + 1), remember: false }), undefined);
    assert.ok(validateWebviewMessage({ type: 'finish', id: 1, answers: { ...answers(), description: 'x'.repeat(LIMITS.maxString) } }));
  });

  it('drops prototype-pollution keys at any level', () => {
    const polluted = [
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
      JSON.parse(`{"type":"finish","id":1,"answers":${JSON.stringify(answers()).replace(/^\{/, '{"__proto__":{"polluted":true},')}}`),
      { type: 'finish', id: 1, answers: { ...answers(), constructor: { prototype: {} } } },
      { type: 'ready', prototype: {} },
      Object.assign(Object.create({ inherited: true }), { type: 'ready' }),
    ];
    for (const m of polluted) assert.equal(validateWebviewMessage(m), undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('never throws and never accepts garbage (property-based)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (x) => {
        const v = validateWebviewMessage(x);
        return v === undefined || typeof v.type === 'string';
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.record({ type: fc.constantFrom('validate', 'finish'), id: fc.oneof(fc.integer(), fc.double()), page: fc.string(), answers: fc.dictionary(fc.constantFrom(...FIELD_IDS), fc.anything()) }), (x) => {
        const v = validateWebviewMessage(x);
        if (!v || (v.type !== 'validate' && v.type !== 'finish')) return true;
        return Number.isInteger(v.id) && Object.keys(v.answers).length === FIELD_IDS.length;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('wizard protocol: validateViewState (serializer input)', () => {
  const good = { v: 1, mode: 'modify', fileUri: 'file:///work/contoso.cmg.json', gatewayName: 'granitefalls', page: 'settings', answers: answers() };
  it('accepts the state the webview saves', () => {
    assert.deepEqual(validateViewState(good), good);
    const create = { v: 1, mode: 'create', fileUri: 'vscode-remote://x/a.cmg.json', page: 'general', answers: answers() };
    assert.deepEqual(validateViewState(create), create);
  });
  it('rejects tampered or foreign state, and never keeps a password', () => {
    for (const bad of [
      undefined,
      'state',
      { ...good, v: 2 },
      { ...good, mode: 'delete' },
      { ...good, fileUri: 'no-scheme' },
      { ...good, fileUri: 42 },
      { ...good, page: 'secret' },
      { ...good, gatewayName: undefined },
      { ...good, answers: { ...answers(), vmInstances: 3 } },
      { ...good, password: 'p@ss' },
      JSON.parse(`{"__proto__":{"x":1},"v":1}`),
    ]) {
      assert.equal(validateViewState(bad), undefined, JSON.stringify(bad));
    }
  });
});
