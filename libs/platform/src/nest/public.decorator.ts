import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'lotstream:public';
/** Marks a route (or controller) that needs no API key: health, readiness, metrics, docs. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);

export const KEY_OPTIONAL = 'lotstream:key-optional';
/**
 * Marks a route whose own credential is in its body (setting a signing password with a one-time
 * enrolment token): a request without an Authorization header passes the guard with no actor; a
 * key that is presented is checked as on every other route (unknown → 401, role not allowed → 403).
 */
export const KeyOptional = (): MethodDecorator => SetMetadata(KEY_OPTIONAL, true);
