/** Semantic CFG-* rules (beyond the schema). */
import type { Finding } from '../findings';
import type { CmgConfig, DeepPartial } from '../model';
import type { ParsedConfig } from './parse';

export interface RuleContext {
  filePath: string;
  deployed?: DeepPartial<CmgConfig>;
  usGovVmssSuffix?: string;
  fileExists?: (absolutePath: string) => boolean;
}

export function semanticFindings(_parsed: ParsedConfig, _ctx: RuleContext): Finding[] {
  return [];
}
