import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const base = {
  title: 'ভাঙা রাস্তা',
  description: 'বড় গর্ত, রিকশা উল্টে যাচ্ছে।',
  category: 'রাস্তাঘাট',
  priority: 'মধ্যম',
  location: 'মিরপুর ১০',
};

/** An ISO BMFF header with the given brand (mp4 video, m4a voice). */
function isoMedia(brand: string): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftyp', 4);
  ftyp.write(brand, 8);
  ftyp.write(brand, 16);
  ftyp.write('isom', 20);
  ftyp.write('mp42', 24);
  ftyp.write('free', 28);
  return Buffer.concat([ftyp, Buffer.alloc(256)]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const AAC = Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, ...Array(128).fill(0)]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

type Part = { name?: string; body: Buffer; filename: string; type: string };

describe('complaint attachments', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  let jpeg: Buffer;

  const file = async (user: TestUser, overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/complaints', { ...base, ...overrides }, { token: user.token });
    expect(res.status).toBe(201);
    return res.body as { id: string; tracking_number: string };
  };

  const upload = (user: TestUser, id: string, parts: Part[]) => {
    const form = new FormData();
    for (const p of parts) form.append(p.name ?? 'file', new Blob([p.body], { type: p.type }), p.filename);
    return t.http.request('POST', `/complaints/${id}/attachments`, { token: user.token, body: form });
  };

  const download = async (user: TestUser, url: string) => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${user.token}` } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  const storedFiles = async (): Promise<string[]> => {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else out.push(path.slice(t.mediaRoot.length + 1));
      }
    };
    await walk(t.mediaRoot);
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    // A photo carrying EXIF metadata (a stand-in for GPS) that must not survive.
    jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret-exif-marker', Artist: 'secret-exif-marker' } })
      .toBuffer();
  });
  afterAll(() => t?.close());

  it('stores every allowed kind, decided by content, under random private keys', async () => {
    const c = await file(u.citizen);
    const res = await upload(u.citizen, c.id, [
      { body: jpeg, filename: 'photo.jpg', type: 'image/jpeg' },
      { body: PDF, filename: 'report.pdf', type: 'application/pdf' },
      { body: isoMedia('isom'), filename: 'clip.mp4', type: 'video/mp4' },
      { body: isoMedia('M4A '), filename: 'voice.m4a', type: 'audio/mp4' },
      // The declared type and name are ignored: this is AAC whatever it says.
      { body: AAC, filename: 'voice.txt', type: 'text/plain' },
    ]);
    expect(res.status).toBe(201);
    const attachments = res.body.attachments as Array<Record<string, string | number>>;
    expect(attachments.map((a) => [a.file_type, a.content_type])).toEqual([
      ['image', 'image/jpeg'],
      ['pdf', 'application/pdf'],
      ['video', 'video/mp4'],
      ['audio', 'audio/mp4'],
      ['audio', 'audio/aac'],
    ]);
    for (const a of attachments) {
      expect(Object.keys(a).sort()).toEqual(['content_type', 'file', 'file_type', 'id', 'size', 'uploaded_at']);
      expect(a.file).toBe(`${t.url}/api/v1/complaints/${c.id}/attachments/${a.id}`);
    }
    const keys = (await t.db.query('SELECT file_key FROM complaint_attachments WHERE complaint_id = $1', [c.id])).rows.map(
      (r) => r.file_key as string,
    );
    for (const key of keys) {
      expect(key).toMatch(/^private\/complaints\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.(jpg|pdf|mp4|m4a|aac)$/);
    }
    const onDisk = await storedFiles();
    for (const key of keys) expect(onDisk).toContain(key);
    expect(onDisk.join('\n')).not.toMatch(/photo|report|clip|voice/);

    // Served with its type, nosniff, only to those who may see the complaint.
    const photo = await download(u.citizen, attachments[0].file as string);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    // Re-encoded: a real JPEG without the uploaded metadata.
    expect((await sharp(photo.body).metadata()).format).toBe('jpeg');
    expect(photo.body.includes(Buffer.from('secret-exif-marker'))).toBe(false);
    expect(jpeg.includes(Buffer.from('secret-exif-marker'))).toBe(true);

    const pdf = await download(u.staff, attachments[1].file as string);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(pdf.body.equals(PDF)).toBe(true);

    expect((await download(u.otherCitizen, attachments[0].file as string)).status).toBe(404);
    expect((await download(u.otherStaff, attachments[0].file as string)).status).toBe(404);
    expect((await download(u.admin, attachments[2].file as string)).status).toBe(200);
    // An attachment id under another complaint is not found.
    const other = await file(u.citizen);
    const wrong = await download(u.citizen, `${t.url}/api/v1/complaints/${other.id}/attachments/${attachments[0].id}`);
    expect(wrong.status).toBe(404);
  });

  it('refuses an HTML file named .jpg with 415 and keeps nothing', async () => {
    const c = await file(u.citizen);
    const before = await storedFiles();
    const res = await upload(u.citizen, c.id, [
      { body: jpeg, filename: 'ok.jpg', type: 'image/jpeg' },
      { body: HTML, filename: 'innocent.jpg', type: 'image/jpeg' },
    ]);
    expect(res.status).toBe(415);
    expect(typeof res.body.detail).toBe('string');
    const rows = await t.db.query('SELECT count(*)::int AS n FROM complaint_attachments WHERE complaint_id = $1', [c.id]);
    expect(rows.rows[0].n).toBe(0);
    expect(await storedFiles()).toEqual(before);
  });

  it('takes at most five files: a sixth in one request, or over several, is 400 keyed file', async () => {
    const c = await file(u.citizen);
    const six = Array.from({ length: 6 }, (_, i) => ({ body: PDF, filename: `${i}.pdf`, type: 'application/pdf' }));
    const many = await upload(u.citizen, c.id, six);
    expect(many.status).toBe(400);
    expect(many.body).toEqual({ file: ['At most 5 files can be sent at once.'] });

    expect((await upload(u.citizen, c.id, six.slice(0, 3))).status).toBe(201);
    const over = await upload(u.citizen, c.id, six.slice(0, 3));
    expect(over.status).toBe(400);
    expect(over.body).toEqual({ file: ['A complaint can have at most 5 attachments.'] });
    expect((await upload(u.citizen, c.id, six.slice(0, 2))).status).toBe(201);
    const sixth = await upload(u.citizen, c.id, six.slice(0, 1));
    expect(sixth.status).toBe(400);
    expect(Object.keys(sixth.body)).toEqual(['file']);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM complaint_attachments WHERE complaint_id = $1', [c.id]);
    expect(rows.rows[0].n).toBe(5);
  });

  it('answers a file over 5 MB with 413', async () => {
    const c = await file(u.citizen);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)]);
    const res = await upload(u.citizen, c.id, [{ body: big, filename: 'big.pdf', type: 'application/pdf' }]);
    expect(res.status).toBe(413);
    expect(typeof res.body.detail).toBe('string');
  });

  it('answers a request without files, or with files in another field, with 400', async () => {
    const c = await file(u.citizen);
    const none = await t.http.request('POST', `/complaints/${c.id}/attachments`, {
      token: u.citizen.token,
      body: new FormData(),
    });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ file: ['No file was submitted.'] });
    const wrongField = await upload(u.citizen, c.id, [{ name: 'photo', body: PDF, filename: 'a.pdf', type: 'application/pdf' }]);
    expect(wrongField.status).toBe(400);
    expect(Object.keys(wrongField.body)).toEqual(['photo']);
    const json = await t.http.post(`/complaints/${c.id}/attachments`, { file: 'x' }, { token: u.citizen.token });
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ file: ['No file was submitted.'] });
  });

  it('lets only the owner add files while the complaint is open, and remove them while submitted', async () => {
    const c = await file(u.citizen);
    const staffUpload = await upload(u.staff, c.id, [{ body: PDF, filename: 'a.pdf', type: 'application/pdf' }]);
    expect(staffUpload.status).toBe(403);

    const added = await upload(u.citizen, c.id, [{ body: PDF, filename: 'a.pdf', type: 'application/pdf' }]);
    const attachment = added.body.attachments[0];
    const key = (await t.db.query('SELECT file_key FROM complaint_attachments WHERE id = $1', [attachment.id])).rows[0].file_key;
    expect(await storedFiles()).toContain(key);

    const path = `/complaints/${c.id}/attachments/${attachment.id}`;
    expect((await t.http.delete(path, { token: u.otherCitizen.token })).status).toBe(404);
    expect((await t.http.delete(path, { token: u.staff.token })).status).toBe(403);
    expect((await t.http.delete(path, { token: u.citizen.token })).status).toBe(204);
    expect((await t.http.get(path, { token: u.citizen.token })).status).toBe(404);
    expect(await storedFiles()).not.toContain(key);

    await t.http.patch(`/complaints/${c.id}/update_status`, { status: 'প্রক্রিয়াধীন' }, { token: u.staff.token });
    expect((await upload(u.citizen, c.id, [{ body: PDF, filename: 'b.pdf', type: 'application/pdf' }])).status).toBe(201);
    await t.http.patch(`/complaints/${c.id}/update_status`, { status: 'সমাধান হয়েছে' }, { token: u.staff.token });
    expect((await upload(u.citizen, c.id, [{ body: PDF, filename: 'c.pdf', type: 'application/pdf' }])).status).toBe(403);
  });

  it('removes the files when the complaint is deleted', async () => {
    const owner = await createUser(t, { wardId: geo.wardIds[0] });
    const c = await file(owner);
    await upload(owner, c.id, [{ body: jpeg, filename: 'a.jpg', type: 'image/jpeg' }]);
    const key = (await t.db.query('SELECT file_key FROM complaint_attachments WHERE complaint_id = $1', [c.id])).rows[0].file_key;
    expect(await storedFiles()).toContain(key);
    expect((await t.http.delete(`/complaints/${c.id}`, { token: owner.token })).status).toBe(204);
    expect(await storedFiles()).not.toContain(key);
  });
});
