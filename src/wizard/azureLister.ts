/**
 * The wizard's default `AzureLister`: VS Code's Microsoft account (the `microsoft` provider, or
 * `microsoft-sovereign-cloud` for US Government, as the deploy commands use) and the Azure SDK
 * management clients, loaded lazily so activation stays light.
 */
import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureAccount, AzureLister, AzureLocation, AzureResourceGroup, AzureSubscription } from './azure';
import type { WizardEnvironment } from './protocol';

/** Each listing gives up after this long (the wizard falls back to text fields). */
const TIMEOUT_MS = 30_000;

function providerFor(environment: WizardEnvironment): string {
  return environment === 'AzureUSGovernmentCloud' ? 'microsoft-sovereign-cloud' : 'microsoft';
}

async function endpointsFor(environment: WizardEnvironment) {
  const { AZURE_ENDPOINTS } = await import('../core/azure/preflight');
  return AZURE_ENDPOINTS[environment];
}

export function createAzureLister(): AzureLister {
  const session = async (environment: WizardEnvironment, interactive: boolean) => {
    const endpoints = await endpointsFor(environment);
    return interactive
      ? vscode.authentication.getSession(providerFor(environment), [endpoints.scope], { createIfNone: true })
      : vscode.authentication.getSession(providerFor(environment), [endpoints.scope], { silent: true });
  };
  const account = (s: vscode.AuthenticationSession | undefined): AzureAccount | undefined => (s ? { label: s.account.label } : undefined);

  const clientSetup = async (environment: WizardEnvironment): Promise<{ credential: TokenCredential; options: { endpoint: string; credentialScopes: string[]; retryOptions: { maxRetries: number } } }> => {
    const endpoints = await endpointsFor(environment);
    const { tokenCredential } = await import('../core/azure/credential');
    const credential = tokenCredential(async (scopes) => {
      const s = await vscode.authentication.getSession(providerFor(environment), scopes, { silent: true });
      if (!s) throw new Error(vscode.l10n.t('Not signed in to Azure.'));
      return { token: s.accessToken };
    });
    return { credential, options: { endpoint: endpoints.resourceManager, credentialScopes: [endpoints.scope], retryOptions: { maxRetries: 1 } } };
  };

  return {
    account: async (environment) => account(await session(environment, false)),
    signIn: async (environment) => account(await session(environment, true)),
    async listSubscriptions(environment): Promise<AzureSubscription[]> {
      const { credential, options } = await clientSetup(environment);
      const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
      const client = new SubscriptionClient(credential, options);
      const out: AzureSubscription[] = [];
      for await (const s of client.subscriptions.list({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) })) {
        if (s.subscriptionId) out.push({ subscriptionId: s.subscriptionId, displayName: s.displayName, state: s.state });
      }
      return out;
    },
    async listLocations(environment, subscriptionId): Promise<AzureLocation[]> {
      const { credential, options } = await clientSetup(environment);
      const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
      const client = new SubscriptionClient(credential, options);
      const out: AzureLocation[] = [];
      for await (const l of client.subscriptions.listLocations(subscriptionId, { abortSignal: AbortSignal.timeout(TIMEOUT_MS) })) {
        if (l.name) out.push({ name: l.name, displayName: l.displayName, regionType: l.metadata?.regionType });
      }
      return out;
    },
    async listResourceGroups(environment, subscriptionId): Promise<AzureResourceGroup[]> {
      const { credential, options } = await clientSetup(environment);
      const { ResourceManagementClient } = await import('@azure/arm-resources');
      const client = new ResourceManagementClient(credential, subscriptionId, options);
      const out: AzureResourceGroup[] = [];
      for await (const g of client.resourceGroups.list({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) })) {
        if (g.name) out.push({ name: g.name, location: g.location });
      }
      return out;
    },
  };
}
