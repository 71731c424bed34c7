import { detectMediaType, downloadName } from '../../../app/attachments/media-type';
import { jpegHead, tinyPdf, tinyPng } from './files';

describe('the type of an attachment comes from its first bytes', () => {
  test('PDF, JPEG and PNG are recognised', () => {
    expect(detectMediaType(tinyPdf())).toBe('application/pdf');
    expect(detectMediaType(jpegHead())).toBe('image/jpeg');
    expect(detectMediaType(tinyPng())).toBe('image/png');
  });

  test('anything else, or too few bytes to tell, is nothing we take', () => {
    expect(detectMediaType(Buffer.from('<html><script>'))).toBeUndefined();
    expect(detectMediaType(Buffer.from('PK\u0003\u0004'))).toBeUndefined(); // a .docx
    expect(detectMediaType(Buffer.from('%PD'))).toBeUndefined();
    expect(detectMediaType(tinyPng().subarray(0, 7))).toBeUndefined();
    expect(detectMediaType(Buffer.alloc(0))).toBeUndefined();
  });

  test('the download name carries the real type’s extension and no path', () => {
    expect(downloadName('to-khai.pdf', 'image/png')).toBe('to-khai.png');
    expect(downloadName('../../etc/"passwd"', 'application/pdf')).toBe('.._.._etc__passwd_.pdf');
    expect(downloadName('Giấy xác nhận.JPEG', 'image/jpeg')).toBe('Giấy xác nhận.jpg');
  });
});
