import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { IsOptionalNonNull } from '../../../common/validation/optional.js';
import { trimString } from '../../../common/validation/transforms.js';
import { GALLERY_CATEGORIES, type GalleryCategory } from '../gallery.choices.js';

/** The text fields of the multipart upload (the image itself is the `file` part). */
export class UploadGalleryPhotoDto {
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ enum: choiceValues(GALLERY_CATEGORIES) })
  @IsIn(choiceValues(GALLERY_CATEGORIES))
  category: GalleryCategory;

  @IsOptionalNonNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(5_000)
  description?: string;
}

export class UpdateGalleryPhotoDto extends PartialType(UploadGalleryPhotoDto, { skipNullProperties: false }) {}
