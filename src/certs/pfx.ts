import type * as vscode from 'vscode';

/** Certificate file extensions the commands offer (Explorer menus use the same list). */
export const CERTIFICATE_EXTENSIONS = ['pfx', 'p12', 'cer', 'crt', 'der', 'pem', 'p7b'] as const;

/** A PKCS#12 file, which may need a password. */
export function isPfx(uri: vscode.Uri): boolean {
  return /\.(pfx|p12)$/i.test(uri.path);
}
