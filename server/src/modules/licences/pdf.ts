/**
 * The printable form of a licence: an A4 PDF with the licence name as the title, the directory fields
 * (the holder's code masked), the type's data fields, a red round e-seal drawn as vectors (the issuing
 * organisation's name around a star) and a QR code of the public verification page. The signed
 * licence document {payload, signature, keyId} travels inside the PDF twice: as an embedded file
 * (licence.json, shown by PDF viewers as an attachment) and base64 in the document information
 * dictionary (key `OneWindowLicence`), from which POST /licences/verify/pdf reads it back.
 *
 * The visible text is a rendering of the signed payload: what verifies is the embedded document.
 */
import fs from 'node:fs';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { LicenceDocument, LicencePayload, LicenceTypeField } from '@onewindow/domain';
import { maskPersonal } from '../../platform/personal-data.js';

/** The face of a TrueType/OpenType collection (.ttc) to use; ignored for single-face files. */
const FACES: Record<string, { regular: string; bold?: string }> = {
  'NotoSerifCJK-Regular.ttc': { regular: 'NotoSerifCJKsc-Regular' },
  'NotoSansCJK-Regular.ttc': { regular: 'NotoSansCJKsc-Regular' },
};

export const INFO_KEY = 'OneWindowLicence';
const RED = '#c8161d';
const INK = '#1f2329';
const MUTED = '#5f6672';
const GOLD = '#b8862b';

export class LicenceFontMissing extends Error {}

/** Is the configured font readable? (checked at start: fatal in production, a warning in development) */
/**
 * The font file's bytes, read once per path (a CJK collection is 20 MB or more: reading it for
 * every PDF was most of a download's time). The node's font does not change while it runs.
 */
const fontFiles = new Map<string, Buffer>();
function fontBytes(fontPath: string): Buffer {
  let bytes = fontFiles.get(fontPath);
  if (!bytes) {
    bytes = fs.readFileSync(fontPath);
    fontFiles.set(fontPath, bytes);
  }
  return bytes;
}

