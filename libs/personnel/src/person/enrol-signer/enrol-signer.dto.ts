import { IdField, TextField } from '@lotstream/recording';

/** The person is in the path and the token is made by the service; the body may say why. */
export class EnrolSignerBody {
  @TextField('Quality engineer appointed release signer for line 2', false) note?: string;
}

export class EnrolSignerDto extends EnrolSignerBody {
  @IdField('QE-004') personId: string;
}
