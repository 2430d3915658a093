/**
 * Azure pre-flight checks before a gateway is created (issue #6, rules 1.7, 2.2, 2.5, 7.1, 7.2, 7.4):
 * through the Azure SDK management clients and any `TokenCredential` (VS Code's Microsoft
 * account session, or `@azure/identity` in the CLI). Checks run concurrently; each gives one
 * result `{id, status, message, fix?}`. No `vscode` import. The SDK modules are loaded lazily.
 *
 * What is checked, and through which client:
 * - subscription reachable: arm-resources-subscriptions `subscriptions.get`;
 * - the principal may deploy: arm-authorization `permissions.listForResourceGroup` (existing
 *   group) or the same Permissions API at subscription scope (group to be created; the client has
 *   no method for that scope, so the call goes through the client's own pipeline with
 *   `sendOperationRequest`): `Microsoft.Resources/deployments/write`, and Owner
 *   (`Microsoft.Authorization/roleAssignments/write`) which creating a CMG needs;
 * - region exists: `subscriptions.listLocations`; VM size offered there: arm-compute `resourceSkus.list`;
 * - resource group: arm-resources `resourceGroups.get` (same region as the gateway);
 * - deployment name: VMSS DNS label, arm-network `checkDnsNameAvailability`; a classic cloud
 *   service name (`<prefix>.cloudapp.net`) has no management-client check: reported as a warning;
 * - key vault name (VMSS): arm-keyvault `vaults.checkNameAvailability`;
 * - storage account name (content enabled): arm-storage `storageAccounts.checkNameAvailability`;
 * - resource providers registered: arm-resources `providers.get`.
 */
import type { TokenCredential } from '@azure/core-auth';
import { t } from '../l10n';
import type { AzureEnvironment, Gateway } from '../model';
import { deploymentPrefix, vmssSuffix } from '../plan/plan';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'error';

export interface PreflightResult {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  /** What to do about a failure. */
  readonly fix?: string;
}

export interface AzureEndpoints {
  /** Azure Resource Manager, e.g. `https://management.azure.com`. */
  readonly resourceManager: string;
  /** Microsoft Entra authority host, e.g. `https://login.microsoftonline.com`. */
  readonly authority: string;
  /** Token scope for ARM. */
  readonly scope: string;
}

export const AZURE_ENDPOINTS: Readonly<Record<AzureEnvironment, AzureEndpoints>> = {
  AzurePublicCloud: {
    resourceManager: 'https://management.azure.com',
    authority: 'https://login.microsoftonline.com',
    scope: 'https://management.azure.com/.default',
  },
  AzureUSGovernmentCloud: {
    resourceManager: 'https://management.usgovcloudapi.net',
    authority: 'https://login.microsoftonline.us',
    scope: 'https://management.usgovcloudapi.net/.default',
  },
};

export interface PreflightOptions {
  readonly credential: TokenCredential;
  readonly gateway: Gateway;
  /** Endpoints of the gateway's environment (default: from `gateway.environment`). */
  readonly endpoints?: AzureEndpoints;
  /** Override of the ARM endpoint (tests: a local server). */
  readonly endpointOverride?: string;
  /** The prefix is already used by this gateway's current deployment (a same-name redeploy). */
  readonly nameInUseByThisGateway?: boolean;
  /** Per-check time limit, ms (default 30 s). */
  readonly timeoutMs?: number;
  /** SDK retries (default 3); Azure's Retry-After is honoured by the SDK between them. */
  readonly maxRetries?: number;
  /** Cancels every check. */
  readonly abortSignal?: AbortSignal;
  /** US Gov VMSS DNS suffix for messages (setting `cmg.azure.usGovVmssSuffix`). */
  readonly usGovVmssSuffix?: string;
  /** Called as each check finishes (the checks run concurrently). */
  readonly onResult?: (result: PreflightResult) => void;
}

export const VMSS_PROVIDERS = ['Microsoft.KeyVault', 'Microsoft.Storage', 'Microsoft.Network', 'Microsoft.Compute'] as const;
export const CLASSIC_PROVIDERS = ['Microsoft.ClassicCompute', 'Microsoft.Storage'] as const;

