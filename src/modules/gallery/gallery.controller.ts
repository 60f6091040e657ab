import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, UploadedFile } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { MB, requireFile, SingleFileUpload } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { UpdateGalleryPhotoDto, UploadGalleryPhotoDto } from './dto/gallery.dto.js';
import { GalleryPhotoQuery } from './dto/gallery.query.js';
import { GalleryPhotoResponse } from './dto/gallery.response.js';
import { GalleryService } from './gallery.service.js';

@ApiTags('gallery')
@Controller('gallery/photos')
export class GalleryController {
  constructor(private readonly gallery: GalleryService) {}

  /** Newest first, 20 a page; `thumbnail_url` is null until the thumbnail is made. */
  @Public()
  @Get()
  @ApiPage(GalleryPhotoResponse)
  listGalleryPhotos(@Req() req: FastifyRequest, @Query() query: GalleryPhotoQuery): Promise<Page<GalleryPhotoResponse>> {
    return this.gallery.list(req, query);
  }

  /** One photo; every call counts a view. */
  @Public()
  @Get(':id')
  getGalleryPhoto(@IdParam() id: string): Promise<GalleryPhotoResponse> {
    return this.gallery.view(id);
  }

  /** Admin: upload a photo (jpeg/png/webp by content, ≤ 10 MB) with its title, category and description. */
  @Roles('admin')
  @Post()
  @SingleFileUpload({
    maxFileBytes: 10 * MB,
    fields: {
      title: { required: true },
      category: { required: true, description: 'A gallery_category value (GET meta/choices).' },
      description: {},
    },
  })
  uploadGalleryPhoto(
    @CurrentUser() user: AuthUser,
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Body() dto: UploadGalleryPhotoDto,
  ): Promise<GalleryPhotoResponse> {
    return this.gallery.upload(user, dto, requireFile(file).buffer);
  }

  @Roles('admin')
  @Patch(':id')
  updateGalleryPhoto(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateGalleryPhotoDto,
  ): Promise<GalleryPhotoResponse> {
    return this.gallery.update(actor, id, dto);
  }

  /** Admin: delete the photo and its stored files. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteGalleryPhoto(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.gallery.remove(actor, id);
  }
}
