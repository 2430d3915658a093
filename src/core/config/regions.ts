/**
 * Azure region names (as ARM spells them) per environment, for CFG-REGION.
 * Source: https://learn.microsoft.com/azure/reliability/regions-list and [az-gov]. Public list includes
 * regions announced up to 2025; an unknown name is a warning, not an error, since Azure adds regions.
 */
import type { AzureEnvironment } from '../model';

export const AZURE_PUBLIC_REGIONS: readonly string[] = ['eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3', 'canadacentral', 'canadaeast', 'brazilsouth', 'brazilsoutheast', 'mexicocentral', 'chilecentral', 'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth', 'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest', 'swedencentral', 'swedensouth', 'polandcentral', 'italynorth', 'spaincentral', 'belgiumcentral', 'austriaeast', 'denmarkeast', 'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral', 'southafricanorth', 'southafricawest', 'centralindia', 'southindia', 'westindia', 'jioindiacentral', 'jioindiawest', 'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2', 'newzealandnorth', 'indonesiacentral', 'malaysiawest'];

export const AZURE_US_GOV_REGIONS: readonly string[] = ['usgovvirginia', 'usgovtexas', 'usgovarizona', 'usdodeast', 'usdodcentral'];

export function regionsFor(environment: AzureEnvironment): readonly string[] {
  return environment === 'AzureUSGovernmentCloud' ? AZURE_US_GOV_REGIONS : AZURE_PUBLIC_REGIONS;
}

/** 'West Europe' / 'WestEurope' / 'westeurope' → 'westeurope'. */
export function normalizeRegion(region: string): string {
  return region.replace(/[\s_-]+/g, '').toLowerCase();
}
