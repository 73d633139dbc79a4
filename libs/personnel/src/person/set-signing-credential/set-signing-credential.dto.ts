import { IdField } from '@lotstream/recording';
import { SecretField } from '../../signing/signature.dto';

export class SetSigningCredentialBody {
  @SecretField(20, 'The one-time token of POST /v1/personnel/{personId}/signing-enrolment.') enrolmentToken: string;
  @SecretField(12, 'The new signing password: at least 12 characters; stored only as a salted scrypt hash.') password: string;
}

export class SetSigningCredentialDto extends SetSigningCredentialBody {
  @IdField('QE-004') personId: string;
}
