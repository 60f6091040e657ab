import { Body, Controller, Get, Headers, HttpCode, Post, Query, Redirect, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { CreatePaymentDto, PaymentQuery, RefundPaymentDto } from './dto/payments.dto.js';
import { PaymentResponse } from './dto/payments.response.js';
import { idempotencyKey, IDEMPOTENCY_HEADER } from './idempotency-key.js';
import { mapPayment } from './payments.mapper.js';
import { PaymentsService } from './payments.service.js';

@ApiTags('payments')
@Authenticated()
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /**
   * Starts a payment: 201 with the pending payment and `redirect_url`, where
   * the app sends the user to pay. With an `Idempotency-Key` header a retry
   * returns the same payment (header `Idempotent-Replayed: true`) without a
   * second gateway call; the same key with a different body is a 409. A
   * method whose gateway is not configured is a 400 on `payment_method`; a
   * gateway that refuses or does not answer is a 502.
   */
  @Post()
  @ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    description: 'Any unique string (≤ 255 printable characters) per intended payment.',
  })
  @ApiCreatedResponse({ type: PaymentResponse })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used with a different request.' })
  @ApiBadGatewayResponse({ description: 'The gateway refused or did not answer; the payment is failed.' })
  async createPayment(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePaymentDto,
    @Headers(IDEMPOTENCY_HEADER) keyHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponse> {
    const { payment, replayed } = await this.payments.initiate(
      user.origin,
      {
        userId: user.id,
        serviceType: dto.service_type,
        amount: dto.amount,
        paymentMethod: dto.payment_method,
        phoneNumber: dto.phone_number,
      },
      { idempotencyKey: idempotencyKey(keyHeader), request: ['payments', dto] },
    );
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return mapPayment(payment);
  }

  /** The caller's payments (staff and admin: everyone's, `?user=` for one), newest first. */
  @Get()
  @ApiPage(PaymentResponse)
  listPayments(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: PaymentQuery,
  ): Promise<Page<PaymentResponse>> {
    return this.payments.list(req, user, query);
  }

  /** Where a gateway sends the user back, or posts its notification (IPN). Public; queues a server-side confirmation and redirects to the app. */
  @Public()
  @Get('callback/:gateway')
  @Redirect()
  @ApiExcludeEndpoint()
  async paymentCallbackGet(
    @Req() req: FastifyRequest<{ Params: { gateway: string } }>,
  ): Promise<{ url: string; statusCode: number }> {
    const url = await this.payments.acceptCallback(req.ctx, req.params.gateway, PaymentsService.callbackParams(req.query));
    return { url, statusCode: 302 };
  }

  @Public()
  @Post('callback/:gateway')
  @Redirect()
  @ApiExcludeEndpoint()
  async paymentCallbackPost(
    @Req() req: FastifyRequest<{ Params: { gateway: string } }>,
  ): Promise<{ url: string; statusCode: number }> {
    const url = await this.payments.acceptCallback(
      req.ctx,
      req.params.gateway,
      PaymentsService.callbackParams(req.query, req.body),
    );
    return { url, statusCode: 302 };
  }

  /** One payment: the owner's (staff and admin: any). */
  @Get(':id')
  async getPayment(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaymentResponse> {
    return mapPayment(await this.payments.getVisible(user, id));
  }

  /** Admin: refunds a completed payment through its gateway (all of it unless `amount` is given); it becomes `refunded`. */
  @Roles('admin')
  @Post(':id/refund')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'The payment is not completed.' })
  @ApiBadGatewayResponse({ description: 'The gateway refused the refund; nothing changed.' })
  async refundPayment(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: RefundPaymentDto,
  ): Promise<PaymentResponse> {
    return mapPayment(await this.payments.refund(actor, id, dto.amount, dto.reason));
  }
}
