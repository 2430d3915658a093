/**
 * Hostile inputs for the sub-CA script generator (issue #4): every one must be refused by the
 * core and by the CLI (exit 1). Shared by sanitize/subca/cli tests.
 */
export const VALID_FQDN = 'GraniteFalls.contoso.com';
export const VALID_TP = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

export const HOSTILE_FQDNS: readonly (readonly [label: string, value: string])[] = [
  ['empty', ''],
  ['single quote', "granitefalls.contoso.com'"],
  ['WQL injection', "x' OR 1=1 --"],
  ['WQL injection after a valid name', "granitefalls.contoso.com' OR ServiceType <> '"],
  ['double quote (VBScript break-out)', 'granitefalls.contoso.com" & CreateObject("WScript.Shell").Run("calc") & "'],
  ['newline', 'granitefalls.contoso.com\nWScript.Quit'],
  ['carriage return', 'granitefalls\r.contoso.com'],
  ['ampersand', 'a&b.contoso.com'],
  ['percent (WQL LIKE wildcard)', 'granitefalls%.contoso.com'],
  ['underscore (WQL LIKE wildcard)', 'granite_falls.contoso.com'],
  ['PowerShell subexpression', '$(calc).contoso.com'],
  ['backtick', 'granite`falls.contoso.com'],
  ['semicolon', 'granitefalls.contoso.com;x'],
  ['space', 'granite falls.contoso.com'],
  ['Cyrillic a look-alike', 'gr\u0430nitefalls.contoso.com'],
  ['fullwidth digit', 'granitefalls\uFF11.contoso.com'],
  ['U+200E left-to-right mark', '\u200Egranitefalls.contoso.com'],
  ['zero-width space', 'granite\u200Bfalls.contoso.com'],
  ['leading hyphen', '-granitefalls.contoso.com'],
  ['trailing hyphen in a label', 'granitefalls-.contoso.com'],
  ['empty label', 'granitefalls..contoso.com'],
  ['leading dot', '.granitefalls.contoso.com'],
  ['trailing dot', 'granitefalls.contoso.com.'],
  ['64-character label', `${'a'.repeat(64)}.contoso.com`],
  ['254 characters', `${'a.'.repeat(126)}ab`],
];

export const HOSTILE_THUMBPRINTS: readonly (readonly [label: string, value: string])[] = [
  ['empty', ''],
  ['only invisible marks', '\u200E\u200F'],
  ['39 digits', VALID_TP.slice(0, 39)],
  ['41 digits', `${VALID_TP}0`],
  ['single quote', `${VALID_TP.slice(0, 39)}'`],
  ['double quote', `"${VALID_TP}`],
  ['WQL injection', `${VALID_TP}' OR 1=1 --`],
  ['newline', `${VALID_TP.slice(0, 20)}\n${VALID_TP.slice(20)}`],
  ['tab', `${VALID_TP.slice(0, 20)}\t${VALID_TP.slice(20)}`],
  ['ampersand', `${VALID_TP.slice(0, 39)}&`],
  ['percent', `${VALID_TP.slice(0, 39)}%`],
  ['non-hex letter', `${VALID_TP.slice(0, 39)}G`],
  ['Cyrillic capital A look-alike', `\u0410${VALID_TP.slice(1)}`],
  ['Cyrillic small a look-alike', `\u0430${VALID_TP.slice(1)}`],
  ['fullwidth digits', `\uFF11\uFF12${VALID_TP.slice(2)}`],
  ['ligature ff (upper-cases to FF)', `\uFB00${VALID_TP.slice(2)}`],
  ['PowerShell subexpression', `$(calc)${VALID_TP.slice(7)}`],
  ['semicolon-separated with a bad part', `${VALID_TP};x' OR 1=1`],
];