const DEPLOY_ACTION = 'Microsoft.Resources/deployments/write';
const OWNER_ACTION = 'Microsoft.Authorization/roleAssignments/write';

interface HttpErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  name?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

function asHttpError(e: unknown): HttpErrorLike {
  return e && typeof e === 'object' ? (e as HttpErrorLike) : { message: String(e) };
}

/** Azure's message without the SDK's JSON wrapping, shortened. */
function azureMessage(e: HttpErrorLike): string {
  const m = (e.message ?? '').split('\n')[0]!.trim();
  return m.length > 300 ? `${m.slice(0, 297)}…` : m;
}

/** Turns a thrown error into a result: 401/403, 429 (Retry-After), timeouts, network errors. */
export function errorResult(id: string, e: unknown, timeoutMs: number): PreflightResult {
  const err = asHttpError(e);
  if (err.name === 'AbortError' || err.code === 'ABORT_ERR' || err.name === 'TimeoutError') {
    return { id, status: 'error', message: t('No answer from Azure within {0} seconds.', String(Math.round(timeoutMs / 1000))), fix: t('Check the network connection or proxy to Azure Resource Manager, then run the checks again.') };
  }
  switch (err.statusCode) {
    case 401:
      return { id, status: 'fail', message: t('Azure refused the sign-in (401): {0}', azureMessage(err)), fix: t('Sign in again with an account of the gateway\'s tenant.') };
    case 403:
      return { id, status: 'fail', message: t('Access denied (403): {0}', azureMessage(err)), fix: t('Use an account with the Owner role on the subscription (creating a cloud management gateway needs Subscription Owner).') };
    case 429: {
      const after = err.response?.headers?.get('retry-after');
      return {
        id,
        status: 'error',
        message: after ? t('Azure is throttling requests (429); it asked to retry after {0} seconds.', after) : t('Azure is throttling requests (429).'),
        fix: t('Wait a moment, then run the checks again.'),
      };
    }
    default:
      if (err.statusCode) return { id, status: 'error', message: t('Azure answered {0}: {1}', String(err.statusCode), azureMessage(err)), fix: t('Run the checks again; if it persists, check the Azure status page.') };
      return { id, status: 'error', message: t('Azure could not be reached: {0}', azureMessage(err)), fix: t('Check the network connection or proxy to Azure Resource Manager, then run the checks again.') };
  }
}

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** True when the permission set allows the action (actions minus notActions, any permission). */
export function allows(permissions: ReadonlyArray<{ actions?: string[]; notActions?: string[] }>, action: string): boolean {
  return permissions.some((p) => (p.actions ?? []).some((a) => matches(a, action)) && !(p.notActions ?? []).some((n) => matches(n, action)));
}

function normalizeRegion(r: string): string {
  return r.replace(/\s+/g, '').toLowerCase();
}

