import * as assert from 'node:assert/strict';
import {
  loadAzureOptions,
  regionOptions,
  resourceGroupOptions,
  shortError,
  subscriptionOptions,
  type AzureLister,
  type AzureLocation,
  type AzureResourceGroup,
  type AzureSubscription,
} from '../../../src/wizard/azure';
import { validateAzureMessage, validateWebviewMessage, type WizardEnvironment } from '../../../src/wizard/protocol';

const SUB_A = '11111111-1111-1111-1111-111111111111';
const SUB_B = '22222222-2222-2222-2222-222222222222';
const SUB_OFF = '33333333-3333-3333-3333-333333333333';

interface FakeOptions {
  account?: string;
  subs?: AzureSubscription[];
  locations?: AzureLocation[];
  groups?: AzureResourceGroup[];
  fail?: 'account' | 'signIn' | 'subscriptions' | 'locations' | 'groups';
}

function fake(o: FakeOptions = {}): AzureLister & { calls: string[] } {
  const calls: string[] = [];
  const boom = (what: string) => {
    const e = new Error(`${what} failed: 403 AuthorizationFailed\n    at Object.<anonymous> (/secret/path.js:1:1)`);
    return Promise.reject(e);
  };
  return {
    calls,
    account: (env: WizardEnvironment) => (calls.push(`account:${env}`), o.fail === 'account' ? boom('account') : Promise.resolve(o.account ? { label: o.account } : undefined)),
    signIn: (env: WizardEnvironment) => (calls.push(`signIn:${env}`), o.fail === 'signIn' ? boom('signIn') : Promise.resolve({ label: o.account ?? 'new@contoso.com' })),
    listSubscriptions: () => (calls.push('subs'), o.fail === 'subscriptions' ? boom('subscriptions') : Promise.resolve(o.subs ?? [])),
    listLocations: (_e, sub) => (calls.push(`locations:${sub}`), o.fail === 'locations' ? boom('locations') : Promise.resolve(o.locations ?? [])),
    listResourceGroups: (_e, sub) => (calls.push(`groups:${sub}`), o.fail === 'groups' ? boom('groups') : Promise.resolve(o.groups ?? [])),
  };
}

const SUBS: AzureSubscription[] = [
  { subscriptionId: SUB_B, displayName: 'Contoso Prod', state: 'Enabled' },
  { subscriptionId: SUB_A, displayName: 'Contoso Lab', state: 'Enabled' },
  { subscriptionId: SUB_OFF, displayName: 'Old', state: 'Disabled' },
  { subscriptionId: '44444444-4444-4444-4444-444444444444', displayName: 'Gone', state: 'Deleted' },
];
const LOCATIONS: AzureLocation[] = [
  { name: 'westeurope', displayName: 'West Europe', regionType: 'Physical' },
  { name: 'northeurope', displayName: 'North Europe', regionType: 'Physical' },
  { name: 'europe', displayName: 'Europe', regionType: 'Logical' },
];
const GROUPS: AzureResourceGroup[] = [{ name: 'rg-cmg', location: 'westeurope' }, { name: 'rg-other' }];
const current = { subscriptionId: '', region: '', resourceGroupName: '' };

describe('wizard Azure options', () => {
  it('drops disabled and deleted subscriptions, sorts by name', () => {
    const o = subscriptionOptions(SUBS, '');
    assert.deepEqual(
      o.map((x) => x.value),
      [SUB_A, SUB_B],
    );
    assert.equal(o[0]!.label, `Contoso Lab (${SUB_A})`);
  });

  it('keeps the current value even when Azure does not list it', () => {
    assert.equal(subscriptionOptions(SUBS, SUB_OFF)[0]!.value, SUB_OFF);
    assert.ok(regionOptions(LOCATIONS, 'eastus2').some((x) => x.value === 'eastus2'));
    assert.ok(resourceGroupOptions(GROUPS, 'rg-gone').some((x) => x.value === 'rg-gone'));
  });

  it('takes the current spelling for a case- or space-insensitive match (no duplicate)', () => {
    const regions = regionOptions(LOCATIONS, 'West Europe');
    assert.equal(regions.filter((x) => x.label.startsWith('West Europe')).length, 1);
    assert.ok(regions.some((x) => x.value === 'West Europe'));
    assert.ok(!regions.some((x) => x.value === 'westeurope'));
    const groups = resourceGroupOptions(GROUPS, 'RG-CMG');
    assert.deepEqual(
      groups.map((x) => x.value),
      ['RG-CMG', 'rg-other'],
    );
    assert.equal(subscriptionOptions(SUBS, SUB_A.toUpperCase()).length, 2);
  });

  it('leaves out logical regions and empty names', () => {
    const regions = regionOptions([...LOCATIONS, { name: '' }], '');
    assert.deepEqual(regions.map((x) => x.value).sort(), ['northeurope', 'westeurope']);
    assert.deepEqual(resourceGroupOptions([{ name: ' ' }, { name: 'a\u0000b' }], ''), []);
  });

  it('shortError keeps one line, no stack trace', () => {
    const m = shortError(new Error('Forbidden\n    at x (/a/b.js:1:1)'));
    assert.equal(m, 'Forbidden');
    assert.ok(shortError(new Error('x'.repeat(1000))).length <= 200);
    assert.ok(shortError(undefined).length > 0);
  });
});

