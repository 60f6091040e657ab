export class GalleryPhotoResponse {
  id: string;
  title: string;
  description: string;
  category: string;
  image_url: string;
  /** Null until the background job has made it. */
  thumbnail_url: string | null;
  width: number;
  height: number;
  size: number;
  view_count: number;
  created_at: string;
  updated_at: string;
}