/** Runs every check concurrently; never throws (each failure is a result). */
export async function runPreflight(options: PreflightOptions): Promise<PreflightResult[]> {
  const g = options.gateway;
  const endpoints = options.endpoints ?? AZURE_ENDPOINTS[g.environment];
  const endpoint = options.endpointOverride ?? endpoints.resourceManager;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clientOptions = { endpoint, credentialScopes: [endpoints.scope], retryOptions: { maxRetries: options.maxRetries ?? 3 } };
  const sub = g.subscriptionId;
  const prefix = deploymentPrefix(g.serviceFqdn);
  const vmss = g.deploymentMethod === 'vmss';
  const region = normalizeRegion(g.region);

  const signal = (): AbortSignal => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return options.abortSignal ? AbortSignal.any([timeout, options.abortSignal]) : timeout;
  };
  const guard = async (id: string, fn: (abortSignal: AbortSignal) => Promise<PreflightResult | PreflightResult[]>): Promise<PreflightResult[]> => {
    let out: PreflightResult[];
    try {
      const r = await fn(signal());
      out = Array.isArray(r) ? r : [r];
    } catch (e) {
      out = [errorResult(id, e, timeoutMs)];
    }
    for (const r of out) options.onResult?.(r);
    return out;
  };

  // Sign in once first: a credential that cannot get a token is one clear result, not twelve.
  try {
    const token = await options.credential.getToken(endpoints.scope, { abortSignal: signal() });
    if (!token) throw new Error(t('no token was returned'));
  } catch (e) {
    const err = asHttpError(e);
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return [errorResult('sign-in', e, timeoutMs)];
    return [
      {
        id: 'sign-in',
        status: 'fail',
        message: t('Signing in to Azure failed: {0}', azureMessage(err)),
        fix: t('Sign in again (VS Code: the Accounts menu; command line: az login, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), then run the checks again.'),
      },
    ];
  }

  const [{ SubscriptionClient }, { ResourceManagementClient }, { AuthorizationManagementClient }] = await Promise.all([
    import('@azure/arm-resources-subscriptions'),
    import('@azure/arm-resources'),
    import('@azure/arm-authorization'),
  ]);
  const subscriptions = new SubscriptionClient(options.credential, clientOptions);
  const resources = new ResourceManagementClient(options.credential, sub, clientOptions);
  const authorization = new AuthorizationManagementClient(options.credential, sub, clientOptions);

  const checks: Array<Promise<PreflightResult[]>> = [];

  checks.push(
    guard('subscription', async (abortSignal) => {
      try {
        const s = await subscriptions.subscriptions.get(sub, { abortSignal });
        if (s.state && s.state !== 'Enabled') {
          return { id: 'subscription', status: 'fail', message: t('Subscription {0} ({1}) is {2}.', sub, s.displayName ?? '', s.state), fix: t('Use an enabled subscription, or re-enable it in the Azure portal.') };
        }
        return { id: 'subscription', status: 'pass', message: t('Subscription {0} ({1}) is reachable.', sub, s.displayName ?? '') };
      } catch (e) {
        const err = asHttpError(e);
        if (err.statusCode === 404) {
          return { id: 'subscription', status: 'fail', message: t('Subscription {0} was not found for this account.', sub), fix: t('Check subscriptionId in the configuration, or sign in with an account that has access to it.') };
        }
        throw e;
      }
    }),
  );

  checks.push(
    guard('permissions', async (abortSignal) => {
      const perms: Array<{ actions?: string[]; notActions?: string[] }> = [];
      let scope: string;
      if (!g.resourceGroup.create) {
        scope = t('resource group {0}', g.resourceGroup.name);
        for await (const p of authorization.permissions.listForResourceGroup(g.resourceGroup.name, { abortSignal })) perms.push(p);
      } else {
        scope = t('subscription {0}', sub);
        perms.push(...(await subscriptionPermissions(authorization, abortSignal)));
      }
      const deploy = allows(perms, DEPLOY_ACTION);
      const owner = allows(perms, OWNER_ACTION);
      if (deploy && owner) return { id: 'permissions', status: 'pass', message: t('The signed-in account may deploy in {0} and has Owner rights.', scope) };
      if (deploy) {
        return { id: 'permissions', status: 'warn', message: t('The signed-in account may deploy in {0}, but is not Owner.', scope), fix: t('Creating a cloud management gateway needs the Owner role on the subscription (and Global Administrator in Entra ID).') };
      }
      return { id: 'permissions', status: 'fail', message: t('The signed-in account may not deploy in {0} ({1} is not allowed).', scope, DEPLOY_ACTION), fix: t('Ask for the Owner role on subscription {0}.', sub) };
    }),
  );

  checks.push(
    guard('region', async (abortSignal) => {
      const names: string[] = [];
      for await (const l of subscriptions.subscriptions.listLocations(sub, { abortSignal })) if (l.name) names.push(normalizeRegion(l.name));
      if (names.includes(region)) return { id: 'region', status: 'pass', message: t('Region {0} is available to the subscription.', g.region) };
      return { id: 'region', status: 'fail', message: t('Region {0} is not available to subscription {1}.', g.region, sub), fix: t('Choose one of: {0}.', names.slice(0, 12).join(', ')) };
    }),
  );

  if (vmss) {
    checks.push(
      guard('vm-size', async (abortSignal) => {
        const { ComputeManagementClient } = await import('@azure/arm-compute');
        const compute = new ComputeManagementClient(options.credential, sub, clientOptions);
        for await (const sku of compute.resourceSkus.list({ filter: `location eq '${region}'`, abortSignal })) {
          if (sku.resourceType !== 'virtualMachines' || sku.name?.toLowerCase() !== g.vmSize.toLowerCase()) continue;
          if (!(sku.locations ?? []).some((l) => normalizeRegion(l) === region)) continue;
          const restricted = (sku.restrictions ?? []).find((r) => r.type === 'Location' && (r.restrictionInfo?.locations ?? r.values ?? []).some((l) => normalizeRegion(l) === region));
          if (restricted) {
            return { id: 'vm-size', status: 'fail', message: t('VM size {0} is restricted in {1} for this subscription ({2}).', g.vmSize, g.region, restricted.reasonCode ?? ''), fix: t('Choose another VM size or region, or ask Azure support to lift the restriction.') };
          }
          return { id: 'vm-size', status: 'pass', message: t('VM size {0} is offered in {1}.', g.vmSize, g.region) };
        }
        return { id: 'vm-size', status: 'fail', message: t('VM size {0} is not offered in {1}.', g.vmSize, g.region), fix: t('Choose another VM size or region.') };
      }),
    );
  }

  checks.push(
    guard('resource-group', async (abortSignal) => {
      const name = g.resourceGroup.name;
      try {
        const rg = await resources.resourceGroups.get(name, { abortSignal });
        if (normalizeRegion(rg.location) !== region) {
          return { id: 'resource-group', status: 'fail', message: t('Resource group {0} is in {1}, not in the gateway\'s region {2}: provisioning would fail.', name, rg.location, g.region), fix: t('Use a resource group in {0}, or a new one.', g.region) };
        }
        if (g.resourceGroup.create) {
          return { id: 'resource-group', status: 'warn', message: t('Resource group {0} already exists (in {1}).', name, rg.location), fix: t('Set resourceGroup.create to false to use the existing group.') };
        }
        return { id: 'resource-group', status: 'pass', message: t('Resource group {0} exists in {1}.', name, rg.location) };
      } catch (e) {
        if (asHttpError(e).statusCode !== 404) throw e;
        if (g.resourceGroup.create) return { id: 'resource-group', status: 'pass', message: t('Resource group {0} does not exist yet; it will be created in {1}.', name, g.region) };
        return { id: 'resource-group', status: 'fail', message: t('Resource group {0} does not exist.', name), fix: t('Set resourceGroup.create to true, or name an existing group in {0}.', g.region) };
      }
    }),
  );

  const taken = (id: string, what: string): PreflightResult =>
    options.nameInUseByThisGateway
      ? { id, status: 'pass', message: t('{0} is taken by this gateway\'s current deployment (it is freed when the old gateway is removed).', what) }
      : { id, status: 'fail', message: t('{0} is already taken in Azure.', what), fix: t('Use a service name with another first label (a new server certificate).') };

  if (vmss) {
    checks.push(
      guard('dns-name', async (abortSignal) => {
        const { NetworkManagementClient } = await import('@azure/arm-network');
        const network = new NetworkManagementClient(options.credential, sub, clientOptions);
        const r = await network.checkDnsNameAvailability(region, prefix, { abortSignal });
        const what = t('Deployment name {0}', `${prefix}.${region}.${vmssSuffix(g.environment, options.usGovVmssSuffix)}`);
        return r.available ? { id: 'dns-name', status: 'pass', message: t('{0} is free.', what) } : taken('dns-name', what);
      }),
      guard('key-vault-name', async (abortSignal) => {
        const { KeyVaultManagementClient } = await import('@azure/arm-keyvault');
        const kv = new KeyVaultManagementClient(options.credential, sub, clientOptions);
        const r = await kv.vaults.checkNameAvailability({ name: prefix, type: 'Microsoft.KeyVault/vaults' }, { abortSignal });
        const what = t('Key vault name {0}', prefix);
        if (r.nameAvailable) return { id: 'key-vault-name', status: 'pass', message: t('{0} is free.', what) };
        if (r.reason === 'AccountNameInvalid') return { id: 'key-vault-name', status: 'fail', message: t('{0} is not valid: {1}', what, r.message ?? ''), fix: t('Use a service name whose first label has 3 to 24 lowercase letters and digits.') };
        return taken('key-vault-name', what);
      }),
    );
  } else {
    checks.push(
      guard('dns-name', async () => ({
        id: 'dns-name',
        status: 'warn',
        message: t('The classic cloud service name {0}.cloudapp.net cannot be checked through a management client; the storage account check covers the same prefix.', prefix),
        fix: t('Classic deployments are retired: plan a virtual machine scale set instead.'),
      })),
    );
  }

  if (g.allowContent) {
    checks.push(
      guard('storage-name', async (abortSignal) => {
        const { StorageManagementClient } = await import('@azure/arm-storage');
        const storage = new StorageManagementClient(options.credential, sub, clientOptions);
        const r = await storage.storageAccounts.checkNameAvailability({ name: prefix, type: 'Microsoft.Storage/storageAccounts' }, { abortSignal });
        const what = t('Storage account name {0}', prefix);
        if (r.nameAvailable) return { id: 'storage-name', status: 'pass', message: t('{0} is free.', what) };
        if (r.reason === 'AccountNameInvalid') return { id: 'storage-name', status: 'fail', message: t('{0} is not valid: {1}', what, r.message ?? ''), fix: t('Use a service name whose first label has 3 to 24 lowercase letters and digits.') };
        return taken('storage-name', what);
      }),
    );
  }

  for (const ns of vmss ? VMSS_PROVIDERS : CLASSIC_PROVIDERS) {
    const id = `provider:${ns}`;
    checks.push(
      guard(id, async (abortSignal) => {
        const p = await resources.providers.get(ns, { abortSignal });
        if (p.registrationState === 'Registered') return { id, status: 'pass', message: t('Resource provider {0} is registered.', ns) };
        return {
          id,
          status: 'fail',
          message: t('Resource provider {0} is {1} in subscription {2}.', ns, p.registrationState ?? 'NotRegistered', sub),
          fix: t('Register it (needs Contributor or Owner): az provider register --namespace {0} --subscription {1}', ns, sub),
        };
      }),
    );
  }

  return (await Promise.all(checks)).flat();
}

