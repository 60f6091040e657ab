import sharp from 'sharp';

/** A small solid PNG (or JPEG) made with sharp. */
export function image(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: '#2a7f62' } });
  return (format === 'png' ? pipeline.png() : pipeline.jpeg()).toBuffer();
}

/** A multipart form with text `fields` and one file in field `file`, with the name and type the client claims. */
export function uploadForm(
  file: Buffer | string,
  fields: Record<string, string> = {},
  name = 'photo.png',
  type = 'image/png',
): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file], { type }), name);
  return form;
}
