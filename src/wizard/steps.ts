/**
 * Page and step logic, shared by the host and the webview bundle (imports only the protocol):
 * Next is blocked by errors of the current page only; Finish by errors anywhere.
 */
import { FIELD_PAGE, PAGES, type FieldFinding, type PageId } from './protocol';

export function pageIndex(page: PageId): number {
  return PAGES.indexOf(page);
}
export function nextPage(page: PageId): PageId | undefined {
  return PAGES[pageIndex(page) + 1];
}
export function previousPage(page: PageId): PageId | undefined {
  const i = pageIndex(page);
  return i > 0 ? PAGES[i - 1] : undefined;
}
/** Findings shown on a page: field findings of its fields; whole-gateway ones on Summary. */
export function findingsOnPage(page: PageId, findings: readonly FieldFinding[]): FieldFinding[] {
  return findings.filter((f) => (f.field ? FIELD_PAGE[f.field] === page : page === 'summary'));
}
export function pageHasErrors(page: PageId, findings: readonly FieldFinding[]): boolean {
  return findingsOnPage(page, findings).some((f) => f.severity === 'error');
}
/** Next is blocked by errors of the current page only, never by warnings or by other pages. */
export function canGoNext(page: PageId, findings: readonly FieldFinding[]): boolean {
  return nextPage(page) !== undefined && !pageHasErrors(page, findings);
}
/** Finish needs no error anywhere. */
export function canFinish(findings: readonly FieldFinding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}
/** The first page holding an error (Finish jumps there). */
export function firstPageWithError(findings: readonly FieldFinding[]): PageId | undefined {
  return PAGES.find((p) => pageHasErrors(p, findings));
}
/** A step in the indicator can be reached when no page before it has an error. */
export function canJumpTo(target: PageId, current: PageId, findings: readonly FieldFinding[]): boolean {
  if (pageIndex(target) <= pageIndex(current)) return true;
  return PAGES.slice(0, pageIndex(target)).every((p) => !pageHasErrors(p, findings));
}