type AuthorizationClient = InstanceType<typeof import('@azure/arm-authorization').AuthorizationManagementClient>;

/**
 * `GET /subscriptions/{id}/providers/Microsoft.Authorization/permissions` through the
 * authorization client's own pipeline (credential, retries, endpoint): the SDK exposes the
 * Permissions API only for resource groups and resources.
 */
async function subscriptionPermissions(client: AuthorizationClient, abortSignal: AbortSignal): Promise<Array<{ actions?: string[]; notActions?: string[] }>> {
  type Spec = Parameters<AuthorizationClient['sendOperationRequest']>[1];
  const str = { type: { name: 'String' as const } };
  const spec: Spec = {
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/permissions',
    httpMethod: 'GET',
    responses: { 200: {}, default: {} },
    queryParameters: [{ parameterPath: 'apiVersion', mapper: { defaultValue: '2022-04-01', isConstant: true, serializedName: 'api-version', ...str } }],
    urlParameters: [
      { parameterPath: '$host', mapper: { serializedName: '$host', required: true, ...str }, skipEncoding: true },
      { parameterPath: 'subscriptionId', mapper: { serializedName: 'subscriptionId', required: true, ...str } },
    ],
    headerParameters: [{ parameterPath: 'accept', mapper: { defaultValue: 'application/json', isConstant: true, serializedName: 'Accept', ...str } }],
    serializer: undefined as unknown as Spec['serializer'],
  };
  const { createSerializer } = await import('@azure/core-client');
  const full: Spec = { ...spec, serializer: createSerializer({}, false) };
  type Result = { value?: Array<{ actions?: string[]; notActions?: string[] }> };
  // Without a body mapper the client hands the parsed JSON back wrapped as `body`.
  const r = (await client.sendOperationRequest({ options: { abortSignal } }, full)) as Result & { body?: Result };
  return r?.value ?? r?.body?.value ?? [];
}
