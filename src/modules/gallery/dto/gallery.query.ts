import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { GALLERY_CATEGORIES, type GalleryCategory } from '../gallery.choices.js';

export class GalleryPhotoQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(GALLERY_CATEGORIES) })
  @IsOptional()
  @IsIn(choiceValues(GALLERY_CATEGORIES))
  category?: GalleryCategory;

  /** Substring of the title or description. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
