/**
 * The wizard's Azure lists (issue #5 item 3): when the admin is signed in to Azure, subscription,
 * region and existing resource group become pickers; without a session (or when Azure fails)
 * they stay validated text fields and everything else works offline.
 *
 * Pure (no `vscode`): the Azure access is an injected `AzureLister` (the default one, over VS
 * Code's Microsoft account and the Azure SDK, is in `azureLister.ts`; tests pass a fake).
 */
import { t } from '../core/l10n';
import { LIMITS, type AzureMessage, type AzureOption, type WizardEnvironment } from './protocol';

export interface AzureAccount {
  /** The account's label (e.g. `admin@contoso.com`). */
  readonly label: string;
}

export interface AzureSubscription {
  readonly subscriptionId: string;
  readonly displayName?: string;
  /** `Enabled`, `Warned`, `PastDue`, `Disabled`, `Deleted` (undefined = not reported). */
  readonly state?: string;
}

export interface AzureLocation {
  /** Programmatic name, e.g. `westeurope`. */
  readonly name: string;
  readonly displayName?: string;
  /** `Physical` or `Logical` (logical ones cannot hold resources). */
  readonly regionType?: string;
}

export interface AzureResourceGroup {
  readonly name: string;
  readonly location?: string;
}

/** Azure access for the wizard, injectable so tests can supply a fake. */
export interface AzureLister {
  /** The existing session, without prompting (undefined = not signed in). */
  account(environment: WizardEnvironment): Promise<AzureAccount | undefined>;
  /** Signs in, prompting the admin (only on an explicit click). */
  signIn(environment: WizardEnvironment): Promise<AzureAccount | undefined>;
  listSubscriptions(environment: WizardEnvironment): Promise<AzureSubscription[]>;
  listLocations(environment: WizardEnvironment, subscriptionId: string): Promise<AzureLocation[]>;
  listResourceGroups(environment: WizardEnvironment, subscriptionId: string): Promise<AzureResourceGroup[]>;
}

/** Most options sent for one picker (Azure tenants can hold many resource groups). */
export const MAX_AZURE_OPTIONS = 2000;

/** The current values: kept as an option even when Azure does not list them. */
export interface AzureCurrent {
  readonly subscriptionId: string;
  readonly region: string;
  readonly resourceGroupName: string;
}

function clip(text: string, max = 256): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function usableText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= LIMITS.maxString && !v.includes('\u0000');
}

function byLabel(a: AzureOption, b: AzureOption): number {
  return a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });
}

/**
 * Options with the current value present: a case-/space-insensitive match takes the current
 * spelling as its value (so picking nothing changes nothing); an unknown current value is added.
 */
function withCurrent(options: AzureOption[], current: string, normalize: (s: string) => string): AzureOption[] {
  const cur = current.trim();
  if (!cur) return options;
  if (options.some((o) => o.value === cur)) return options;
  const i = options.findIndex((o) => normalize(o.value) === normalize(cur));
  if (i >= 0) {
    const out = [...options];
    out[i] = { value: cur, label: options[i]!.label };
    return out;
  }
  return [{ value: cur, label: cur }, ...options];
}

function dedupe(options: AzureOption[]): AzureOption[] {
  const seen = new Set<string>();
  return options.filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true))).slice(0, MAX_AZURE_OPTIONS);
}

const lower = (s: string) => s.trim().toLowerCase();
const regionKey = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** Enabled subscriptions as options (`Name (id)`), the current one kept. */
export function subscriptionOptions(subs: readonly AzureSubscription[], current: string): AzureOption[] {
  const options = subs
    .filter((s) => usableText(s.subscriptionId) && (s.state === undefined || s.state.toLowerCase() === 'enabled'))
    .map((s) => ({ value: s.subscriptionId, label: clip(usableText(s.displayName) ? `${s.displayName} (${s.subscriptionId})` : s.subscriptionId) }))
    .sort(byLabel);
  return dedupe(withCurrent(options, current, lower));
}

/** Physical regions as options (value `westeurope`, label `West Europe`), the current one kept. */
export function regionOptions(locations: readonly AzureLocation[], current: string): AzureOption[] {
  const options = locations
    .filter((l) => usableText(l.name) && l.regionType?.toLowerCase() !== 'logical')
    .map((l) => ({ value: l.name, label: clip(usableText(l.displayName) ? `${l.displayName} (${l.name})` : l.name) }))
    .sort(byLabel);
  return dedupe(withCurrent(options, current, regionKey));
}

/** Resource groups as options (names are case-insensitive in Azure), the current one kept. */
export function resourceGroupOptions(groups: readonly AzureResourceGroup[], current: string): AzureOption[] {
  const options = groups
    .filter((g) => usableText(g.name))
    .map((g) => ({ value: g.name, label: clip(usableText(g.location) ? `${g.name} (${g.location})` : g.name) }))
    .sort(byLabel);
  return dedupe(withCurrent(options, current, lower));
}

/** A short, single-line reason (never a stack trace) for the status line. */
export function shortError(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const line = raw.split(/\r?\n/)[0]?.trim() ?? '';
  return clip(line || t('unknown error'), 200);
}

export interface AzureLoadRequest {
  readonly environment: WizardEnvironment;
  readonly current: AzureCurrent;
  /** Explicit "Sign in to Azure" click: prompt when there is no session. */
  readonly interactive: boolean;
}

/**
 * What the webview is told about Azure: signed out (text fields), signed in with the lists, or an
 * error (text fields and a short reason). Regions and resource groups are listed only for a
 * subscription Azure lists as enabled; otherwise those two stay text.
 */
export async function loadAzureOptions(lister: AzureLister, req: AzureLoadRequest): Promise<AzureMessage> {
  const { environment, current } = req;
  let account: AzureAccount | undefined;
  try {
    account = req.interactive ? await lister.signIn(environment) : await lister.account(environment);
  } catch (error) {
    // A silent check that fails (no Microsoft account provider, say) just means: not signed in.
    if (!req.interactive) return { type: 'azure', environment, state: 'signedOut' };
    return { type: 'azure', environment, state: 'error', message: shortError(error) };
  }
  if (!account) return { type: 'azure', environment, state: 'signedOut' };
  const label = clip(usableText(account.label) ? account.label : '?');
  try {
    const subs = await lister.listSubscriptions(environment);
    const subscriptions = subscriptionOptions(subs, current.subscriptionId);
    const chosen = current.subscriptionId.trim().toLowerCase();
    const listed = subs.find((s) => s.subscriptionId.toLowerCase() === chosen && (s.state === undefined || s.state.toLowerCase() === 'enabled'));
    let regions: AzureOption[] = [];
    let resourceGroups: AzureOption[] = [];
    if (listed) {
      const [locations, groups] = await Promise.all([lister.listLocations(environment, listed.subscriptionId), lister.listResourceGroups(environment, listed.subscriptionId)]);
      regions = regionOptions(locations, current.region);
      resourceGroups = resourceGroupOptions(groups, current.resourceGroupName);
    }
    return { type: 'azure', environment, state: 'signedIn', account: label, subscriptionId: listed?.subscriptionId ?? '', subscriptions, regions, resourceGroups };
  } catch (error) {
    return { type: 'azure', environment, state: 'error', account: label, message: shortError(error) };
  }
}
