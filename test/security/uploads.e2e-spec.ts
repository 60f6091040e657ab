import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { image, uploadForm } from '../helpers/files.js';
import { createRoleUsers, seedGeography, type Geography, type RoleUsers } from '../helpers/fixtures.js';
import type { HttpResponse } from '../helpers/http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Hostile files against every upload route: a file's type is what its bytes
 * are, not its name or declared type; images are decoded and re-encoded, so
 * whatever rides along (script after the image data, in metadata chunks) is
 * gone; SVG and HTML are never images; client file names never reach the
 * disk; an image whose header promises billions of pixels is refused before
 * it is decoded.
 */
describe('security: uploads', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;

  const SCRIPT = '<script>alert(document.cookie)</script>';

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterAll(() => t?.close());

  interface Target {
    name: string;
    pdf: boolean;
    send(form: () => FormData): Promise<HttpResponse>;
    /** The URL of the stored file in a successful answer, and the token needed to fetch it. */
    fileOf(res: HttpResponse): { url: string; token?: string };
  }

  const media = (url: string) => `${t.url}/media/${url.replace(t.env.MEDIA_URL, '')}`;
  const post = (path: string, token: string, body: FormData) => t.http.request('POST', path, { token, body });

  const targets: Target[] = [
    {
      name: 'avatar',
      pdf: false,
      send: (form) => post('/users/me/avatar', u.citizen.token, form()),
      fileOf: (res) => ({ url: media(res.body.avatar_url) }),
    },
    {
      name: 'complaint attachment',
      pdf: true,
      send: async (form) => {
        const complaint = await t.http.post(
          '/complaints',
          { title: 'T', description: 'D', category: 'পরিচ্ছন্নতা', priority: 'উচ্চ', location: 'L' },
          { token: u.citizen.token },
        );
        return post(`/complaints/${complaint.body.id}/attachments`, u.citizen.token, form());
      },
      fileOf: (res) => ({ url: res.body.attachments[0].file, token: u.citizen.token }),
    },
    {
      name: 'gallery photo',
      pdf: false,
      send: (form) => {
        const f = form();
        f.append('title', 'Photo');
        f.append('category', 'environment');
        return post('/gallery/photos', u.admin.token, f);
      },
      fileOf: (res) => ({ url: media(res.body.image_url) }),
    },
    {
      name: 'campaign image',
      pdf: false,
      send: async (form) => {
        const campaign = await t.http.post('/donations/campaigns', { title: 'C', goal: '10.00' }, { token: u.admin.token });
        return post(`/donations/campaigns/${campaign.body.id}/image`, u.admin.token, form());
      },
      fileOf: (res) => ({ url: media(res.body.image_url) }),
    },
    {
      name: 'notice attachment',
      pdf: true,
      send: async (form) => {
        const notice = await t.http.post('/notices', { title: 'N', content: 'C', category: 'general' }, { token: u.admin.token });
        return post(`/notices/${notice.body.id}/attachment`, u.admin.token, form());
      },
      fileOf: (res) => ({ url: media(res.body.attachment_url) }),
    },
    {
      name: 'waste guideline image',
      pdf: false,
      send: async (form) => {
        const guideline = await t.http.post(
          '/waste-management/guidelines',
          { title: 'G', content: 'C', category: 'segregation' },
          { token: u.admin.token },
        );
        return post(`/waste-management/guidelines/${guideline.body.id}/image`, u.admin.token, form());
      },
      fileOf: (res) => ({ url: media(res.body.image_url) }),
    },
  ];
  const names = targets.map((x) => x.name);
  const target = (name: string) => targets.find((x) => x.name === name)!;

  async function fetchStored(res: HttpResponse, x: Target): Promise<{ bytes: Buffer; headers: Headers; status: number }> {
    const { url, token } = x.fileOf(res);
    const file = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { bytes: Buffer.from(await file.arrayBuffer()), headers: file.headers, status: file.status };
  }

  /** A PNG whose header says width × height, with a few bytes of (compressed) pixel data. */
  function pngClaiming(width: number, height: number): Buffer {
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc = (buf: Buffer) => {
      let c = 0xffffffff;
      for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc(body), 8 + data.length);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(64 * 1024))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  /** Every uploaded file under MEDIA_ROOT, relative to it (not the thumbnails a background job adds later). */
  async function storedFiles(): Promise<string[]> {
    const entries = await readdir(t.mediaRoot, { recursive: true, withFileTypes: true });
    // A gallery thumbnail is made later by a job, not by the upload: neither it nor the temporary
    // file it is being written through (`<key>.thumb.webp.<uuid>.tmp`) is an uploaded file.
    return entries
      .filter((e) => e.isFile() && !/\.thumb\.webp(\.[0-9a-f-]{36}\.tmp)?$/.test(e.name))
      .map((e) => relative(t.mediaRoot, join(e.parentPath, e.name)));
  }

  describe.each(names)('%s', (name) => {
    const x = () => target(name);

    it('refuses SVG and HTML dressed up as images with 415, and stores nothing', async () => {
      const before = await storedFiles();
      const disguises: Array<[string, string, string]> = [
        [`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`, 'image.png', 'image/png'],
        [`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`, 'logo.svg', 'image/svg+xml'],
        [`<!doctype html><html><body>${SCRIPT}</body></html>`, 'photo.jpg', 'image/jpeg'],
        // HTML first, a real PNG after it: sniffed as what it starts with.
        [`<html>${SCRIPT}</html>` + (await image(4, 4)).toString('latin1'), 'photo.png', 'image/png'],
      ];
      for (const [content, fileName, type] of disguises) {
        const res = await x().send(() => uploadForm(Buffer.from(content, 'latin1'), {}, fileName, type));
        expect({ fileName, status: res.status, body: res.body }).toEqual({
          fileName,
          status: 415,
          body: { detail: expect.any(String) },
        });
      }
      expect(await storedFiles()).toEqual(before);
    });

    it('re-encodes a polyglot image: the script riding after the image data and in a text chunk is gone', async () => {
      const png = await sharp(await image(40, 30))
        .withMetadata({ exif: { IFD0: { ImageDescription: SCRIPT } } })
        .png()
        .toBuffer();
      const polyglot = Buffer.concat([png, Buffer.from(`<html>${SCRIPT}</html>`), Buffer.from('PK\u0003\u0004 zip payload')]);
      const res = await x().send(() => uploadForm(polyglot, {}, 'cat.png', 'image/png'));
      expect([200, 201]).toContain(res.status);
      const stored = await fetchStored(res, x());
      expect(stored.status).toBe(200);
      expect(stored.headers.get('content-type')).toMatch(/^image\/(png|webp|jpeg)$/);
      expect(stored.headers.get('x-content-type-options')).toBe('nosniff');
      expect(stored.bytes.includes(Buffer.from('<script'))).toBe(false);
      expect(stored.bytes.includes(Buffer.from('PK\u0003\u0004'))).toBe(false);
      expect(['png', 'webp', 'jpeg']).toContain((await sharp(stored.bytes).metadata()).format);
    });

    it('never lets the client file name choose where the file goes', async () => {
      const before = new Set(await storedFiles());
      const png = await image(8, 8);
      for (const fileName of [
        '../../../../../tmp/evil.png',
        '..\\..\\..\\evil.png',
        '/etc/passwd.png',
        '%2e%2e%2fevil.png',
        'a\u0000.png',
      ]) {
        const res = await x().send(() => uploadForm(png, {}, fileName, 'image/png'));
        expect({ fileName, status: [200, 201].includes(res.status) }).toEqual({ fileName, status: true });
        // At most a display name survives (the notice attachment's): no path, no control characters.
        expect(res.text).not.toMatch(/\.\.[\\/]|\\\\|\/etc\/|\\u0000/);
        const shown = String(res.body.attachment_name ?? '');
        expect(['/', '\\', String.fromCharCode(0)].some((c) => shown.includes(c))).toBe(false);
      }
      const added = (await storedFiles()).filter((f) => !before.has(f));
      // (A new avatar replaces the old one, so there only the last file remains.)
      expect(added.length).toBeGreaterThanOrEqual(name === 'avatar' ? 1 : 5);
      for (const file of added) {
        expect(file).toMatch(/^(public|private)\/[a-z-]+\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.(png|webp|jpg)$/);
      }
      expect(existsSync('/tmp/evil.png')).toBe(false);
      expect(existsSync(join(t.mediaRoot, '..', 'evil.png'))).toBe(false);
    });

    it('refuses a pixel flood (a small file claiming 10 billion pixels) with 400, quickly and without a 500', async () => {
      const bomb = pngClaiming(100_000, 100_000);
      expect(bomb.length).toBeLessThan(5_000);
      const started = Date.now();
      const res = await x().send(() => uploadForm(bomb, {}, 'bomb.png', 'image/png'));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: 'Image dimensions are too large.' });
      expect(Date.now() - started).toBeLessThan(3_000);
      // Just over the limit (40 megapixels) is refused too; the server is still well.
      expect((await x().send(() => uploadForm(pngClaiming(8_000, 5_001), {}, 'b.png', 'image/png'))).status).toBe(400);
      expect((await t.http.get('/health')).status).toBe(200);
    });

    if (name === 'complaint attachment' || name === 'notice attachment') {
      it('serves a PDF that carries HTML as a PDF: never rendered as a page', async () => {
        const pdf = Buffer.from(
          `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n<html><body>${SCRIPT}</body></html>\ntrailer\n<<>>\n%%EOF\n`,
        );
        const res = await x().send(() => uploadForm(pdf, {}, 'report.html', 'text/html'));
        expect([200, 201]).toContain(res.status);
        const stored = await fetchStored(res, x());
        expect(stored.headers.get('content-type')).toBe('application/pdf');
        expect(stored.headers.get('x-content-type-options')).toBe('nosniff');
        if (name === 'complaint attachment') expect(stored.headers.get('content-disposition')).toMatch(/^attachment;/);
        expect(stored.headers.get('content-security-policy')).toContain("default-src 'self'");
      });
    }
  });
});
