import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import sharp from 'sharp';
import { GalleryService } from '../src/modules/gallery/gallery.service.js';
import { createRoleUsers, seedGeography, type RoleUsers } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

const MEDIA_URL = 'http://media.test/media/';

function image(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: '#2a7f62' } });
  return (format === 'png' ? pipeline.png() : pipeline.jpeg()).toBuffer();
}

function uploadForm(file: Buffer | string, fields: Record<string, string>, name = 'photo.png'): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file], { type: 'image/png' }), name);
  return form;
}

/** Every file under MEDIA_ROOT/public/gallery. */
async function galleryFiles(root: string): Promise<string[]> {
  const dir = join(root, 'public', 'gallery');
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('gallery', () => {
  let t: TestApp;
  let u: RoleUsers;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    u = await createRoleUsers(t, await seedGeography(t));
    queue = t.app.get<Queue>(getQueueToken('content'));
  });
  afterAll(() => t?.close());

  const keyOf = (url: string): string => url.slice(MEDIA_URL.length);
  const pathOf = (url: string): string => join(t.mediaRoot, keyOf(url));

  async function upload(fields: Record<string, string>, file?: Buffer): Promise<any> {
    const res = await t.http.request('POST', '/gallery/photos', {
      token: u.admin.token,
      body: uploadForm(file ?? (await image(64, 48)), fields),
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  const thumbnailOf = (id: string) =>
    waitFor(
      async () => {
        const res = await t.http.get(`/gallery/photos/${id}`);
        return res.body.thumbnail_url as string | null;
      },
      { what: 'thumbnail' },
    );

  describe('permissions', () => {
    it('lets anyone browse and only admins upload, edit and delete', async () => {
      const fields = { title: 'Tree planting', category: 'environment' };
      const anonymous = await t.http.request('POST', '/gallery/photos', { body: uploadForm(await image(8, 8), fields) });
      expect(anonymous.status).toBe(401);
      for (const token of [u.citizen.token, u.staff.token]) {
        const res = await t.http.request('POST', '/gallery/photos', { token, body: uploadForm(await image(8, 8), fields) });
        expect(res.status).toBe(403);
      }
      const photo = await upload(fields);
      for (const token of [u.citizen.token, u.staff.token]) {
        expect((await t.http.patch(`/gallery/photos/${photo.id}`, { title: 'x' }, { token })).status).toBe(403);
        expect((await t.http.delete(`/gallery/photos/${photo.id}`, { token })).status).toBe(403);
      }
      expect((await t.http.get('/gallery/photos')).status).toBe(200);
      expect((await t.http.get(`/gallery/photos/${photo.id}`)).status).toBe(200);
      expect((await t.http.get(`/gallery/photos/${photo.id}`, { token: u.citizen.token })).body.title).toBe('Tree planting');
    });
  });

  describe('validation', () => {
    it('answers missing and invalid fields keyed by field', async () => {
      const missing = await t.http.request('POST', '/gallery/photos', {
        token: u.admin.token,
        body: uploadForm(await image(8, 8), {}),
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ title: ['This field is required.'], category: ['This field is required.'] });
      const bad = await t.http.request('POST', '/gallery/photos', {
        token: u.admin.token,
        body: uploadForm(await image(8, 8), { title: 'x'.repeat(201), category: 'selfies', extra: '1' }),
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['category', 'extra', 'title']);
      const noFile = new FormData();
      noFile.append('title', 'No file');
      noFile.append('category', 'events');
      const withoutFile = await t.http.request('POST', '/gallery/photos', { token: u.admin.token, body: noFile });
      expect(withoutFile.status).toBe(400);
      expect(withoutFile.body).toEqual({ file: ['No file was submitted.'] });
    });

    it('decides the type by content: a non-image named .png is 415', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
      for (const file of [Buffer.from('<?php echo "hi"; ?>'), pdf]) {
        const res = await t.http.request('POST', '/gallery/photos', {
          token: u.admin.token,
          body: uploadForm(file, { title: 'Fake', category: 'events' }, 'fake.png'),
        });
        expect(res.status).toBe(415);
        expect(typeof res.body.detail).toBe('string');
      }
    });

    it('refuses a file over 10 MB with 413', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024 + 1024, 1);
      const res = await t.http.request('POST', '/gallery/photos', {
        token: u.admin.token,
        body: uploadForm(big, { title: 'Huge', category: 'events' }),
      });
      expect(res.status).toBe(413);
    });

    it('refuses null on edit', async () => {
      const photo = await upload({ title: 'Editable', category: 'events' });
      const res = await t.http.patch(`/gallery/photos/${photo.id}`, { title: null, category: 'nope' }, { token: u.admin.token });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body).sort()).toEqual(['category', 'title']);
      expect(res.body.title).toEqual(['This field may not be null.']);
    });
  });

  describe('upload, thumbnail, views, delete', () => {
    it('stores the original at once and the thumbnail from the background job', async () => {
      await queue.pause(true); // this process's worker holds the job until we look
      let photo: any;
      try {
        photo = await upload(
          { title: 'Drain cleaning, Ward 5', category: 'cleanliness', description: 'Before the monsoon.' },
          await image(1200, 800, 'jpeg'),
        );
        expect(photo).toMatchObject({
          title: 'Drain cleaning, Ward 5',
          category: 'cleanliness',
          description: 'Before the monsoon.',
          thumbnail_url: null,
          width: 1200,
          height: 800,
          view_count: 0,
        });
        expect(keyOf(photo.image_url)).toMatch(/^public\/gallery\/.+\.jpg$/);
        expect(existsSync(pathOf(photo.image_url))).toBe(true);
      } finally {
        await queue.resume(true);
      }
      const thumbnailUrl = await thumbnailOf(photo.id);
      expect(keyOf(thumbnailUrl)).toMatch(/^public\/gallery\/.+\.thumb\.webp$/);
      const meta = await sharp(pathOf(thumbnailUrl)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 400, 400]);
      const served = await fetch(`${t.url}/media/${keyOf(thumbnailUrl)}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');

      // A rerun of the job does nothing.
      expect(await t.app.get(GalleryService).makeThumbnail(photo.id)).toBe('exists');
    });

    it('counts every view atomically', async () => {
      const photo = await upload({ title: 'Counted', category: 'events' });
      expect((await t.http.get(`/gallery/photos/${photo.id}`)).body.view_count).toBe(1);
      expect((await t.http.get(`/gallery/photos/${photo.id}`, { token: u.citizen.token })).body.view_count).toBe(2);
      await Promise.all(Array.from({ length: 10 }, () => t.http.get(`/gallery/photos/${photo.id}`)));
      const row = await t.db.query('SELECT view_count FROM gallery_photos WHERE id = $1', [photo.id]);
      expect(row.rows[0].view_count).toBe(12);
      // Listing does not count.
      await t.http.get('/gallery/photos');
      expect((await t.http.get(`/gallery/photos/${photo.id}`)).body.view_count).toBe(13);
    });

    it('lets an admin edit the text fields', async () => {
      const photo = await upload({ title: 'Old title', category: 'events' });
      const res = await t.http.patch(
        `/gallery/photos/${photo.id}`,
        { title: 'New title', category: 'awareness', description: 'Rally' },
        { token: u.admin.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'New title', category: 'awareness', description: 'Rally' });
    });

    it('deletes the row and both stored files', async () => {
      const photo = await upload({ title: 'To delete', category: 'other' });
      const thumbnailUrl = await thumbnailOf(photo.id);
      const files = [pathOf(photo.image_url), pathOf(thumbnailUrl)];
      for (const f of files) expect(existsSync(f)).toBe(true);
      expect((await t.http.delete(`/gallery/photos/${photo.id}`, { token: u.admin.token })).status).toBe(204);
      for (const f of files) expect(existsSync(f)).toBe(false);
      expect((await t.http.get(`/gallery/photos/${photo.id}`)).status).toBe(404);
      expect((await t.http.delete(`/gallery/photos/${photo.id}`, { token: u.admin.token })).status).toBe(404);
    });

    it('leaves no thumbnail behind for a photo deleted before its job ran', async () => {
      const before = await galleryFiles(t.mediaRoot);
      await queue.pause(true);
      try {
        const photo = await upload({ title: 'Short-lived', category: 'other' });
        expect((await t.http.delete(`/gallery/photos/${photo.id}`, { token: u.admin.token })).status).toBe(204);
        expect(await t.app.get(GalleryService).makeThumbnail(photo.id)).toBe('gone');
      } finally {
        await queue.resume(true);
      }
      expect((await galleryFiles(t.mediaRoot)).sort()).toEqual(before.sort());
    });
  });

  describe('listing', () => {
    beforeAll(async () => {
      await t.db.query('DELETE FROM gallery_photos');
      const png = await image(16, 16);
      for (let i = 1; i <= 21; i++) await upload({ title: `Rally ${i}`, category: 'events' }, png);
      await upload({ title: 'Bridge opening', category: 'development', description: 'New bridge over the canal' }, png);
    });

    it('lists a category 20 a page, newest first', async () => {
      const first = await t.http.get('/gallery/photos?category=events');
      expect(first.status).toBe(200);
      expect(first.body.count).toBe(21);
      expect(first.body.results).toHaveLength(20);
      expect(first.body.results[0].title).toBe('Rally 21');
      expect(first.body.results.every((p: any) => p.category === 'events')).toBe(true);
      expect(first.body.next).toContain('page=2');
      const second = await t.http.get(first.body.next.replace(/^.*\/api\/v1/, ''));
      expect(second.body.results.map((p: any) => p.title)).toEqual(['Rally 1']);
    });

    it('lists every category without a filter, and searches title and description', async () => {
      const all = await t.http.get('/gallery/photos');
      expect(all.body.count).toBe(22);
      expect(all.body.results[0].title).toBe('Bridge opening');
      const found = await t.http.get('/gallery/photos?search=canal');
      expect(found.body.results.map((p: any) => p.title)).toEqual(['Bridge opening']);
      const bad = await t.http.get('/gallery/photos?category=selfies');
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body)).toEqual(['category']);
    });

    it('returns the contract fields in snake_case', async () => {
      const res = await t.http.get('/gallery/photos?page_size=1');
      expect(Object.keys(res.body.results[0]).sort()).toEqual(
        [
          'category',
          'created_at',
          'description',
          'height',
          'id',
          'image_url',
          'size',
          'thumbnail_url',
          'title',
          'updated_at',
          'view_count',
          'width',
        ].sort(),
      );
    });
  });
});
