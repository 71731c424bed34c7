import type { Server } from 'node:http';

/**
 * Requests Node's HTTP parser refuses before express sees them (headers over 16 KiB, a malformed request
 * line) get the house's JSON error shape instead of Node's bare status line: a client branches on `code`.
 */
export function answerClientErrorsWithJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (error as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify(
      tooLarge
        ? { code: 'HEADERS_TOO_LARGE', message: 'Địa chỉ hoặc phần đầu của yêu cầu quá dài' }
        : { code: 'BAD_REQUEST', message: 'Yêu cầu không hợp lệ' },
    );
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
