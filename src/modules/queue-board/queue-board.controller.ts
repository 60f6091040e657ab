import { Controller, Delete, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth/decorators.js';
import { appConfig, type AppConfig } from '../../config/app.config.js';
import { bearerToken } from '../../common/auth/bearer-token.js';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from './queue-board.plugin.js';

/**
 * Opens the queue dashboard (Bull Board, at /api/v1/admin/queues) in a
 * browser tab, which cannot send a bearer header: the admin app calls
 * `POST admin/queues/session` with the admin's access token and gets it back
 * as an HttpOnly cookie valid only for the dashboard's path and only as long
 * as the token (a logout or deactivation revokes it as it revokes the token).
 */
@ApiTags('admin')
@Roles('admin')
@Controller('admin/queues/session')
export class QueueBoardController {
  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {}

  /** Admin: sets the dashboard cookie (the caller's access token, HttpOnly, SameSite=Lax, path-scoped). */
  @Post()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cookie set; open /api/v1/admin/queues.' })
  openQueueBoardSession(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    // The guard has verified this token; only its expiry is read here.
    const token = bearerToken(req.headers.authorization)!;
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    const maxAge = Math.max(0, exp - Math.floor(Date.now() / 1000));
    void reply.header('set-cookie', this.cookie(token, maxAge));
  }

  /** Admin: removes the dashboard cookie. */
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cookie removed.' })
  closeQueueBoardSession(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', this.cookie('', 0));
  }

  private cookie(value: string, maxAge: number): string {
    const secure = this.config.isProduction ? '; Secure' : '';
    return `${QUEUE_BOARD_COOKIE}=${value}; Path=${QUEUE_BOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  }
}
