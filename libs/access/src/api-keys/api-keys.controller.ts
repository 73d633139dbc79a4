import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { problem, ProblemError } from '@lotstream/platform';
import type { Actor } from '../actor';
import { CurrentActor } from '../current-actor.decorator';
import { Roles } from '../roles.decorator';
import { ADMIN_ROLES } from '../route-policy';
import { AccessService, ApiKeyView, CreatedApiKey, RequestContext } from './access.service';
import { isApiKeyRefusal, problemOfRefusal } from './api-key-refusals';
import { CreateApiKeyDto } from './create-api-key.dto';

@ApiTags('access')
@Controller('v1/admin/api-keys')
@Roles(...ADMIN_ROLES)
export class ApiKeysController {
  constructor(private readonly access: AccessService) {}

  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ description: 'The key, with its secret `apiKey` shown this once (only its hash is stored).' })
  @ApiConflictResponse({ description: 'This Idempotency-Key already issued a key (its secret is not shown again).' })
  async create(
    @Body() body: CreateApiKeyDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CreatedApiKey> {
    const created = await this.access.createKey({ role: body.role, sites: body.sites, label: body.label }, contextOf(actor, request, idempotencyKey));
    if (isApiKeyRefusal(created)) throw new ProblemError(problemOfRefusal(created));
    return created;
  }

  @Get()
  @ApiOkResponse({ description: 'Every key without its secret: id, role, sites, label, created and revoked times.' })
  async list(): Promise<{ items: ApiKeyView[] }> {
    return { items: await this.access.listKeys() };
  }

  @Post(':keyId/revocation')
  @ApiCreatedResponse({ description: 'Revoked now: the key authenticates nothing from this instant.' })
  @ApiOkResponse({ description: 'The key was already revoked; nothing new is recorded.' })
  async revoke(
    @Param('keyId') keyId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ApiKeyView & Record<string, unknown>> {
    const outcome = await this.access.revokeKey(keyId, contextOf(actor, request, idempotencyKey));
    if (isApiKeyRefusal(outcome)) throw new ProblemError(problemOfRefusal(outcome));
    response.status(outcome.revokedNow ? 201 : 200);
    return { ...outcome.key, ...outcome.write };
  }
}

function contextOf(actor: Actor, request: Request, idempotencyKey: string | undefined): RequestContext {
  if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > 200)) {
    throw new ProblemError(
      problem(400, 'validation', 'The request has 1 invalid field(s).', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1–200 characters' }],
      }),
    );
  }
  const correlationId = (request as { id?: unknown }).id;
  return {
    actor,
    correlationId: typeof correlationId === 'string' ? correlationId : randomUUID(),
    idempotencyKey: idempotencyKey || undefined,
  };
}
