import { IdField } from '@lotstream/recording';

/** The enrolment has no body fields: the person is in the path, the token is made by the service. */
export class EnrolSignerBody {}

export class EnrolSignerDto extends EnrolSignerBody {
  @IdField('QE-004') personId: string;
}