export function fontAvailable(fontPath: string): boolean {
  try {
    fs.accessSync(fontPath, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function faceOf(fontPath: string): string | undefined {
  if (!/\.(ttc|otc)$/i.test(fontPath)) return undefined;
  const base = fontPath.split(/[\\/]/).pop()!;
  if (FACES[base]) return FACES[base].regular;
  // another collection: its Simplified Chinese face by the Noto naming, else the first face
  const m = /^(.*?)(-\w+)?\.(ttc|otc)$/i.exec(base);
  return m ? `${m[1]}sc${m[2] ?? '-Regular'}` : undefined;
}

export interface PdfInput {
  document: LicenceDocument & { payload: LicencePayload };
  /** the type's data fields, in order (labels); data keys without a field are shown by key */
  fields: LicenceTypeField[];
  verifyUrl: string;
  fontPath: string;
  /** the organisation that runs the node (footer) */
  nodeName: string;
}

const holderCodeLabel = (t: string) => (t === '111' ? '公民身份号码' : '统一社会信用代码');

function validity(p: LicencePayload): string {
  return `${cnDate(p.validFrom)} 至 ${p.validTo ? cnDate(p.validTo) : '长期'}`;
}

function cnDate(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

function dataValue(v: string | number | boolean | null, type?: string): string {
  if (v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return cnDate(v);
  return String(v);
}

/** Renders the licence; resolves with the PDF bytes. */
export async function renderLicencePdf(input: PdfInput): Promise<Buffer> {
  if (!fontAvailable(input.fontPath)) throw new LicenceFontMissing(input.fontPath);
  const p = input.document.payload;
  const docJson = JSON.stringify(input.document);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: `${p.name} ${p.number}`,
      Author: p.issuer,
      Subject: `电子证照 ${p.identifier}`,
      Keywords: `licence ${p.identifier}`,
      Creator: 'OneWindow 一网通办',
      Producer: 'OneWindow',
    },
    lang: 'zh-CN',
    displayTitle: true,
  });
  // read back by extractLicenceDocument (ASCII, so it is stored as a plain string)
  (doc.info as Record<string, unknown>)[INFO_KEY] = Buffer.from(docJson, 'utf8').toString('base64');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const face = faceOf(input.fontPath);
  doc.registerFont('cjk', fontBytes(input.fontPath), face);
  doc.font('cjk');

  const W = doc.page.width; // 595.28
  const H = doc.page.height; // 841.89

  // ---- frame: an outer gold line, an inner red band, corner ornaments
  doc.rect(22, 22, W - 44, H - 44).lineWidth(1.2).strokeColor(GOLD).stroke();
  doc.rect(30, 30, W - 60, H - 60).lineWidth(3).strokeColor(RED).stroke();
  doc.rect(36, 36, W - 72, H - 72).lineWidth(0.6).strokeColor(GOLD).stroke();
  for (const [cx, cy] of [[36, 36], [W - 36, 36], [36, H - 36], [W - 36, H - 36]] as const) {
    doc.save().translate(cx, cy).rotate(45).rect(-6, -6, 12, 12).fillColor(RED).fill().restore();
  }

  // ---- heading
  doc.fillColor(MUTED).fontSize(10.5).text('中华人民共和国电子证照', 0, 66, { width: W, align: 'center', characterSpacing: 4 });
  doc.fillColor(RED).fontSize(p.name.length > 8 ? 28 : 34).text(p.name, 0, 88, { width: W, align: 'center', characterSpacing: p.name.length > 8 ? 2 : 8 });
  const afterTitle = doc.y + 6;
  doc.moveTo(W / 2 - 120, afterTitle).lineTo(W / 2 + 120, afterTitle).lineWidth(0.8).strokeColor(GOLD).stroke();
  doc.fillColor(MUTED).fontSize(8.5).text(`证照标识  ${p.identifier}`, 0, afterTitle + 8, { width: W, align: 'center' });

  // ---- fields table
  const rows: [string, string][] = [
    ['持证主体', p.holder],
    [holderCodeLabel(p.holderCodeType), p.holderCodeType === '111' ? maskPersonal('idNumber', p.holderCode) : p.holderCode],
    ['证照编号', p.number],
    ['发证机关', p.issuer],
    ['发证日期', cnDate(p.issueDate)],
    ['有效期限', validity(p)],
  ];
  const byKey = new Map(input.fields.map((f) => [f.key, f]));
  const keys = [...input.fields.map((f) => f.key).filter((k) => k in p.data), ...Object.keys(p.data).filter((k) => !byKey.has(k)).sort()];
  for (const k of keys) rows.push([byKey.get(k)?.label ?? k, dataValue(p.data[k] ?? null, byKey.get(k)?.type)]);

  const left = 76;
  const labelW = 118;
  const valueX = left + labelW + 12;
  const valueW = W - 76 - valueX;
  let y = afterTitle + 40;
  doc.fontSize(12);
  rows.forEach(([label, value], i) => {
    const h = Math.max(doc.heightOfString(value, { width: valueW, lineGap: 3 }), 14) + 14;
    if (i % 2 === 0) doc.rect(left - 8, y - 7, W - 2 * (left - 8), h).fillColor('#fbf6ee').fill();
    const spaced = label.length <= 4 && /^[\u4e00-\u9fff]+$/.test(label);
    doc.fillColor(MUTED).fontSize(11).text(label, left, y, { width: labelW, characterSpacing: spaced ? 6 : 0 });
    doc.fillColor(INK).fontSize(12).text(value, valueX, y - 0.5, { width: valueW, lineGap: 3 });
    y += h;
  });
  doc.moveTo(left - 8, y - 4).lineTo(W - left + 8, y - 4).lineWidth(0.5).strokeColor('#e3d6bf').stroke();

  // ---- bottom: QR code (left) and the issuer with its seal (right)
  const bottom = Math.max(y + 30, H - 300);
  const qr = QRCode.create(input.verifyUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const qrSize = 104;
  const cell = qrSize / n;
  const qx = left;
  const qy = bottom + 18;
  doc.rect(qx - 6, qy - 6, qrSize + 12, qrSize + 12).fillColor('#ffffff').fill();
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(qx + c * cell, qy + r * cell, cell + 0.05, cell + 0.05);
  }
  doc.fill();
  doc.fillColor(MUTED).fontSize(9).text('扫码核验证照真伪与状态', qx - 10, qy + qrSize + 10, { width: qrSize + 20, align: 'center' });

  const sealX = W - 170;
  const sealY = bottom + 70;
  // the seal is stamped over the issuer's name and the date, as on paper
  doc.fillColor(INK).fontSize(12).text(`发证机关：${p.issuer}`, sealX - 150, sealY - 14, { width: 300, align: 'center' });
  doc.fontSize(12).text(cnDate(p.issueDate), sealX - 150, sealY + 10, { width: 300, align: 'center' });
  drawSeal(doc, sealX, sealY, 58, p.seal.organisation);

  // ---- footer
  doc.fillColor(MUTED).fontSize(8).text(
    `本证照由${p.issuer}以 ${p.seal.algorithm} 数字签名签发（签名密钥 ${p.seal.keyId}），与纸质证照具有同等法律效力。\n` +
      `扫描二维码或在${input.nodeName}“证照核验”输入证照标识即可核验；本文件内嵌签名文件 licence.json，上传本 PDF 亦可核验。`,
    60,
    H - 92,
    { width: W - 120, align: 'center', lineGap: 2 },
  );

  doc.file(Buffer.from(docJson, 'utf8'), { name: 'licence.json', type: 'application/json', description: '电子证照签名文件 {payload, signature, keyId}', hidden: false });
  doc.end();
  return done;
}

/** The red round seal: a double ring, the organisation's name along the upper arc, a five-pointed star, 电子证照专用章 beneath. */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, organisation: string) {
  doc.save();
  doc.opacity(0.88);
  doc.circle(cx, cy, r).lineWidth(3.2).strokeColor(RED).stroke();
  doc.circle(cx, cy, r - 5).lineWidth(0.7).strokeColor(RED).stroke();
  // star
  const outer = r * 0.3;
  const inner = outer * 0.382;
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rad = i % 2 === 0 ? outer : inner;
    pts.push([cx + rad * Math.cos(a), cy - 2 + rad * Math.sin(a)]);
  }
  doc.polygon(...pts).fillColor(RED).fill();
  // the name on the arc: characters upright to the centre, spread over up to 250°
  const chars = [...organisation];
  const fontSize = chars.length > 16 ? 9 : chars.length > 12 ? 10.5 : 12;
  const span = Math.min(250, Math.max(120, chars.length * 17)) * (Math.PI / 180);
  const start = -Math.PI / 2 - span / 2;
  const textR = r - 9 - fontSize / 2;
  doc.fontSize(fontSize).fillColor(RED);
  chars.forEach((ch, i) => {
    const a = chars.length === 1 ? -Math.PI / 2 : start + (span * i) / (chars.length - 1);
    const x = cx + textR * Math.cos(a);
    const y = cy + textR * Math.sin(a);
    doc.save();
    doc.translate(x, y).rotate((a * 180) / Math.PI + 90);
    doc.text(ch, -fontSize / 2, -fontSize / 2 - 1, { width: fontSize, align: 'center', lineBreak: false });
    doc.restore();
  });
  doc.fontSize(8.5).text('电子证照专用章', cx - 40, cy + r * 0.36, { width: 80, align: 'center', lineBreak: false });
  doc.restore();
}

