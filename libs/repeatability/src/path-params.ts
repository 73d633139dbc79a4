import { problem, ProblemError } from '@lotstream/platform';
import { ID_PATTERN } from '@lotstream/recording';

/** A path identifier (partNumber, characteristicId): 1–64 of [A-Za-z0-9._:/-], else 400. */
export function assertIdentifier(field: string, value: string): void {
  if (value.length < 1 || value.length > 64 || !ID_PATTERN.test(value)) {
    throw new ProblemError(
      problem(400, 'validation', 'The request has 1 invalid field(s).', {
        errors: [{ field, message: `${field} must be 1–64 letters, digits or . _ : / -` }],
      }),
    );
  }
}
