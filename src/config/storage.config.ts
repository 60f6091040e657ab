import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

export const storageConfig = registerAs('storage', () => {
  const env = validateEnv(process.env);
  return {
    driver: env.STORAGE_DRIVER,
    mediaRoot: env.MEDIA_ROOT,
    mediaUrl: env.MEDIA_URL.endsWith('/') ? env.MEDIA_URL : `${env.MEDIA_URL}/`,
    s3: {
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    },
  };
});
export type StorageConfig = ReturnType<typeof storageConfig>;
