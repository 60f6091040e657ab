import { toIso } from '../../common/time/dhaka-time.js';
import type { GalleryPhotoResponse } from './dto/gallery.response.js';
import type { GalleryPhoto } from './gallery-photo.entity.js';

/** `fileUrl` resolves a stored key to its public URL (the storage module's job). */
export function mapGalleryPhoto(p: GalleryPhoto, fileUrl: (key: string) => string): GalleryPhotoResponse {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    category: p.category,
    image_url: fileUrl(p.imageKey),
    thumbnail_url: p.thumbnailKey ? fileUrl(p.thumbnailKey) : null,
    width: p.width,
    height: p.height,
    size: p.sizeBytes,
    view_count: p.viewCount,
    created_at: toIso(p.createdAt),
    updated_at: toIso(p.updatedAt),
  };
}
