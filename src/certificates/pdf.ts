import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Translate } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { groupCode } from './codes.js';
import { hoursAndMinutes, plannedMinutes } from './learning-time.js';
import type { CertificateRow } from './queries.js';
import type { CertificateState } from './status.js';

// A Unicode font where the machine has one (names such as "Ștefan" need it); PDF's own Helvetica otherwise.
const UNICODE_FONT = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'].find((path) => existsSync(path));
const UNICODE_BOLD = ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'].find((path) => existsSync(path));

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Unusable = Exclude<CertificateState, 'valid' | 'expiring'>;

/** What a certificate that no longer stands prints across itself, in the reader's language. */
function statusNotice(cert: CertificateRow, state: Unusable, t: Translate): { mark: string; line: string } {
  switch (state) {
    case 'revoked':
      return { mark: t('certPdf.mark.revoked'), line: t('certPdf.status.revoked', { date: day(cert.revokedAt ?? 0), reason: cert.revokedReason ?? '' }) };
    case 'expired':
      return { mark: t('certPdf.mark.expired'), line: t('certPdf.status.expired', { date: day(cert.expiresAt) }) };
    case 'superseded':
      return { mark: t('certPdf.mark.superseded'), line: t('certPdf.status.superseded') };
  }
}

/**
 * The certificate as an A4 landscape PDF: what it certifies, for whom, until when, and how to
 * check it. One downloaded when it no longer stands carries its status over the whole page
 * and above the title, so a printout cannot pass as valid.
 */
export async function renderCertificatePdf(cert: CertificateRow, view: { verifyUrl: string; holderLabel: string; state: CertificateState; t: Translate }): Promise<Buffer> {
  const { verifyUrl, holderLabel } = view;
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
  if (view.state === 'revoked' || view.state === 'expired' || view.state === 'superseded') {
    const notice = statusNotice(cert, view.state, view.t);
    // Drawn last, over everything else, and translucent so the certificate stays readable under it.
    const centre: [number, number] = [doc.page.width / 2, doc.page.height / 2];
    doc.save().rotate(-28, { origin: centre });
    doc.font(bold).fontSize(110).fillColor('#b00020').fillOpacity(0.22).text(notice.mark, 0, centre[1] - 66, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.restore();
    // Two lines at most between the border and the title; the verification page has a long reason whole.
    doc.font(bold).fontSize(10).fillColor('#b00020').fillOpacity(1).text(notice.line, 48, 28, { width, align: 'center', height: 28, ellipsis: true });
  }
  doc.end();
  return done;
}
