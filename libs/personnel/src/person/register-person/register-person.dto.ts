import { IdField, NameField, TimestampField } from '@lotstream/recording';
import type { RegisterPerson } from './register-person';

export class RegisterPersonDto implements RegisterPerson {
  @IdField('OPR-117', true, 'The id a production step sends as operatorId.') personId: string;
  @NameField('Dana Whitfield') name: string;
  @IdField('SITE-A') siteId: string;
  @IdField('HR-00417', false, 'The person in the plant’s HR system.') employeeRef?: string;
  @TimestampField('2026-01-05T08:00:00Z', false, 'When the person was registered; server time if omitted.') occurredAt?: string;
}
