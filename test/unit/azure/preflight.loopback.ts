/**
 * The pre-flight checks through the real Azure SDK clients and a real `ClientSecretCredential`,
 * against the local HTTPS server (loopback.ts). Runs in a child process started by
 * preflight.test.ts with NODE_EXTRA_CA_CERTS set: this module registers its suite only there.
 */
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { tokenCredential } from '../../../src/core/azure/credential';
import { AZURE_ENDPOINTS, runPreflight, type PreflightOptions, type PreflightResult } from '../../../src/core/azure/preflight';
import type { Gateway } from '../../../src/core/model';
import { config, gateway, legacy } from '../plan/fixtures';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { preflightCommand } from '../../../src/cli/preflight';
import { LoopbackAzure, TENANT, TOKEN, type RecordedRequest, type Reply, type Route } from './loopback';

const tlsDir = process.env.CMG_LOOPBACK_TLS_DIR;
const SUB = '00000000-1111-2222-3333-444444444444';

/** The answers of a healthy subscription where everything is free (api-versions asserted separately). */
function healthy(over: Partial<Record<string, (r: RecordedRequest) => Reply>> = {}): Route {
  const table: Array<[string, RegExp, (r: RecordedRequest) => Reply]> = [
    ['subscription', new RegExp(`^/subscriptions/${SUB}$`), () => ({ status: 200, body: { id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Contoso IT', state: 'Enabled' } })],
    ['locations', new RegExp(`^/subscriptions/${SUB}/locations$`), () => ({ status: 200, body: { value: [{ name: 'westeurope', displayName: 'West Europe' }, { name: 'northeurope', displayName: 'North Europe' }] } })],
    ['permissionsRg', new RegExp(`^/subscriptions/${SUB}/resourcegroups/[^/]+/providers/Microsoft.Authorization/permissions$`, 'i'), () => ({ status: 200, body: { value: [{ actions: ['*'], notActions: [] }] } })],
    ['permissionsSub', new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions$`, 'i'), () => ({ status: 200, body: { value: [{ actions: ['*'], notActions: [] }] } })],
    ['skus', new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Compute/skus$`), () => ({ status: 200, body: { value: [{ resourceType: 'virtualMachines', name: 'Standard_A2_v2', locations: ['westeurope'], restrictions: [] }, { resourceType: 'disks', name: 'Premium_LRS', locations: ['westeurope'] }] } })],
    ['resourceGroup', new RegExp(`^/subscriptions/${SUB}/resourcegroups/([^/]+)$`, 'i'), (r) => ({ status: 200, body: { id: r.path, name: r.path.split('/').pop(), location: 'westeurope', properties: { provisioningState: 'Succeeded' } } })],
    ['dns', new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/CheckDnsNameAvailability$`, 'i'), () => ({ status: 200, body: { available: true } })],
    ['keyVault', new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.KeyVault/checkNameAvailability$`, 'i'), () => ({ status: 200, body: { nameAvailable: true } })],
    ['storage', new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.Storage/checkNameAvailability$`, 'i'), () => ({ status: 200, body: { nameAvailable: true } })],
    ['provider', new RegExp(`^/subscriptions/${SUB}/providers/(Microsoft\\.[A-Za-z]+)$`), (r) => ({ status: 200, body: { id: r.path, namespace: r.path.split('/').pop(), registrationState: 'Registered' } })],
  ];
  return (req) => {
    for (const [name, re, fn] of table) if (re.test(req.path)) return (over[name] ?? fn)(req);
    return undefined;
  };
}

const byId = (results: PreflightResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));

if (tlsDir) {
  describe('Azure pre-flight through the SDK clients (local HTTPS Azure)', function () {
    this.timeout(60_000);
    const azure = new LoopbackAzure();
    let credential: ClientSecretCredential;

    before(async () => {
      await azure.start(tlsDir);
      credential = new ClientSecretCredential(TENANT, 'client-id-0000', 'client-secret-not-real', { authorityHost: azure.origin, disableInstanceDiscovery: true });
    });
    after(() => azure.stop());
    beforeEach(() => {
      azure.requests.length = 0;
      azure.routes = [];
    });

    const run = (g: Gateway, over: Partial<PreflightOptions> = {}) => runPreflight({ credential, gateway: g, endpointOverride: azure.origin, maxRetries: 0, ...over });

    it('a healthy subscription: every check passes, with the real requests', async () => {
      azure.routes = [healthy()];
      const reported: string[] = [];
      const results = await run(gateway({ resourceGroup: { name: 'cmg-rg', create: false }, serviceFqdn: 'granitefalls.contoso.com' }), { onResult: (r) => reported.push(r.id) });
      assert.deepEqual([...reported].sort(), results.map((r) => r.id).sort(), 'each check is reported as it finishes');
      assert.deepEqual(
        results.map((r) => [r.id, r.status]),
        [
          ['subscription', 'pass'],
          ['permissions', 'pass'],
          ['region', 'pass'],
          ['vm-size', 'pass'],
          ['resource-group', 'pass'],
          ['dns-name', 'pass'],
          ['key-vault-name', 'pass'],
          ['storage-name', 'pass'],
          ['provider:Microsoft.KeyVault', 'pass'],
          ['provider:Microsoft.Storage', 'pass'],
          ['provider:Microsoft.Network', 'pass'],
          ['provider:Microsoft.Compute', 'pass'],
        ],
      );
      const seen = azure.requests.map((r) => `${r.method} ${r.path}?api-version=${r.query.get('api-version')}`).sort();
      assert.deepEqual(seen, [
        `GET /subscriptions/${SUB}/locations?api-version=2022-12-01`,
        `GET /subscriptions/${SUB}/providers/Microsoft.Compute/skus?api-version=2021-07-01`,
        `GET /subscriptions/${SUB}/providers/Microsoft.Compute?api-version=2025-04-01`,
        `GET /subscriptions/${SUB}/providers/Microsoft.KeyVault?api-version=2025-04-01`,
        `GET /subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/CheckDnsNameAvailability?api-version=${azure.requests.find((r) => r.path.endsWith('CheckDnsNameAvailability'))!.query.get('api-version')}`,
        `GET /subscriptions/${SUB}/providers/Microsoft.Network?api-version=2025-04-01`,
        `GET /subscriptions/${SUB}/providers/Microsoft.Storage?api-version=2025-04-01`,
        `GET /subscriptions/${SUB}/resourcegroups/cmg-rg/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
        `GET /subscriptions/${SUB}/resourcegroups/cmg-rg?api-version=2025-04-01`,
        `GET /subscriptions/${SUB}?api-version=2022-12-01`,
        `POST /subscriptions/${SUB}/providers/Microsoft.KeyVault/checkNameAvailability?api-version=2025-05-01`,
        `POST /subscriptions/${SUB}/providers/Microsoft.Storage/checkNameAvailability?api-version=2024-01-01`,
      ]);
      const dns = azure.requests.find((r) => r.path.endsWith('CheckDnsNameAvailability'))!;
      assert.equal(dns.query.get('domainNameLabel'), 'granitefalls');
      assert.match(dns.query.get('api-version')!, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(azure.requests.find((r) => r.path.endsWith('/skus'))!.query.get('$filter'), "location eq 'westeurope'");
      assert.deepEqual(JSON.parse(azure.requests.find((r) => r.path.includes('KeyVault/checkName'))!.body), { name: 'granitefalls', type: 'Microsoft.KeyVault/vaults' });
      assert.deepEqual(JSON.parse(azure.requests.find((r) => r.path.includes('Storage/checkName'))!.body), { name: 'granitefalls', type: 'Microsoft.Storage/storageAccounts' });
      for (const r of azure.requests) assert.equal(r.authorization, `Bearer ${TOKEN}`);
      // The credential asked Entra for an ARM token of the public cloud.
      assert.ok(azure.tokenBodies.some((b) => new URLSearchParams(b).get('scope')?.includes('https://management.azure.com/.default')));
    });

    it('names taken: DNS label, key vault and storage account fail with a fix', async () => {
      azure.routes = [
        healthy({
          dns: () => ({ status: 200, body: { available: false } }),
          keyVault: () => ({ status: 200, body: { nameAvailable: false, reason: 'AlreadyExists', message: 'The vault name is already in use.' } }),
          storage: () => ({ status: 200, body: { nameAvailable: false, reason: 'AlreadyExists', message: 'The storage account named granitefalls is already taken.' } }),
        }),
      ];
      const r = byId(await run(gateway()));
      for (const id of ['dns-name', 'key-vault-name', 'storage-name']) {
        assert.equal(r[id]!.status, 'fail', id);
        assert.match(r[id]!.message, /granitefalls/);
        assert.match(r[id]!.fix!, /service name/);
      }
      // The same names held by this gateway's own deployment (same-name redeploy) are expected.
      const again = byId(await run(gateway(), { nameInUseByThisGateway: true }));
      assert.equal(again['dns-name']!.status, 'pass');
      assert.equal(again['storage-name']!.status, 'pass');
    });

    it('an invalid key vault name is reported as invalid, not taken', async () => {
      azure.routes = [healthy({ keyVault: () => ({ status: 200, body: { nameAvailable: false, reason: 'AccountNameInvalid', message: 'Vault name must be between 3-24 alphanumeric characters.' } }) })];
      const r = byId(await run(gateway()));
      assert.equal(r['key-vault-name']!.status, 'fail');
      assert.match(r['key-vault-name']!.message, /not valid: Vault name must be/);
    });

    it('existing resource group in another region fails; a missing one is created or fails', async () => {
      azure.routes = [healthy({ resourceGroup: (req) => ({ status: 200, body: { id: req.path, name: 'cmg-rg', location: 'eastus' } }) })];
      let r = byId(await run(gateway({ resourceGroup: { name: 'cmg-rg', create: false } })));
      assert.equal(r['resource-group']!.status, 'fail');
      assert.match(r['resource-group']!.message, /eastus/);
      const notFound = () => ({ status: 404, body: { error: { code: 'ResourceGroupNotFound', message: "Resource group 'cmg-rg' could not be found." } } });
      azure.routes = [healthy({ resourceGroup: notFound })];
      r = byId(await run(gateway({ resourceGroup: { name: 'cmg-rg', create: true } })));
      assert.equal(r['resource-group']!.status, 'pass');
      // A group to be created: permissions are read at subscription scope.
      assert.ok(azure.requests.some((q) => q.path === `/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions` && q.query.get('api-version') === '2022-04-01'));
      assert.equal(r.permissions!.status, 'pass');
      r = byId(await run(gateway({ resourceGroup: { name: 'cmg-rg', create: false } })));
      assert.equal(r['resource-group']!.status, 'fail');
      assert.match(r['resource-group']!.fix!, /create to true/);
    });

    it('permissions: deploy without Owner warns, neither fails', async () => {
      azure.routes = [healthy({ permissionsRg: () => ({ status: 200, body: { value: [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] }] } }) })];
      let r = byId(await run(gateway({ resourceGroup: { name: 'cmg-rg', create: false } })));
      assert.equal(r.permissions!.status, 'warn');
      assert.match(r.permissions!.fix!, /Owner/);
      azure.routes = [healthy({ permissionsRg: () => ({ status: 200, body: { value: [{ actions: ['*/read'], notActions: [] }] } }) })];
      r = byId(await run(gateway({ resourceGroup: { name: 'cmg-rg', create: false } })));
      assert.equal(r.permissions!.status, 'fail');
      assert.match(r.permissions!.message, /Microsoft\.Resources\/deployments\/write/);
    });

    it('unregistered provider, VM size restricted or missing, unknown region', async () => {
      azure.routes = [
        healthy({
          provider: (req) => ({ status: 200, body: { namespace: req.path.split('/').pop(), registrationState: req.path.endsWith('Microsoft.KeyVault') ? 'NotRegistered' : 'Registered' } }),
          skus: () => ({ status: 200, body: { value: [{ resourceType: 'virtualMachines', name: 'Standard_A2_v2', locations: ['westeurope'], restrictions: [{ type: 'Location', values: ['westeurope'], reasonCode: 'NotAvailableForSubscription', restrictionInfo: { locations: ['westeurope'] } }] }] } }),
          locations: () => ({ status: 200, body: { value: [{ name: 'eastus' }] } }),
        }),
      ];
      let r = byId(await run(gateway()));
      assert.equal(r['provider:Microsoft.KeyVault']!.status, 'fail');
      assert.match(r['provider:Microsoft.KeyVault']!.fix!, /az provider register --namespace Microsoft\.KeyVault/);
      assert.equal(r['provider:Microsoft.Compute']!.status, 'pass');
      assert.equal(r['vm-size']!.status, 'fail');
      assert.match(r['vm-size']!.message, /NotAvailableForSubscription/);
      assert.equal(r.region!.status, 'fail');
      assert.match(r.region!.fix!, /eastus/);
      azure.routes = [healthy()];
      r = byId(await run(gateway({ vmSize: 'Standard_A4_v2' })));
      assert.equal(r['vm-size']!.status, 'fail');
      assert.match(r['vm-size']!.message, /not offered/);
    });

    it('a credential that cannot sign in gives one clear result and no ARM call', async () => {
      azure.routes = [healthy()];
      azure.tokenError = 'invalid_client';
      try {
        const bad = new ClientSecretCredential(TENANT, 'client-id-0000', 'wrong-secret', { authorityHost: azure.origin, disableInstanceDiscovery: true });
        const results = await runPreflight({ credential: bad, gateway: gateway(), endpointOverride: azure.origin, maxRetries: 0 });
        assert.equal(results.length, 1);
        assert.equal(results[0]!.id, 'sign-in');
        assert.equal(results[0]!.status, 'fail');
        assert.match(results[0]!.message, /AADSTS7000215/);
        assert.match(results[0]!.fix!, /az login/);
        assert.equal(azure.requests.length, 0);
      } finally {
        azure.tokenError = undefined;
      }
    });

    it('403 and 404 on the subscription are clear results', async () => {
      azure.routes = [healthy({ subscription: () => ({ status: 403, body: { error: { code: 'AuthorizationFailed', message: "The client 'x' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read'." } } }) })];
      let r = byId(await run(gateway()));
      assert.equal(r.subscription!.status, 'fail');
      assert.match(r.subscription!.message, /^Access denied \(403\): The client 'x' does not have authorization/);
      assert.match(r.subscription!.fix!, /Owner/);
      azure.routes = [healthy({ subscription: () => ({ status: 404, body: { error: { code: 'SubscriptionNotFound', message: 'The subscription could not be found.' } } }) })];
      r = byId(await run(gateway()));
      assert.equal(r.subscription!.status, 'fail');
      assert.match(r.subscription!.message, /was not found/);
    });

    it('429: the SDK honours Retry-After, then the check says Azure is throttling', async () => {
      let calls = 0;
      azure.routes = [healthy({ subscription: () => (calls++, { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } } }) })];
      const started = Date.now();
      const r = byId(await run(gateway(), { maxRetries: 1 }));
      assert.equal(calls, 2, 'retried once');
      assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
      assert.equal(r.subscription!.status, 'error');
      assert.match(r.subscription!.message, /throttling requests \(429\); it asked to retry after 1 seconds/);
    });

    it('a hanging endpoint times out as a clear result', async () => {
      azure.routes = [healthy({ locations: () => ({ status: 0, hang: true }) })];
      const r = byId(await run(gateway(), { timeoutMs: 1500 }));
      assert.equal(r.region!.status, 'error');
      assert.match(r.region!.message, /No answer from Azure within 2 seconds/);
      assert.equal(r.subscription!.status, 'pass', 'other checks are not held up');
    });

    it('classic: its providers, no key vault or VM size check, the cloudapp.net name cannot be checked', async () => {
      azure.routes = [healthy()];
      const reported: string[] = [];
      const results = await run(legacy({ allowContent: false, resourceGroup: { name: 'cmg-legacy', create: false } }), { onResult: (r) => reported.push(r.id) });
      assert.equal(reported.length, results.length);
      assert.deepEqual(results.map((r) => r.id).sort(), ['dns-name', 'permissions', 'provider:Microsoft.ClassicCompute', 'provider:Microsoft.Storage', 'region', 'resource-group', 'subscription']);
      assert.equal(byId(results)['dns-name']!.status, 'warn');
    });

    it('US Government: the credential asks for the usgovcloudapi.net scope', async () => {
      azure.routes = [healthy({ locations: () => ({ status: 200, body: { value: [{ name: 'usgovvirginia' }] } }), dns: () => ({ status: 200, body: { available: true } }) })];
      azure.tokenBodies.length = 0;
      const gov = gateway({ environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' });
      const fresh = new ClientSecretCredential(TENANT, 'client-id-0000', 'client-secret-not-real', { authorityHost: azure.origin, disableInstanceDiscovery: true });
      const r = byId(await runPreflight({ credential: fresh, gateway: gov, endpointOverride: azure.origin, maxRetries: 0 }));
      assert.equal(r.region!.status, 'pass');
      assert.ok(azure.tokenBodies.some((b) => new URLSearchParams(b).get('scope')?.includes(AZURE_ENDPOINTS.AzureUSGovernmentCloud.scope)));
      assert.equal(AZURE_ENDPOINTS.AzureUSGovernmentCloud.resourceManager, 'https://management.usgovcloudapi.net');
      assert.equal(AZURE_ENDPOINTS.AzureUSGovernmentCloud.authority, 'https://login.microsoftonline.us');
    });

    it("VS Code's session token wrapped as a TokenCredential works with the same clients", async () => {
      azure.routes = [healthy()];
      const asked: string[][] = [];
      const cred = tokenCredential(async (scopes) => (asked.push(scopes), { token: TOKEN }));
      const r = await runPreflight({ credential: cred, gateway: gateway({ resourceGroup: { name: 'cmg-rg', create: false } }), endpointOverride: azure.origin, maxRetries: 0 });
      assert.ok(r.every((x) => x.status === 'pass'), JSON.stringify(r.filter((x) => x.status !== 'pass')));
      assert.ok(asked.every((s) => s.join() === 'https://management.azure.com/.default'));
      const bad = tokenCredential(async () => ({ token: 'expired' })); // accepted locally, refused by ARM
      const denied = byId(await runPreflight({ credential: bad, gateway: gateway(), endpointOverride: azure.origin, maxRetries: 0 }));
      assert.equal(denied.subscription!.status, 'fail');
      assert.match(denied.subscription!.message, /401/);
    });
  
    it('cmg preflight (CLI): a service principal from the environment, JSON results, exit codes', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cmg-preflight-cli-'));
      try {
        mkdirSync(path.join(dir, 'certs'));
        for (const f of ['granitefalls.pfx', 'root.cer']) writeFileSync(path.join(dir, 'certs', f), 'placeholder');
        writeFileSync(path.join(dir, 'contoso.cmg.json'), JSON.stringify(config([gateway({ resourceGroup: { name: 'cmg-rg', create: false } })])));
        const env = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: 'client-id-0000', AZURE_CLIENT_SECRET: 'client-secret-not-real', AZURE_AUTHORITY_HOST: azure.origin };
        let out = '';
        const io: CliIO = { stdout: (s) => void (out += s), stderr: (s) => void (out += s), env, cwd: dir, isTTY: false };
        azure.routes = [healthy()];
        assert.equal(await preflightCommand(['contoso.cmg.json', '--format', 'json', '--arm-endpoint', azure.origin], io), 0, out);
        const json = JSON.parse(out) as { results: Array<{ gateway: string; id: string; status: string }> };
        assert.equal(json.results.length, 12);
        assert.ok(json.results.every((r) => r.gateway === 'GraniteFalls' && r.status === 'pass'));
        out = '';
        azure.routes = [healthy({ storage: () => ({ status: 200, body: { nameAvailable: false, reason: 'AlreadyExists', message: 'taken' } }) })];
        assert.equal(await preflightCommand(['contoso.cmg.json', '--arm-endpoint', azure.origin], io), 1);
        assert.match(out, /GraniteFalls {2}FAIL {2}storage-name: Storage account name granitefalls is already taken in Azure\./);
        assert.match(out, /→ Use a service name with another first label/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
