import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, UploadedFile } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../../common/auth/decorators.js';
import { MB, requireFile, SingleFileUpload } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { AdminUpdateUserDto, AdminUserQuery, RegisterDeviceDto, UpdateMeDto } from './dto/users.dto.js';
import { DeviceResponse, UserResponse } from './dto/users.response.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Authenticated()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  getMe(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.profile(user.id);
  }

  @Patch('me')
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<UserResponse> {
    return this.users.updateMe(user.id, dto);
  }

  /** Uploads a profile photo (jpeg/png/webp, ≤ 5 MB); it is cropped to 512×512 and its metadata removed. */
  @Post('me/avatar')
  @SingleFileUpload({ maxFileBytes: 5 * MB })
  uploadAvatar(@CurrentUser() user: AuthUser, @UploadedFile() file: UploadedMultipartFile | undefined): Promise<UserResponse> {
    return this.users.setAvatar(user.id, requireFile(file).buffer);
  }

  /** Deactivates the account and ends every login. Logging in again within 30 days restores it; after that it is anonymised. */
  @Delete('me')
  @HttpCode(204)
  deactivateMe(@CurrentUser() user: AuthUser): Promise<void> {
    return this.users.deactivateMe(user);
  }

  /** Registers this device's push token (FCM). */
  @Post('me/devices')
  registerDevice(@CurrentUser() user: AuthUser, @Body() dto: RegisterDeviceDto): Promise<DeviceResponse> {
    return this.users.registerDevice(user.id, dto);
  }

  @Get('me/devices')
  listDevices(@CurrentUser() user: AuthUser): Promise<DeviceResponse[]> {
    return this.users.listDevices(user.id);
  }

  @Delete('me/devices/:id')
  @HttpCode(204)
  removeDevice(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    return this.users.removeDevice(user.id, id);
  }

  /** Admin: every user, filtered by role, ward or active state, searched by name, phone or email. */
  @Roles('admin')
  @Get()
  @ApiPage(UserResponse)
  listUsers(@Req() req: FastifyRequest, @Query() query: AdminUserQuery): Promise<Page<UserResponse>> {
    return this.users.list(req, query);
  }

  @Roles('admin')
  @Get(':id')
  getUser(@IdParam() id: string): Promise<UserResponse> {
    return this.users.profile(id);
  }

  /** Admin: change a user's role, staff wards or active state. */
  @Roles('admin')
  @Patch(':id')
  updateUser(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: AdminUpdateUserDto): Promise<UserResponse> {
    return this.users.adminUpdate(actor, id, dto);
  }
}
