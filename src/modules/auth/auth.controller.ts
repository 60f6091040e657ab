import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, RequestOrigin } from '../../common/auth/decorators.js';
import type { RequestContext } from '../../common/http/request-context.js';
import { AuthRateLimit } from '../../common/rate-limit/rate-limit.js';
import { UserResponse } from '../users/dto/users.response.js';
import { UsersService } from '../users/users.service.js';
import {
  LoginDto,
  OtpRequestDto,
  OtpVerifyDto,
  PasswordChangeDto,
  PasswordResetDto,
  RefreshTokenDto,
  RegisterDto,
} from './dto/auth.dto.js';
import { AuthResponse, DetailResponse, TokenPairResponse } from './dto/auth.response.js';
import { AuthService } from './auth.service.js';
import type { ClientInfo } from './token.service.js';

const clientInfo = (req: FastifyRequest): ClientInfo => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Creates a citizen account and logs it in (the seed's register). */
  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponse })
  register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<AuthResponse> {
    return this.auth.register(dto, clientInfo(req));
  }

  /** The seed's login. A wrong password and an unknown phone both answer 401 {"error": "Invalid credentials"}. */
  @Public()
  @AuthRateLimit('login')
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponse })
  @ApiUnauthorizedResponse({ description: '{"error": "Invalid credentials"}' })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<AuthResponse> {
    return this.auth.login(dto, clientInfo(req));
  }

  /** Exchanges a refresh token for a new pair; the old refresh token dies, and presenting it again ends the login. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse })
  refresh(@Body() dto: RefreshTokenDto): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refresh_token);
  }

  /** Ends the login the refresh token belongs to. */
  @Authenticated()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthUser, @Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(user.id, dto.refresh_token);
  }

  /** Sends a 6-digit code by SMS, valid 5 minutes. The answer is the same whether or not the number is registered. */
  @Public()
  @AuthRateLimit('otp')
  @Post('otp/request')
  @HttpCode(200)
  async requestOtp(@Body() dto: OtpRequestDto, @RequestOrigin() origin: RequestContext): Promise<DetailResponse> {
    await this.auth.requestOtp(dto.phone, dto.purpose, origin);
    return { detail: 'If this number is registered, a code has been sent to it.' };
  }

  /** Confirms the phone number with the code (sets is_verified). */
  @Public()
  @AuthRateLimit('otp-verify')
  @Post('otp/verify')
  @HttpCode(200)
  async verifyOtp(@Body() dto: OtpVerifyDto, @RequestOrigin() origin: RequestContext): Promise<DetailResponse> {
    await this.auth.verifyPhone(dto.phone, dto.code, origin);
    return { detail: 'Phone number verified.' };
  }

  /** Sets a new password with a code from otp/request (purpose reset); every login ends. */
  @Public()
  @AuthRateLimit('reset')
  @Post('password/reset')
  @HttpCode(200)
  async resetPassword(@Body() dto: PasswordResetDto, @RequestOrigin() origin: RequestContext): Promise<DetailResponse> {
    await this.auth.resetPassword(dto, origin);
    return { detail: 'Password has been reset.' };
  }

  /** Changes the password; this login stays, every other login ends. */
  @Authenticated()
  @Post('password/change')
  @HttpCode(200)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: PasswordChangeDto): Promise<DetailResponse> {
    await this.auth.changePassword(user, dto);
    return { detail: 'Password updated.' };
  }

  @Authenticated()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.profile(user.id);
  }
}