/**
 * The licence document inside a PDF made by renderLicencePdf: from the information dictionary, else
 * from the embedded licence.json; undefined when there is none (another PDF, or not a PDF).
 */
export function extractLicenceDocument(pdf: Buffer): unknown {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return undefined;
  const text = pdf.toString('latin1');
  // the value is written directly, or (as pdfkit does) as an indirect string object
  const direct = new RegExp(`/${INFO_KEY}\\s*\\(([A-Za-z0-9+/=]+)\\)`).exec(text);
  const ref = direct ? null : new RegExp(`/${INFO_KEY}\\s+(\\d+)\\s+0\\s+R`).exec(text);
  const info = direct ?? (ref ? new RegExp(`(?:^|\\n)${ref[1]}\\s+0\\s+obj\\s*\\(([A-Za-z0-9+/=]+)\\)`).exec(text) : null);
  const parse = (s: string) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return undefined;
    }
  };
  if (info) return parse(Buffer.from(info[1]!, 'base64').toString('utf8'));
  // embedded file streams (FlateDecode or plain)
  const re = /\/Type\s*\/EmbeddedFile[\s\S]*?>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const from = m.index + m[0].length;
    const to = text.indexOf('endstream', from);
    if (to < 0) break;
    let raw = pdf.subarray(from, to);
    if (/\/FlateDecode/.test(m[0])) {
      try {
        raw = inflateSync(raw);
      } catch {
        continue;
      }
    }
    const found = parse(raw.toString('utf8').trim());
    if (found) return found;
  }
  return undefined;
}
