import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'lotstream:public';
/** Marks a route (or controller) that needs no API key: health, readiness, metrics, docs. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
