import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsObject, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { SIGNATURE_MEANINGS, SignatureClaim, SignatureMeaning } from '@lotstream/domain';
import { IdField } from '@lotstream/recording';

/** A secret typed by a person (signing password): 1–200 characters, never echoed in an error. */
export function SecretField(min: number, description: string): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    ApiProperty({ required: true, minLength: min, maxLength: 200, format: 'password', description })(target, property);
    IsString()(target, property);
    Length(min, 200, { message: `$property must have ${min} to 200 characters` })(target, property);
    Matches(/^[^\u0000-\u001f\u007f]+$/, { message: '$property must not contain control characters' })(target, property);
  };
}

/** `signature: {personId, password, meaning}` in the body of a signed command. */
export class SignatureDto implements SignatureClaim {
  @IdField('QE-004', true, 'The person who signs (a registered person of the record’s site).') personId: string;
  @SecretField(1, 'The signer’s signing password (re-authenticates at every signature).') password: string;
  @ApiProperty({ enum: SIGNATURE_MEANINGS, example: 'released' })
  @IsIn(SIGNATURE_MEANINGS as unknown as string[])
  meaning: SignatureMeaning;
}

/** The `signature` field of a signed command's body: validated as a nested object; required unless told. */
export function SignatureField(required = true): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    ApiProperty({ type: SignatureDto, required, description: 'The signer re-authenticates: person id, signing password, meaning of the signature.' })(
      target,
      property,
    );
    if (required) IsDefined()(target, property);
    else IsOptional()(target, property);
    IsObject()(target, property);
    ValidateNested()(target, property);
    Type(() => SignatureDto)(target, property);
  };
}
