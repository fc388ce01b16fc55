import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { translator } from '../i18n/index.js';
import { groupCode } from './codes.js';
import { hoursAndMinutes, plannedMinutes } from './learning-time.js';
import type { CertificateRow } from './queries.js';

// A Unicode font where the machine has one (names such as "Ștefan" need it); PDF's own Helvetica otherwise.
const UNICODE_FONT = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'].find((path) => existsSync(path));
const UNICODE_BOLD = ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'].find((path) => existsSync(path));

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The certificate as an A4 landscape PDF: what it certifies, for whom, until when, and how to check it. */
export async function renderCertificatePdf(cert: CertificateRow, verifyUrl: string, holderLabel: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 48, info: { Title: `Certificate ${groupCode(cert.code)}`, Author: cert.details.issuerName, Subject: cert.details.courseTitle } });
  const regular = UNICODE_FONT ?? 'Helvetica';
  const bold = UNICODE_BOLD ?? 'Helvetica-Bold';
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const d = cert.details;
  const width = doc.page.width - 96;
  doc.rect(24, 24, doc.page.width - 48, doc.page.height - 48).lineWidth(2).stroke('#0b5cad');
  doc.font(bold).fontSize(26).fillColor('#1b1f24').text('Certificate of completion', 48, 60, { width, align: 'center' });
  doc.font(regular).fontSize(13).fillColor('#555f6b').text('This certifies that', { width, align: 'center' }).moveDown(0.3);
  doc.font(bold).fontSize(22).fillColor('#1b1f24').text(holderLabel, { width, align: 'center' }).moveDown(0.3);
  doc.font(regular).fontSize(13).fillColor('#555f6b').text('completed the training and passed its assessment', { width, align: 'center' }).moveDown(0.4);
  doc.font(bold).fontSize(16).fillColor('#1b1f24').text(d.courseTitle, { width, align: 'center' });
  doc.font(regular).fontSize(11).fillColor('#1b1f24').moveDown(0.3);
  doc.text(`Course version ${d.courseVersion} · law and data as of ${d.legalBaseline}${d.trackTitle ? ` · ${d.trackTitle} track` : ''}`, { width, align: 'center' });
  doc.text(`Result: Passed${d.showScore ? ` (${d.score}%, pass mark ${d.passMark}%)` : ''} · Planned learning time: ${hoursAndMinutes(plannedMinutes(d), translator('en'))}`, { width, align: 'center' });
  doc.text(`Modules: ${d.modules.map((m) => m.title).join('; ')}`, { width, align: 'center' });
  doc.moveDown(0.6);
  doc.text(`Issued: ${day(cert.issuedAt)}    Valid until: ${day(cert.expiresAt)}`, { width, align: 'center' });
  doc.text(`Issued by: ${d.issuerName}${d.authorisingOfficer ? ` · ${d.authorisingOfficer}` : ''}`, { width, align: 'center' });
  doc.moveDown(0.6);
  doc.fontSize(9).fillColor('#555f6b').text(d.trackStatement ? `${d.statement} ${d.trackStatement}` : d.statement, 48, doc.y, { width: width - 160 });
  const qrY = doc.page.height - 48 - 140;
  doc.image(qr, doc.page.width - 48 - 120, qrY, { width: 120 });
  doc.fontSize(10).fillColor('#1b1f24').text(`Certificate code: ${groupCode(cert.code)}`, 48, qrY + 70, { width: width - 160 });
  doc.text(`Verify at: ${verifyUrl}`, 48, doc.y, { width: width - 160, link: verifyUrl });
  doc.end();
  return done;
}
