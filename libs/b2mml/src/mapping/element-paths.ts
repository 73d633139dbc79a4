/**
 * Where the fields of one built command were read from: a Lotstream payload field, named as a
 * refusal names it (`inputLotNumber`, `characteristic.usl`, `measurements[2]`), → the B2MML element
 * path (`OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[2]/MaterialLotID`).
 * A field the sender's mapping gives rather than the document (the site) names the sender element.
 */
export type ElementPaths = Record<string, string>;

/** The element path of the sender whose mapping gave a value (siteId, a default unit or part revision). */
export const SENDER_PATH = 'ApplicationArea/Sender/LogicalID';

/** The field a refusal without one is about: the lot the command writes to. */
const SUBJECT_FIELD = 'lotNumber';

/**
 * The element path a refused field was read from: the field's own, else its nearest mapped parent
 * (`measurements[2]` → `measurements`, `parameters.Feed` → `parameters`), else the noun's path.
 */
export function elementPathOf(paths: ElementPaths, field: string, nounPath: string): string {
  let at = field;
  while (at !== '') {
    if (Object.hasOwn(paths, at)) return paths[at];
    const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
    at = cut > 0 ? at.slice(0, cut) : '';
  }
  return nounPath;
}

/**
 * A command-side refusal of a command built from a noun, with each `errors[].field` translated back to
 * the element path the mapping read it from (the Lotstream field kept as `lotstreamField`). A refusal
 * that names no field (lot-not-found) names the element of the lot the command writes to.
 */
export function refusalWithElementPaths(problem: Record<string, unknown>, paths: ElementPaths, nounPath: string): Record<string, unknown> {
  const given = Array.isArray(problem.errors) ? (problem.errors as Array<{ field?: unknown; message?: unknown }>) : undefined;
  const errors = given
    ? given.map((error) => {
        const field = String(error.field ?? '');
        return { field: elementPathOf(paths, field, nounPath), message: String(error.message ?? ''), lotstreamField: field };
      })
    : Object.hasOwn(paths, SUBJECT_FIELD)
      ? [{ field: paths[SUBJECT_FIELD], message: String(problem.detail ?? ''), lotstreamField: SUBJECT_FIELD }]
      : undefined;
  return errors ? { ...problem, errors } : problem;
}
