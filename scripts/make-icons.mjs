// Writes the portal's app icons (portal/public/icons/*.png): the header's ◉ mark, white on the brand blue.
// Plain PNG from zlib, no image library. Run again after changing the mark: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x0b, 0x5c, 0xad];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels: `paint(x, y)` gives [r, g, b, a] for pixel centres in 0..1 coordinates. */
function png(size, paint) {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = paint((x + 0.5) / size, (y + 0.5) / size);
      rows.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The mark: a ring and a dot centred, `scale` of the icon wide; `rounded` corners or full bleed (maskable). */
function mark(scale, rounded) {
  return (x, y) => {
    const corner = 0.18;
    const cx = Math.min(Math.max(x, corner), 1 - corner) - x;
    const cy = Math.min(Math.max(y, corner), 1 - corner) - y;
    if (rounded && Math.hypot(cx, cy) > corner) return [0, 0, 0, 0];
    const r = Math.hypot(x - 0.5, y - 0.5) / scale;
    const white = (r > 0.36 && r < 0.46) || r < 0.2;
    return [...(white ? WHITE : BLUE), 255];
  };
}

const dir = new URL('../portal/public/icons/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('icon-192.png', dir), png(192, mark(1, true)));
writeFileSync(new URL('icon-512.png', dir), png(512, mark(1, true)));
writeFileSync(new URL('maskable-512.png', dir), png(512, mark(0.7, false)));
writeFileSync(new URL('apple-touch-icon.png', dir), png(180, mark(0.85, false)));