describe('wizard Azure loading (fake lister)', () => {
  it('not signed in: text fields, no listing, no prompt', async () => {
    const l = fake();
    const m = await loadAzureOptions(l, { environment: 'AzurePublicCloud', current, interactive: false });
    assert.deepEqual(m, { type: 'azure', environment: 'AzurePublicCloud', state: 'signedOut' });
    assert.deepEqual(l.calls, ['account:AzurePublicCloud']);
  });

  it('a failing silent check counts as not signed in', async () => {
    const m = await loadAzureOptions(fake({ fail: 'account' }), { environment: 'AzureUSGovernmentCloud', current, interactive: false });
    assert.equal(m.state, 'signedOut');
  });

  it('signed in: subscriptions, and regions and groups of the chosen enabled subscription', async () => {
    const l = fake({ account: 'admin@contoso.com', subs: SUBS, locations: LOCATIONS, groups: GROUPS });
    const m = await loadAzureOptions(l, { environment: 'AzurePublicCloud', current: { subscriptionId: SUB_A, region: 'westeurope', resourceGroupName: 'rg-cmg' }, interactive: false });
    assert.equal(m.state, 'signedIn');
    assert.equal(m.account, 'admin@contoso.com');
    assert.equal(m.subscriptionId, SUB_A);
    assert.deepEqual(m.subscriptions?.map((x) => x.value), [SUB_A, SUB_B]);
    assert.deepEqual(m.regions?.map((x) => x.value).sort(), ['northeurope', 'westeurope']);
    assert.deepEqual(m.resourceGroups?.map((x) => x.value), ['rg-cmg', 'rg-other']);
    assert.ok(l.calls.includes(`locations:${SUB_A}`) && l.calls.includes(`groups:${SUB_A}`));
    assert.ok(validateAzureMessage(m), 'the host sends a message that passes the check');
  });

  it('a disabled or unknown subscription: no regions or groups listed (they stay text)', async () => {
    for (const sub of [SUB_OFF, '', 'not-a-guid']) {
      const l = fake({ account: 'a', subs: SUBS, locations: LOCATIONS, groups: GROUPS });
      const m = await loadAzureOptions(l, { environment: 'AzurePublicCloud', current: { ...current, subscriptionId: sub }, interactive: false });
      assert.equal(m.state, 'signedIn');
      assert.deepEqual(m.regions, []);
      assert.deepEqual(m.resourceGroups, []);
      assert.equal(m.subscriptionId, '');
      assert.ok(!l.calls.some((c) => c.startsWith('locations') || c.startsWith('groups')));
    }
  });

  it('any Azure error: text mode with a short reason', async () => {
    for (const fail of ['subscriptions', 'locations', 'groups'] as const) {
      const m = await loadAzureOptions(fake({ account: 'a', subs: SUBS, fail }), { environment: 'AzurePublicCloud', current: { ...current, subscriptionId: SUB_A }, interactive: false });
      assert.equal(m.state, 'error', fail);
      assert.equal(m.subscriptions, undefined);
      assert.match(m.message ?? '', /failed: 403/);
      assert.ok(!/\n|at Object/.test(m.message ?? ''), 'no stack trace');
    }
    const m = await loadAzureOptions(fake({ fail: 'signIn' }), { environment: 'AzurePublicCloud', current, interactive: true });
    assert.equal(m.state, 'error');
  });

  it('signs in only when asked (interactive)', async () => {
    const l = fake({ subs: SUBS });
    const m = await loadAzureOptions(l, { environment: 'AzureUSGovernmentCloud', current, interactive: true });
    assert.equal(m.state, 'signedIn');
    assert.equal(m.environment, 'AzureUSGovernmentCloud');
    assert.deepEqual(l.calls.slice(0, 1), ['signIn:AzureUSGovernmentCloud']);
    assert.ok(!l.calls.some((c) => c.startsWith('account')));
  });
});

describe('wizard protocol: Azure messages', () => {
  it('accepts signIn, rejects hostile variants', () => {
    assert.deepEqual(validateWebviewMessage({ type: 'signIn' }), { type: 'signIn' });
    for (const m of [
      { type: 'signIn', interactive: true },
      { type: 'signIn', id: 1 },
      { type: 'signin' },
      { type: 'signIn', __proto__: { x: 1 } },
      JSON.parse('{"type":"signIn","__proto__":{"polluted":true}}'),
      { type: 'signIn', constructor: 'x' },
      Object.assign(Object.create({ evil: true }), { type: 'signIn' }),
    ]) {
      assert.equal(validateWebviewMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('the azure message is checked field by field', () => {
    const good = {
      type: 'azure',
      environment: 'AzurePublicCloud',
      state: 'signedIn',
      account: 'a@b.c',
      subscriptionId: SUB_A,
      subscriptions: [{ value: SUB_A, label: 'Lab' }],
      regions: [],
      resourceGroups: [{ value: 'rg', label: 'rg' }],
    };
    const copy = validateAzureMessage(good);
    assert.deepEqual(copy, good);
    assert.notEqual(copy?.subscriptions, good.subscriptions);
    const bad: unknown[] = [
      { ...good, type: 'init' },
      { ...good, environment: 'AzureChinaCloud' },
      { ...good, state: 'owned' },
      { ...good, extra: 1 },
      { ...good, account: 42 },
      { ...good, message: 'x'.repeat(5000) },
      { ...good, subscriptions: 'all' },
      { ...good, subscriptions: [{ value: SUB_A }] },
      { ...good, subscriptions: [{ value: SUB_A, label: 'L', onclick: 'x' }] },
      { ...good, regions: [{ value: '', label: 'empty' }] },
      { ...good, regions: [{ value: 'a\u0000', label: 'nul' }] },
      { ...good, resourceGroups: new Array(6000).fill({ value: 'rg', label: 'rg' }) },
      JSON.parse('{"type":"azure","environment":"AzurePublicCloud","state":"signedOut","__proto__":{}}'),
      null,
      [],
      'azure',
    ];
    for (const m of bad) assert.equal(validateAzureMessage(m), undefined, JSON.stringify(m)?.slice(0, 120));
  });
});
