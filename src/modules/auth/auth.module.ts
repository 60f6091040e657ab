import { Module } from '@nestjs/common';
import { JwtModule, JwtSecretRequestType } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { AuthSession } from './auth-session.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthListener } from './auth.listener.js';
import { AuthService } from './auth.service.js';
import { OtpCode } from './otp-code.entity.js';
import { OtpService } from './otp.service.js';
import { RefreshToken } from './refresh-token.entity.js';
import { TokenRevocationService } from './token-revocation.service.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [
    UsersModule,
    TypeOrmModule.forFeature([AuthSession, RefreshToken, OtpCode]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        // Sign with the current key; verify with the key the token names (see SigningKeys).
        secretOrKeyProvider: (type: JwtSecretRequestType, token: unknown) =>
          type === JwtSecretRequestType.SIGN ? config.keys.current.key : config.keys.keyFor(token),
        signOptions: { algorithm: 'HS256', keyid: config.keys.current.kid, issuer: config.issuer, audience: config.audience },
        verifyOptions: { algorithms: ['HS256'], issuer: config.issuer, audience: config.audience },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, TokenRevocationService, OtpService, AuthListener, AccessTokenVerifier],
  exports: [TokenService, TokenRevocationService, AccessTokenVerifier, JwtModule],
})
export class AuthModule {}
