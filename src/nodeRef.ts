/**
 * What the tree passes to commands from its context menus (`view/item/context`), and what a
 * command can also receive from a CodeLens or another command. Every tree node implements it.
 * contextValue of a node = `cmg.<kind>` (+ optional suffixes), see package.json menus.
 */
import type * as vscode from 'vscode';

export type CmgNodeKind = 'file' | 'gateway' | 'certificate' | 'trustedCertificate' | 'connectionPoint' | 'boundaryGroup' | 'siteRole' | 'group';

export interface CmgNodeRef {
  readonly kind: CmgNodeKind;
  /** The `*.cmg.json` file the node comes from. */
  readonly fileUri: vscode.Uri;
  /** JSON pointer of the node's value in that file (e.g. `/gateways/0`). */
  readonly pointer: string;
  /** For gateway-related nodes: the gateway's `name`. */
  readonly gatewayName?: string;
  /** For certificate nodes: the certificate file. */
  readonly certificateUri?: vscode.Uri;
}

export function isCmgNodeRef(value: unknown): value is CmgNodeRef {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<CmgNodeRef>;
  return typeof v.kind === 'string' && typeof v.pointer === 'string' && typeof v.fileUri === 'object' && v.fileUri !== null;
}
